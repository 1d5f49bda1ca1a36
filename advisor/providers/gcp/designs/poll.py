"""Poll routes on Google Cloud: a consumer pulls at its own pace.

A Pub/Sub pull subscription per consumer holds its messages (7 days by default, up to 31);
workers pull it with StreamingPull, Dataflow pulls it for an event stream to transform or
load, and a function, which holds no connection open, drains it when Cloud Scheduler starts
it. A consumer that re-reads history from its own offset reads a Managed Kafka topic instead.
"""

from __future__ import annotations

from advisor.core.designs import PUSH_ONLY
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.designs.push import topic

PLACES = frozenset({"pubsub-pull", "managed-kafka", "dataflow", "cloud-scheduler",
                    "cloud-run-functions", "workflows"})


def build_poll(b: Builder) -> None:
    for consumer in b.workload.consumers:
        b.path(consumer, "poll", *poll_route(b, consumer))


def needs_log(b: Builder) -> bool:
    """A consumer that re-reads history at will reads a log from its own offset (Kafka); so
    does a flow in one global order, which Pub/Sub keeps only per ordering key."""
    w = b.workload
    return w.ordering == "global" or any(c.replay and c.replay_by == "consumer"
                                         for c in w.consumers)


def buffer(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """The hops up to the buffer this consumer pulls."""
    if needs_log(b):
        return (b.use("managed-kafka", "retained log the consumers read from their offsets",
                      "Each reader keeps its own offset and re-reads from any point within "
                      "the topic's retention.", "kafka-retention-offsets", "kafka-cluster-sizing"),)
    if b.workload.source and "pubsub" not in b.targets and b.model == "poll":
        b.infeasible(f"{b.catalogue.source(b.workload.source).name} cannot publish to a "
                     "Pub/Sub topic: a function must republish its events, a push stage that "
                     "makes this the hybrid design.")
    if b.workload.delay is not None:
        b.infeasible("Pub/Sub has no delayed delivery: only a Cloud Tasks task waits until "
                     "its time, and it is dispatched (pushed) to its handler.")
    retention = b.catalogue.number("pubsub-retention-max")
    if consumer.replay and consumer.replay > retention:
        b.infeasible(f"{consumer.name} must replay {units.format_duration(consumer.replay)}, "
                     f"more than Pub/Sub keeps ({units.format_duration(retention)}).")
    return (*topic(b), b.use("pubsub-pull", "pull subscription per pulling consumer",
                             "It holds each message until the consumer acknowledges it; "
                             "unacknowledged messages come back after the ack deadline.",
                             "pubsub-pull-when", "pubsub-retention-default",
                             "pubsub-dlq-attempts"))


def poll_route(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    runs_on = consumer.runs_on
    if runs_on in (*PUSH_ONLY, "device"):
        b.infeasible(f"{consumer.name} ({runs_on}) can only be pushed to; it cannot pull.")
        return buffer(b, consumer)
    hops = buffer(b, consumer)
    if runs_on in ("lambda", "workflow"):
        b.use("cloud-scheduler", f"starts {consumer.name} to drain its subscription",
              "A function or workflow holds no streaming pull open: a schedule starts it, "
              "and it pulls the backlog in batches.", "scheduler-retries",
              "dataflow-low-volume-cost")
        why = "Started on a schedule, it pulls and acknowledges what waits."
        role = f"{consumer.name}, draining the backlog in batches"
        if runs_on == "workflow":
            return (*hops, b.use("workflows", role, why, "dataflow-low-volume-cost"))
        return (*hops, b.use("cloud-run-functions", role, why, "dataflow-low-volume-cost"))
    # A sink loaded without code of ours needs a runner to pull for it; a container is the
    # team's own worker, which pulls its subscription itself (as on any cloud).
    if runs_on == "store":
        return (*hops, b.use("dataflow", f"pulls for {consumer.name}",
                             "A streaming job pulls the subscription, transforms, "
                             "deduplicates and writes the sink at its own pace.",
                             "dataflow-pubsub-reader"))
    return hops  # the team's own workers (GKE, Compute Engine, on-premises) pull
