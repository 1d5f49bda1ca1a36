"""The pricer of each AWS service a design may place: one table, keyed by service id.

A pricer adds the service's cost lines to the coster; a service with no per-message price
in the catalogue is an explicit `unpriced` entry, which names what would be billed (the
messages or deliveries per second through it). The provider's `priced` set is this table's
keys, and the conformance test holds every service id of the vocabulary to it.
"""

from __future__ import annotations

from collections.abc import Callable

from advisor.providers.aws.cost.compute import (
    api_gateway_websocket,
    lambda_esm,
    lambda_functions,
    step_functions,
    unpriced,
)
from advisor.providers.aws.cost.coster import Coster
from advisor.providers.aws.cost.kinesis import kinesis, kinesis_firehose
from advisor.providers.aws.cost.messaging import (
    eventbridge,
    eventbridge_pipes,
    eventbridge_scheduler,
    ses,
    sns,
    sns_fifo,
    webhook,
)
from advisor.providers.aws.cost.queues import queue

# A pricer is told which service it prices: one serves both kinds of queue.
Pricer = Callable[[Coster, str], None]

PRICERS: dict[str, Pricer] = {
    "sns": sns,
    "sns-fifo": sns_fifo,
    "sqs": queue,
    "sqs-fifo": queue,
    "eventbridge": eventbridge,
    "eventbridge-pipes": eventbridge_pipes,
    "kinesis": kinesis,
    "kinesis-firehose": kinesis_firehose,
    "lambda": lambda_functions,
    "lambda-esm": lambda_esm,
    "step-functions": step_functions,
    "api-gateway-websocket": api_gateway_websocket,
    "webhook": webhook,
    "ses": ses,
    "eventbridge-scheduler": eventbridge_scheduler,
    # No per-message price in the catalogue (billed by the hour, by storage, by connection
    # minutes or by the table's own reads): named as unpriced, with the traffic through them.
    "dynamodb-streams": unpriced,
    "msk": unpriced,
    "mq": unpriced,
    "appsync": unpriced,
    "iot-core": unpriced,
    "s3": unpriced,
}
UNPRICED = frozenset(s for s, pricer in PRICERS.items() if pricer is unpriced)
