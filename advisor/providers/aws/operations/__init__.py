"""What a design needs to run safely: error handling, retention, payload limits.

Advice is keyed on the routes a design actually has (a queue drained by an event
source mapping, a stream read by workers, a bus delivering to an API destination),
not merely on which services appear, and each item names its catalogue facts.
"""

from __future__ import annotations

from advisor.providers.aws.building import Builder
from advisor.providers.aws.operations.common import Advice
from advisor.providers.aws.operations.endpoints import client_advice, device_advice
from advisor.providers.aws.operations.messaging import (
    broker_advice,
    pipe_advice,
    queue_advice,
    stream_advice,
)
from advisor.providers.aws.operations.payloads import claim_check, order_warnings
from advisor.providers.aws.operations.requirements import (
    replay_advice,
    requirement_advice,
    scheduler_advice,
)


def operate(b: Builder) -> tuple[Advice, ...]:
    """Add claim-check and warnings to the design, and return its operational advice."""
    claim_check(b)
    order_warnings(b)
    advice: list[Advice] = []
    for rule in (broker_advice, queue_advice, stream_advice, pipe_advice, requirement_advice,
                 replay_advice, device_advice, client_advice, scheduler_advice):
        advice.extend(rule(b))
    return tuple(dict.fromkeys(advice))
