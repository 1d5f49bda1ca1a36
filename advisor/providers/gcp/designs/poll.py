"""Poll routes on Google Cloud: a consumer pulls at its own pace.

A Pub/Sub pull subscription per consumer holds its messages (7 days by default, up to 31);
workers pull it with StreamingPull, Dataflow pulls it for an event stream to transform or
load, and a function, which holds no connection open, drains it when Cloud Scheduler starts
it, unless the latency target is shorter than a schedule can be: then its code runs as an
always-on Cloud Run worker. A consumer re-reads history by seeking its subscription within
the topic's retention; only a replay longer than Pub/Sub keeps (or one global order) needs a
Managed Kafka topic, which every pulling consumer of the flow then reads, written once.
"""

from __future__ import annotations

from advisor.core.designs import PUSH_ONLY
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.designs.push import per_recipient, topic

PLACES = frozenset({"pubsub-pull", "managed-kafka", "dataflow", "cloud-scheduler",
                    "cloud-run-functions", "workflows", "cloud-run"})


def build_poll(b: Builder) -> None:
    for consumer in b.workload.consumers:
        b.path(consumer, "poll", *poll_route(b, consumer))


def needs_log(b: Builder) -> bool:
    """A consumer that re-reads further back than Pub/Sub keeps reads a log (Kafka); so does
    a flow in one global order, which Pub/Sub keeps only per ordering key. A replay within
    the topic's retention is a seek on the consumer's own subscription."""
    w = b.workload
    kept = b.catalogue.number("pubsub-retention-max")
    return w.ordering == "global" or any(c.replay > kept and c.replay_by == "consumer"
                                         for c in w.consumers)


def buffer(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """The hops up to the buffer this consumer pulls."""
    if needs_log(b):
        return (b.use("managed-kafka", "retained log the consumers read from their offsets",
                      "Each reader keeps its own offset and re-reads from any point within "
                      "the topic's retention; the producer writes each event once, to it.",
                      "kafka-retention-offsets", "kafka-cluster-sizing"),)
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
    hops = (*topic(b), b.use("pubsub-pull", "pull subscription per pulling consumer",
                             "It holds each message until the consumer acknowledges it; "
                             "unacknowledged messages come back after the ack deadline.",
                             "pubsub-pull-when", "pubsub-retention-default",
                             "pubsub-dlq-attempts"))
    if consumer.replay:
        b.use("pubsub-pull", "", f"{consumer.name} re-reads up to "
              f"{units.format_duration(consumer.replay)} back by seeking its subscription to "
              "a time, within the topic's retention.", "pubsub-seek", "pubsub-retention-max")
    per_recipient(b, consumer, "pubsub-pull")
    return hops


def _always_on(b: Builder, consumer: Consumer) -> bool:
    """A function pulls only when a schedule starts it, and a schedule starts it at most
    once a minute: a shorter latency target needs a worker that stays connected."""
    target = b.workload.latency
    return target is not None and target < b.catalogue.number("scheduler-granularity")


def poll_route(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    runs_on = consumer.runs_on
    if runs_on in (*PUSH_ONLY, "device"):
        b.infeasible(f"{consumer.name} ({runs_on}) can only be pushed to; it cannot pull.")
        return buffer(b, consumer)
    hops = buffer(b, consumer)
    if runs_on == "lambda" and _always_on(b, consumer):
        target = units.format_duration(b.workload.latency or 0.0)
        b.warn(f"{consumer.name}: Cloud Scheduler starts a drain at most once a minute, longer "
               f"than the {target} latency target, so its code runs as an always-on Cloud Run "
               "service (min instances 1 or more) holding a streaming pull open, instead of "
               "a scheduled function.")
        return (*hops, b.use("cloud-run", f"{consumer.name}, an always-on pull worker",
                             "At least one instance stays up (min instances) and holds a "
                             "streaming pull open, so no schedule stands between a message "
                             "and its handler.", "scheduler-granularity",
                             "pubsub-pull-autoscaling", "cloud-run-autoscaling"))
    if runs_on in ("lambda", "workflow"):
        b.use("cloud-scheduler", f"starts {consumer.name} to drain its subscription",
              "A function or workflow holds no streaming pull open: a schedule starts it, "
              "and it pulls the backlog in batches.", "scheduler-retries",
              "scheduler-granularity", "dataflow-low-volume-cost")
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
