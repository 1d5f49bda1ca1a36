"""How to run an Azure design safely: retries, dead-lettering and poison messages for each
service it uses, with the facts behind each piece of advice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.format import units

if TYPE_CHECKING:
    from advisor.core.catalogue import Catalogue
    from advisor.format.workload import Workload
    from advisor.providers.azure.building import Builder

Advice = tuple[str, tuple[str, ...]]


def operations(b: Builder, w: Workload, cat: Catalogue) -> tuple[Advice, ...]:
    """One piece of advice per service of the design that has error handling to set."""
    used = set(b.uses)
    advice: list[Advice] = []
    if "event-grid" in used:
        ttl = (f"set the event time-to-live to {units.format_duration(w.expires_after)}, the "
               "age after which an event is worthless, and " if w.expires_after else
               "keep the default retry policy (30 attempts, 24-hour time-to-live) and ")
        advice.append((
            f"Event Grid retries each delivery on its backoff schedule (10 s to 12 h) for up "
            f"to 24 hours: {ttl}turn on dead-lettering to a Blob storage container on every "
            "event subscription; without it, events whose retries run out are dropped, and a "
            "400, 401, 403 or 413 answer is dropped at once. Handlers must answer within "
            "30 s and be idempotent: delivery is at-least-once.",
            ("event-grid-retry-schedule", "event-grid-retry-policy", "event-grid-dlq",
             "event-grid-not-retried", "event-grid-response-timeout",
             "event-grid-duplicates")))
    if used & {"service-bus-queue", "service-bus-topic"}:
        advice.append((
            "Receive in peek-lock mode and complete only after the work is done; a message "
            "that fails MaxDeliveryCount times (default 10) moves to the dead-letter "
            "sub-queue of its queue or subscription: alert on its depth and resubmit from it "
            "after a fix (nothing cleans it up). Renew the lock (30 s by default) for work "
            "that takes longer.",
            ("service-bus-dlq", "service-bus-lock-default", "functions-service-bus-concurrency")))
        if w.ordering != "none":
            key = w.ordering_key or "the ordering key"
            advice.append((
                f"Enable sessions and set the session id to {key}"
                + (" (one session for the whole flow, since order is global)"
                   if w.ordering == "global" else "")
                + ": each session is received by one consumer at a time, in order, while "
                "sessions run in parallel.", ("service-bus-sessions",)))
        if w.delay:
            advice.append((
                f"Send each message as a scheduled message (ScheduledEnqueueTime up to "
                f"{units.format_duration(w.delay)} ahead) and keep its time-to-live beyond "
                "that: it stays invisible until due.", ("service-bus-scheduled",)))
        if w.duplicates == "must-deduplicate":
            advice.append((
                "Enable duplicate detection and set MessageId to the message's business key: "
                "a repeat within the window (10 minutes by default, up to 7 days) is dropped.",
                ("service-bus-duplicate-detection",)))
            drained = [p.consumer for p in b.paths if p.delivery == "push"
                       and p.hops[:1] in (("service-bus-queue",), ("service-bus-topic",))]
            if drained:
                advice.append((
                    f"The functions that deliver to {', '.join(drained)} complete a message "
                    "only after the send succeeded and skip MessageIds they have already "
                    "sent: duplicate detection drops repeated sends into Service Bus, not a "
                    "redelivery after a lost lock.",
                    ("service-bus-duplicate-detection", "service-bus-lock-default")))
    routed = {h for p in b.paths for h in p.hops}
    if "storage-queue" in used and "storage-queue" not in routed:
        # On no consumer's route: it is only where a stream reader parks what failed.
        advice.append((
            "The Storage queue is only the dead-letter queue the function writes each event "
            "it could not process to (with its partition and offset): nothing reads it "
            "automatically, so alert on its approximate message count and, after a fix, "
            "process or re-send its messages. A message is at most 64 KB: write a reference "
            "to a larger event.",
            ("functions-event-hubs-batch", "storage-queue-message-size")))
    elif "storage-queue" in used:
        advice.append((
            "Storage queues have no dead-letter queue of their own: the Functions queue "
            "trigger moves a message to <queue>-poison after maxDequeueCount attempts "
            "(5 by default), and other readers must check DequeueCount themselves. Messages "
            "are at most 64 KB and arrive in no guaranteed order.",
            ("storage-queue-poison", "storage-queue-message-size", "storage-queue-no-ordering")))
    if "event-hubs" in used and not routed & {"event-hubs", "iot-hub"}:
        advice.append((
            "The event hub is only the archive: Capture writes every event Event Grid "
            "delivers to it into Blob storage or ADLS. To re-send a time range after a fix, "
            "read that window's Capture files and publish their events to the topic again; "
            "handlers must be idempotent, since the consumers saw some of them before.",
            ("event-hubs-capture", "event-grid-no-retention")))
    elif used & {"event-hubs", "iot-hub"}:
        advice.append((
            "Stream readers checkpoint after each batch; the Functions Event Hubs trigger does "
            "not retry a batch that throws, so catch failures per event and write them to a "
            "Storage queue dead-letter queue; one function instance reads each partition.",
            ("functions-event-hubs-batch", "event-hubs-log")))
    if "iot-hub" in used and any(p.runs_on == "device" for p in b.paths):
        advice.append((
            "Direct methods reach only connected devices; for devices that may be offline, "
            "send cloud-to-device messages (at most 50 waiting per device, kept up to 48 "
            "hours, max delivery count 10) or set twin desired properties.",
            ("iot-hub-c2d", "iot-hub-c2d-queue")))
    if used & {"web-pubsub", "signalr"}:
        advice.append((
            "A client that is disconnected misses what is sent meanwhile: send the current "
            "state when it reconnects.", ("web-pubsub-push",)))
    if "communication-services" in used:
        advice.append((
            "Communication Services throttles with HTTP 429 (email: 30 a minute and 100 an "
            "hour by default on a custom domain; SMS: 200 a minute per toll-free number): "
            "request higher limits before launch and retry 429s with backoff.",
            ("communication-services-email-limits", "communication-services-sms-limits")))
    return tuple(advice)
