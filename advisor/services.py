"""Turn a delivery model plus the workload's requirements into concrete AWS services.

For each model (the chosen one and the two considered) this builds a design: the
services with their role and why, and the route each consumer's messages take.
operations.py then adds what the design needs to run safely. Every reason names
the catalogue facts behind it.
"""

from __future__ import annotations

from advisor import units
from advisor.catalogue import Catalogue
from advisor.engine import ConsumerVerdict, Decision
from advisor.operations import operate
from advisor.topology import ORDER, PEOPLE, PUSH_ONLY, WORKER, Builder, Design
from advisor.workload import Consumer, Workload

SELF_POLLING = ("lambda", "container", "on-premises")


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
    operations = operate(b)
    ordered = sorted(b.uses.values(), key=lambda u: ORDER.index(u.id))
    names = [catalogue.service(u.id).name for u in ordered]
    return Design(model, tuple(ordered), tuple(b.paths), operations, tuple(b.warnings),
                  b.feasible and decision.allowed(model),
                  ", ".join(names) if names else "direct delivery")


# --- push -------------------------------------------------------------------------------


def _push(b: Builder) -> None:
    w = b.workload
    if w.source == "dynamodb":
        b.infeasible("DynamoDB table changes can only be read by polling the table's stream; "
                     "nothing pushes them.")
    others = [c for c in w.consumers if c.runs_on not in (*PEOPLE, "client")]
    router = _push_router(b, others, [c for c in w.consumers if c.runs_on in PEOPLE])
    for consumer in w.consumers:
        if consumer.runs_on == "on-premises":
            b.infeasible(f"{consumer.name} runs on-premises and cannot be pushed to.")
            b.path(consumer, "push", *filter(None, [router]))
            continue
        b.path(consumer, "push", *_push_hops(b, consumer, router))


def _push_router(b: Builder, others: list[Consumer], people: list[Consumer]) -> str | None:
    """The broker that fans out, or None where the producer reaches its one consumer itself."""
    w = b.workload
    if people and not others and not w.crosses and "eventbridge" not in w.existing:
        return _people_topic(b)
    if not others and not people:
        return None  # only browsers: the connection service is the broker
    single = w.consumer_total == 1
    if single and (w.kind == "command" or w.source) and not w.crosses and not any(
            c.runs_on == "https" for c in others):
        return None  # a command to its owner, or an AWS source that invokes its one target
    if "sns" in w.existing and not w.crosses and "eventbridge" not in w.existing:
        return b.use("sns", "topic that pushes each message to every subscriber",
                     "An SNS topic is already in place and delivers to every subscription as "
                     "the message is published.", "sns-subscriptions-per-topic",
                     "sns-retry-aws-endpoints")
    if w.source and w.source != "dynamodb" and not w.crosses and (
            "eventbridge" not in w.existing):
        return b.use("sns", "topic that fans the source's notifications out to each consumer",
                     f"The {w.source} notification goes to one destination; an SNS topic "
                     "copies it to every subscriber.", "sns-subscriptions-per-topic")
    reasons = []
    if w.crosses:
        reasons.append("routes events to buses in other accounts by rule")
    if any(c.runs_on == "https" for c in others):
        reasons.append("delivers to HTTPS endpoints through API destinations with "
                       "authorisation, a rate limit and 24 hours of retries")
    if "eventbridge" in w.existing:
        reasons.append("is already in place")
    if not reasons:
        reasons.append("matches events on any field, so new consumers subscribe without "
                       "changing the producer")
    return b.use("eventbridge", "event bus that routes each event to its targets",
                 f"EventBridge {'; '.join(reasons)}.", "eventbridge-retry",
                 "eventbridge-putevents-quota")


def _people_topic(b: Builder) -> str:
    return b.use("sns", "topic that notifies people by email, SMS or mobile push",
                 "SNS delivers to email, SMS and mobile-push subscriptions and retries them "
                 "for about 6 hours. Subscriptions are fixed, confirmed addresses (operators, "
                 "on-call); to reach a different person per message, send email through "
                 "Amazon SES and SMS by publishing to a phone number from a function.",
                 "sns-retry-customer-endpoints")


