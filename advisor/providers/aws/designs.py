"""Turn a delivery model plus the workload's requirements into concrete AWS services.

For each model (the chosen one and the two considered) this builds a design: the
services with their role and why, and the route each consumer's messages take.
operations.py then adds what the design needs to run safely. Every reason names
the catalogue facts behind it.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.decision import ConsumerVerdict, Decision
from advisor.core.designs import PEOPLE, PUSH_ONLY, WORKER, ConsumerPath, Design
from advisor.core.routes import buildable  # noqa: F401  (re-exported until callers move)
from advisor.format import units
from advisor.format.workload import Consumer, Workload
from advisor.providers.aws.building import ORDER, QUEUES, Builder
from advisor.providers.aws.kinds import SELF_POLLING_RUNTIMES
from advisor.providers.aws.operations import operate

SELF_POLLING = SELF_POLLING_RUNTIMES


def design(model: str, workload: Workload, decision: Decision, catalogue: Catalogue) -> Design:
    """The services a `model` design would use for this workload."""
    b = Builder(workload, catalogue, model)
    leans = {v.name: v for v in decision.consumers}
    if model == "push":
        _push(b)
    elif model == "poll":
        _poll(b)
    else:
        _hybrid(b, leans)
    _unrouted(b)
    _one_owner_each(b)
    _stream_readers(b)
    _enter(b)
    _delay(b)
    _check_source(b)
    if model == "hybrid" and b.feasible:
        _same_as_poll(b, design("poll", workload, decision, catalogue))
    operations = operate(b)
    ordered = sorted(b.uses.values(), key=lambda u: ORDER.index(u.id))
    names = [catalogue.service(u.id).name for u in ordered]
    return Design(model, tuple(ordered), tuple(b.paths), operations, tuple(b.warnings),
                  b.feasible and decision.allowed(model),
                  ", ".join(names) if names else "direct delivery", tuple(b.unbuildable))


def _unrouted(b: Builder) -> None:
    """A router is in a design only if some consumer's route passes through it: a topic or bus
    no path uses delivers to nobody, and is neither built nor priced."""
    used = {h for p in b.paths for h in p.hops}
    for router in ("sns", "sns-fifo", "eventbridge"):
        if router in b.uses and router not in used:
            del b.uses[router]


IS_POLL = "No consumer is pushed to and nothing fans out: this hybrid is the poll design."


def _same_as_poll(b: Builder, poll: Design) -> None:
    """A hybrid pushes somewhere: one that pushes to no consumer and has no topic or bus
    pushing into a buffer, on the poll design's routes, is the poll design, and offering it
    again would compare one design with itself."""
    def routes(paths: tuple[ConsumerPath, ...] | list[ConsumerPath]) -> list[tuple[object, ...]]:
        return sorted((p.consumer, p.delivery, p.hops, p.count, p.queues) for p in paths)
    fans = any(h in ("sns", "sns-fifo", "eventbridge") for p in b.paths for h in p.hops)
    # The hybrid's IoT Job is announced to its device (a push); the poll design's is only
    # fetched when the device asks.
    announced = any(c.runs_on == "device" and _waits_for_device(b.workload, c)
                    for c in b.workload.consumers)
    if not fans and not announced and routes(b.paths) == routes(poll.paths):
        b.infeasible(IS_POLL)


# --- where the source and the producer hand messages over --------------------------------


def _source_targets(b: Builder) -> tuple[str, ...]:
    """Where the workload's `source` can publish (catalogue `sources:`): the only possible
    first hops. Empty when the producer is the team's own code, which can call any service."""
    w = b.workload
    return b.catalogue.source(w.source).targets if w.source else ()


def _reachable(b: Builder, service: str) -> bool:
    return not b.workload.source or service in _source_targets(b)


# What each router delivers to, so that a service the source cannot reach is reached through
# one it can (SNS subscriptions; EventBridge targets).
_RELAYS = {
    "sns": ("sqs", "lambda", "kinesis-firehose", "webhook"),
    "eventbridge": ("sqs", "sqs-fifo", "kinesis", "kinesis-firehose", "lambda",
                    "step-functions", "sns", "webhook"),
}


def _lead(b: Builder, service: str) -> tuple[str, ...] | None:
    """The routers between the source and `service`: none where it publishes there itself,
    one router it can publish to that delivers there, or None where nothing reaches it."""
    if _reachable(b, service):
        return ()
    for router in ("sns", "eventbridge"):
        if _reachable(b, router) and service in _RELAYS[router]:
            return (router,)
    return None


def _reach(b: Builder, service: str) -> list[str] | None:
    """`_lead`, with the relaying router added to the design."""
    lead = _lead(b, service)
    if lead is None:
        return None
    return [_relay(b, router, service) for router in lead]


def _relay(b: Builder, router: str, service: str) -> str:
    source = b.catalogue.source(b.workload.source or "")
    if router == "sns":
        return b.use("sns", "topic the source publishes to, which delivers to the consumers' "
                     "services", f"{source.name} publishes only to "
                     f"{_names(b, source.targets)}; an SNS topic delivers on to "
                     f"{b.catalogue.service(service).name}.", "sns-subscriptions-per-topic")
    return b.use("eventbridge", "event bus the source publishes to, routing to the consumers' "
                 "services", f"{source.name} publishes only to {_names(b, source.targets)}; "
                 f"an EventBridge rule delivers on to {b.catalogue.service(service).name}.",
                 "eventbridge-retry", "eventbridge-targets-per-rule")


def _names(b: Builder, services: tuple[str, ...] | list[str]) -> str:
    names = [b.catalogue.service(s).name for s in services]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _stream_readers(b: Builder) -> None:
    """Every instance that reads a Kinesis stream is a reader of its own (its own position,
    its own lease table). Beyond the enhanced fan-out consumers a stream allows, the readers
    cannot all keep up: a topic with a queue per instance carries the fan-out instead."""
    if "kinesis" not in b.uses:
        return
    by_name = {c.name: c for c in b.workload.consumers}
    readers: dict[str, int] = {}
    for p in b.paths:
        if "kinesis" not in p.hops:
            continue
        after = p.hops[p.hops.index("kinesis") + 1:]
        if after[:2] == ("eventbridge-pipes", "eventbridge"):
            readers["one pipe into the bus"] = 1  # one reader fans out for everyone
            continue
        consumer = by_name.get(p.consumer)
        # Clients, devices and people are reached through one function that reads for all.
        instances = consumer.instances if consumer and consumer.runs_on not in (
            *PUSH_ONLY, "device") else 1
        readers[p.consumer] = p.count * instances
    total = sum(readers.values())
    most = b.catalogue.number("kinesis-efo-consumers")
    if total > most:
        calls = b.catalogue.number("kinesis-getrecords-tps")
        b.infeasible(f"{total:,} readers would share one Kinesis stream, and a stream takes at "
                     f"most {most:.0f} enhanced fan-out consumers (standard readers share "
                     f"{calls:g} GetRecords calls/s per shard): fan out through an SNS topic "
                     "with an SQS queue per instance instead.")
        b.use("kinesis", "", "", "kinesis-efo-consumers")


def _one_owner_each(b: Builder) -> None:
    """A command is carried out once: with several owners, each command is routed to exactly
    one of them, never copied to all."""
    w = b.workload
    if w.kind != "command" or len(w.consumers) <= 1:
        return
    owner = "each command reaches exactly one owner, never all of them (a copy to every " \
        "owner would carry the command out twice)."
    if "sns" in b.uses or "sns-fifo" in b.uses:
        for topic in ("sns", "sns-fifo"):
            if topic in b.uses and "owner" not in b.uses[topic].why:
                b.use(topic, "", "The sender sets an owner attribute and each owner's "
                      f"subscription has a filter policy on it, so {owner}", "sns-filtering")
    if "eventbridge" in b.uses:
        b.use("eventbridge", "", "The sender names the owner in the event and a rule per owner "
              f"matches it, so {owner}")
    for queue in QUEUES:
        shared = [p for p in b.paths if p.hops[:1] == (queue,)]
        if len(shared) > 1:
            b.use(queue, "", f"One queue per owner, which the sender addresses, so {owner}")


def _enter(b: Builder) -> None:
    """Every route starts where the producer hands the message over: an IoT rule when the
    source is IoT Core, an HTTPS endpoint we expose when a third party sends webhooks."""
    w = b.workload
    if w.source == "iot-core":
        first = b.use("iot-core", "rules engine: an IoT rule whose actions deliver each "
                      "matching MQTT message", "IoT Core's rules select messages with SQL and "
                      "deliver them through rule actions (Lambda, SQS, SNS, Kinesis, Firehose, "
                      "Step Functions, HTTP); there is no EventBridge action.",
                      "iot-core-rules", "iot-core-rule-actions")
    elif w.producer == "third-party" and not w.source:
        first = b.use("webhook", "HTTPS endpoint we expose for the third party's webhooks",
                      "The third party delivers by calling our HTTPS endpoint (API Gateway, "
                      "or a function URL), which verifies the signature and hands the event "
                      "on.", "webhook-options")
    else:
        return
    b.paths = [p if p.hops[:1] == (first,) else
               ConsumerPath(p.consumer, p.delivery, (first, *p.hops), p.runs_on, p.count,
                            p.queues)
               for p in b.paths]


