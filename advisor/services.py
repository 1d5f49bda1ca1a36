"""Turn a delivery model plus the workload's requirements into concrete AWS services.

For each model (the chosen one and the two considered) this builds a design: the
services with their role and why, the path each consumer's messages take, and the
error handling that model needs. Every limit it compares against comes from the
catalogue, and every reason names the catalogue facts behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor import units
from advisor.catalogue import Catalogue
from advisor.engine import ConsumerVerdict, Decision
from advisor.workload import Consumer, Workload

WORKER = "workers"  # a consumer's own pollers (containers, on-premises servers): no service id


@dataclass(frozen=True)
class ServiceUse:
    id: str
    role: str
    why: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsumerPath:
    consumer: str
    delivery: str  # push | poll
    hops: tuple[str, ...]  # service ids between the producer and the consumer, in order
    runs_on: str


@dataclass(frozen=True)
class Design:
    model: str
    services: tuple[ServiceUse, ...]
    paths: tuple[ConsumerPath, ...]
    error_handling: tuple[tuple[str, tuple[str, ...]], ...]  # (advice, fact ids)
    warnings: tuple[str, ...]
    feasible: bool
    summary: str


@dataclass
class _Builder:
    workload: Workload
    catalogue: Catalogue
    model: str
    uses: dict[str, ServiceUse] = field(default_factory=dict)
    paths: list[ConsumerPath] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feasible: bool = True

    def use(self, service: str, role: str, why: str, *facts: str) -> str:
        if service not in self.uses:
            self.uses[service] = ServiceUse(service, role, why, tuple(facts))
        return service

    def path(self, consumer: Consumer, delivery: str, *hops: str) -> None:
        self.paths.append(ConsumerPath(consumer.name, delivery, tuple(hops),
                                       consumer.runs_on or "unstated"))


def design(model: str, workload: Workload, decision: Decision, catalogue: Catalogue) -> Design:
    """The services a `model` design would use for this workload."""
    b = _Builder(workload, catalogue, model)
    leans = {v.name: v for v in decision.consumers}
    if model == "push":
        _push(b)
    elif model == "poll":
        _poll(b)
    else:
        _hybrid(b, leans)
    _claim_check(b)
    if workload.ordering != "none":
        for consumer in workload.consumers:
            if consumer.runs_on in ("email", "sms", "mobile-push"):
                b.warnings.append(
                    f"{consumer.name} is reached by {consumer.runs_on}, which keeps no order "
                    "(SNS FIFO delivers only to SQS queues); people may see messages out of "
                    "order.")
    errors = _error_handling(b)
    ordered = sorted(b.uses.values(), key=lambda u: _ORDER.index(u.id))
    return Design(model, tuple(ordered), tuple(b.paths), errors, tuple(b.warnings),
                  b.feasible and decision.allowed(model), _summary(b))


_ORDER = (
    "s3", "dynamodb-streams", "iot-core", "eventbridge", "sns", "sns-fifo", "kinesis", "msk",
    "mq", "sqs", "sqs-fifo", "eventbridge-pipes", "kinesis-firehose", "lambda", "lambda-esm",
    "step-functions", "api-gateway-websocket", "appsync", "webhook",
)


# --- push -------------------------------------------------------------------------------


def _push(b: _Builder) -> None:
    w = b.workload
    a2p = [c for c in w.consumers if c.runs_on in ("email", "sms", "mobile-push")]
    clients = [c for c in w.consumers if c.runs_on == "client"]
    others = [c for c in w.consumers if c not in a2p and c not in clients]
    router = _push_router(b, others, a2p)
    for consumer in w.consumers:
        if consumer.runs_on == "on-premises":
            b.feasible = False
            b.warnings.append(f"{consumer.name} runs on-premises and cannot be pushed to.")
            b.path(consumer, "push", *filter(None, [router]))
            continue
        b.path(consumer, "push", *_push_hops(b, consumer, router))


def _push_router(b: _Builder, others: list[Consumer], a2p: list[Consumer]) -> str | None:
    """The broker that fans out, or None where the producer reaches its one consumer itself."""
    w = b.workload
    single = len(w.consumers) == 1
    if a2p and not others and not w.crosses and "eventbridge" not in w.existing:
        return b.use("sns", "topic that notifies people by email, SMS or mobile push",
                     "SNS delivers to email, SMS and mobile-push subscriptions and retries "
                     "them for about 6 hours.", "sns-retry-customer-endpoints", "sns-email-rate")
    if not others and not a2p:
        return None  # only browsers: the connection service is the broker
    if single and (w.kind == "command" or w.source) and not w.crosses and not any(
            c.runs_on == "https" for c in others):
        return None  # a command to its owner, or an AWS source that invokes its one target
    if "sns" in w.existing and not w.crosses and "eventbridge" not in w.existing:
        return b.use("sns", "topic that pushes each message to every subscriber",
                     "An SNS topic is already in place and delivers to every subscription "
                     "as the message is published.", "sns-subscriptions-per-topic",
                     "sns-retry-aws-endpoints")
    if w.source and not w.crosses and "eventbridge" not in w.existing:
        return b.use("sns", "topic that fans the source's notifications out to each consumer",
                     f"{w.source} notifications go to one destination; an SNS topic copies "
                     "each one to every subscriber.", "sns-subscriptions-per-topic")
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
                 "eventbridge-api-destinations", "eventbridge-putevents-quota")


def _push_hops(b: _Builder, consumer: Consumer, router: str | None) -> list[str]:
    hops = [router] if router else []
    runs_on = consumer.runs_on
    if runs_on in ("email", "sms", "mobile-push"):
        sns = b.use("sns", "topic that notifies people by email, SMS or mobile push",
                    "SNS delivers to email, SMS and mobile-push subscriptions.",
                    "sns-retry-customer-endpoints")
        return [*hops, sns] if sns not in hops else hops
    if runs_on == "client":
        if "appsync" in b.workload.existing:
            return [*hops, b.use("appsync", "GraphQL subscriptions that push to connected "
                                 "clients", "AppSync is in place and pushes data changes "
                                 "over the clients' WebSocket connections.", "appsync-realtime")]
        fn = b.use("lambda", "function that posts each message to the open connections",
                   "Lambda looks up the connection ids and posts through the WebSocket API.",
                   "lambda-scaling-rate")
        api = b.use("api-gateway-websocket", "WebSocket API holding the clients' live "
                    "connections", "API Gateway WebSockets push to browsers and apps over "
                    "connections they opened; limits: 128 KB messages, 2 h connections.",
                    "api-gateway-websocket-limits")
        return [*hops, fn, api]
    if runs_on == "https":
        if router == "sns":
            b.warnings.append(
                f"SNS retries HTTPS deliveries to {consumer.name} only 3 times over about a "
                "minute by default (at most 1 hour with a custom policy); EventBridge API "
                "destinations retry for 24 hours.")
        return [*hops, b.use("webhook", "HTTPS delivery to the endpoint",
                             "The endpoint receives an HTTP POST per message.",
                             "webhook-options")]
    if runs_on == "workflow":
        return [*hops, b.use("step-functions", "state machine started once per message",
                             "Each message starts one execution.", "step-functions-when")]
    if runs_on == "container":
        b.warnings.append(f"{consumer.name} runs as containers: push needs an HTTPS endpoint "
                          "in front of them and gives them no way to slow the sender.")
        return [*hops, b.use("webhook", "HTTPS delivery to the workers' endpoint",
                             "The workers expose an endpoint that receives each message.",
                             "webhook-options")]
    return [*hops, b.use("lambda", "function invoked asynchronously per message",
                         "Asynchronous invocation queues the event inside Lambda, retries "
                         "twice on error and hands failures to an on-failure destination.",
                         "lambda-async-retries", "lambda-async-destinations",
                         "lambda-async-max-event-age")]


# --- poll -------------------------------------------------------------------------------


def _poll(b: _Builder) -> None:
    w = b.workload
    buffer = _poll_buffer(b)
    for consumer in w.consumers:
        if consumer.runs_on in ("email", "sms", "mobile-push", "client", "https"):
            b.feasible = False
            b.warnings.append(f"{consumer.name} ({consumer.runs_on}) cannot poll a queue.")
        b.path(consumer, "poll", buffer, *_poll_tail(b, consumer, buffer))


def _stream_needed(w: Workload) -> bool:
    """A retained, sharded stream rather than a queue: history, shared reading, volume."""
    peak = w.rate_peak or 0.0
    big_batches = any((c.batching.size or 0) > 10_000 or (c.batching.window or 0) > 300
                      for c in w.consumers)
    return bool(w.replay) or any(c.replay for c in w.consumers) or (
        w.kind == "event" and len(w.consumers) > 1) or peak >= 1000 or big_batches


def _poll_buffer(b: _Builder) -> str:
    w = b.workload
    cat = b.catalogue
    if w.source == "dynamodb":
        readers = cat.number("dynamodb-streams-readers")
        if len(w.consumers) > readers:
            b.warnings.append(
                f"{len(w.consumers)} consumers read the DynamoDB stream; AWS advises at most "
                f"{readers:.0f} readers per shard. Stream the table into Kinesis Data Streams "
                "instead, or fan out after one reader.")
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
        return b.use("sqs-fifo", "FIFO queue the consumer drains in order",
                     _fifo_why(b), "sqs-fifo-dedup-window", "sqs-fifo-per-group",
                     "sqs-fifo-throughput", "sqs-fifo-high-throughput")
    return b.use("sqs", "queue the consumer drains at its own pace",
                 "SQS holds messages up to 14 days with nearly unlimited throughput; the "
                 "consumer sets batch size and concurrency.", "sqs-retention-max",
                 "sqs-standard-throughput", "sqs-long-poll-max")


def _kinesis_why(w: Workload) -> str:
    reasons = []
    if w.replay or any(c.replay for c in w.consumers):
        reasons.append("keeps records up to 365 days for replay")
    if w.kind == "event" and len(w.consumers) > 1:
        reasons.append("lets every consumer read the same records at its own position")
    if (w.rate_peak or 0) >= 1000:
        reasons.append(f"scales by shards for a peak of {units.format_rate(w.rate_peak or 0)}")
    if w.ordering != "none":
        reasons.append(f"keeps order per shard by partition key ({w.ordering_key or 'the key'})")
    if not reasons:
        reasons.append("is already in place")
    return f"Kinesis Data Streams {', '.join(reasons)}."


def _fifo_why(b: _Builder) -> str:
    w = b.workload
    parts = []
    if w.ordering == "per-key":
        parts.append(f"keeps order within each message group ({w.ordering_key or 'the key'} as "
                     "MessageGroupId)")
    elif w.ordering == "global":
        parts.append("keeps one global order with a single message group")
    if w.duplicates == "must-deduplicate":
        parts.append("drops duplicates sent within 5 minutes (MessageDeduplicationId)")
    limit = b.catalogue.number("sqs-fifo-high-throughput", w.region)
    if w.rate_peak and w.rate_peak > limit:
        b.warnings.append(f"The peak of {units.format_rate(w.rate_peak)} is above SQS FIFO's "
                          f"high-throughput limit in {w.region} ({limit:,.0f} msg/s).")
    return f"An SQS FIFO queue {' and '.join(parts)}."


def _poll_tail(b: _Builder, consumer: Consumer, buffer: str) -> list[str]:
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
    if runs_on in ("email", "sms", "mobile-push", "client", "https"):
        return []
    return [b.use("lambda-esm", _esm_role(consumer), _esm_why(b, consumer, buffer),
                  "lambda-esm-batch-size-sqs", "lambda-esm-batching-window",
                  "lambda-esm-max-concurrency", "lambda-esm-partial-batch")]


def _esm_role(consumer: Consumer) -> str:
    return "event source mapping that polls for the function, with batch and concurrency control"


def _esm_why(b: _Builder, consumer: Consumer, buffer: str) -> str:
    parts = ["Lambda polls the buffer for the function"]
    if consumer.max_rate:
        parts.append(f"maximum concurrency keeps {consumer.name} near its "
                     f"{units.format_rate(consumer.max_rate)}")
    if consumer.batching.wanted:
        window = consumer.batching.window
        size = consumer.batching.size
        detail = ", ".join(x for x in (
            f"batches of up to {min(size, 10_000):,}" if size else "",
            f"a {units.format_duration(min(window, 300))} batching window" if window else "",
        ) if x)
        parts.append(detail or "batches of up to 10,000 records")
    if buffer in ("kinesis", "dynamodb-streams"):
        parts.append("records of a shard arrive in order")
    return "; ".join(parts) + "."


# --- hybrid -----------------------------------------------------------------------------


def _hybrid(b: _Builder, leans: dict[str, ConsumerVerdict]) -> None:
    w = b.workload
    if w.source == "dynamodb":
        _hybrid_from_stream(b)
        return
    router = _hybrid_router(b)
    for consumer in w.consumers:
        lean = leans[consumer.name].lean if consumer.name in leans else "either"
        pushed = consumer.runs_on in ("email", "sms", "mobile-push", "client", "https") or (
            lean == "push")
        if pushed and w.ordering != "none":
            b.path(consumer, "push", *_ordered_push_hops(b, consumer, router))
        elif pushed:
            b.path(consumer, "push", *_push_hops(b, consumer, router))
        else:
            b.path(consumer, "poll", *_buffered_hops(b, consumer, router))


def _ordered_push_hops(b: _Builder, consumer: Consumer, router: str) -> list[str]:
    """Order survives a push only if one poller drains a FIFO queue and pushes in turn."""
    if consumer.runs_on in ("email", "sms", "mobile-push"):
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
    esm = b.use("lambda-esm", _esm_role(consumer), "Lambda drains the FIFO queue in order, "
                "and its function posts each message to the open connections.",
                "lambda-esm-batch-size-sqs", "lambda-esm-partial-batch")
    api = b.use("api-gateway-websocket", "WebSocket API holding the clients' live connections",
                "API Gateway WebSockets push to browsers and apps over connections they "
                "opened; limits: 128 KB messages, 2 h connections.",
                "api-gateway-websocket-limits")
    return [router, queue, esm, api]


def _hybrid_router(b: _Builder) -> str:
    w = b.workload
    needs_fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    if "eventbridge" in w.existing or w.crosses or (
            any(c.runs_on == "https" for c in w.consumers) and not needs_fifo):
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue or endpoint"
                     + (" and is already in place" if "eventbridge" in w.existing else "")
                     + "; its archive can replay past events.",
                     "eventbridge-retry", "eventbridge-archive-replay",
                     "eventbridge-targets-per-rule")
    if needs_fifo:
        return b.use("sns-fifo", "FIFO topic that fans out to a FIFO queue per consumer",
                     "SNS FIFO keeps order per message group and drops duplicates within 5 "
                     "minutes, and delivers only to SQS queues.", "sns-fifo-subscribers",
                     "sns-fifo-dedup-window", "sns-fifo-per-group")
    return b.use("sns", "topic that fans out to each consumer",
                 "SNS copies each message to every subscription; deliveries to SQS and "
                 "Lambda cost nothing extra.", "sns-subscriptions-per-topic",
                 "price-sns-delivery-sqs-lambda")


def _buffered_hops(b: _Builder, consumer: Consumer, router: str) -> list[str]:
    w = b.workload
    window = consumer.batching.window or 0
    ordered = w.ordering != "none"
    if not ordered and ((consumer.batching.wanted and consumer.runs_on is None) or window > 300):
        firehose = b.use("kinesis-firehose", "batching delivery to a data store",
                         "Firehose buffers up to 128 MiB or 900 s and writes each batch to "
                         "S3, Redshift or another sink.", "kinesis-firehose-buffering")
        return [router, firehose]
    fifo = router == "sns-fifo" or w.ordering != "none" or w.duplicates == "must-deduplicate"
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
                          "An EventBridge rule cannot take the MessageGroupId from the event "
                          "body; a pipe between two FIFO queues can.",
                          "eventbridge-pipes-sources", "eventbridge-pipes-targets"))
    hops.append(queue)
    if consumer.replay:
        limit = b.catalogue.number("sqs-retention-max")
        if router != "eventbridge" and consumer.replay > limit:
            b.warnings.append(
                f"{consumer.name} must replay {units.format_duration(consumer.replay)}, longer "
                f"than an SQS queue keeps messages ({units.format_duration(limit)}); archive "
                "the events (EventBridge archive, SNS FIFO archive or a stream) instead.")
    return [*hops, *_poll_tail(b, consumer, queue)]


def _hybrid_from_stream(b: _Builder) -> None:
    stream = b.use("dynamodb-streams", "change stream of the table",
                   "DynamoDB Streams keeps each item change for 24 hours, in order per item.",
                   "dynamodb-streams-retention", "dynamodb-streams-readers")
    for consumer in b.workload.consumers:
        if consumer.runs_on in ("lambda", "container", "on-premises"):
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


# --- shared -----------------------------------------------------------------------------


def _claim_check(b: _Builder) -> None:
    """Payloads over a broker's limit travel through S3, with a pointer in the message."""
    w = b.workload
    largest = w.payload_max
    if not largest:
        return
    limits = {
        "sns": "sns-max-message-size-opt-in", "sns-fifo": "sns-max-message-size",
        "sqs": "sqs-max-message-size", "sqs-fifo": "sqs-max-message-size",
        "eventbridge": "eventbridge-max-event-size", "lambda": "lambda-async-payload",
        "kinesis": "kinesis-max-record-size-configurable",
        "api-gateway-websocket": "api-gateway-websocket-limits",
    }
    over = [(s, b.catalogue.fact(limits[s])) for s in b.uses if s in limits]
    over = [(s, f) for s, f in over if f.value is not None and largest > f.value]
    if over:
        names = ", ".join(f"{b.catalogue.service(s).name} ({units.format_size(f.value or 0)})"
                          for s, f in over)
        b.use("s3", "claim-check store for payloads over the brokers' limits",
              f"Messages up to {units.format_size(largest)} exceed {names}; store the body in "
              "S3 and send a pointer (the Extended Client Libraries do this, up to 2 GB).",
              "s3-claim-check", *(f.id for _, f in over))
    sns = b.catalogue.number("sns-max-message-size")
    if "sns" in b.uses and largest > sns:
        b.warnings.append(
            f"Messages up to {units.format_size(largest)} exceed SNS's default "
            f"{units.format_size(sns)}; raise the topic's MaximumMessageSize (up to 1 MiB, "
            "SQS, Lambda and Firehose subscribers only, at most 100 subscriptions).")


