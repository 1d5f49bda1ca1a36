"""The push branch: a router (bus or topic) or none, and a pushed route per consumer."""

from __future__ import annotations

from advisor.core.designs import PEOPLE
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder
from advisor.providers.aws.designs.clients import at_the_broker, client_hops, device_hops
from advisor.providers.aws.designs.people import (
    assumed_fixed,
    email_rate,
    fixed_email_hops,
    per_message_hops,
)
from advisor.providers.aws.designs.routing import (
    can_reach,
    names_of,
    per_message,
    source_targets,
    span,
)
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "eventbridge", "kinesis-firehose", "lambda", "sns", "step-functions", "webhook"
})


def build_push(b: Builder) -> None:
    w = b.workload
    if w.source == "dynamodb":
        b.infeasible("DynamoDB table changes can only be read by polling the table's stream; "
                     "nothing pushes them.")
    fixed = [c for c in w.consumers if c.runs_on in PEOPLE and not per_message(c)]
    others = [c for c in w.consumers
              if c not in fixed and c.runs_on not in ("client", "device")]
    router = _push_router(b, others, fixed)
    for consumer in w.consumers:
        if consumer.runs_on == "on-premises":
            b.infeasible(f"{consumer.name} runs on-premises and cannot be pushed to.")
            b.path(consumer, "push", *filter(None, [router]))
            continue
        if at_the_broker(b, consumer):  # as in the hybrid: already where they subscribe
            b.path(consumer, "push", *(client_hops(b, consumer, None)
                                       if consumer.runs_on == "client" else
                                       device_hops(b, consumer, None, "push")))
            continue
        b.path(consumer, "push", *push_hops(b, consumer, router))


def existing_router(b: Builder) -> str | None:
    """A bus or topic the producer already publishes to is the flow's entry point."""
    w = b.workload
    for router in ("eventbridge", "sns"):
        if router in w.existing and can_reach(b, router):
            return router
    return None


def _push_router(b: Builder, others: list[Consumer], people: list[Consumer]) -> str | None:
    """The broker that fans out, or None where the producer reaches each consumer itself."""
    w = b.workload
    one_owner = w.kind == "command" and len(w.consumers) == 1
    existing = existing_router(b)
    if existing and not one_owner:
        return use_existing(b, existing)
    if w.source == "iot-core" and not w.crosses:
        return None  # each consumer gets a rule action of its own (SNS for people)
    if people and not others and not w.crosses:
        if can_reach(b, "eventbridge") and not can_reach(b, "sns"):
            return _bus(b, ["is where the source publishes"])
        return _people_topic(b)
    if not others and not people and not w.source:
        return None  # only browsers or devices: their connection service is the broker
    if sole_store(b):
        return None  # nothing to route: the producer writes to the delivery stream
    https = any(c.runs_on == "https" for c in others)
    if (one_owner or (w.consumer_total == 1 and w.source)) and not w.crosses and (
            not people and all(_direct(b, c) for c in w.consumers)):
        return None  # a command to its owner, or an AWS source that invokes its one target
    if w.crosses == ("regions",) and not https and can_reach(b, "sns"):
        return b.use("sns", "topic in the producer's Region that delivers to the consumer's "
                     "Region", "SNS delivers to Lambda functions and SQS queues in other "
                     "Regions (cross-Region subscriptions), so each consumer's end lives in "
                     "its own Region.", "sns-subscriptions-per-topic")
    if w.source and not https and not w.crosses and can_reach(b, "sns"):
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
                       f"{span(b.catalogue.number('eventbridge-retry'))} of retries")
    if w.source:
        reasons.append("is where the source publishes")
    if not reasons:
        reasons.append("matches events on any field, so new consumers subscribe without "
                       "changing the producer")
    if can_reach(b, "eventbridge"):
        return _bus(b, reasons)
    if can_reach(b, "sns"):
        return b.use("sns", "topic that fans the source's notifications out to each consumer",
                     f"The {w.source} notification goes to one destination; an SNS topic "
                     "copies it to every subscriber.", "sns-subscriptions-per-topic")
    source = b.catalogue.source(w.source or "")
    b.infeasible(f"{source.name} publishes only to {names_of(b, source.targets)}, none of which "
                 f"fans out to {w.consumer_total:,} consumers or reaches them all.")
    return None


def sole_store(b: Builder) -> bool:
    """One store consumer and nothing else: there is nothing to route, so the producer (or the
    source) writes to the delivery stream itself."""
    w = b.workload
    return (w.consumer_total == 1 and w.consumers[0].runs_on == "store" and not w.crosses
            and existing_router(b) is None and can_reach(b, "kinesis-firehose"))


def direct_put(b: Builder) -> None:
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


def use_existing(b: Builder, router: str) -> str:
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
    return runs_on in end and end[runs_on] in source_targets(b)


def _people_topic(b: Builder) -> str:
    return b.use("sns", "topic that notifies people by email, SMS or mobile push",
                 "SNS delivers to email, SMS and mobile-push subscriptions and retries them "
                 f"for about {span(b.catalogue.number('sns-retry-customer-endpoints'))}. "
                 "Subscriptions are fixed, confirmed addresses (operators, "
                 "on-call).", "sns-retry-customer-endpoints")


def push_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    hops = [router] if router else []
    runs_on = consumer.runs_on
    if runs_on in PEOPLE:
        if per_message(consumer):
            return [*hops, *per_message_hops(b, consumer)]
        if consumer.recipients is None:
            assumed_fixed(b, consumer)
        if email_rate(b, consumer):
            return [*hops, *fixed_email_hops(b, consumer)]
        sns = _people_topic(b)
        return [*hops, sns] if sns not in hops else hops
    if runs_on == "client":
        return [*hops, *client_hops(b, consumer, router)]
    if runs_on == "device":
        return [*hops, *device_hops(b, consumer, router, "push")]
    if runs_on == "store":
        firehose = use_firehose(b)
        if not hops and sole_store(b):
            direct_put(b)
        return [*hops, firehose]
    if runs_on == "https":
        if router == "sns":
            number = b.catalogue.number
            b.warn(f"SNS retries HTTPS deliveries to {consumer.name} only "
                   f"{number('sns-retry-https-default'):.0f} times over about a minute by "
                   f"default (at most {span(number('sns-retry-https-custom'))} with a custom "
                   f"policy); EventBridge API destinations retry for "
                   f"{span(number('eventbridge-retry'))}.")
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
    retries = b.catalogue.number("lambda-async-retries")
    return b.use("lambda", "function invoked asynchronously per message",
                 "Asynchronous invocation queues the event inside Lambda, retries "
                 f"{_times(retries)} on error and hands failures to an on-failure "
                 "destination.",
                 "lambda-async-retries", "lambda-async-destinations",
                 "lambda-async-max-event-age")


def _times(count: float) -> str:
    """A count of retries as the texts write it: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(int(count), f"{count:g} times")


def use_firehose(b: Builder) -> str:
    size = b.catalogue.number("kinesis-firehose-buffer-size-max")
    interval = b.catalogue.number("kinesis-firehose-buffering")
    return b.use("kinesis-firehose", "delivery stream that writes batches to the data store",
                 f"The consumer is a store: Firehose buffers records (up to "
                 f"{units.format_size(size)} or {units.format_duration(interval)}) and writes "
                 "each batch to S3, Redshift, OpenSearch or another destination, with no "
                 "consumer code.", "kinesis-firehose-buffering",
                 "kinesis-firehose-buffer-size-max")
