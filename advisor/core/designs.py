"""The shape of a design: services with their roles, and the route to each consumer.

Plain values shared by service selection (services.py), the operational advice
built on a design (operations.py), and the renderers.
"""

from __future__ import annotations

from msgspec import Struct, field

from advisor.format.workload import Consumer, Workload
from advisor.providers.aws.catalogue import Catalogue

WORKER = "workers"  # a consumer's own pollers (containers, on-premises servers): no service id
PEOPLE = ("email", "sms", "mobile-push")
PUSH_ONLY = (*PEOPLE, "client", "https")
STREAMS = ("kinesis", "dynamodb-streams", "msk")
QUEUES = ("sqs", "sqs-fifo")


class ServiceUse(Struct, frozen=True):
    """A service in a design, its role and why it is there."""

    id: str
    role: str
    why: str
    facts: tuple[str, ...] = ()


class ConsumerPath(Struct, frozen=True):
    """How messages reach one consumer: pushed or polled, through which services."""

    consumer: str
    delivery: str  # push | poll
    hops: tuple[str, ...]  # service ids between the producer and the consumer, in order
    runs_on: str
    count: int = 1  # how many alike consumers take this route (`consumers: N` is one group)
    # How many separate queues this path stands for, per consumer of the group: one per
    # instance where a consumer's instances each pull their own (a broadcast fills every
    # one; a per-message recipient's message goes to its addressee's queue only).
    queues: int = 1

    def follows(self, first: str | tuple[str, ...], then: str | tuple[str, ...]) -> bool:
        """Whether a hop in `first` is directly followed by one in `then`."""
        firsts = (first,) if isinstance(first, str) else first
        thens = (then,) if isinstance(then, str) else then
        return any(a in firsts and b in thens for a, b in zip(self.hops, self.hops[1:],
                                                                 strict=False))


class Design(Struct, frozen=True):
    """The services of one option and the path to each consumer."""

    model: str
    services: tuple[ServiceUse, ...]
    paths: tuple[ConsumerPath, ...]
    operations: tuple[tuple[str, tuple[str, ...]], ...]  # (advice, catalogue fact ids)
    warnings: tuple[str, ...]
    feasible: bool
    summary: str
    unbuildable: tuple[str, ...] = ()  # why the design cannot be built, where it cannot

    @property
    def service_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.services)


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

    def path(self, consumer: Consumer, delivery: str, *hops: str) -> None:
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
