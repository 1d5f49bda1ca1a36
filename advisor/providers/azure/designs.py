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

from advisor.core.designs import WORKER
from advisor.providers.azure.building import Builder
from advisor.providers.azure.operations import operations

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.core.decision import Decision
    from advisor.core.designs import Design
    from advisor.format.records import Consumer
    from advisor.format.words import Model
    from advisor.format.workload import Workload

# The services each branch can place: tests/providers hold it to the vocabulary.
PLACES = frozenset({
    "event-grid", "event-grid-namespace", "service-bus-queue", "service-bus-topic",
    "event-hubs", "storage-queue", "functions", "durable-functions", "logic-apps",
    "container-apps", "web-pubsub", "signalr", "communication-services", "notification-hubs",
    "iot-hub", "stream-analytics", "webhook"})
PUSH_ONLY = ("client", "email", "sms", "mobile-push", "https", "device", "store")


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
    if workload.payload_max and not workload.source:
        limit = catalogue.number("event-grid-event-size")
        if "event-grid" in b.uses and workload.payload_max > limit:
            b.warn(f"Messages of up to {workload.payload_max / 1024:,.0f} KB exceed Event "
                   f"Grid's {limit / 1024:,.0f} KB event size: put the payload in Blob storage "
                   "and send its reference (claim check).")
    return b.build(operations(b, workload, catalogue), catalogue)


def runtime(c: Consumer) -> str:
    """Where a consumer runs; one that does not say gets a function."""
    return c.runs_on or "function"


def _source_log(w: Workload, cat: Catalogue) -> str | None:
    """The retained stream a source keeps (IoT Hub's endpoint, the change feed), if it only
    has one."""
    if not w.source:
        return None
    targets = cat.source(w.source).targets
    return targets[0] if targets[0] in ("iot-hub", "functions") and len(targets) == 1 else None


def _router(b: Builder, w: Workload, cat: Catalogue) -> str:
    """The push stage: the source's Event Grid system topic, or a custom topic."""
    if w.source and "event-grid" not in cat.source(w.source).targets:
        b.cannot(f"{w.source} cannot publish to Event Grid (it reaches "
                 f"{', '.join(cat.source(w.source).targets)}).")
    why = (f"system topic of {w.source}" if w.source else "custom topic the producer publishes to")
    return b.use("event-grid", "event router that pushes each event to its subscriptions",
                 why, "event-grid-push-handlers", "event-grid-retry-schedule")


def _pushed(b: Builder, w: Workload, c: Consumer, first: tuple[str, ...]) -> None:
    """A route on which a service delivers to the consumer (or to what reaches it)."""
    on = runtime(c)
    per_message = c.recipients == "per-message"
    if on in ("function", "lambda"):
        hop = b.use("functions", "function triggered per event", "Event Grid trigger",
                    "functions-triggers")
        hops = (*first, hop)
    elif on == "workflow":
        hops = (*first, _workflow(b, w))
    elif on in ("https", "container"):
        hops = (*first, b.use("webhook", "HTTPS endpoint Event Grid calls",
                              "event subscription to a webhook", "webhook-validation"))
    elif on == "on-premises":
        b.cannot(f"{c.name} accepts outbound connections only: nothing can push to it.")
        hops = first
    elif on == "email" and not per_message:
        hops = (*first, _workflow(b, w, "sends the email through an Outlook connector"))
    elif on in ("email", "sms", "mobile-push", "client", "device"):
        fn = b.use("functions", "function that calls the delivery service per event",
                   "Event Grid trigger with an output call", "functions-triggers")
        hops = (*first, fn, _deliverer(b, w, c))
    else:  # a store: Event Hubs Capture writes what Event Grid delivers into storage
        hops = (*first, b.use("event-hubs", "event hub whose Capture writes to the store",
                              "Event Grid handler; Capture to Blob storage or ADLS",
                              "event-hubs-capture"))
    b.route(c.name, "push", hops, on, c.count)