def _delay(b: Builder) -> None:
    """A delivery held back longer than SQS's DelaySeconds allows waits in a one-time schedule."""
    w = b.workload
    longest = b.catalogue.number("sqs-delay-max")
    if not w.delay:
        return
    if w.delay <= longest:
        if "sqs" not in b.uses:
            b.warn(f"Each message waits {units.format_duration(w.delay)} before delivery; this "
                   "design has no standard queue to hold it back with DelaySeconds (at most "
                   f"{units.format_duration(longest)}), so the producer needs a queue or a "
                   "one-time EventBridge Scheduler schedule for it.")
        return
    precision = b.catalogue.number("eventbridge-scheduler-one-time")
    scheduler = b.use("eventbridge-scheduler", "one-time schedule per message that delivers "
                      "it when its delay has passed", f"A delay of "
                      f"{units.format_duration(w.delay)} is longer than SQS's DelaySeconds "
                      f"(at most {units.format_duration(longest)}); EventBridge Scheduler "
                      "invokes the first hop once at the set time, to within "
                      f"{units.format_duration(precision)}.",
                      "sqs-delay-max", "eventbridge-scheduler-one-time",
                      "eventbridge-scheduler-schedules")
    if w.source or w.producer == "third-party":
        # An AWS source or a partner sends at once and cannot create schedules: the first
        # function on the route does.
        b.warn(f"The sender delivers at once; to hold each message back "
               f"{units.format_duration(w.delay)}, the first function on the route creates a "
               "one-time EventBridge Scheduler schedule that delivers it on.")
        return
    b.paths = [ConsumerPath(p.consumer, p.delivery, (scheduler, *p.hops), p.runs_on,
                               p.count, p.queues)
               for p in b.paths]


def _check_source(b: Builder) -> None:
    """A design never has a hop the source cannot reach; the first hop cites where it can."""
    w = b.workload
    if not w.source or (w.source == "dynamodb" and b.model == "push"):
        return  # a pushed table change is infeasible already, for that reason
    source = b.catalogue.source(w.source)
    for path in b.paths:
        hops = path.hops[1:] if w.source == "iot-core" else path.hops
        if not hops:
            continue
        if hops[0] not in source.targets:
            b.infeasible(f"{source.name} cannot publish to {b.catalogue.service(hops[0]).name}"
                         f" (for {path.consumer}): it reaches only "
                         f"{_names(b, source.targets)}.")
        elif hops[0] in b.uses:
            b.use(hops[0], "", "", *source.facts)
    if w.source == "iot-core":
        b.use("iot-core", "", "", *source.facts)


def _per_message(consumer: Consumer) -> bool:
    return consumer.runs_on in PEOPLE and consumer.recipients == "per-message"


def _push_only(consumer: Consumer) -> bool:
    """Consumers that only a push reaches; per-message people are reached by a function the
    team writes, which can drain a buffer like any other."""
    return consumer.runs_on in PUSH_ONLY and not _per_message(consumer)


# --- push -------------------------------------------------------------------------------


def _push(b: Builder) -> None:
    w = b.workload
    if w.source == "dynamodb":
        b.infeasible("DynamoDB table changes can only be read by polling the table's stream; "
                     "nothing pushes them.")
    fixed = [c for c in w.consumers if c.runs_on in PEOPLE and not _per_message(c)]
    others = [c for c in w.consumers
              if c not in fixed and c.runs_on not in ("client", "device")]
    router = _push_router(b, others, fixed)
    for consumer in w.consumers:
        if consumer.runs_on == "on-premises":
            b.infeasible(f"{consumer.name} runs on-premises and cannot be pushed to.")
            b.path(consumer, "push", *filter(None, [router]))
            continue
        if _at_the_broker(b, consumer):  # as in the hybrid: already where they subscribe
            b.path(consumer, "push", *(_client_hops(b, consumer, None)
                                       if consumer.runs_on == "client" else
                                       _device_hops(b, consumer, None, "push")))
            continue
        b.path(consumer, "push", *_push_hops(b, consumer, router))


def _existing_router(b: Builder) -> str | None:
    """A bus or topic the producer already publishes to is the flow's entry point."""
    w = b.workload
    for router in ("eventbridge", "sns"):
        if router in w.existing and _reachable(b, router):
            return router
    return None


def _push_router(b: Builder, others: list[Consumer], people: list[Consumer]) -> str | None:
    """The broker that fans out, or None where the producer reaches each consumer itself."""
    w = b.workload
    one_owner = w.kind == "command" and len(w.consumers) == 1
    existing = _existing_router(b)
    if existing and not one_owner:
        return _existing(b, existing)
    if w.source == "iot-core" and not w.crosses:
        return None  # each consumer gets a rule action of its own (SNS for people)
    if people and not others and not w.crosses:
        if _reachable(b, "eventbridge") and not _reachable(b, "sns"):
            return _bus(b, ["is where the source publishes"])
        return _people_topic(b)
    if not others and not people and not w.source:
        return None  # only browsers or devices: their connection service is the broker
    if _sole_store(b):
        return None  # nothing to route: the producer writes to the delivery stream
    https = any(c.runs_on == "https" for c in others)
    if (one_owner or (w.consumer_total == 1 and w.source)) and not w.crosses and (
            not people and all(_direct(b, c) for c in w.consumers)):
        return None  # a command to its owner, or an AWS source that invokes its one target
    if w.crosses == ("regions",) and not https and _reachable(b, "sns"):
        return b.use("sns", "topic in the producer's Region that delivers to the consumer's "
                     "Region", "SNS delivers to Lambda functions and SQS queues in other "
                     "Regions (cross-Region subscriptions), so each consumer's end lives in "
                     "its own Region.", "sns-subscriptions-per-topic")
    if w.source and not https and not w.crosses and _reachable(b, "sns"):
        return b.use("sns", "topic that fans the source's notifications out to each consumer",
                     f"The {w.source} notification goes to one destination; an SNS topic "
                     "copies it to every subscriber.", "sns-subscriptions-per-topic")
    reasons = []
    if w.crosses:
        reasons.append("routes events to buses in other accounts or Regions by rule (a "
                       "cross-Region bus target puts the events in the consumer's Region)")
    if https:
        reasons.append("delivers to HTTPS endpoints through API destinations with "
                       "authorisation, a rate limit and "
                       f"{_span(b.catalogue.number('eventbridge-retry'))} of retries")
    if w.source:
        reasons.append("is where the source publishes")
    if not reasons:
        reasons.append("matches events on any field, so new consumers subscribe without "
                       "changing the producer")
    if _reachable(b, "eventbridge"):
        return _bus(b, reasons)
    if _reachable(b, "sns"):
        return b.use("sns", "topic that fans the source's notifications out to each consumer",
                     f"The {w.source} notification goes to one destination; an SNS topic "
                     "copies it to every subscriber.", "sns-subscriptions-per-topic")
    source = b.catalogue.source(w.source or "")
    b.infeasible(f"{source.name} publishes only to {_names(b, source.targets)}, none of which "
                 f"fans out to {w.consumer_total:,} consumers or reaches them all.")
    return None


def _sole_store(b: Builder) -> bool:
    """One store consumer and nothing else: there is nothing to route, so the producer (or the
    source) writes to the delivery stream itself."""
    w = b.workload
    return (w.consumer_total == 1 and w.consumers[0].runs_on == "store" and not w.crosses
            and _existing_router(b) is None and _reachable(b, "kinesis-firehose"))


def _direct_put(b: Builder) -> None:
    """Firehose Direct PUT: the producer's writes per stream are bounded per Region."""
    w = b.workload
    if w.source:
        return
    records = b.catalogue.fact("kinesis-firehose-direct-put")
    volume = b.catalogue.fact("kinesis-firehose-direct-put-bytes")
    most = records.in_region(w.region) or 0.0
    bytes_most = volume.in_region(w.region) or 0.0
    b.use("kinesis-firehose", "", "With one store consumer there is nothing to route: the "
          "producer writes to the delivery stream itself (Direct PUT, PutRecordBatch), up to "
          f"{most:,.0f} records/s and {units.format_size(bytes_most)}/s per stream in "
          f"{w.region}.", records.id, volume.id, "kinesis-firehose-put-record-batch")
    peak = w.rate_peak or 0.0
    size = w.payload_average or 0.0
    if peak > most or peak * size > bytes_most:
        b.warn(f"The peak of {units.format_rate(peak)} ({units.format_size(peak * size)}/s) "
               "is above a Firehose stream's Direct PUT "
               f"quota in {w.region} ({most:,.0f} records/s, {units.format_size(bytes_most)}/s):"
               " request an increase, or write to a Kinesis data stream that Firehose reads "
               "(no limit then).")


