"""The routes Azure pushes along: Event Grid's topic, and the handler or delivery service at
the end of each consumer's route (a function, a workflow, a webhook, or the function that calls
Web PubSub, Communication Services, Notification Hubs or IoT Hub)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.format.records import Consumer
    from advisor.format.workload import Workload
    from advisor.providers.azure.building import Builder


PUSH_ONLY = ("client", "email", "sms", "mobile-push", "https", "device", "store")


def runtime(c: Consumer) -> str:
    """Where a consumer runs; one that does not say gets a function."""
    return c.runs_on or "function"


def router(b: Builder, w: Workload, cat: Catalogue) -> str:
    """The push stage: the source's Event Grid system topic, or a custom topic."""
    if w.source and "event-grid" not in cat.source(w.source).targets:
        b.cannot(f"{w.source} cannot publish to Event Grid (it reaches "
                 f"{', '.join(cat.source(w.source).targets)}).")
    why = (f"system topic: {cat.source(w.source).name}" if w.source
           else "custom topic the producer publishes to")
    return b.use("event-grid", "event router that pushes each event to its subscriptions",
                 why, "event-grid-push-handlers", "event-grid-retry-schedule")


def pushed(b: Builder, w: Workload, c: Consumer, first: tuple[str, ...]) -> None:
    """A route on which a service delivers to the consumer (or to what reaches it)."""
    on = runtime(c)
    per_message = c.recipients == "per-message"
    if on in ("function", "lambda"):
        hop = b.use("functions", "function triggered per event", "Event Grid trigger",
                    "functions-triggers")
        hops = (*first, hop)
    elif on == "workflow":
        hops = (*first, workflow(b, w))
    elif on == "container":  # the team's own endpoint answers Event Grid's handshake
        hops = (*first, b.use("webhook", "HTTPS endpoint Event Grid calls",
                              "event subscription to a webhook", "webhook-validation",
                              "event-grid-webhook-handshake"))
    elif on == "https":  # a partner's API will not answer Event Grid's validation handshake
        fn = b.use("functions", "function that calls the partner's endpoint per event",
                   "Event Grid validates a function handler itself", "functions-triggers",
                   "event-grid-webhook-handshake")
        hops = (*first, fn, endpoint(b))
    elif on == "on-premises":
        b.cannot(f"{c.name} accepts outbound connections only: nothing can push to it.")
        hops = first
    elif on == "email" and not per_message:
        # A fixed mailbox needs no sending domain or sending limit: a workflow's mail
        # connector (Office 365 Outlook, SMTP) sends to it.
        hops = (*first, workflow(b, w, "sends to the fixed mailbox through a mail connector"))
    elif on in ("email", "sms", "mobile-push", "client", "device"):
        fn = b.use("functions", "function that calls the delivery service per event",
                   "Event Grid trigger with an output call", "functions-triggers")
        hops = (*first, fn, deliverer(b, w, c))
    else:  # a store: Event Hubs Capture writes what Event Grid delivers into storage
        hops = (*first, b.use("event-hubs", "event hub whose Capture writes to the store",
                              "Event Grid handler; Capture to Blob storage or ADLS",
                              "event-hubs-capture"))
    b.route(c.name, "push", hops, on, c.count)


def endpoint(b: Builder) -> str:
    return b.use("webhook", "HTTPS endpoint called per message", "the partner's API",
                 "webhook-validation", "event-grid-webhook-handshake")


def held(b: Builder, w: Workload, c: Consumer, first: tuple[str, ...], why: str,
         *facts: str) -> None:
    """A consumer that must not get each message as it is published (it is due later, or
    the consumer takes less than the peak): a Service Bus queue holds it, and a function
    with capped concurrency receives it and delivers."""
    if not first and w.kind == "event" and sum(x.count for x in w.consumers) > 1:
        # The sender schedules each event once; a subscription per consumer gives each its
        # copy, where receivers of one queue would share the messages out between them.
        queue = b.use("service-bus-topic", "topic with a subscription per consumer, holding "
                      "each message until it may go on", why, "service-bus-scheduled",
                      "service-bus-subscriptions-per-topic", "service-bus-dlq", *facts)
    else:
        queue = b.use("service-bus-queue", "queue that holds each message until it may go "
                      "on", why, "service-bus-scheduled", "service-bus-pull", "service-bus-dlq",
                      *facts)
    fn = b.use("functions", f"function that receives from the {queue.split('-')[-1]} and "
               "delivers",
               "Service Bus trigger, MaxConcurrentCalls capped to the consumer's rate",
               "functions-service-bus-concurrency")
    on = runtime(c)
    if on in ("function", "lambda"):
        last: tuple[str, ...] = ()
    elif on == "workflow":
        last = (workflow(b, w, "called by the function"),)
    elif on in ("https", "container"):
        last = (endpoint(b),)
    else:
        last = (deliverer(b, w, c),)
    b.route(c.name, "push", (*first, queue, fn, *last), on, c.count)


def workflow(b: Builder, w: Workload, why: str = "Event Grid trigger") -> str:
    if "durable-functions" in w.existing:
        return b.use("durable-functions", "orchestration started per message", why,
                     "durable-functions-orchestration")
    return b.use("logic-apps", "workflow run per message", why, "logic-apps-triggers")


def deliverer(b: Builder, w: Workload, c: Consumer) -> str:
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