def _workflow(b: Builder, w: Workload, why: str = "Event Grid trigger") -> str:
    if "durable-functions" in w.existing:
        return b.use("durable-functions", "orchestration started per message", why,
                     "durable-functions-orchestration")
    return b.use("logic-apps", "workflow run per message", why, "logic-apps-triggers")


def _deliverer(b: Builder, w: Workload, c: Consumer) -> str:
    """The service that reaches people, connected clients or devices."""
    on = runtime(c)
    if on == "client":
        if "signalr" in w.existing:
            return b.use("signalr", "hub that pushes to connected clients",
                         "SignalR already in place", "signalr-connections")
        return b.use("web-pubsub", "hub that pushes to connected clients",
                     "sendToAll, groups or single connections", "web-pubsub-push",
                     "web-pubsub-connections")
    if on == "device":
        return b.use("iot-hub", "device gateway that reaches each device",
                     "direct methods or cloud-to-device messages", "iot-hub-c2d")
    if on == "mobile-push":
        return b.use("notification-hubs", "mobile push through the platform services",
                     "one device handle or tag per message", "notification-hubs-tiers")
    return b.use("communication-services", f"{on} sending service called per message",
                 "Email or SMS API", "communication-services-email-limits",
                 "communication-services-sms-limits")


def _push(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if w.delay:
        b.cannot("Event Grid delivers each event at once and cannot hold it back for the "
                 "asked delay; a Service Bus scheduled message can.")
    if log:
        b.cannot(f"{w.source} keeps its messages in a stream that is read by polling; "
                 "nothing pushes them.")
    first: tuple[str, ...] = (_router(b, w, cat),) if not log else ()
    for c in w.consumers:
        _pushed(b, w, c, first)


def _buffer(b: Builder, w: Workload, cat: Catalogue, fed_by_grid: bool) -> str:
    """The queue or stream consumers pull from. A stream (Event Hubs) for device telemetry,
    history to re-read or a rate beyond one throughput unit; a Service Bus topic for an
    event several consumers pull;
    a Storage queue for what Event Grid hands over when no order or deduplication is asked
    and it fits 64 KB; Service Bus for commands and everything that needs its guarantees."""
    readers = sum(c.count for c in w.consumers)
    ordered = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if not fed_by_grid and _streamed(w, cat):
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


def _streamed(w: Workload, cat: Catalogue) -> bool:
    """Events that belong in a stream: device telemetry, history a consumer re-reads itself,
    or a rate beyond what one Event Hubs throughput unit takes."""
    return w.kind == "event" and not w.delay and (
        w.producer == "device" or any(c.replay and c.replay_by == "consumer"
                                      for c in w.consumers)
        or (w.rate_peak or 0) >= cat.number("event-hubs-tu-ingress"))


def _puller(b: Builder, w: Workload, c: Consumer, buffer: str) -> str | None:
    """What receives from the buffer for the consumer: a Functions trigger, a logic app,
    Container Apps already in place, or the consumer's own workers."""
    on = runtime(c)
    if on in ("function", "lambda"):
        return b.use("functions", "function whose trigger receives from the "
                     f"{buffer.replace('-', ' ')}", "the trigger polls on its behalf",
                     "functions-triggers", "functions-service-bus-concurrency")
    if on == "workflow":
        return _workflow(b, w, "peek-lock connector")
    if on == "container" and "container-apps" in w.existing:
        return b.use("container-apps", "replicas scaled by KEDA on the backlog",
                     "Container Apps already in place", "container-apps-scale")
    if on in ("container", "on-premises"):
        return WORKER
    return None


def _pulled(b: Builder, w: Workload, c: Consumer, hops: tuple[str, ...]) -> None:
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
    if (hops[-1] == "event-hubs" and runtime(c) == "store") or (
            c.batching.window and hops[-1] in ("event-hubs", "iot-hub")
            and "stream-analytics" in w.existing):
        reader = b.use("stream-analytics", "job that reads the stream in windows",
                       "windowed output", "stream-analytics-price")
    b.route(c.name, "poll", (*hops, reader), runtime(c), c.count,
            c.instances if c.recipients != "per-message" and c.instances > 1 else 1)


def _poll(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if w.source and not log and not any(t in ("event-hubs",) for t in
                                        cat.source(w.source).targets):
        b.cannot(f"{w.source} publishes only to {', '.join(cat.source(w.source).targets)}; "
                 "Event Grid does not offer pull delivery for Azure service sources.")
    if log:
        stream = b.use(log, "stream its source keeps, read by polling", "the source's own "
                       "endpoint", *cat.source(w.source or "").facts)
    elif "event-grid-namespace" in w.existing:
        stream = b.use("event-grid-namespace", "namespace topic with a queue subscription "
                       "per consumer", "already in place", "event-grid-namespace-pull")
    else:
        stream = _buffer(b, w, cat, fed_by_grid=False)
    for c in w.consumers:
        if runtime(c) in PUSH_ONLY and runtime(c) != "store":
            b.cannot(f"{c.name} ({runtime(c)}) can only be delivered to.")
            b.route(c.name, "poll", (stream,), runtime(c), c.count)
        else:
            _pulled(b, w, c, (stream,))


def _hybrid(b: Builder, w: Workload, cat: Catalogue, log: str | None) -> None:
    if log:  # a function reads the stream and pushes on to those who cannot read it
        stream = b.use(log, "stream its source keeps, read by a function", "the source's "
                       "own endpoint", *cat.source(w.source or "").facts)
        for c in w.consumers:
            if runtime(c) in PUSH_ONLY:
                fn = b.use("functions", "function that reads the stream in batches and "
                           "pushes each record on", "trigger on the stream, output binding",
                           "functions-event-hubs-batch", "iot-hub-telemetry-endpoint")
                b.route(c.name, "push", (stream, fn, _deliverer(b, w, c)), runtime(c),
                        c.count)
            else:
                _pulled(b, w, c, (stream,))
        return
    if _streamed(w, cat) and not w.source:
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
                b.route(c.name, "push", (hub, fn, _deliverer(b, w, c)), runtime(c), c.count)
            else:
                _pulled(b, w, c, (hub,))
        return
    pullers = [c for c in w.consumers if runtime(c) not in PUSH_ONLY]
    if (w.kind == "command" and not w.source and len(w.consumers) == 1 and pullers
            and runtime(pullers[0]) == "workflow"):
        # Service Bus Premium announces waiting messages through Event Grid; the workflow
        # pulls a batch when told, instead of paying for every empty receive.
        queue = b.use("service-bus-queue", "queue that keeps each command until the workflow "
                      "pulls it", "Premium namespace with Event Grid integration",
                      "service-bus-event-grid-integration", "service-bus-dlq")
        # Event Grid wakes the workflow, which then pulls: the message's route is the queue.
        b.use("event-grid", "tells the workflow that messages are waiting", "Service Bus "
              "Premium system topic", "service-bus-event-grid-integration")
        _pulled(b, w, pullers[0], (queue,))
        return
    router = _router(b, w, cat)
    for c in w.consumers:
        if runtime(c) in PUSH_ONLY or (runtime(c) in ("function", "lambda") and not (
                _wants_buffer(w, c))):
            _pushed(b, w, c, (router,))
        else:
            _pulled(b, w, c, (router, _buffer(b, w, cat, fed_by_grid=True)))


def _wants_buffer(w: Workload, c: Consumer) -> bool:
    """A function that needs what only a queue gives: a rate or concurrency cap, batches,
    order, deduplication, or work that must survive a long outage (a command)."""
    return bool(c.max_rate or c.max_concurrency or c.batching.wanted or w.kind == "command"
                or w.ordering != "none" or w.duplicates == "must-deduplicate" or c.replay)