def _bus(b: Builder, reasons: list[str]) -> str:
    return b.use("eventbridge", "event bus that routes each event to its targets",
                 f"EventBridge {'; '.join(reasons)}.", "eventbridge-retry",
                 "eventbridge-putevents-quota")


def _existing(b: Builder, router: str) -> str:
    if router == "eventbridge":
        return _bus(b, ["is already in place: the producer publishes to it, so every consumer "
                        "(connected clients too) gets a rule of its own"])
    return b.use("sns", "topic that pushes each message to every subscriber",
                 "An SNS topic is already in place and delivers to every subscription as "
                 "the message is published.", "sns-subscriptions-per-topic",
                 "sns-retry-aws-endpoints")


def _direct(b: Builder, consumer: Consumer) -> bool:
    """Whether the producer or the source can hand a message straight to the consumer."""
    runs_on = consumer.runs_on
    if not b.workload.source:
        return runs_on != "https"
    # Clients and devices are reached through a function that publishes to their service.
    end = {"lambda": "lambda", "workflow": "step-functions", "store": "kinesis-firehose",
           "client": "lambda", "device": "lambda"}
    # An unstated consumer is not assumed to be a function the source can invoke.
    return runs_on in end and end[runs_on] in _source_targets(b)


def _people_topic(b: Builder) -> str:
    return b.use("sns", "topic that notifies people by email, SMS or mobile push",
                 "SNS delivers to email, SMS and mobile-push subscriptions and retries them "
                 f"for about {_span(b.catalogue.number('sns-retry-customer-endpoints'))}. "
                 "Subscriptions are fixed, confirmed addresses (operators, "
                 "on-call).", "sns-retry-customer-endpoints")


def _push_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    hops = [router] if router else []
    runs_on = consumer.runs_on
    if runs_on in PEOPLE:
        if _per_message(consumer):
            return [*hops, *_per_message_hops(b, consumer)]
        if consumer.recipients is None:
            _assumed_fixed(b, consumer)
        if _email_rate(b, consumer):
            return [*hops, *_fixed_email_hops(b, consumer)]
        sns = _people_topic(b)
        return [*hops, sns] if sns not in hops else hops
    if runs_on == "client":
        return [*hops, *_client_hops(b, consumer, router)]
    if runs_on == "device":
        return [*hops, *_device_hops(b, consumer, router, "push")]
    if runs_on == "store":
        firehose = _firehose(b)
        if not hops and _sole_store(b):
            _direct_put(b)
        return [*hops, firehose]
    if runs_on == "https":
        if router == "sns":
            number = b.catalogue.number
            b.warn(f"SNS retries HTTPS deliveries to {consumer.name} only "
                   f"{number('sns-retry-https-default'):.0f} times over about a minute by "
                   f"default (at most {_span(number('sns-retry-https-custom'))} with a custom "
                   f"policy); EventBridge API destinations retry for "
                   f"{_span(number('eventbridge-retry'))}.")
        if router is None and b.workload.source == "iot-core":
            return [b.use("webhook", "IoT rule HTTP action calling the endpoint",
                          "An IoT rule's HTTP action posts each matching message to the "
                          "endpoint.", "webhook-options", "iot-core-rule-actions")]
        return [*hops, b.use("webhook", "API destination calling the partner's endpoint",
                             "EventBridge API destinations call the endpoint with its "
                             "credentials and a rate limit per destination "
                             f"({b.catalogue.number('eventbridge-api-destinations'):,.0f}/s by "
                             "default).",
                             "webhook-options", "eventbridge-api-destinations")]
    if runs_on == "workflow":
        if router == "sns":
            # SNS has no Step Functions subscription: a function starts the execution.
            hops.append(_function(b))
        return [*hops, b.use("step-functions", "state machine started once per message",
                             "Each message starts one execution.", "step-functions-when")]
    if runs_on == "container":
        b.warn(f"Pushing to {consumer.name} (containers) needs an HTTPS endpoint in front of "
               "the workers (a load balancer or ECS service) and gives them no way to slow "
               "the sender.")
        return [*hops, b.use("webhook", "HTTPS endpoint in front of the workers",
                             "The workers expose an endpoint that receives each message.",
                             "webhook-options")]
    return [*hops, _function(b)]


def _function(b: Builder) -> str:
    return b.use("lambda", "function invoked asynchronously per message",
                 "Asynchronous invocation queues the event inside Lambda, retries "
                 "twice on error and hands failures to an on-failure destination.",
                 "lambda-async-retries", "lambda-async-destinations",
                 "lambda-async-max-event-age")


def _firehose(b: Builder) -> str:
    size = b.catalogue.number("kinesis-firehose-buffer-size-max")
    interval = b.catalogue.number("kinesis-firehose-buffering")
    return b.use("kinesis-firehose", "delivery stream that writes batches to the data store",
                 f"The consumer is a store: Firehose buffers records (up to "
                 f"{units.format_size(size)} or {units.format_duration(interval)}) and writes "
                 "each batch to S3, Redshift, OpenSearch or another destination, with no "
                 "consumer code.", "kinesis-firehose-buffering",
                 "kinesis-firehose-buffer-size-max")


# --- people -----------------------------------------------------------------------------


def _per_message_hops(b: Builder, consumer: Consumer) -> list[str]:
    """Each message names its own recipient: a function sends to that person, no topic."""
    fn = b.use("lambda", "function that sends each message to the recipient it names",
               "A topic subscription is one fixed, confirmed address; a message for its own "
               "recipient is sent by a function (or a pipe) that names the recipient.",
               "lambda-async-retries", "lambda-async-destinations")
    if consumer.runs_on == "email":
        daily = b.catalogue.number("ses-sandbox-daily-quota")
        rate = b.catalogue.number("ses-sandbox-send-rate")
        ses = b.use("ses", "email sending service called once per message "
                    "(SendEmail to the message's recipient)",
                    "Amazon SES sends each email to the address in the message, under the "
                    "account's sending quota and rate, set per account and Region; new accounts "
                    f"start in the sandbox (verified addresses only, {daily:,.0f} per 24 hours, "
                    f"{rate:g} per second) until production access is granted.", "ses-sandbox",
                    "ses-sandbox-daily-quota", "ses-sandbox-send-rate", "ses-production-quota",
                    "ses-max-message-size", "price-ses-outbound")
        _ses_limits(b, consumer)
        return [fn, ses]
    if consumer.runs_on == "sms":
        spend = b.catalogue.fact("sns-sms-spend-limit")
        b.warn(f"SMS to {consumer.name} goes by publishing to each phone number (SNS Publish "
               "with PhoneNumber, no subscription) or through AWS End User Messaging SMS. New "
               f"accounts are in the SMS sandbox (verified numbers only) with a spending "
               f"quota of ${spend.value or 0:,.2f} a month: request production access and a "
               "higher limit before launch.")
        return [fn, b.use("sns", "SMS sent by publishing to each recipient's phone number",
                          "SNS Publish with a PhoneNumber sends one SMS to that number with no "
                          "topic or subscription (AWS End User Messaging SMS does the same with "
                          "more sender controls).", "sns-sms-sandbox", "sns-sms-spend-limit",
                          "sns-sms-rate", "end-user-messaging-sms")]
    return [fn, b.use("sns", "mobile push to each device's platform endpoint",
                      "Each app install registers its device token as a platform endpoint "
                      "(CreatePlatformEndpoint); publishing to that endpoint's ARN pushes to "
                      "that device alone, with no topic subscription.",
                      "sns-mobile-push-endpoints")]


def _assumed_fixed(b: Builder, consumer: Consumer) -> None:
    how = {"email": "send through Amazon SES (SendEmail) from a function",
           "sms": "publish to each phone number (SNS Publish) or use AWS End User Messaging",
           "mobile-push": "publish to each device's platform endpoint"}[consumer.runs_on or ""]
    held = ("recipients of the emails it sends" if _email_rate(b, consumer) else
            "subscribers of the topic")
    b.warn(f"{consumer.name} does not state its recipients, so this design takes them as fixed "
           f"{held} (operators, on-call). If each message goes to its own "
           f"recipient (`recipients: per-message`), a subscription cannot do it: {how}.")


def _ses_limits(b: Builder, consumer: Consumer) -> None:
    peak = b.workload.rate_peak
    sandbox = b.catalogue.fact("ses-sandbox-send-rate")
    daily = b.catalogue.fact("ses-sandbox-daily-quota")
    if peak and sandbox.value and peak * consumer.count > sandbox.value:
        b.warn(f"{consumer.name} sends up to {units.format_rate(peak * consumer.count)} through "
               f"SES; the sandbox allows {sandbox.value:g} email/s and {daily.value or 0:,.0f} "
               "per 24 hours, and the production sending rate and quota are set per account "
               "and Region: request production access with a quota above this peak.")
        b.use("ses", "", "", sandbox.id, daily.id)


def _email_rate(b: Builder, consumer: Consumer) -> bool:
    """Whether the peak is above what an SNS email subscription takes."""
    peak = b.workload.rate_peak
    limit = b.catalogue.fact("sns-email-rate")
    return bool(consumer.runs_on == "email" and peak and limit.value and peak > limit.value)


