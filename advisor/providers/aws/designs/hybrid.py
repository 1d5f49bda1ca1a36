"""The hybrid branch: a router that pushes to some consumers and buffers for others."""

from __future__ import annotations

from advisor.core.decision import ConsumerVerdict
from advisor.core.designs import PEOPLE
from advisor.providers.aws.building import Builder
from advisor.providers.aws.designs.buffers import replay_outlives_stream, table_into_kinesis
from advisor.providers.aws.designs.clients import (
    at_the_broker,
    client_hops,
    device_hops,
    waits_for_device,
)
from advisor.providers.aws.designs.hybrid_routes import (
    buffered_hops,
    ordered_log_hops,
    ordered_push_hops,
    rereads,
)
from advisor.providers.aws.designs.push import existing_router, push_hops, sole_store, use_existing
from advisor.providers.aws.designs.routing import (
    SELF_POLLING,
    can_reach,
    names_of,
    per_message,
    push_only,
    relay,
    span,
)
from advisor.providers.aws.designs.tails import poll_tail
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "dynamodb-streams", "eventbridge", "eventbridge-pipes", "kinesis", "lambda-esm", "sns",
    "sns-fifo"
})


def build_hybrid(b: Builder, leans: dict[str, ConsumerVerdict]) -> None:
    w = b.workload
    if w.source == "dynamodb":
        _hybrid_from_stream(b)
        return
    one_owner = w.kind == "command" and len(w.consumers) == 1
    router = None if one_owner or sole_store(b) else _hybrid_router(b)
    # A consumer that re-reads from its own position needs a log on its route: never pushed.
    pushed = {c.name for c in w.consumers
              if push_only(c) or c.runs_on == "device"
              or (c.name in leans and leans[c.name].lean == "push" and not rereads(c))}
    if len(pushed) == len(w.consumers):
        # Nobody asked for a buffer: the hybrid worth comparing buffers everyone who can pull.
        pushed = {c.name for c in w.consumers
                  if push_only(c) or c.runs_on == "device"}
        if len(pushed) == len(w.consumers) and not any(
                c.runs_on == "device" and waits_for_device(w, c) for c in w.consumers):
            b.infeasible("Every consumer can only be pushed to, so a buffer adds nothing: "
                         "this hybrid is the push design.")
    for consumer in w.consumers:
        if at_the_broker(b, consumer):
            b.path(consumer, "push", *(client_hops(b, consumer, None)
                                       if consumer.runs_on == "client" else
                                       device_hops(b, consumer, None, "push")))
        elif consumer.runs_on == "device" and _unordered_topic(b, router):
            b.path(consumer, "poll" if waits_for_device(w, consumer) else "push",
                   *ordered_log_hops(b, consumer))
        elif consumer.runs_on == "device":
            lead = [router] if router else []
            job = waits_for_device(w, consumer)
            b.path(consumer, "poll" if job else "push",
                   *lead, *device_hops(b, consumer, router, "hybrid"))
        elif _unordered_topic(b, router) and not rereads(consumer) and (
                consumer.runs_on not in PEOPLE):
            b.path(consumer, "push" if push_only(consumer) else "poll",
                   *ordered_log_hops(b, consumer))
        elif consumer.name not in pushed:
            b.path(consumer, "poll", *buffered_hops(b, consumer, router))
        elif w.ordering != "none" or w.duplicates == "must-deduplicate" or (
                router == "sns-fifo"):
            # A consumer that its own poller drains a FIFO queue for is polled, not pushed to:
            # only clients, endpoints and people are pushed to after the drain.
            hops = ordered_push_hops(b, consumer, router)
            b.path(consumer, "push" if push_only(consumer) else "poll", *hops)
        else:
            b.path(consumer, "push", *push_hops(b, consumer, router))
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


def _unordered_topic(b: Builder, router: str | None) -> bool:
    """A standard SNS topic keeps no order and delivers to no SQS FIFO queue: where order or
    deduplication is needed and only a standard topic is reachable, it cannot fill the FIFO
    queues."""
    w = b.workload
    return router == "sns" and (w.ordering != "none" or w.duplicates == "must-deduplicate")