def _push_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    hops = [router] if router else []
    runs_on = consumer.runs_on
    if runs_on in PEOPLE:
        sns = _people_topic(b)
        _email_rate(b, consumer)
        return [*hops, sns] if sns not in hops else hops
    if runs_on == "client":
        return [*hops, *_client_hops(b)]
    if runs_on == "https":
        if router == "sns":
            b.warn(f"SNS retries HTTPS deliveries to {consumer.name} only 3 times over about a "
                   "minute by default (at most 1 hour with a custom policy); EventBridge API "
                   "destinations retry for 24 hours.")
        return [*hops, b.use("webhook", "API destination calling the partner's endpoint",
                             "EventBridge API destinations call the endpoint with its "
                             "credentials and a rate limit per destination (300/s by default).",
                             "webhook-options", "eventbridge-api-destinations")]
    if runs_on == "workflow":
        return [*hops, b.use("step-functions", "state machine started once per message",
                             "Each message starts one execution.", "step-functions-when")]
    if runs_on == "container":
        b.warn(f"Pushing to {consumer.name} (containers) needs an HTTPS endpoint in front of "
               "the workers (a load balancer or ECS service) and gives them no way to slow "
               "the sender.")
        return [*hops, b.use("webhook", "HTTPS endpoint in front of the workers",
                             "The workers expose an endpoint that receives each message.",
                             "webhook-options")]
    return [*hops, b.use("lambda", "function invoked asynchronously per message",
                         "Asynchronous invocation queues the event inside Lambda, retries "
                         "twice on error and hands failures to an on-failure destination.",
                         "lambda-async-retries", "lambda-async-destinations",
                         "lambda-async-max-event-age")]


def _client_hops(b: Builder) -> list[str]:
    if "appsync" in b.workload.existing:
        return [b.use("appsync", "GraphQL subscriptions that push to connected clients",
                      "AppSync is in place and pushes data changes over the clients' "
                      "WebSocket connections.", "appsync-realtime")]
    fn = b.use("lambda", "function that posts each message to the open connections",
               "Lambda looks up the connection ids (kept in a table on connect) and posts "
               "through the WebSocket API, dropping connections that have gone.",
               "lambda-scaling-rate")
    api = b.use("api-gateway-websocket", "WebSocket API holding the clients' live connections",
                "API Gateway WebSockets push to browsers and apps over connections they "
                "opened; there is no broadcast, so each message is posted once per "
                "connection (for broadcast channels to many clients, AppSync Events does the "
                "fan-out). Limits: 128 KB messages, 2 h connections, 500 new connections/s.",
                "api-gateway-websocket-limits", "appsync-realtime")
    return [fn, api]


def _email_rate(b: Builder, consumer: Consumer) -> None:
    peak = b.workload.rate_peak
    limit = b.catalogue.fact("sns-email-rate")
    if consumer.runs_on == "email" and peak and limit.value and peak > limit.value:
        b.use("sns", "", "", limit.id)
        b.warn(f"{consumer.name} would receive up to {units.format_rate(peak)} by email; an "
               f"SNS email subscription takes {limit.value:g} messages/s and is disabled above "
               f"it ({limit.status}). Send through Amazon SES instead, or digest the messages.")


# --- poll -------------------------------------------------------------------------------


def _poll(b: Builder) -> None:
    w = b.workload
    buffer = _poll_buffer(b)
    for consumer in w.consumers:
        if consumer.runs_on in PUSH_ONLY:
            b.infeasible(f"{consumer.name} ({consumer.runs_on}) cannot poll a queue or stream.")
            b.path(consumer, "poll", buffer)
            continue
        b.path(consumer, "poll", buffer, *_poll_tail(b, consumer, buffer))


def _stream_needed(w: Workload) -> bool:
    """A retained, sharded stream rather than a queue: history, shared reading, volume."""
    peak = w.rate_peak or 0.0
    big_batches = any((c.batching.size or 0) > 10_000 or (c.batching.window or 0) > 300
                      for c in w.consumers)
    # Events at a high rate are a stream (telemetry, clicks, logs); commands at any rate are
    # work items, and a standard queue takes nearly unlimited throughput.
    return bool(w.replay) or any(c.replay for c in w.consumers) or (
        w.kind == "event" and (w.consumer_total > 1 or peak >= 1000)) or big_batches


