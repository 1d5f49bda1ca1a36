"""A design being assembled for AWS: each service in its place in the flow, with its reasons."""

from __future__ import annotations

from msgspec import Struct, field

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Delivery
from advisor.core.designs import PUSH_ONLY, ConsumerPath, ServiceUse
from advisor.format.workload import Consumer, Workload

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


class Builder(Struct):
    """A design being assembled; each service keeps every distinct reason it was given."""

    workload: Workload
    catalogue: Catalogue
    model: str
    uses: dict[str, ServiceUse] = field(default_factory=dict)
    paths: list[ConsumerPath] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feasible: bool = True
    unbuildable: list[str] = field(default_factory=list)

    def use(self, service: str, role: str, why: str, *facts: str) -> str:
        known = self.uses.get(service)
        if known is None:
            self.uses[service] = ServiceUse(service, role, why, tuple(facts))
            return service
        merged = tuple(dict.fromkeys((*known.facts, *facts)))
        text = f"{known.why} {why}" if why and why not in known.why else known.why
        self.uses[service] = ServiceUse(service, known.role, text, merged)
        return service

    def path(self, consumer: Consumer, delivery: Delivery, *hops: str) -> None:
        # Separately addressed instances never compete on one queue: each has its own.
        pulls = consumer.runs_on not in (*PUSH_ONLY, "device")
        queues = consumer.instances if pulls and any(h in QUEUES for h in hops) else 1
        self.paths.append(ConsumerPath(consumer.name, delivery, tuple(hops),
                                       consumer.runs_on or "unstated", consumer.count, queues))

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def infeasible(self, why: str) -> None:
        self.feasible = False
        self.warn(why)
        if why not in self.unbuildable:
            self.unbuildable.append(why)
