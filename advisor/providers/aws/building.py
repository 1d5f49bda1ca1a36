"""A design being assembled for AWS: each service in its place in the flow, with its reasons."""

from __future__ import annotations

from advisor.core.building import DesignBuilder
from advisor.core.decision import Delivery
from advisor.core.designs import PUSH_ONLY, ConsumerPath
from advisor.format.workload import Consumer

# How a route hands a consumer its messages, and the designs a branch builds.

STREAMS = ("kinesis", "dynamodb-streams", "msk")
QUEUES = ("sqs", "sqs-fifo")
# The order services are listed in a design: the way a message travels through them.
ORDER = (
    "s3", "dynamodb-streams", "iot-core", "eventbridge", "eventbridge-scheduler", "sns",
    "sns-fifo", "ses", "kinesis", "msk", "mq", "sqs", "sqs-fifo", "eventbridge-pipes",
    "kinesis-firehose", "lambda", "lambda-esm", "step-functions", "api-gateway-websocket",
    "appsync", "webhook",
)


class Builder(DesignBuilder):
    """A design being assembled on this cloud (core/building.py holds what every cloud's does)."""

    def path(self, consumer: Consumer, delivery: Delivery, *hops: str) -> None:
        # Separately addressed instances never compete on one queue: each has its own.
        pulls = consumer.runs_on not in (*PUSH_ONLY, "device")
        queues = consumer.instances if pulls and any(h in QUEUES for h in hops) else 1
        self.paths.append(ConsumerPath(consumer.name, delivery, tuple(hops),
                                       consumer.runs_on or "unstated", consumer.count, queues))