def _fixed_email_hops(b: Builder, consumer: Consumer) -> list[str]:
    """Fixed recipients at a rate an SNS email subscription cannot take: a function sends
    through SES instead."""
    limit = b.catalogue.fact("sns-email-rate")
    peak = b.workload.rate_peak or 0.0
    fn = b.use("lambda", "function that sends each message by email through SES",
               f"{consumer.name} would receive up to {units.format_rate(peak)} by email; an "
               f"SNS email subscription takes {limit.value or 0:g} messages/s and is disabled "
               f"above it, so a function sends each message to the fixed recipients through "
               "Amazon SES (or sends a digest).", limit.id, "lambda-async-retries",
               "lambda-async-destinations")
    ses = b.use("ses", "email sending service called once per message (SendEmail to the "
                "fixed recipients)", "Amazon SES sends each email under the account's sending "
                "quota and rate, set per account and Region; new accounts start in the sandbox "
                "until production access is granted.", "ses-sandbox",
                "ses-sandbox-daily-quota", "ses-sandbox-send-rate", "ses-production-quota",
                "price-ses-outbound")
    b.warn(f"{consumer.name} would receive up to {units.format_rate(peak)} by email, above an "
           f"SNS email subscription's {limit.value or 0:g} messages/s ({limit.status}): this "
           "design sends it through Amazon SES from a function instead (a digest would also "
           "do).")
    _ses_limits(b, consumer)
    return [fn, ses]


# --- connected clients and devices ------------------------------------------------------


def _client_service(b: Builder) -> str:
    """The service that holds the clients' connections: the one in place, else the one that
    fits what the clients need."""
    w = b.workload
    for service in ("appsync", "iot-core", "api-gateway-websocket"):
        if service in w.existing:
            return service
    if w.source == "iot-core":
        return "iot-core"  # a rule republishes to the topics the clients subscribe to
    clients = [c for c in w.consumers if c.runs_on == "client"]
    if any(c.recipients == "per-message" for c in clients):
        return "iot-core"
    # A broadcast to several connections is fanned out by the service, never posted once per
    # connection by a function.
    if sum(c.count * c.instances for c in clients) > 1:
        return "appsync"
    return "api-gateway-websocket"


_CLIENT_SIZE = {"appsync": "appsync-events", "iot-core": "iot-core-message-size",
                "api-gateway-websocket": "api-gateway-websocket-message-size"}


def _client_size(b: Builder, consumer: Consumer, service: str) -> None:
    """A message larger than the connection service carries cannot reach the client."""
    largest = b.workload.payload_max
    limit = b.catalogue.fact(_CLIENT_SIZE[service])
    if largest and limit.value and largest > limit.value:
        b.warn(f"Messages to {consumer.name} up to {units.format_size(largest)} exceed "
               f"{b.catalogue.service(service).name}'s {units.format_size(limit.value)} per "
               "message: store the body in S3 and send the clients a link to it (a presigned "
               "URL) instead.")


def _client_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    service = _client_service(b)
    _client_size(b, consumer, service)
    if consumer.instances > 1 and consumer.recipients != "per-message":
        b.warn(f"{consumer.name} stands for {consumer.instances:,} connected clients: every "
               f"message sent to all of them is {consumer.instances:,} deliveries.")
    if service == "appsync":
        existing = "appsync" in b.workload.existing
        api = b.use("appsync", "GraphQL subscriptions that push to connected clients" if existing
                    else "AppSync Events channels the client apps subscribe to",
                    "AppSync is in place and pushes data changes over the clients' WebSocket "
                    "connections." if existing else
                    "Several client apps subscribe to channels of this flow; AppSync Events "
                    "delivers each published event to every subscriber of a channel over "
                    "WebSocket, with no connection bookkeeping.", "appsync-realtime",
                    "appsync-events")
        direct = router == "eventbridge" or (router is None and not _sourced(b))
        return [api] if direct else [_publisher(b), api]
    if service == "iot-core":
        iot = b.use("iot-core", "MQTT broker the clients subscribe to over WebSockets",
                    "Clients subscribe to MQTT topics over WebSocket Secure; a topic per user "
                    "(scoped by IoT policy) carries that user's messages, shared topics carry "
                    "the rest, and IoT Core does the fan-out.", "iot-core-client-protocols",
                    "iot-core-message-size")
        return [iot] if router is None and not _sourced(b) else [_publisher(b), iot]
    size = b.catalogue.fact("api-gateway-websocket-message-size")
    frame = b.catalogue.fact("api-gateway-websocket-frame-size")
    fn = b.use("lambda", "function that posts each message to the open connections",
               "Lambda looks up the connection ids (kept in a table on connect) and posts "
               "through the WebSocket API, dropping connections that have gone.",
               "lambda-scaling-rate")
    api = b.use("api-gateway-websocket", "WebSocket API holding the clients' live connections",
                "API Gateway WebSockets push to browsers and apps over connections they "
                "opened; there is no broadcast, so each message is posted once per "
                "connection (for broadcast channels to many clients, AppSync Events or IoT "
                f"Core do the fan-out). Limits: {units.format_size(size.value or 0)} messages "
                f"sent as frames of at most {units.format_size(frame.value or 0)}, "
                f"{b.catalogue.number('api-gateway-websocket-connection-duration') / 3600:g} h "
                "connections, "
                f"{b.catalogue.number('api-gateway-websocket-new-connections'):,.0f} new "
                "connections/s.", "api-gateway-websocket-limits",
                size.id, frame.id, "appsync-realtime")
    return [fn, api]


def _sourced(b: Builder) -> bool:
    """An AWS source (other than IoT Core, whose rules republish to MQTT topics) needs a
    function to publish to a client or device service."""
    return b.workload.source is not None and b.workload.source != "iot-core"


def _publisher(b: Builder) -> str:
    return b.use("lambda", "function that publishes each message to the clients' or devices' "
                 "topics", "The router has no direct target for the connection service, so a "
                 "function publishes each message to it.", "lambda-async-retries",
                 "lambda-async-destinations")


def _waits_for_device(w: Workload, consumer: Consumer) -> bool:
    """A command with no expiry must wait until the device asks for it (an IoT Job)."""
    return w.kind == "command" and consumer.expires_after is None


def _device_hops(b: Builder, consumer: Consumer, router: str | None, model: str) -> list[str]:
    """Device fleets are reached through IoT Core: an MQTT publish, or an IoT Job for a
    command that waits until the device asks for it."""
    w = b.workload
    job = _waits_for_device(w, consumer)
    lead = [] if router is None and not _sourced(b) else [_publisher(b)]
    if w.ordering != "none" and model != "push":
        # MQTT keeps no order across publishes: a function drains a FIFO queue and publishes
        # (or creates jobs) in turn.
        lead = [b.use("sqs-fifo", "FIFO queue drained in order before the devices",
                      "The FIFO queue keeps the group order; one function per message group "
                      "publishes to the devices in turn.", "sqs-fifo-per-group"),
                b.use("lambda-esm", "event source mapping that drains the FIFO queue in order",
                      "Lambda drains the FIFO queue in order, and its function publishes each "
                      "message to the devices.", "lambda-esm-batch-size-sqs-fifo")]
    if job and model != "push":
        return [*lead, _job(b)]
    if job:
        keep = b.catalogue.fact("iot-persistent-sessions")
        b.warn(f"A command published on {consumer.name}'s MQTT topic reaches a device that is "
               f"offline only while its persistent session lasts (about "
               f"{units.format_duration(keep.value or 0)}, QoS 1); an IoT Job keeps it until "
               "the device asks.")
    if consumer.instances > 1 and consumer.recipients != "per-message":
        b.warn(f"{consumer.name} stands for {consumer.instances:,} devices: a message for all "
               f"of them is {consumer.instances:,} deliveries (one per device subscription).")
    return [*lead, b.use("iot-core", "MQTT topic per device, published to with each message",
                         "IoT Core delivers each message published on a device's topic to "
                         "the connected device (QoS 1, persistent sessions for short "
                         "outages).", "iot-core-client-protocols", "iot-persistent-sessions",
                         "iot-core-message-size")]


# --- poll -------------------------------------------------------------------------------


def _poll(b: Builder) -> None:
    w = b.workload
    buffer = _poll_buffer(b)
    lead = _reach(b, buffer)
    if lead is None:
        source = b.catalogue.source(w.source or "")
        b.infeasible(f"{source.name} publishes only to {_names(b, source.targets)}, and none "
                     f"of them fills a {b.catalogue.service(buffer).name} for consumers that "
                     "pull.")
        lead = []
    elif lead == [] and w.crosses and "regions" in w.crosses and w.source and buffer in QUEUES:
        # An AWS source notifies only in its own Region: a topic carries it to the queue in
        # the consumer's Region.
        lead = _reach_across(b, buffer)
    for consumer in w.consumers:
        runs_on = consumer.runs_on
        if runs_on == "device":
            b.path(consumer, "poll", *_poll_devices(b, consumer))
            continue
        if _push_only(consumer):
            b.infeasible(f"{consumer.name} ({runs_on}) cannot poll a queue or stream.")
            b.path(consumer, "poll", *lead, buffer)
            continue
        b.path(consumer, "poll", *_own_queues(b, consumer, buffer, lead), buffer,
               *_poll_tail(b, consumer, buffer))