def _error_handling(b: _Builder) -> tuple[tuple[str, tuple[str, ...]], ...]:
    used = set(b.uses)
    notes: list[tuple[str, tuple[str, ...]]] = []
    if "sns" in used or "sns-fifo" in used:
        notes.append(("Give every SNS subscription a dead-letter queue (RedrivePolicy): SNS "
                      "retries AWS endpoints for up to 23 days and email/SMS for about 6 hours, "
                      "then drops the message.",
                      ("sns-dlq", "sns-retry-aws-endpoints", "sns-retry-customer-endpoints")))
    if "eventbridge" in used:
        notes.append(("Set each target's retry policy (default 24 hours, 185 attempts; lower "
                      "MaximumEventAgeInSeconds where stale events are useless) and a "
                      "dead-letter queue, without which events are dropped after retries.",
                      ("eventbridge-retry", "eventbridge-dlq")))
    if "lambda" in used:
        notes.append(("For asynchronous invocation, set MaximumRetryAttempts (0-2) and "
                      "MaximumEventAgeInSeconds (up to 6 hours) and an on-failure destination; "
                      "make the function idempotent, since delivery is at least once.",
                      ("lambda-async-retries", "lambda-async-max-event-age",
                       "lambda-async-destinations")))
    if used & {"sqs", "sqs-fifo"}:
        notes.append(("Give every queue a dead-letter queue (maxReceiveCount; FIFO queues need "
                      "a FIFO DLQ) and redrive it with StartMessageMoveTask once fixed; use "
                      "20-second long polling.", ("sqs-dlq", "sqs-dlq-redrive",
                                                   "sqs-long-poll-max")))
    if "lambda-esm" in used:
        notes.append(("Turn on partial batch responses (ReportBatchItemFailures) so one bad "
                      "message does not send its whole batch back.",
                      ("lambda-esm-partial-batch",)))
    if used & {"kinesis", "dynamodb-streams"}:
        notes.append(("On the stream's event source mapping, enable BisectBatchOnFunctionError, "
                      "bound MaximumRetryAttempts and MaximumRecordAgeInSeconds, and send "
                      "failures to an on-failure destination; a failing record otherwise "
                      "blocks its shard until it expires. Container readers checkpoint (KCL) "
                      "only after processing.",
                      ("lambda-esm-bisect", "lambda-esm-max-retries", "lambda-esm-max-record-age",
                       "lambda-esm-on-failure")))
    if "eventbridge-pipes" in used:
        notes.append(("Give the pipe a dead-letter target and a bounded retry count and record "
                      "age on its source.", ("eventbridge-pipes-batching",)))
    return tuple(notes)


def _summary(b: _Builder) -> str:
    names = [b.catalogue.service(u).name for u in sorted(b.uses, key=_ORDER.index)]
    return ", ".join(names) if names else "direct delivery"
