"""A hybrid's buffered routes: logs for consumers that re-read, FIFO queues for
order, and a queue per consumer for the rest.
"""

from __future__ import annotations

from advisor.core.designs import PEOPLE, PUSH_ONLY
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder
from advisor.providers.aws.designs.buffers import kinesis_keeps
from advisor.providers.aws.designs.clients import (
    client_hops,
    device_hops,
    iot_job,
    waits_for_device,
)
from advisor.providers.aws.designs.poll import own_queues
from advisor.providers.aws.designs.push import direct_put, push_hops, sole_store, use_firehose
from advisor.providers.aws.designs.routing import (
    can_reach,
    names_of,
    per_message,
    reach_via,
    source_targets,
    span,
)
from advisor.providers.aws.designs.tails import poll_tail
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({
    "eventbridge-pipes", "kinesis", "lambda-esm", "sqs", "sqs-fifo"
})


def ordered_log_hops(b: Builder, consumer: Consumer) -> list[str]:
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
    reach = reach_via(b, "kinesis")
    if reach is None:
        b.infeasible(f"{consumer.name} needs its messages in order, but "
                     f"{source} publishes only to {names_of(b, source_targets(b))}, none of "
                     "which keeps order.")
        reach = []
    if consumer.runs_on == "https":
        pipe = b.use("eventbridge-pipes", "pipe that reads the stream to the endpoint in order",
                     "A pipe reads each shard in order and calls the API destination, so the "
                     "endpoint sees each key's messages in order.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets")
        return [*reach, log, pipe, *push_hops(b, consumer, None)]
    if consumer.runs_on == "client":
        esm = b.use("lambda-esm", "event source mapping that reads the stream in order",
                    "Lambda reads each shard in order, and its function posts each message "
                    "to the open connections.", "lambda-esm-batch-size-streams")
        return [*reach, log, esm, client_hops(b, consumer, None)[-1]]
    if consumer.runs_on == "device":
        esm = b.use("lambda-esm", "event source mapping that reads the stream in order",
                    "Lambda reads each shard in order, and its function publishes each message "
                    "to the devices (or creates their jobs) in turn.",
                    "lambda-esm-batch-size-streams")
        last = (iot_job(b) if waits_for_device(w, consumer)
                else device_hops(b, consumer, None, "push")[-1])
        return [*reach, log, esm, last]
    return [*reach, log, *poll_tail(b, consumer, log)]


def ordered_push_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    """Order survives a push only if one poller drains a FIFO queue and pushes in turn."""
    lead = [router] if router else []
    if consumer.runs_on in PEOPLE:
        return push_hops(b, consumer, None if router == "sns-fifo" else router)
    queue = b.use("sqs-fifo", "FIFO queue per consumer, drained in order",
                  "Each consumer's FIFO queue keeps the group order and its own pace.",
                  "sqs-fifo-per-group", "sqs-fifo-dedup-window")
    if consumer.runs_on == "https":
        pipe = b.use("eventbridge-pipes", "pipe that drains the FIFO queue to the endpoint in "
                     "order", "A pipe reads the FIFO queue one message group at a time and "
                     "calls the API destination, so the endpoint sees each group in order.",
                     "eventbridge-pipes-sources", "eventbridge-pipes-targets")
        return [*lead, queue, pipe, *push_hops(b, consumer, None)]
    if consumer.runs_on != "client":
        return [*own_queues(b, consumer, queue, lead), queue, *poll_tail(b, consumer, queue)]
    esm = b.use("lambda-esm", "event source mapping that drains the FIFO queue in order",
                "Lambda drains the FIFO queue in order, and its function posts each message "
                "to the open connections.", "lambda-esm-batch-size-sqs-fifo")
    api = client_hops(b, consumer, None)[-1]
    return [*lead, queue, esm, api]


def rereads(consumer: Consumer) -> bool:
    """A consumer that replays from its own position (`replay: {by: consumer}`) reads a log."""
    return consumer.replay > 0 and consumer.replay_by == "consumer" and (
        consumer.runs_on not in (*PUSH_ONLY, "device") or per_message(consumer))


def _log_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    """A log on the consumer's route: SQS deletes what it delivers and a bus archive is
    re-sent by an operator, so neither lets a consumer re-read from its own position."""
    window = consumer.replay
    kinesis_keeps(b, window)
    log = b.use("kinesis", "retained stream a replaying consumer reads at its own position",
                f"{consumer.name} re-reads from its own position for "
                f"{units.format_duration(window)}: a Kinesis stream keeps records up to "
                f"{span(b.catalogue.number('kinesis-retention-max'))} once its retention is "
                "raised to the window, while SQS deletes what it delivers and serves no "
                "replay.", "kinesis-retention-max",
                "kinesis-retention-default", "kinesis-ordering", "kinesis-efo-consumers")
    if router == "eventbridge":
        lead = [router]
    else:
        reach = reach_via(b, "kinesis")
        if reach is None:
            source = b.catalogue.source(b.workload.source or "")
            b.infeasible(f"{consumer.name} replays from its own position and needs a stream, "
                         f"but {source.name} publishes only to {names_of(b, source.targets)}, "
                         "none of which fills one.")
            reach = []
        lead = reach
    return [*lead, log, *poll_tail(b, consumer, log)]


def buffered_hops(b: Builder, consumer: Consumer, router: str | None) -> list[str]:
    w = b.workload
    if rereads(consumer) and w.source != "dynamodb":
        return _log_hops(b, consumer, router)
    window = consumer.batching.window or 0
    ordered = w.ordering != "none" or router == "sns-fifo"
    # a window longer than an event source mapping gathers (as PP307) is batched in storage
    longest = b.catalogue.number("lambda-esm-batching-window")
    to_store = (consumer.batching.wanted and consumer.runs_on is None) or window > longest or (
        consumer.runs_on == "store")
    lead = [router] if router else []
    if not ordered and to_store and (router or can_reach(b, "kinesis-firehose")):
        if consumer.runs_on == "store":
            firehose = use_firehose(b)
            if not lead and sole_store(b):
                direct_put(b)
            return [*lead, firehose]
        return [*lead, use_firehose(b)]
    fifo = ordered or w.duplicates == "must-deduplicate"
    queue = (b.use("sqs-fifo", "FIFO queue per consumer, drained in order",
                   "Each consumer's FIFO queue keeps the group order and its own pace.",
                   "sqs-fifo-per-group", "sqs-fifo-dedup-window")
             if fifo else
             b.use("sqs", "queue per consumer that buffers and absorbs bursts",
                   "Each consumer drains its own queue at its own pace, and failures stay in "
                   "its own dead-letter queue.", "sqs-retention-max", "sqs-dlq"))
    if not router:
        lead = reach_via(b, queue) or []
    hops = own_queues(b, consumer, queue, list(lead))
    if router == "eventbridge" and w.ordering == "per-key":
        hops.append(queue)
        hops.append(b.use("eventbridge-pipes", "pipe that sets each message's group id from "
                          f"{w.ordering_key or 'the ordering key'}",
                          "An EventBridge rule gives an SQS FIFO target one fixed "
                          "MessageGroupId; a pipe between two FIFO queues sets it per message, "
                          "so order is kept from the first FIFO queue on.",
                          "eventbridge-pipes-sources", "eventbridge-pipes-targets"))
    hops.append(queue)
    return [*hops, *poll_tail(b, consumer, queue)]