def _own_queues(b: Builder, consumer: Consumer, queue: str, lead: list[str]) -> list[str]:
    """Separately addressed instances never compete on one queue, where each message would go
    to whichever instance polls first: each instance pulls its own queue. The lead returned
    puts a topic in front where a broadcast must fill every one of them."""
    n = consumer.instances
    if n <= 1 or queue not in QUEUES or consumer.runs_on in (*PUSH_ONLY, "device"):
        return lead
    order = (" (MessageGroupId keeps each instance's messages in order)"
             if queue == "sqs-fifo" else "")
    if consumer.recipients == "per-message":
        policies = b.catalogue.fact("sns-filter-policies-per-topic")
        topics = [h for h in lead if h in ("sns", "sns-fifo")]
        if topics and not b.workload.source and n > (policies.value or 0):
            # Too many addressees to filter on one topic: the producer addresses each queue.
            lead = [h for h in lead if h not in topics]
            b.use(queue, "", f"A topic takes at most {policies.value or 0:,.0f} filter "
                  "policies, so the producer sends each message straight to its addressee's "
                  "queue rather than through the topic.", policies.id)
        how = ("a subscription filter policy on the addressee attribute sends each message "
               "to its instance's queue" if any(h in ("sns", "sns-fifo") for h in lead) else
               "a rule per instance matching the addressee sends each message to its queue"
               if "eventbridge" in lead else
               "the producer sends each message to its addressee's queue")
        b.use(queue, "", f"{consumer.name} stands for {n:,} separately addressed instances, so "
              f"it gets {n:,} queues, one per instance: {how}{order}; a shared queue would "
              "hand each message to whichever instance polls first.")
        return lead
    if queue == "sqs-fifo" and "eventbridge" in lead and not _reachable(b, "sns-fifo"):
        # An SNS standard topic delivers to no FIFO queue: the bus's rules fill each one.
        per = b.catalogue.number("eventbridge-targets-per-rule")
        rules = -(-n // int(per))
        b.use(queue, "", f"{consumer.name} stands for {n:,} instances that each receive every "
              f"message, so it gets {n:,} FIFO queues, one per instance, each a target of the "
              f"bus ({rules:,} rule{'s' if rules > 1 else ''} of at most {per:.0f} targets); an "
              "SNS standard topic delivers to no FIFO queue.", "eventbridge-targets-per-rule",
              "sns-protocols")
        return lead
    if not any(h in ("sns", "sns-fifo") for h in lead):
        # A FIFO queue is filled only by a FIFO topic: a standard one delivers to no FIFO queue.
        topic = "sns-fifo" if queue == "sqs-fifo" else "sns"
        reach = _lead(b, topic)
        if reach is None:
            b.infeasible(f"{consumer.name}'s {n:,} instances each need every message in a "
                         "queue of their own, and nothing the source reaches copies a message "
                         "to a queue per instance.")
            return lead
        routers = [h for h in lead if h == "eventbridge"] or [
            _relay(b, r, topic) for r in reach]
        lead = [*routers, b.use(topic, "topic that copies each message to a queue per "
                                "instance", "Every instance must receive every message, so "
                                "the topic delivers each one to a queue per instance.",
                                "sns-subscriptions-per-topic")]
    b.use(queue, "", f"{consumer.name} stands for {n:,} instances that each receive every "
          f"message, so it gets {n:,} queues, one per instance, each subscribed to the "
          f"topic{order}; a shared queue would hand each message to one instance only.")
    return lead


def _reach_across(b: Builder, buffer: str) -> list[str]:
    for router in ("sns", "eventbridge"):
        if _reachable(b, router) and buffer in _RELAYS[router]:
            return [b.use(router, "topic in the source's Region that delivers to the queue in "
                          "the consumer's Region" if router == "sns" else
                          "event bus in the source's Region with a cross-Region bus target",
                          "The source notifies only within its Region; SNS delivers to SQS "
                          "queues in other Regions, so the queue lives in the consumer's "
                          "Region." if router == "sns" else
                          "The source notifies only within its Region; an EventBridge rule "
                          "sends to a bus in the consumer's Region, which fills its queue.",
                          "sns-subscriptions-per-topic" if router == "sns"
                          else "eventbridge-retry")]
    return []


def _job(b: Builder) -> str:
    return b.use("iot-core", "IoT Jobs: a job execution per device, announced on its jobs "
                 "topic and listed when the device asks",
                 "A command that must wait for an offline device is an IoT Job: IoT Core "
                 "notifies the device over MQTT and keeps its pending executions until the "
                 "device fetches and acknowledges them.", "iot-jobs", "iot-persistent-sessions")


def _poll_devices(b: Builder, consumer: Consumer) -> list[str]:
    """Devices do not poll a shared queue; a command waiting for them is an IoT Job they ask
    for (the pull half of IoT Jobs)."""
    w = b.workload
    if _waits_for_device(w, consumer):
        if w.ordering != "none":
            return _device_hops(b, consumer, None, "poll")
        return [b.use("iot-core", "IoT Jobs the devices fetch when they ask",
                      "Each device asks IoT Jobs for its pending executions "
                      "(StartNextPendingJobExecution) when it connects or on a schedule, "
                      "without listening for the notice.", "iot-jobs")]
    b.infeasible(f"{consumer.name} (devices) cannot poll a shared queue for events: it would "
                 "hand each message to whichever device polls first. Devices subscribe to "
                 "their MQTT topics (push).")
    return []


def _stream_needed(b: Builder) -> bool:
    """A retained, sharded stream rather than a queue: history, shared reading, volume,
    telemetry and logs, and several readers of one ordered feed."""
    w = b.workload
    peak = w.rate_peak or 0.0
    # the thresholds of PP307 and PP401, read from the same catalogue facts
    most_batch = b.catalogue.number("lambda-esm-batch-size-streams")
    most_window = b.catalogue.number("lambda-esm-batching-window")
    big_batches = any((c.batching.size or 0) > most_batch
                      or (c.batching.window or 0) > most_window for c in w.consumers)
    # Events at a high rate are a stream (telemetry, clicks, logs); commands at any rate are
    # work items, and a standard queue takes nearly unlimited throughput.
    return bool(w.replay) or any(c.replay for c in w.consumers) or (
        w.kind == "event" and (w.consumer_total > 1
                               or peak >= b.catalogue.number("kinesis-shard-write-records"))
    ) or big_batches or (
        w.kind == "event" and (w.producer == "device" or w.source == "cloudwatch-logs")) or (
        w.ordering != "none" and w.consumer_total > 1) or (
        _lead(b, "sqs") is None and _reachable(b, "kinesis"))


def _poll_buffer(b: Builder) -> str:
    w = b.workload
    # A log is never offered for a replay window longer than it keeps records.
    window = max((c.replay for c in w.consumers), default=0.0)
    if w.source == "dynamodb":
        readers = b.catalogue.number("dynamodb-streams-readers")
        keeps = b.catalogue.number("dynamodb-streams-retention")
        if w.consumer_total > readers:
            return _table_into_kinesis(b, f"{w.consumer_total:,} consumers read the table's "
                                       "changes; a DynamoDB stream takes at most "
                                       f"{readers:.0f} readers per shard", window)
        if window > keeps:
            return _table_into_kinesis(b, _replay_outlives_stream(window, keeps), window)
        return b.use("dynamodb-streams", "change stream of the table, read by pollers",
                     f"DynamoDB Streams keeps each item change for "
                     f"{_span(b.catalogue.number('dynamodb-streams-retention'))}, in order per "
                     "item.", "dynamodb-streams-retention", "dynamodb-streams-ordering",
                     "dynamodb-streams-readers")
    if "msk" in w.existing:
        return b.use("msk", "Kafka topic the consumers read at their own offsets",
                     "Amazon MSK is already in place; Kafka keeps order per partition and "
                     "lets each consumer group read at its own pace.", "msk-when")
    if "mq" in w.existing:
        return b.use("mq", "broker queue the consumers read", "Amazon MQ is already in place "
                     "and its clients speak its protocols (JMS, AMQP, MQTT, STOMP).", "mq-when")
    if window > b.catalogue.number("kinesis-retention-max") and _reachable(b, "msk"):
        return b.use("msk", "Kafka topic with tiered storage, kept as long as replay needs",
                     f"{units.format_duration(window)} of replay is longer than Kinesis keeps "
                     f"records ({_span(b.catalogue.number('kinesis-retention-max'))}); an MSK "
                     "topic on tiered storage keeps them without a "
                     "limit (retention.ms -1), and each consumer group reads at its own "
                     "offset.", "msk-tiered-storage-retention", "kinesis-retention-max",
                     "msk-ordering")
    fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if "kinesis" in w.existing or _stream_needed(b) or (
            fifo and _lead(b, "sqs-fifo") is None and _reachable(b, "kinesis")):
        _kinesis_keeps(b, window)
        return b.use("kinesis", "retained stream every consumer reads at its own position",
                     _kinesis_why(w, b.catalogue), "kinesis-retention-max", "kinesis-ordering",
                     "kinesis-shard-write-records", "kinesis-efo-consumers")
    if w.ordering != "none" or w.duplicates == "must-deduplicate":
        return b.use("sqs-fifo", _fifo_role(w), _fifo_why(b), "sqs-fifo-dedup-window",
                     "sqs-fifo-per-group", "sqs-fifo-throughput", "sqs-fifo-high-throughput")
    return b.use("sqs", "queue the consumer drains at its own pace",
                 f"SQS holds messages up to {_span(b.catalogue.number('sqs-retention-max'))} "
                 "with nearly unlimited throughput; the consumer sets batch size and "
                 "concurrency.", "sqs-retention-max",
                 "sqs-standard-throughput")


def _span(seconds: float) -> str:
    """A catalogue duration as the texts write it: "365 days", "24 hours", "5 minutes"."""
    return units.format_span(seconds)


def _replay_outlives_stream(window: float, keeps: float) -> str:
    return (f"{units.format_duration(window)} of replay is needed and a DynamoDB stream keeps "
            f"changes for {units.format_duration(keeps)}")


# Kinesis Data Streams for DynamoDB keeps no per-item order and may repeat a change.
_TABLE_INTO_KINESIS_ORDER = (
    "the table's changes may arrive out of order and occasionally twice (Kinesis Data Streams "
    "for DynamoDB), so order them by ApproximateCreationDateTime or an item version and make "
    "the handler idempotent")


def _table_into_kinesis(b: Builder, why: str, window: float) -> str:
    """The table's changes streamed into Kinesis (Kinesis Data Streams for DynamoDB)."""
    _kinesis_keeps(b, window)
    return b.use("kinesis", "Kinesis data stream the table's changes are streamed into, read "
                 "by every consumer", f"{why}, so the table streams into Kinesis Data Streams "
                 "(Kinesis Data Streams for DynamoDB), where each consumer reads at its own "
                 f"position. Unlike a DynamoDB stream, {_TABLE_INTO_KINESIS_ORDER}.",
                 "dynamodb-change-capture", "dynamodb-kinesis-ordering",
                 "dynamodb-streams-readers", "dynamodb-streams-retention",
                 "kinesis-efo-consumers", "kinesis-retention-max")


def _kinesis_keeps(b: Builder, window: float) -> None:
    """Kinesis keeps records for a bounded time: a longer replay cannot be served by it."""
    keeps = b.catalogue.number("kinesis-retention-max")
    if window > keeps:
        b.infeasible(f"{units.format_duration(window)} of replay is longer than Kinesis Data "
                     f"Streams keeps records ({units.format_duration(keeps)}); keep an archive "
                     "(an EventBridge archive for replay by an operator, or S3 through "
                     "Firehose) or a Kafka topic on tiered storage.")


def _kinesis_why(w: Workload, catalogue: Catalogue) -> str:
    reasons = []
    if w.replay or any(c.replay for c in w.consumers):
        reasons.append(f"keeps records up to {_span(catalogue.number('kinesis-retention-max'))} "
                       "for replay")
    if w.kind == "event" and w.consumer_total > 1:
        reasons.append("lets every consumer read the same records at its own position")
    if (w.rate_peak or 0) >= catalogue.number("kinesis-shard-write-records"):
        reasons.append(f"scales by shards for a peak of {units.format_rate(w.rate_peak or 0)}")
    if w.ordering != "none":
        reasons.append(f"keeps order per shard by partition key ({w.ordering_key or 'the key'})")
    if w.kind == "event" and w.producer == "device":
        reasons.append("takes device telemetry as a continuous, ordered feed")
    if w.source == "cloudwatch-logs":
        reasons.append("is where CloudWatch Logs subscription filters deliver log events for "
                       "consumers that read in batches")
    if not reasons:
        reasons.append("is already in place")
    return f"Kinesis Data Streams {', '.join(reasons)}."


def _fifo_role(w: Workload) -> str:
    if w.ordering == "none":
        return "FIFO queue that drops duplicate sends"
    return "FIFO queue the consumer drains in order"


def _fifo_why(b: Builder) -> str:
    w = b.workload
    parts = []
    if w.ordering == "per-key":
        parts.append(f"keeps order within each message group ({w.ordering_key or 'the key'} as "
                     "MessageGroupId)")
    elif w.ordering == "global":
        parts.append("keeps one global order with a single message group")
    if w.duplicates == "must-deduplicate":
        parts.append(f"drops duplicates sent within "
                     f"{_span(b.catalogue.number('sqs-fifo-dedup-window'))} "
                     "(MessageDeduplicationId)")
        if w.ordering == "none":
            parts.append("takes a high-cardinality MessageGroupId (such as the message id) "
                         "so that groups do not serialise the work")
    limit = b.catalogue.number("sqs-fifo-high-throughput", w.region)
    if w.rate_peak and w.rate_peak > limit:
        b.warn(f"The peak of {units.format_rate(w.rate_peak)} is above SQS FIFO's "
               f"high-throughput limit in {w.region} ({limit:,.0f} msg/s).")
    return f"An SQS FIFO queue {', '.join(parts)}."


def _poll_tail(b: Builder, consumer: Consumer, buffer: str) -> list[str]:
    runs_on = consumer.runs_on
    if runs_on in ("container", "on-premises"):
        return [WORKER]
    if runs_on == "store":
        if buffer in ("kinesis", "msk"):
            return [_firehose(b)]  # Firehose reads a Kinesis stream or MSK topic itself
        return [_pipe(b, "pipe that drains the buffer into the delivery stream"), _firehose(b)]
    if runs_on == "workflow":
        pipe = _pipe(b, "pipe that polls the buffer and starts the workflow")
        return [pipe, b.use("step-functions", "state machine run per record",
                            "The workflow owns the multi-step processing.",
                            "step-functions-when")]
    if _push_only(consumer) or runs_on in ("client", "device"):
        return []
    esm = b.use("lambda-esm", "event source mapping that polls for the function, with batch "
                "and concurrency control", _esm_why(b, consumer, buffer),
                "lambda-esm-batch-size-sqs", "lambda-esm-batching-window",
                "lambda-esm-batch-payload", "lambda-esm-max-concurrency")
    if _per_message(consumer):
        # The sending function drains the buffer, which also holds sends within their quota.
        return [esm, *(h for h in _per_message_hops(b, consumer) if h != "lambda")]
    return [esm]


def _pipe(b: Builder, role: str) -> str:
    return b.use("eventbridge-pipes", role, "A pipe reads the queue or stream in batches and "
                 "delivers to its target, with no forwarding code.",
                 "eventbridge-pipes-sources", "eventbridge-pipes-targets")


def _esm_why(b: Builder, consumer: Consumer, buffer: str) -> str:
    parts = []
    if consumer.max_rate:
        parts.append(
            f"for {consumer.name}, maximum concurrency "
            f"({b.catalogue.number('lambda-esm-max-concurrency-min'):,.0f} to "
            f"{b.catalogue.number('lambda-esm-max-concurrency'):,.0f}) bounds concurrent batches, "
            "not messages per second: throughput is about concurrency x batch size / "
            f"processing time, so size both to stay under {units.format_rate(consumer.max_rate)}"
            "; for a hard rate limit on an HTTP API, let a pipe call it through an API "
            "destination with an invocation rate limit")
    if consumer.batching.wanted:
        window = consumer.batching.window
        size = consumer.batching.size
        if buffer == "sqs-fifo":
            # An SQS FIFO event source mapping takes no MaximumBatchingWindowInSeconds.
            window = None
            fifo_most = int(b.catalogue.number("lambda-esm-batch-size-sqs-fifo"))
            size = min(size, fifo_most) if size else fifo_most
        most = int(b.catalogue.number("lambda-esm-batch-size-sqs" if buffer.startswith("sqs")
                                      else "lambda-esm-batch-size-streams"))
        longest = b.catalogue.number("lambda-esm-batching-window")
        payload = b.catalogue.number("lambda-esm-batch-payload")
        detail = ", ".join(x for x in (
            f"batches of up to {min(size, most):,}" if size else "",
            f"a {units.format_duration(min(window, longest))} batching window" if window else "",
        ) if x)
        parts.append(f"for {consumer.name}, {detail or f'batches of up to {most:,} records'} "
                     f"(at most {payload / 1024**2:g} MB per batch)")
        if buffer == "sqs-fifo":
            parts.append("no batching window: SQS FIFO event source mappings do not support "
                         "one")
    if buffer == "kinesis" and b.workload.source == "dynamodb":
        parts.append(_TABLE_INTO_KINESIS_ORDER)
    elif buffer in ("kinesis", "dynamodb-streams"):
        parts.append("records of a shard arrive in order")
    if not parts:
        return "Lambda polls the buffer and invokes the function with batches."
    return "Lambda polls the buffer; " + "; ".join(parts) + "."


# --- hybrid -----------------------------------------------------------------------------


def _hybrid(b: Builder, leans: dict[str, ConsumerVerdict]) -> None:
    w = b.workload
    if w.source == "dynamodb":
        _hybrid_from_stream(b)
        return
    one_owner = w.kind == "command" and len(w.consumers) == 1
    router = None if one_owner or _sole_store(b) else _hybrid_router(b)
    # A consumer that re-reads from its own position needs a log on its route: never pushed.
    pushed = {c.name for c in w.consumers
              if _push_only(c) or c.runs_on == "device"
              or (c.name in leans and leans[c.name].lean == "push" and not _rereads(c))}
    if len(pushed) == len(w.consumers):
        # Nobody asked for a buffer: the hybrid worth comparing buffers everyone who can pull.
        pushed = {c.name for c in w.consumers
                  if _push_only(c) or c.runs_on == "device"}
        if len(pushed) == len(w.consumers) and not any(
                c.runs_on == "device" and _waits_for_device(w, c) for c in w.consumers):
            b.infeasible("Every consumer can only be pushed to, so a buffer adds nothing: "
                         "this hybrid is the push design.")
    for consumer in w.consumers:
        if _at_the_broker(b, consumer):
            b.path(consumer, "push", *(_client_hops(b, consumer, None)
                                       if consumer.runs_on == "client" else
                                       _device_hops(b, consumer, None, "push")))
        elif consumer.runs_on == "device" and _unordered_topic(b, router):
            b.path(consumer, "poll" if _waits_for_device(w, consumer) else "push",
                   *_ordered_log_hops(b, consumer))
        elif consumer.runs_on == "device":
            lead = [router] if router else []
            job = _waits_for_device(w, consumer)
            b.path(consumer, "poll" if job else "push",
                   *lead, *_device_hops(b, consumer, router, "hybrid"))
        elif _unordered_topic(b, router) and not _rereads(consumer) and (
                consumer.runs_on not in PEOPLE):
            b.path(consumer, "push" if _push_only(consumer) else "poll",
                   *_ordered_log_hops(b, consumer))
        elif consumer.name not in pushed:
            b.path(consumer, "poll", *_buffered_hops(b, consumer, router))
        elif w.ordering != "none" or w.duplicates == "must-deduplicate" or (
                router == "sns-fifo"):
            # A consumer that its own poller drains a FIFO queue for is polled, not pushed to:
            # only clients, endpoints and people are pushed to after the drain.
            hops = _ordered_push_hops(b, consumer, router)
            b.path(consumer, "push" if _push_only(consumer) else "poll", *hops)
        else:
            b.path(consumer, "push", *_push_hops(b, consumer, router))
    _written_beside(b, router)


def _written_beside(b: Builder, router: str | None) -> None:
    """Where a topic carries the flow to some consumers and a re-reading consumer's stream is
    not filled by it, the producer writes to the stream as well."""
    if router is None or not any(router in p.hops for p in b.paths):
        return
    for p in b.paths:
        if p.hops[:1] == ("kinesis",):  # written by the producer itself, not relayed
            b.use("kinesis", "", f"The producer also writes each message to the stream "
                  f"{p.consumer} reads ({b.catalogue.service(router).name} cannot fill one).")


def _at_the_broker(b: Builder, consumer: Consumer) -> bool:
    """Clients and devices on IoT Core subscribe to the topics an IoT Core source's devices
    publish on (or a rule republishes to theirs): the messages are already at the broker, and
    no route leaves it through a topic and a function to come back. A command that waits for
    its device is an IoT Job, which something must create."""
    w = b.workload
    if w.source != "iot-core" or w.crosses:
        return False
    if consumer.runs_on == "device":
        return not _waits_for_device(w, consumer)
    return consumer.runs_on == "client" and _client_service(b) == "iot-core"


def _unordered_topic(b: Builder, router: str | None) -> bool:
    """A standard SNS topic keeps no order and delivers to no SQS FIFO queue: where order or
    deduplication is needed and only a standard topic is reachable, it cannot fill the FIFO
    queues."""
    w = b.workload
    return router == "sns" and (w.ordering != "none" or w.duplicates == "must-deduplicate")


def _ordered_log_hops(b: Builder, consumer: Consumer) -> list[str]:
    """An ordered stream the source fills, partitioned by the ordering key, read in order by
    the consumer, where no FIFO topic can fan out to FIFO queues."""
    w = b.workload
    key = w.ordering_key or "the ordering key"
    source = b.catalogue.source(w.source).name if w.source else "The producer"
    log = b.use("kinesis", "stream partitioned by the ordering key, read in order by the "
                "consumers that need order",
                f"{source} cannot publish to an SNS FIFO topic, and a standard topic keeps no "
                f"order and delivers to no SQS FIFO queue; a Kinesis stream with {key} as "
                "partition key keeps each key's records in order on one shard.",
                "sns-protocols", "sns-fifo-subscribers", "kinesis-ordering")
    if w.duplicates == "must-deduplicate":
        b.infeasible("Duplicates must be removed before the consumers see them, and here only "
                     "an SQS FIFO queue would drop them (within its deduplication window); "
                     f"the source ({source}) reaches no SNS FIFO topic or EventBridge bus to "
                     "fill one, and an SNS standard topic delivers to no FIFO queue.")
    reach = _reach(b, "kinesis")
    if reach is None:
        b.infeasible(f"{consumer.name} needs its messages in order, but "
                     f"{source} publishes only to {_names(b, _source_targets(b))}, none of "
                     "which keeps order.")
        reach = []
    if consumer.runs_on == "https":
        pipe = b.use("eventbridge-pipes", "pipe that reads the stream to the endpoint in order",
                     "A pipe reads each shard in order and calls the API destination, so the "
                     "endpoint sees each key's messages in order.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets")
        return [*reach, log, pipe, *_push_hops(b, consumer, None)]
    if consumer.runs_on == "client":
        esm = b.use("lambda-esm", "event source mapping that reads the stream in order",
                    "Lambda reads each shard in order, and its function posts each message "
                    "to the open connections.", "lambda-esm-batch-size-streams")
        return [*reach, log, esm, _client_hops(b, consumer, None)[-1]]
    if consumer.runs_on == "device":
        esm = b.use("lambda-esm", "event source mapping that reads the stream in order",
                    "Lambda reads each shard in order, and its function publishes each message "
                    "to the devices (or creates their jobs) in turn.",
                    "lambda-esm-batch-size-streams")
        last = (_job(b) if _waits_for_device(w, consumer)
                else _device_hops(b, consumer, None, "push")[-1])
        return [*reach, log, esm, last]
    return [*reach, log, *_poll_tail(b, consumer, log)]


def _hybrid_router(b: Builder) -> str | None:
    w = b.workload
    needs_fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    https = any(c.runs_on == "https" for c in w.consumers)
    existing = _existing_router(b)
    if existing == "sns" and not needs_fifo:
        return _existing(b, "sns")
    if any(c.replay for c in w.consumers) and _reachable(b, "eventbridge") and (
            existing is None and not (needs_fifo and _reachable(b, "sns-fifo"))):
        # Replay needs what an SNS standard topic lacks: a rule can fill the Kinesis stream of
        # a consumer that re-reads, and the bus's archive re-sends for an operator.
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue, function or stream; "
                     "a rule can target the Kinesis stream of a consumer that re-reads, and "
                     "the bus's archive re-sends events when an operator replays, neither of "
                     "which an SNS standard topic does.", "eventbridge-retry",
                     "eventbridge-targets-per-rule", "eventbridge-archive-replay")
    if w.crosses == ("regions",) and not needs_fifo and not https and (
            existing != "eventbridge" and _reachable(b, "sns")):
        return b.use("sns", "topic in the producer's Region that fills a queue in each "
                     "consumer's Region", "SNS delivers to SQS queues in other Regions "
                     "(cross-Region subscriptions), so each consumer's buffer lives in its own "
                     "Region.", "sns-subscriptions-per-topic")
    if _reachable(b, "eventbridge") and (existing == "eventbridge" or w.crosses or (
            https and not needs_fifo) or (needs_fifo and not _reachable(b, "sns-fifo"))):
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue or endpoint"
                     + (" and is already in place" if existing == "eventbridge" else "")
                     + (", across accounts or Regions (a cross-Region bus target puts the "
                        "events in the consumer's Region)" if w.crosses else "")
                     + ".", "eventbridge-retry", "eventbridge-targets-per-rule")
    if needs_fifo and _reachable(b, "sns-fifo"):
        return b.use("sns-fifo", "FIFO topic that fans out to a FIFO queue per consumer",
                     "SNS FIFO keeps order per message group and drops duplicates within "
                     f"{_span(b.catalogue.number('sns-fifo-dedup-window'))}, and delivers only "
                     "to SQS queues.", "sns-fifo-subscribers",
                     "sns-fifo-dedup-window", "sns-fifo-per-group")
    if _reachable(b, "sns") and w.kind == "command" and len(w.consumers) > 1:
        return b.use("sns", "topic that routes each command to its one owner by filter policy",
                     "SNS delivers each command only to the subscription whose filter policy "
                     "matches its owner; deliveries to SQS and Lambda cost nothing extra.",
                     "sns-filtering", "price-sns-delivery-sqs-lambda")
    if _reachable(b, "sns"):
        return b.use("sns", "topic that fans out to each consumer",
                     "SNS copies each message to every subscription; deliveries to SQS and "
                     "Lambda cost nothing extra.", "sns-subscriptions-per-topic",
                     "price-sns-delivery-sqs-lambda")
    if _reachable(b, "eventbridge"):
        # The source reaches only the bus: its rules target a queue or function per consumer.
        return _relay(b, "eventbridge", "sqs")
    source = b.catalogue.source(w.source or "")
    b.infeasible(f"{source.name} publishes only to {_names(b, source.targets)}, none of which "
                 "fans out to a queue per consumer.")
    return None