def _poll_buffer(b: Builder) -> str:
    w = b.workload
    if w.source == "dynamodb":
        readers = b.catalogue.number("dynamodb-streams-readers")
        if w.consumer_total > readers:
            b.warn(f"{w.consumer_total:,} consumers read the DynamoDB stream; AWS advises at most "
                   f"{readers:.0f} readers per shard. Stream the table into Kinesis Data "
                   "Streams instead, or fan out after one reader.")
        return b.use("dynamodb-streams", "change stream of the table, read by pollers",
                     "DynamoDB Streams keeps each item change for 24 hours, in order per item.",
                     "dynamodb-streams-retention", "dynamodb-streams-ordering",
                     "dynamodb-streams-readers")
    if "msk" in w.existing:
        return b.use("msk", "Kafka topic the consumers read at their own offsets",
                     "Amazon MSK is already in place; Kafka keeps order per partition and "
                     "lets each consumer group read at its own pace.", "msk-when")
    if "kinesis" in w.existing or _stream_needed(w):
        return b.use("kinesis", "retained stream every consumer reads at its own position",
                     _kinesis_why(w), "kinesis-retention-max", "kinesis-ordering",
                     "kinesis-shard-write-records", "kinesis-efo-consumers")
    if w.ordering != "none" or w.duplicates == "must-deduplicate":
        return b.use("sqs-fifo", _fifo_role(w), _fifo_why(b), "sqs-fifo-dedup-window",
                     "sqs-fifo-per-group", "sqs-fifo-throughput", "sqs-fifo-high-throughput")
    return b.use("sqs", "queue the consumer drains at its own pace",
                 "SQS holds messages up to 14 days with nearly unlimited throughput; the "
                 "consumer sets batch size and concurrency.", "sqs-retention-max",
                 "sqs-standard-throughput")


def _kinesis_why(w: Workload) -> str:
    reasons = []
    if w.replay or any(c.replay for c in w.consumers):
        reasons.append("keeps records up to 365 days for replay")
    if w.kind == "event" and w.consumer_total > 1:
        reasons.append("lets every consumer read the same records at its own position")
    if (w.rate_peak or 0) >= 1000:
        reasons.append(f"scales by shards for a peak of {units.format_rate(w.rate_peak or 0)}")
    if w.ordering != "none":
        reasons.append(f"keeps order per shard by partition key ({w.ordering_key or 'the key'})")
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
        parts.append("drops duplicates sent within 5 minutes (MessageDeduplicationId)")
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
    if runs_on == "workflow":
        pipe = b.use("eventbridge-pipes", "pipe that polls the buffer and starts the workflow",
                     "A pipe reads the queue or stream in batches and starts a state machine "
                     "per record, with no forwarding code.", "eventbridge-pipes-sources",
                     "eventbridge-pipes-targets")
        return [pipe, b.use("step-functions", "state machine run per record",
                            "The workflow owns the multi-step processing.",
                            "step-functions-when")]
    if runs_on in PUSH_ONLY:
        return []
    return [b.use("lambda-esm", "event source mapping that polls for the function, with batch "
                  "and concurrency control", _esm_why(b, consumer, buffer),
                  "lambda-esm-batch-size-sqs", "lambda-esm-batching-window",
                  "lambda-esm-batch-payload", "lambda-esm-max-concurrency")]


def _esm_why(b: Builder, consumer: Consumer, buffer: str) -> str:
    parts = []
    if consumer.max_rate:
        parts.append(
            f"for {consumer.name}, maximum concurrency (2 to 1,000) bounds concurrent batches, "
            "not messages per second: throughput is about concurrency x batch size / "
            f"processing time, so size both to stay under {units.format_rate(consumer.max_rate)}"
            "; for a hard rate limit on an HTTP API, let a pipe call it through an API "
            "destination with an invocation rate limit")
    if consumer.batching.wanted:
        window = consumer.batching.window
        size = consumer.batching.size
        detail = ", ".join(x for x in (
            f"batches of up to {min(size, 10_000):,}" if size else "",
            f"a {units.format_duration(min(window, 300))} batching window" if window else "",
        ) if x)
        parts.append(f"for {consumer.name}, {detail or 'batches of up to 10,000 records'} "
                     "(at most 6 MB per batch)")
    if buffer in ("kinesis", "dynamodb-streams"):
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
    router = _hybrid_router(b)
    pushed = {c.name for c in w.consumers
              if c.runs_on in PUSH_ONLY or (c.name in leans and leans[c.name].lean == "push")}
    if len(pushed) == len(w.consumers):
        # Nobody asked for a buffer: the hybrid worth comparing buffers everyone who can pull.
        pushed = {c.name for c in w.consumers if c.runs_on in PUSH_ONLY}
        if len(pushed) == len(w.consumers):
            b.infeasible("Every consumer can only be pushed to, so a buffer adds nothing: "
                         "this hybrid is the push design.")
    for consumer in w.consumers:
        if consumer.name not in pushed:
            b.path(consumer, "poll", *_buffered_hops(b, consumer, router))
        elif w.ordering != "none" or router == "sns-fifo":
            b.path(consumer, "push", *_ordered_push_hops(b, consumer, router))
        else:
            b.path(consumer, "push", *_push_hops(b, consumer, router))


