"""Push routes on Google Cloud: how a broker delivers each message to a consumer.

A Pub/Sub topic fans out to a push subscription per consumer; a source that raises events
routes them through Eventarc, or triggers a function itself; Cloud Tasks dispatches commands
to one handler at the rate it can take, or at a set time; Firebase Cloud Messaging reaches
phones and browsers; export subscriptions write into BigQuery or Cloud Storage.
"""

from __future__ import annotations

from advisor.core.facts import capped
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.gcp.building import Builder
from advisor.providers.gcp.fcm import latency_warning, targeting

PLACES = frozenset({
    "webhook", "eventarc", "cloud-tasks", "pubsub", "pubsub-push", "pubsub-bigquery",
    "pubsub-cloud-storage", "workflows", "cloud-run", "cloud-run-functions",
    "firebase-cloud-messaging",
})
PEOPLE = ("email", "sms")
# A well-known provider per channel, as examples: naming an email provider for text
# messages would mislead.
PROVIDERS = {"email": "SendGrid, Mailgun", "sms": "Twilio"}
NOTIFIED = ("mobile-push", "client")


def build_push(b: Builder) -> None:
    for consumer in b.workload.consumers:
        b.path(consumer, "push", *push_route(b, consumer))


def topic(b: Builder) -> tuple[str, ...]:
    """The hops up to and including the flow's Pub/Sub topic."""
    w = b.workload
    hops: tuple[str, ...] = ()
    if w.producer == "third-party" and not w.source:
        hops = (b.use("webhook", "HTTPS endpoint we expose for the third party's webhooks",
                      "It accepts each call and publishes it to the topic, so the third "
                      "party's retries end at our endpoint.", "pubsub-push-delivery-model"),)
    elif w.source and "pubsub" not in b.targets:
        hops = (*_source_trigger(b),
                b.use("cloud-run-functions", "republishes the source's events to the topic",
                      f"{b.catalogue.source(w.source).name} cannot publish to Pub/Sub "
                      "itself.", *b.catalogue.source(w.source).facts))
    return (*hops, b.use("pubsub", "topic the producer publishes to",
                         "One publish; Pub/Sub fans it out to every subscription.",
                         "pubsub-no-subscription-loss"))


def per_recipient(b: Builder, consumer: Consumer, subscription: str) -> None:
    """Instances each sent only their own messages read a subscription each, filtered on
    the recipient: one shared subscription would load-balance one's messages to the others."""
    if consumer.instances > 1 and consumer.recipients == "per-message":
        b.use(subscription, "", f"{consumer.name} is {consumer.instances:,} instances, each "
              "message for one of them: each instance gets its own subscription, filtered on "
              "the message's recipient attribute.", "pubsub-subscription-filter",
              "pubsub-subscriptions-per-topic")


def within_deadline(b: Builder, consumer: Consumer, route: str,
                    deadline: str = "pubsub-ack-deadline-max") -> None:
    """A pusher waits for the handler's answer only so long (Pub/Sub the ack deadline, Cloud
    Tasks the dispatch deadline): longer work cannot be pushed, as every push would time out
    and come back."""
    limit = b.catalogue.number(deadline)
    took = b.workload.processing_time
    if took is not None and took > limit:
        b.infeasible(f"{consumer.name} takes {units.format_duration(took)} a message, longer "
                     f"than {route} waits for its answer (at most "
                     f"{units.format_duration(limit)}): it must pull, extending the ack "
                     "deadline as it works.")


def _source_trigger(b: Builder) -> tuple[str, ...]:
    """A router between the source and a function, where the source cannot call one."""
    if "cloud-run-functions" in b.targets or "eventarc" not in b.targets:
        return ()
    return (_eventarc(b),)


def _eventarc(b: Builder, consumer: Consumer | None = None) -> str:
    if consumer is not None:
        within_deadline(b, consumer, "Eventarc's push")
    return b.use("eventarc", "routes the source's events to their handlers",
                 "Eventarc delivers each event over a Pub/Sub transport and retries for 24 "
                 "hours by default.", "eventarc-delivery-model", "eventarc-retry-window")