def _ordered_push_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    """Order survives a push only if one poller drains a FIFO queue and pushes in turn."""
    lead = [router] if router else []
    if consumer.runs_on in PEOPLE:
        return _push_hops(b, consumer, None if router == "sns-fifo" else router)
    queue = b.use("sqs-fifo", "FIFO queue per consumer, drained in order",
                  "Each consumer's FIFO queue keeps the group order and its own pace.",
                  "sqs-fifo-per-group", "sqs-fifo-dedup-window")
    if consumer.runs_on == "https":
        pipe = b.use("eventbridge-pipes", "pipe that drains the FIFO queue to the endpoint in "
                     "order", "A pipe reads the FIFO queue one message group at a time and "
                     "calls the API destination, so the endpoint sees each group in order.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets")
        return [*lead, queue, pipe, *_push_hops(b, consumer, None)]
    if consumer.runs_on != "client":
        return [*_own_queues(b, consumer, queue, lead), queue, *_poll_tail(b, consumer, queue)]
    esm = b.use("lambda-esm", "event source mapping that drains the FIFO queue in order",
                "Lambda drains the FIFO queue in order, and its function posts each message "
                "to the open connections.", "lambda-esm-batch-size-sqs-fifo")
    api = _client_hops(b, consumer, None)[-1]
    return [*lead, queue, esm, api]