def _hybrid_router(b: Builder) -> str:
    w = b.workload
    needs_fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if "eventbridge" in w.existing or w.crosses or (
            any(c.runs_on == "https" for c in w.consumers) and not needs_fifo):
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue or endpoint"
                     + (" and is already in place" if "eventbridge" in w.existing else "")
                     + ".", "eventbridge-retry", "eventbridge-targets-per-rule")
    if needs_fifo:
        return b.use("sns-fifo", "FIFO topic that fans out to a FIFO queue per consumer",
                     "SNS FIFO keeps order per message group and drops duplicates within 5 "
                     "minutes, and delivers only to SQS queues.", "sns-fifo-subscribers",
                     "sns-fifo-dedup-window", "sns-fifo-per-group")
    return b.use("sns", "topic that fans out to each consumer",
                 "SNS copies each message to every subscription; deliveries to SQS and Lambda "
                 "cost nothing extra.", "sns-subscriptions-per-topic",
                 "price-sns-delivery-sqs-lambda")


def _ordered_push_hops(b: Builder, consumer: Consumer, router: str) -> list[str]:
    """Order survives a push only if one poller drains a FIFO queue and pushes in turn."""
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
        return [router, queue, pipe, *_push_hops(b, consumer, None)]
    if consumer.runs_on != "client":
        return [router, queue, *_poll_tail(b, consumer, queue)]
    esm = b.use("lambda-esm", "event source mapping that drains the FIFO queue in order",
                "Lambda drains the FIFO queue in order, and its function posts each message "
                "to the open connections.", "lambda-esm-batch-size-sqs-fifo")
    api = _client_hops(b)[-1]
    return [router, queue, esm, api]


def _buffered_hops(b: Builder, consumer: Consumer, router: str) -> list[str]:
    w = b.workload
    window = consumer.batching.window or 0
    ordered = w.ordering != "none" or router == "sns-fifo"
    to_store = (consumer.batching.wanted and consumer.runs_on is None) or window > 300
    if not ordered and to_store:
        firehose = b.use("kinesis-firehose", "batching delivery to a data store",
                         "Firehose buffers up to 128 MiB or 900 s and writes each batch to S3, "
                         "Redshift or another store, compressed.", "kinesis-firehose-buffering")
        return [router, firehose]
    fifo = ordered or w.duplicates == "must-deduplicate"
    queue = (b.use("sqs-fifo", "FIFO queue per consumer, drained in order",
                   "Each consumer's FIFO queue keeps the group order and its own pace.",
                   "sqs-fifo-per-group", "sqs-fifo-dedup-window")
             if fifo else
             b.use("sqs", "queue per consumer that buffers and absorbs bursts",
                   "Each consumer drains its own queue at its own pace, and failures stay in "
                   "its own dead-letter queue.", "sqs-retention-max", "sqs-dlq"))
    hops = [router]
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
    stream = b.use("dynamodb-streams", "change stream of the table",
                   "DynamoDB Streams keeps each item change for 24 hours, in order per item.",
                   "dynamodb-streams-retention", "dynamodb-streams-readers")
    for consumer in b.workload.consumers:
        if consumer.runs_on in SELF_POLLING:
            b.path(consumer, "poll", stream, *_poll_tail(b, consumer, stream))
            continue
        pipe = b.use("eventbridge-pipes", "pipe that polls the stream and pushes each record "
                     "to its target", "A pipe reads the stream in batches, filters, and "
                     "delivers to the target without forwarding code.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets",
                     "eventbridge-pipes-batching")
        if consumer.runs_on is None:
            b.path(consumer, "push", stream, pipe)
        else:
            b.path(consumer, "push", stream, pipe, *_push_hops(b, consumer, None))