def tasks_wanted(b: Builder, consumer: Consumer) -> bool:
    """Cloud Tasks for a command to a handler that must not see more than it takes, or that
    must wait: the queue sets the rate and schedules; a push subscription does neither."""
    w = b.workload
    return w.kind == "command" and (capped(consumer, w) or w.delay is not None)


def _tasks(b: Builder, consumer: Consumer) -> str:
    w = b.workload
    schedule = b.catalogue.number("cloud-tasks-schedule-max")
    if w.delay is not None and w.delay > schedule:
        b.infeasible(f"Cloud Tasks schedules a task at most {units.format_duration(schedule)} "
                     f"ahead; the workload's delay is {units.format_duration(w.delay)}.")
    within_deadline(b, consumer, "a Cloud Tasks dispatch", "cloud-tasks-dispatch-deadline")
    largest = w.payload_max or w.payload_average
    task_max = b.catalogue.number("cloud-tasks-task-size")
    if largest is not None and largest > task_max:
        b.infeasible(f"A task holds at most {units.format_size(task_max)} (the API's figure; "
                     "guides quote 1 MB) and the workload's messages reach "
                     f"{units.format_size(largest)}: Cloud Tasks cannot carry them (put the "
                     "payload in Cloud Storage and send its name, or use a Pub/Sub "
                     "subscription).")
    why = ("It dispatches each command to one handler at the rate and concurrency the queue "
           "sets, retrying on 429 and 5xx" + (", and holds it until its schedule time"
                                             if w.delay is not None else "") + ".")
    return b.use("cloud-tasks", f"queue dispatching to {consumer.name}", why,
                 "cloud-tasks-one-target", "cloud-tasks-dispatch-rate-max",
                 "cloud-tasks-retry-config", "cloud-tasks-task-size",
                 "cloud-tasks-dispatch-deadline",
                 *(("cloud-tasks-schedule-max",) if w.delay is not None else ()))