def _rereads(consumer: Consumer) -> bool:
    """A consumer that replays from its own position (`replay: {by: consumer}`) reads a log."""
    return consumer.replay > 0 and consumer.replay_by == "consumer" and (
        consumer.runs_on not in (*PUSH_ONLY, "device") or _per_message(consumer))


def _log_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    """A log on the consumer's route: SQS deletes what it delivers and a bus archive is
    re-sent by an operator, so neither lets a consumer re-read from its own position."""
    window = consumer.replay
    _kinesis_keeps(b, window)
    log = b.use("kinesis", "retained stream a replaying consumer reads at its own position",
                f"{consumer.name} re-reads from its own position for "
                f"{units.format_duration(window)}: a Kinesis stream keeps records up to "
                f"{_span(b.catalogue.number('kinesis-retention-max'))} once its retention is "
                "raised to the window, while SQS deletes what it delivers and serves no "
                "replay.", "kinesis-retention-max",
                "kinesis-retention-default", "kinesis-ordering", "kinesis-efo-consumers")
    if router == "eventbridge":
        lead = [router]
    else:
        reach = _reach(b, "kinesis")
        if reach is None:
            source = b.catalogue.source(b.workload.source or "")
            b.infeasible(f"{consumer.name} replays from its own position and needs a stream, "
                         f"but {source.name} publishes only to {_names(b, source.targets)}, "
                         "none of which fills one.")
            reach = []
        lead = reach
    return [*lead, log, *_poll_tail(b, consumer, log)]


