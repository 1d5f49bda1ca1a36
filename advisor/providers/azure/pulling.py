"""The routes Azure's consumers pull along: which queue or stream holds their messages, and
what receives from it for them (a Functions trigger, a workflow's connector, their workers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.core.designs import WORKER
from advisor.providers.azure.routing import runtime, workflow

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.format.records import Consumer
    from advisor.format.workload import Workload
    from advisor.providers.azure.building import Builder


def buffer(b: Builder, w: Workload, cat: Catalogue, fed_by_grid: bool) -> str:
    """The queue or stream consumers pull from. A stream (Event Hubs) for device telemetry,
    history to re-read or a rate beyond one throughput unit; a Storage queue for what Event
    Grid hands over when no order or deduplication is asked and it fits 64 KB; a Service Bus
    topic for an event several consumers pull; a Service Bus queue for commands and
    everything else that needs its guarantees."""
    readers = sum(c.count for c in w.consumers)
    ordered = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if not fed_by_grid and streamed(w, cat):
        return b.use("event-hubs", "retained stream every consumer group reads at its own "
                     "offset", "telemetry, replay or several readers", "event-hubs-log",
                     "event-hubs-retention-standard", "event-hubs-tu-ingress")
    small = (w.source is not None or
             (w.payload_max or 0) <= cat.number("storage-queue-message-size"))
    if fed_by_grid and not ordered and small and not w.delay:
        return b.use("storage-queue", "queue that keeps each event Event Grid hands over "
                     "until the consumer pulls it", "Event Grid handler, references under "
                     "64 KB", "storage-queue-pull", "storage-queue-message-size")
    if readers > 1 and w.kind == "event" and not fed_by_grid:
        return b.use("service-bus-topic", "topic with a subscription per consumer",
                     "each consumer receives its own copy", "service-bus-subscriptions-per-topic",
                     "service-bus-dlq")
    return b.use("service-bus-queue", "queue the consumer receives from in peek-lock mode",
                 "commands and messages that must not be lost", "service-bus-pull",
                 "service-bus-dlq")


def streamed(w: Workload, cat: Catalogue) -> bool:
    """Events that belong in a stream: device telemetry, history a consumer re-reads itself,
    or a rate beyond what one Event Hubs throughput unit takes."""
    return w.kind == "event" and not w.delay and (
        w.producer == "device" or any(c.replay and c.replay_by == "consumer"
                                      for c in w.consumers)
        or (w.rate_peak or 0) >= cat.number("event-hubs-tu-ingress"))


def kept(b: Builder, w: Workload, cat: Catalogue) -> None:
    """History a consumer re-reads beyond Standard's retention (7 days): Premium or
    Dedicated keep 90 days; beyond that the consumer replays Capture's files."""
    if "event-hubs" not in b.uses:
        return
    longest = max((c.replay for c in w.consumers if c.replay_by == "consumer"), default=0.0)
    if longest <= cat.number("event-hubs-retention-standard"):
        return
    days = longest / 86400
    if longest <= cat.number("event-hubs-retention-premium"):
        b.use("event-hubs", "", "", "event-hubs-retention-premium")
        b.warn(f"Replaying {days:,.0f} days needs Event Hubs Premium or Dedicated (90 days' "
               "retention); Standard keeps 7 days.")
        return
    b.use("event-hubs", "", "", "event-hubs-capture", "event-hubs-retention-premium")
    b.warn(f"Replaying {days:,.0f} days is beyond any Event Hubs retention (90 days on "
           "Premium): turn on Capture and replay from its files in Blob storage or ADLS.")


def _puller(b: Builder, w: Workload, c: Consumer, held: str) -> str | None:
    """What receives from the buffer for the consumer: a Functions trigger, a logic app,
    Container Apps already in place, the consumer's own workers, or for a store a Stream
    Analytics job."""
    on = runtime(c)
    if on in ("function", "lambda"):
        return b.use("functions", "function whose trigger receives from the "
                     f"{held.replace('-', ' ')}", "the trigger polls on its behalf",
                     "functions-triggers", "functions-service-bus-concurrency")
    if on == "workflow":
        return workflow(b, w, "peek-lock connector" if held.startswith("service-bus")
                        else f"connector that reads the {held.replace('-', ' ')}")
    if on == "container" and "container-apps" in w.existing:
        return b.use("container-apps", "replicas scaled by KEDA on the backlog",
                     "Container Apps already in place", "container-apps-scale")
    if on in ("container", "on-premises"):
        return WORKER
    if on == "store" and held in ("event-hubs", "iot-hub"):
        # A store runs no code of ours: a Stream Analytics job reads the stream for it.
        return b.use("stream-analytics", "job that reads the stream and writes to the store",
                     "windowed output per partition", "stream-analytics-price")
    return None


def pulled(b: Builder, w: Workload, c: Consumer, hops: tuple[str, ...]) -> None:
    if hops == ("functions",):  # the change feed: its Functions trigger is the reader
        if runtime(c) not in ("function", "lambda"):
            hops = (WORKER,)  # the consumer's own change feed processor
        b.route(c.name, "poll", hops, runtime(c), c.count)
        return
    reader = _puller(b, w, c, hops[-1])
    if reader is None:
        b.cannot(f"{c.name} ({runtime(c)}) cannot pull from a queue or stream.")
        b.route(c.name, "poll", hops, runtime(c), c.count)
        return
    if reader == "functions" and hops[-1] in ("event-hubs", "iot-hub"):
        # The Event Hubs trigger does not retry: failures are parked in a queue of their own.
        b.use("storage-queue", "dead-letter queue the function writes failed events to",
              "the Event Hubs trigger does not retry", "functions-event-hubs-batch",
              "storage-queue-pull")
    # A store is written to: the job that reads the stream pushes into it.
    b.route(c.name, "push" if runtime(c) == "store" else "poll", (*hops, reader),
            runtime(c), c.count,
            c.instances if c.recipients != "per-message" and c.instances > 1 else 1)
