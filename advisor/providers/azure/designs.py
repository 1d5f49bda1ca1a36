"""Azure's design for each model: the services and the route to each consumer.

Push: Event Grid delivers each event to the consumer's handler (a function, a logic app, a
webhook) or to the function that calls the service reaching people, clients or devices.
Poll: the consumer (or a Functions trigger for it) receives from a Service Bus queue or topic,
an event hub, or the stream its source keeps. Hybrid: Event Grid pushes to those it can reach
and into a queue for each consumer that pulls; a stream that a function reads and pushes on;
or a Service Bus queue whose waiting messages Event Grid announces to the workflow that pulls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.core.numbers import capacity
from advisor.providers.azure.building import Builder
from advisor.providers.azure.called import called, calls_directly, hub, reaches
from advisor.providers.azure.kinds import LOGS
from advisor.providers.azure.operations import operations
from advisor.providers.azure.pulling import buffer, kept, pulled, streamed
from advisor.providers.azure.routing import (
    PUSH_ONLY,
    deliverer,
    endpoint,
    held,
    pushed,
    router,
    runtime,
)

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import ConsumerPath, Design
    from advisor.format.records import Consumer
    from advisor.format.words import Model
    from advisor.format.workload import Workload

# The services each branch can place: tests/providers hold it to the vocabulary.
PLACES = frozenset({
    "event-grid", "event-grid-namespace", "service-bus-queue", "service-bus-topic",
    "event-hubs", "storage-queue", "functions", "durable-functions", "logic-apps",
    "container-apps", "web-pubsub", "signalr", "communication-services", "notification-hubs",
    "iot-hub", "stream-analytics", "webhook"})


def design(model: Model, workload: Workload, decision: Decision, catalogue: Catalogue
           ) -> Design:
    """The services and routes that deliver `workload` by `model` on Azure."""
    b = Builder(model)
    log = _source_log(workload, catalogue)
    if model == "push":
        _push(b, workload, catalogue, log)
    elif model == "poll":
        _poll(b, workload, catalogue, log)
    else:
        _hybrid(b, workload, catalogue, log)
        if not b.unbuildable:
            _same_as_poll(b, design("poll", workload, decision, catalogue))
    _archived(b, workload)
    kept(b, workload, catalogue)
    if workload.payload_max and not workload.source:
        limit = catalogue.number("event-grid-event-size")
        if "event-grid" in b.uses and workload.payload_max > limit:
            b.warn(f"Messages of up to {workload.payload_max / 1024:,.0f} KB exceed Event "
                   f"Grid's {limit / 1024:,.0f} KB event size: put the payload in Blob storage "
                   "and send its reference (claim check).")
    return b.build(operations(b, workload, catalogue), catalogue)


IS_POLL = ("No consumer is pushed to and Event Grid pushes nothing: this hybrid is the poll "
           "design.")


def _same_as_poll(b: Builder, poll: Design) -> None:
    """A hybrid pushes somewhere: one in which no consumer is pushed to and Event Grid pushes
    into no queue (and wakes no puller), on the poll design's routes, is the poll design,
    and offering it again would compare one design with itself (as on AWS)."""
    def routes(paths: tuple[ConsumerPath, ...] | list[ConsumerPath]) -> list[tuple[object, ...]]:
        return sorted((p.consumer, p.delivery, p.hops, p.count, p.queues) for p in paths)
    pushes = "event-grid" in b.uses or any(
        p.delivery == "push" and p.runs_on != "store" for p in b.paths)
    if not pushes and routes(b.paths) == routes(poll.paths):
        b.cannot(IS_POLL)


def _archived(b: Builder, w: Workload) -> None:
    """Event Grid keeps nothing once delivered: where an operator re-sends a time range, it
    also delivers each event to an event hub whose Capture keeps the files to re-send from."""
    if "event-grid" in b.uses and any(c.replay and c.replay_by == "operator"
                                      for c in w.consumers):
        b.use("event-hubs", "archive Event Grid also delivers each event to; Capture keeps "
              "the files an operator re-sends from", "Event Grid keeps no history",
              "event-grid-no-retention", "event-hubs-capture")


def _source_log(w: Workload, cat: Catalogue) -> str | None:
    """The retained stream a source keeps, where it can write nowhere else (IoT Hub's
    Event Hubs-compatible endpoint, the change feed its trigger reads): read by polling."""
    if not w.source:
        return None
    targets = cat.source(w.source).targets
    return targets[0] if all(t in LOGS for t in targets) else None


def _push(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if w.delay:
        b.cannot("Event Grid delivers each event at once and cannot hold it back for the "
                 "asked delay; a Service Bus scheduled message can.")
    if log:
        b.cannot(f"{w.source} keeps its messages in a stream that is read by polling; "
                 "nothing pushes them.")
    direct = calls_directly(w, cat)
    first: tuple[str, ...] = (router(b, w, cat),) if not log and not direct else ()
    for c in w.consumers:
        if _capped(w, c):
            b.cannot(f"{'The source' if direct else 'Event Grid'} has no delivery rate limit, "
                     f"so it would push faster than {c.name} can take; a queue drained at "
                     "its rate can hold the rest.")
        if direct:
            called(b, w, c, cat)
        else:
            pushed(b, w, c, first)


def _poll(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if w.source and not log and not any(t in ("event-hubs",) for t in
                                        cat.source(w.source).targets):
        b.cannot(f"{reaches(cat, w.source)}, which does not offer pull delivery for Azure "
                 "service sources.")
    if log:
        stream = b.use(log, "stream its source keeps, read by polling", "the source's own "
                       "endpoint", *cat.source(w.source or "").facts)
    elif calls_directly(w, cat) and (written := hub(b, w, cat)):
        stream = written
    elif _woken_workflow(w):
        _wake(b, w)
        return
    elif "event-grid-namespace" in w.existing:
        stream = b.use("event-grid-namespace", "namespace topic with a queue subscription "
                       "per consumer", "already in place", "event-grid-namespace-pull")
    else:
        stream = buffer(b, w, cat, fed_by_grid=False)
    for c in w.consumers:
        if runtime(c) in PUSH_ONLY:
            b.cannot(f"{c.name} ({runtime(c)}) can only be delivered to.")
            b.route(c.name, "poll", (stream,), runtime(c), c.count)
        else:
            pulled(b, w, c, (stream,))


def _hybrid(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if w.delay and (log or w.source):
        b.cannot(f"{w.source} hands each message on at once, and neither Event Grid nor a "
                 "stream can hold it back for the asked delay; only the sender can schedule "
                 "it on Service Bus.")
    if log:  # a function reads the stream and pushes on to those who cannot read it
        stream = b.use(log, "stream its source keeps, read by a function", "the source's "
                       "own endpoint", *cat.source(w.source or "").facts)
        for c in w.consumers:
            if runtime(c) == "store":  # a Stream Analytics job reads it and writes the store
                pulled(b, w, c, (stream,))
            elif runtime(c) in PUSH_ONLY:
                fn = b.use("functions", "function that reads the stream in batches and "
                           "pushes each record on", "trigger on the stream, output binding",
                           "functions-event-hubs-batch", "iot-hub-telemetry-endpoint")
                b.route(c.name, "push", (stream, fn, deliverer(b, w, c)), runtime(c),
                        c.count)
            else:
                pulled(b, w, c, (stream,))
        return
    if streamed(w, cat) and not w.source:
        # The stream is the entry: readers pull it, a store is filled by Capture, and a
        # function reads it for those who cannot.
        hub = b.use("event-hubs", "retained stream the producers send to", "telemetry, "
                    "replay or a rate beyond one throughput unit", "event-hubs-log",
                    "event-hubs-tu-ingress")
        for c in w.consumers:
            if runtime(c) == "store":
                b.use("event-hubs", "Capture", "writes the stream to the store",
                      "event-hubs-capture")
                b.route(c.name, "push", (hub,), "store", c.count)
            elif runtime(c) in PUSH_ONLY:
                fn = b.use("functions", "function that reads the stream in batches and "
                           "pushes each record on", "Event Hubs trigger, output call",
                           "functions-event-hubs-batch")
                b.route(c.name, "push", (hub, fn, deliverer(b, w, c)), runtime(c), c.count)
            else:
                pulled(b, w, c, (hub,))
        return
    if calls_directly(w, cat):
        _called_hybrid(b, w, cat)
        return
    if _woken_workflow(w):
        _wake(b, w)
        return
    # A delay, or duplicates to drop, with no source needs no push router: the sender
    # schedules each message on Service Bus itself, or sets the MessageId that duplicate
    # detection compares.
    direct = w.delay or any(_deduplicated(w, c) for c in w.consumers)
    grid: tuple[str, ...] = () if direct and not w.source else (router(b, w, cat),)
    for c in w.consumers:
        pushes = runtime(c) in PUSH_ONLY or (
            runtime(c) in ("function", "lambda") and not _wants_buffer(w, c))
        if pushes and w.delay:
            held(b, w, c, grid, "scheduled message (ScheduledEnqueueTime) due after the delay")
        elif _deduplicated(w, c):
            held(b, w, c, grid, "drops a repeated MessageId (duplicate detection) before the "
                 "function delivers", "service-bus-duplicate-detection")
        elif pushes and _capped(w, c):
            held(b, w, c, grid, "keeps the backlog while the consumer takes its own rate")
        elif pushes:
            pushed(b, w, c, grid)
        else:
            pulled(b, w, c, (*grid, buffer(b, w, cat, fed_by_grid=bool(grid))))


def _called_hybrid(b: Builder, w: Workload, cat: Catalogue) -> None:
    """A source that calls handlers itself: it calls those pushed to, and writes into an
    event hub for those who pull, or who take less than the peak and are delivered to by a
    function reading it at their rate."""
    for c in w.consumers:
        pushes = runtime(c) in PUSH_ONLY or (
            runtime(c) in ("function", "lambda") and not _wants_buffer(w, c))
        if pushes and not _capped(w, c):
            called(b, w, c, cat)
            continue
        stream = hub(b, w, cat)
        if stream is None:
            b.cannot(f"{w.source} writes into no queue or stream for {c.name} to be "
                     "drained from.")
            b.route(c.name, "poll", (), runtime(c), c.count)
        elif runtime(c) in PUSH_ONLY and runtime(c) != "store":
            fn = b.use("functions", "function that reads the stream in batches and "
                       "pushes each record on", "Event Hubs trigger, output call",
                       "functions-event-hubs-batch")
            last = endpoint(b) if runtime(c) == "https" else deliverer(b, w, c)
            b.route(c.name, "push", (stream, fn, last), runtime(c), c.count)
        else:
            pulled(b, w, c, (stream,))


def _woken_workflow(w: Workload) -> bool:
    """Commands from application code to one workflow: Logic Apps pays for every receive,
    empty ones included, so the queue that keeps the commands (AZ503) tells it when they wait."""
    return (w.kind == "command" and not w.source and len(w.consumers) == 1
            and runtime(w.consumers[0]) == "workflow")


def _wake(b: Builder, w: Workload) -> None:
    # Service Bus Premium announces waiting messages through Event Grid; the workflow
    # pulls a batch when told, instead of paying for every empty receive.
    queue = b.use("service-bus-queue", "queue that keeps each command until the workflow "
                  "pulls it", "Premium namespace with Event Grid integration",
                  "service-bus-event-grid-integration", "service-bus-dlq")
    # Event Grid wakes the workflow, which then pulls: the message's route is the queue.
    b.use("event-grid", "tells the workflow that messages are waiting", "Service Bus "
          "Premium system topic", "service-bus-event-grid-integration")
    pulled(b, w, w.consumers[0], (queue,))


def _capped(w: Workload, c: Consumer) -> bool:
    """A consumer that takes less than the peak (its max_rate, or its concurrency over the
    processing time): whatever pushes to it must be held back by a queue."""
    absorbs = capacity(c, w.processing_time)
    return absorbs is not None and absorbs[0] < (w.rate_peak or 0.0)


def _deduplicated(w: Workload, c: Consumer) -> bool:
    """A consumer only a service can reach, in a flow whose duplicates must be removed: Event
    Grid delivers at least once, so a Service Bus queue with duplicate detection holds its
    messages and a function drains it and delivers (as SQS FIFO and a function on AWS). A
    store is filled by Event Hubs Capture, which has no duplicate detection to put first."""
    return (w.duplicates == "must-deduplicate" and runtime(c) in PUSH_ONLY
            and runtime(c) != "store")


def _wants_buffer(w: Workload, c: Consumer) -> bool:
    """A function that needs what only a queue gives: a rate or concurrency cap, batches,
    order, deduplication, or work that must survive a long outage (a command)."""
    return bool(c.max_rate or c.max_concurrency or c.batching.wanted or w.kind == "command"
                or w.ordering != "none" or w.duplicates == "must-deduplicate" or c.replay)
