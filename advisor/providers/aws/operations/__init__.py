"""What a design needs to run safely: error handling, retention, payload limits.

Advice is keyed on the routes a design actually has (a queue drained by an event
source mapping, a stream read by workers, a bus delivering to an API destination),
not merely on which services appear, and each item names its catalogue facts.
"""

from __future__ import annotations

from advisor.providers.aws.building import Builder
from advisor.providers.aws.operations.common import Advice
from advisor.providers.aws.operations.endpoints import _client_advice, _device_advice
from advisor.providers.aws.operations.messaging import (
    _broker_advice,
    _pipe_advice,
    _queue_advice,
    _stream_advice,
)
from advisor.providers.aws.operations.payloads import _claim_check, _order_warnings
from advisor.providers.aws.operations.requirements import (
    _replay_advice,
    _requirement_advice,
    _scheduler_advice,
)


def operate(b: Builder) -> tuple[Advice, ...]:
    """Add claim-check and warnings to the design, and return its operational advice."""
    _claim_check(b)
    _order_warnings(b)
    advice: list[Advice] = []
    for rule in (_broker_advice, _queue_advice, _stream_advice, _pipe_advice, _requirement_advice,
                 _replay_advice, _device_advice, _client_advice, _scheduler_advice):
        advice.extend(rule(b))
    return tuple(dict.fromkeys(advice))
