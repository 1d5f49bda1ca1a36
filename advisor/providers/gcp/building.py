"""A design being assembled for Google Cloud: each service in its place, with its reasons."""

from __future__ import annotations

from msgspec import Struct, field

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Delivery
from advisor.core.designs import ConsumerPath, ServiceUse
from advisor.format.workload import Consumer, Workload

# The order services are listed in a design: the way a message travels through them.
ORDER = (
    "webhook", "eventarc", "cloud-tasks", "pubsub", "managed-kafka", "pubsub-push",
    "pubsub-pull", "pubsub-bigquery", "pubsub-cloud-storage", "cloud-scheduler", "dataflow",
    "workflows", "cloud-run", "cloud-run-functions", "firebase-cloud-messaging",
)
# The functions a route may end in, which a source can trigger without a router.
FUNCTIONS = ("cloud-run-functions",)


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

    def recast(self, service: str, role: str, why: str, *facts: str) -> None:
        """Give a placed service the role the finished design gives it (a topic fed by a
        connector rather than by the producer), keeping the reasons it already had."""
        known = self.uses[service]
        merged = tuple(dict.fromkeys((*known.facts, *facts)))
        self.uses[service] = ServiceUse(service, role, f"{why} {known.why}", merged)

    def path(self, consumer: Consumer, delivery: Delivery, *hops: str) -> None:
        # The format reads revision 1.1's `function` as 1.0's `lambda`; off AWS it is said
        # as the cloud-neutral word.
        runs_on = "function" if consumer.runs_on == "lambda" else consumer.runs_on
        self.paths.append(ConsumerPath(consumer.name, delivery, tuple(hops),
                                       runs_on or "unstated", consumer.count))

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def infeasible(self, why: str) -> None:
        self.feasible = False
        self.warn(why)
        if why not in self.unbuildable:
            self.unbuildable.append(why)

    @property
    def targets(self) -> tuple[str, ...]:
        """Where the workload's source can publish; () without a source."""
        source = self.workload.source
        return self.catalogue.source(source).targets if source else ()