def _hybrid_router(b: Builder) -> str | None:
    w = b.workload
    needs_fifo = w.ordering != "none" or w.duplicates == "must-deduplicate"
    https = any(c.runs_on == "https" for c in w.consumers)
    existing = existing_router(b)
    if existing == "sns" and not needs_fifo:
        return use_existing(b, "sns")
    if any(c.replay for c in w.consumers) and can_reach(b, "eventbridge") and (
            existing is None and not (needs_fifo and can_reach(b, "sns-fifo"))):
        # Replay needs what an SNS standard topic lacks: a rule can fill the Kinesis stream of
        # a consumer that re-reads, and the bus's archive re-sends for an operator.
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue, function or stream; "
                     "a rule can target the Kinesis stream of a consumer that re-reads, and "
                     "the bus's archive re-sends events when an operator replays, neither of "
                     "which an SNS standard topic does.", "eventbridge-retry",
                     "eventbridge-targets-per-rule", "eventbridge-archive-replay")
    if w.crosses == ("regions",) and not needs_fifo and not https and (
            existing != "eventbridge" and can_reach(b, "sns")):
        return b.use("sns", "topic in the producer's Region that fills a queue in each "
                     "consumer's Region", "SNS delivers to SQS queues in other Regions "
                     "(cross-Region subscriptions), so each consumer's buffer lives in its own "
                     "Region.", "sns-subscriptions-per-topic")
    if can_reach(b, "eventbridge") and (existing == "eventbridge" or w.crosses or (
            https and not needs_fifo) or (needs_fifo and not can_reach(b, "sns-fifo"))):
        return b.use("eventbridge", "event bus that routes each event to a target per consumer",
                     "EventBridge routes by rule to each consumer's queue or endpoint"
                     + (" and is already in place" if existing == "eventbridge" else "")
                     + (", across accounts or Regions (a cross-Region bus target puts the "
                        "events in the consumer's Region)" if w.crosses else "")
                     + ".", "eventbridge-retry", "eventbridge-targets-per-rule")
    if needs_fifo and can_reach(b, "sns-fifo"):
        return b.use("sns-fifo", "FIFO topic that fans out to a FIFO queue per consumer",
                     "SNS FIFO keeps order per message group and drops duplicates within "
                     f"{span(b.catalogue.number('sns-fifo-dedup-window'))}, and delivers only "
                     "to SQS queues.", "sns-fifo-subscribers",
                     "sns-fifo-dedup-window", "sns-fifo-per-group")
    if can_reach(b, "sns") and w.kind == "command" and len(w.consumers) > 1:
        return b.use("sns", "topic that routes each command to its one owner by filter policy",
                     "SNS delivers each command only to the subscription whose filter policy "
                     "matches its owner; deliveries to SQS and Lambda cost nothing extra.",
                     "sns-filtering", "price-sns-delivery-sqs-lambda")
    if can_reach(b, "sns"):
        return b.use("sns", "topic that fans out to each consumer",
                     "SNS copies each message to every subscription; deliveries to SQS and "
                     "Lambda cost nothing extra.", "sns-subscriptions-per-topic",
                     "price-sns-delivery-sqs-lambda")
    if can_reach(b, "eventbridge"):
        # The source reaches only the bus: its rules target a queue or function per consumer.
        return relay(b, "eventbridge", "sqs")
    source = b.catalogue.source(w.source or "")
    b.infeasible(f"{source.name} publishes only to {names_of(b, source.targets)}, none of which "
                 "fans out to a queue per consumer.")
    return None


def _hybrid_from_stream(b: Builder) -> None:
    w = b.workload
    window = max((c.replay for c in w.consumers), default=0.0)
    keeps = b.catalogue.number("dynamodb-streams-retention")
    stream = (table_into_kinesis(b, replay_outlives_stream(window, keeps), window)
              if window > keeps else
              b.use("dynamodb-streams", "change stream of the table",
                    f"DynamoDB Streams keeps each item change for {span(keeps)}, in order per "
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
                b.path(consumer, "poll", stream, pipe, *buffered_hops(b, consumer, bus))
            else:
                b.path(consumer, "push", stream, pipe, *push_hops(b, consumer, bus))
        return
    for consumer in w.consumers:
        runs_on = consumer.runs_on
        if runs_on in SELF_POLLING:
            b.path(consumer, "poll", stream, *poll_tail(b, consumer, stream))
            continue
        if runs_on in ("client", "device") or per_message(consumer):
            # The function that publishes to the clients or devices reads the stream itself.
            esm = b.use("lambda-esm", "event source mapping that hands each batch of changes to "
                        "the function that publishes them", "Lambda reads the stream in order "
                        "per item and invokes the publishing function with batches.",
                        "lambda-esm-batch-size-streams", "lambda-esm-batching-window")
            hops = push_hops(b, consumer, None)
            b.path(consumer, "push", stream, esm, *[h for h in hops if h != "lambda"])
            continue
        pipe = b.use("eventbridge-pipes", "pipe that polls the stream and pushes each record "
                     "to its target", "A pipe reads the stream in batches, filters, and "
                     "delivers to the target without forwarding code.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets",
                     "eventbridge-pipes-batching")
        b.path(consumer, "push", stream, pipe, *push_hops(b, consumer, None))
