"""A design being assembled for Google Cloud: each service in its place, with its reasons."""

from __future__ import annotations

from advisor.core.building import DesignBuilder
from advisor.core.decision import Delivery
from advisor.core.designs import ConsumerPath, ServiceUse
from advisor.format.workload import Consumer

# The order services are listed in a design: the way a message travels through them.
ORDER = (
    "webhook", "eventarc", "cloud-tasks", "pubsub", "managed-kafka", "pubsub-push",
    "pubsub-pull", "pubsub-bigquery", "pubsub-cloud-storage", "cloud-scheduler", "dataflow",
    "workflows", "cloud-run", "cloud-run-functions", "firebase-cloud-messaging",
)
# The functions a route may end in, which a source can trigger without a router.
FUNCTIONS = ("cloud-run-functions",)


class Builder(DesignBuilder):
    """A design being assembled on this cloud (core/building.py holds what every cloud's does)."""

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

    @property
    def targets(self) -> tuple[str, ...]:
        """Where the workload's source can publish; () without a source."""
        source = self.workload.source
        return self.catalogue.source(source).targets if source else ()