def _buffered_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    w = b.workload
    if _rereads(consumer) and w.source != "dynamodb":
        return _log_hops(b, consumer, router)
    window = consumer.batching.window or 0
    ordered = w.ordering != "none" or router == "sns-fifo"
    # a window longer than an event source mapping gathers (as PP307) is batched in storage
    longest = b.catalogue.number("lambda-esm-batching-window")
    to_store = (consumer.batching.wanted and consumer.runs_on is None) or window > longest or (
        consumer.runs_on == "store")
    lead = [router] if router else []
    if not ordered and to_store and (router or _reachable(b, "kinesis-firehose")):
        if consumer.runs_on == "store":
            firehose = _firehose(b)
            if not lead and _sole_store(b):
                _direct_put(b)
            return [*lead, firehose]
        return [*lead, _firehose(b)]
    fifo = ordered or w.duplicates == "must-deduplicate"
    queue = (b.use("sqs-fifo", "FIFO queue per consumer, drained in order",
                   "Each consumer's FIFO queue keeps the group order and its own pace.",
                   "sqs-fifo-per-group", "sqs-fifo-dedup-window")
             if fifo else
             b.use("sqs", "queue per consumer that buffers and absorbs bursts",
                   "Each consumer drains its own queue at its own pace, and failures stay in "
                   "its own dead-letter queue.", "sqs-retention-max", "sqs-dlq"))
    if not router:
        lead = _reach(b, queue) or []
    hops = _own_queues(b, consumer, queue, list(lead))
    if router == "eventbridge" and w.ordering == "per-key":
        hops.append(queue)
        hops.append(b.use("eventbridge-pipes", "pipe that sets each message's group id from "
                          f"{w.ordering_key or 'the ordering key'}",
                          "An EventBridge rule gives an SQS FIFO target one fixed "
                          "MessageGroupId; a pipe between two FIFO queues sets it per message, "
                          "so order is kept from the first FIFO queue on.",
                          "eventbridge-pipes-sources", "eventbridge-pipes-targets"))
    hops.append(queue)
    return [*hops, *_poll_tail(b, consumer, queue)]


def _hybrid_from_stream(b: Builder) -> None:
    w = b.workload
    window = max((c.replay for c in w.consumers), default=0.0)
    keeps = b.catalogue.number("dynamodb-streams-retention")
    stream = (_table_into_kinesis(b, _replay_outlives_stream(window, keeps), window)
              if window > keeps else
              b.use("dynamodb-streams", "change stream of the table",
                    f"DynamoDB Streams keeps each item change for {_span(keeps)}, in order per "
                    "item.", "dynamodb-streams-retention", "dynamodb-streams-readers"))
    readers = b.catalogue.number("dynamodb-streams-readers")
    piped = [c for c in w.consumers if c.runs_on not in SELF_POLLING
             and c.runs_on not in ("client", "device")]
    if w.consumer_total > readers or sum(c.count for c in piped) > 1:
        # One reader fans out: a pipe into a bus, never a pipe (or reader) per consumer.
        pipe = b.use("eventbridge-pipes", "one pipe that reads the stream into an event bus",
                     f"A single pipe reads the stream and puts each change on an EventBridge "
                     f"bus, whose rules fan it out to every consumer; a DynamoDB stream takes "
                     f"at most {readers:.0f} readers per shard, and one pipe per consumer would "
                     "read every change again.", "eventbridge-pipes-sources",
                     "eventbridge-pipes-targets", "dynamodb-streams-readers")
        bus = b.use("eventbridge", "event bus that fans each change out to the consumers",
                    "EventBridge routes each change by rule to every consumer's target.",
                    "eventbridge-retry", "eventbridge-targets-per-rule")
        for consumer in w.consumers:
            if consumer.runs_on in SELF_POLLING and consumer.runs_on != "lambda":
                b.path(consumer, "poll", stream, pipe, *_buffered_hops(b, consumer, bus))
            else:
                b.path(consumer, "push", stream, pipe, *_push_hops(b, consumer, bus))
        return
    for consumer in w.consumers:
        runs_on = consumer.runs_on
        if runs_on in SELF_POLLING:
            b.path(consumer, "poll", stream, *_poll_tail(b, consumer, stream))
            continue
        if runs_on in ("client", "device") or _per_message(consumer):
            # The function that publishes to the clients or devices reads the stream itself.
            esm = b.use("lambda-esm", "event source mapping that hands each batch of changes to "
                        "the function that publishes them", "Lambda reads the stream in order "
                        "per item and invokes the publishing function with batches.",
                        "lambda-esm-batch-size-streams", "lambda-esm-batching-window")
            hops = _push_hops(b, consumer, None)
            b.path(consumer, "push", stream, esm, *[h for h in hops if h != "lambda"])
            continue
        pipe = b.use("eventbridge-pipes", "pipe that polls the stream and pushes each record "
                     "to its target", "A pipe reads the stream in batches, filters, and "
                     "delivers to the target without forwarding code.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets",
                     "eventbridge-pipes-batching")
        b.path(consumer, "push", stream, pipe, *_push_hops(b, consumer, None))