def _subscription(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """The flow's topic and a push subscription for this consumer."""
    if b.workload.delay is not None:
        return (_tasks(b, consumer),)  # Pub/Sub has no delayed delivery
    within_deadline(b, consumer, "a push subscription")
    hops = (*topic(b), b.use("pubsub-push", "push subscription per pushed consumer",
                             "Pub/Sub POSTs each message to the consumer's HTTPS endpoint and "
                             "retries with backoff until a dead-letter topic takes it.",
                             "pubsub-push-delivery-model", "pubsub-retry-policy",
                             "pubsub-dlq-attempts"))
    per_recipient(b, consumer, "pubsub-push")
    return hops


def handler_route(b: Builder, consumer: Consumer, target: str) -> tuple[str, ...]:
    """The hops before a handler (a function, a Cloud Run service, a workflow)."""
    if tasks_wanted(b, consumer):
        return (_tasks(b, consumer),)
    if b.workload.source:
        if target == "cloud-run-functions" and target in b.targets:
            return ()  # the source triggers the function itself
        if "eventarc" in b.targets:
            return (_eventarc(b, consumer),)
    if target == "workflows":
        if b.workload.delay is None:
            return (*topic(b), _eventarc(b, consumer))
        return (_tasks(b, consumer),)
    return _subscription(b, consumer)


def function(b: Builder, consumer: Consumer, role: str) -> tuple[str, ...]:
    hops = handler_route(b, consumer, "cloud-run-functions")
    return (*hops, b.use("cloud-run-functions", role, "Invoked per message; scales with "
                         "the requests up to its maximum instances.", "functions-max-instances",
                         "functions-retries"))


def push_route(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    runs_on = consumer.runs_on
    if runs_on == "on-premises":
        b.infeasible(f"{consumer.name} accepts outbound connections only: nothing can push to "
                     "it; it must pull a subscription.")
        return topic(b)
    if runs_on == "device":
        b.infeasible(f"{consumer.name} is a device fleet, and Google Cloud has no managed "
                     "device gateway since Cloud IoT Core was retired: a third-party MQTT "
                     "broker must hold the devices' connections.")
        return topic(b)
    if runs_on == "lambda":
        return function(b, consumer, f"{consumer.name}, invoked per message")
    if runs_on == "workflow":
        return (*handler_route(b, consumer, "workflows"),
                b.use("workflows", f"{consumer.name}, one execution per event",
                      "Workflows acknowledges the event when the execution starts.",
                      "eventarc-workflows-ack", "workflows-argument-size"))
    if runs_on in NOTIFIED:
        return (*function(b, consumer, "sends each notification"),
                notify(b, consumer, "A function"))
    if runs_on in PEOPLE:
        b.warn(f"Google Cloud has no {runs_on} service: a function sends to {consumer.name} "
               f"through a third-party provider's API ({PROVIDERS[runs_on]}), whose own "
               "limits apply.")
        return function(b, consumer, f"sends each {runs_on} through a provider's API")
    if runs_on == "store":
        return _export(b, consumer)
    if runs_on == "https":
        return _partner(b, consumer)
    # container, unstated: the team's service, run on Cloud Run behind its HTTPS endpoint.
    return (*handler_route(b, consumer, "cloud-run"),
            b.use("cloud-run", f"{consumer.name}'s HTTPS endpoint",
                  "A Cloud Run service takes each request, up to its concurrency per instance.",
                  "cloud-run-concurrency", "cloud-run-autoscaling"))


EXPORTS = ("pubsub-bigquery", "pubsub-cloud-storage")


def export_for(b: Builder, consumer: Consumer) -> str:
    """The export subscription a store gets: the one the workload names (existing or
    decided), else files for a store that requires batches (a BigQuery subscription writes
    each message as it comes), else a table: rows are what a store is loaded with."""
    w = b.workload
    named = [s for s in (*w.existing, *(w.decision.services if w.decision else ()))
             if s in EXPORTS]
    if named:
        return named[0]
    return EXPORTS[1] if consumer.batching.mode == "required" else EXPORTS[0]


def notify(b: Builder, consumer: Consumer, sender: str) -> str:
    """FCM for phones and browsers, sent to tokens or a topic as fcm.targeting decides."""
    warning = latency_warning(b.workload, consumer)
    if warning:
        b.warn(warning)
    how = targeting(b.workload, consumer).why
    return b.use("firebase-cloud-messaging", f"notifies {consumer.name}",
                 f"{sender} sends with the Admin SDK, {how}.", "fcm-sent-by-function",
                 "fcm-send-quota", "fcm-tokens-for-latency")


def _partner(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """An endpoint that is not the team's (a partner's webhook) is called at its URL: no
    compute of ours runs it, and it cannot be an Eventarc destination."""
    if tasks_wanted(b, consumer):
        return (_tasks(b, consumer),)
    return _subscription(b, consumer)


def _export(b: Builder, consumer: Consumer) -> tuple[str, ...]:
    """A sink filled by Pub/Sub itself: rows in a BigQuery table, or files in a bucket."""
    if export_for(b, consumer) == "pubsub-cloud-storage":
        sink = b.use("pubsub-cloud-storage", f"writes {consumer.name}'s files (a BigQuery "
                     "subscription writes rows to a table instead)",
                     "Pub/Sub writes a file of messages every 1 to 10 minutes or at a size, "
                     "with no subscriber of ours.", "pubsub-cloud-storage-batching")
    else:
        sink = b.use("pubsub-bigquery", f"writes {consumer.name}'s rows (a Cloud Storage "
                     "subscription writes files to a bucket instead)",
                     "Pub/Sub writes each message to the table as it comes, with no "
                     "subscriber of ours; at least once.", "pubsub-bigquery-subscription",
                     "pubsub-bigquery-states")
    return (*topic(b), sink)
