"""Why a stream or FIFO queue is the buffer, and what a stream can keep for replay."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.format import units
from advisor.format.workload import Workload
from advisor.providers.aws.building import Builder
from advisor.providers.aws.designs.routing import span
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"kinesis"})


def replay_outlives_stream(window: float, keeps: float) -> str:
    return (f"{units.format_duration(window)} of replay is needed and a DynamoDB stream keeps "
            f"changes for {units.format_duration(keeps)}")


# Kinesis Data Streams for DynamoDB keeps no per-item order and may repeat a change.
TABLE_INTO_KINESIS_ORDER = (
    "the table's changes may arrive out of order and occasionally twice (Kinesis Data Streams "
    "for DynamoDB), so order them by ApproximateCreationDateTime or an item version and make "
    "the handler idempotent")


def table_into_kinesis(b: Builder, why: str, window: float) -> str:
    """The table's changes streamed into Kinesis (Kinesis Data Streams for DynamoDB)."""
    kinesis_keeps(b, window)
    return b.use("kinesis", "Kinesis data stream the table's changes are streamed into, read "
                 "by every consumer", f"{why}, so the table streams into Kinesis Data Streams "
                 "(Kinesis Data Streams for DynamoDB), where each consumer reads at its own "
                 f"position. Unlike a DynamoDB stream, {TABLE_INTO_KINESIS_ORDER}.",
                 "dynamodb-change-capture", "dynamodb-kinesis-ordering",
                 "dynamodb-streams-readers", "dynamodb-streams-retention",
                 "kinesis-efo-consumers", "kinesis-retention-max")


def kinesis_keeps(b: Builder, window: float) -> None:
    """Kinesis keeps records for a bounded time: a longer replay cannot be served by it."""
    keeps = b.catalogue.number("kinesis-retention-max")
    if window > keeps:
        b.infeasible(f"{units.format_duration(window)} of replay is longer than Kinesis Data "
                     f"Streams keeps records ({units.format_duration(keeps)}); keep an archive "
                     "(an EventBridge archive for replay by an operator, or S3 through "
                     "Firehose) or a Kafka topic on tiered storage.")


def kinesis_why(w: Workload, catalogue: Catalogue) -> str:
    reasons = []
    if w.replay or any(c.replay for c in w.consumers):
        reasons.append(f"keeps records up to {span(catalogue.number('kinesis-retention-max'))} "
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


def fifo_role(w: Workload) -> str:
    if w.ordering == "none":
        return "FIFO queue that drops duplicate sends"
    return "FIFO queue the consumer drains in order"


def fifo_why(b: Builder) -> str:
    w = b.workload
    parts = []
    if w.ordering == "per-key":
        parts.append(f"keeps order within each message group ({w.ordering_key or 'the key'} as "
                     "MessageGroupId)")
    elif w.ordering == "global":
        parts.append("keeps one global order with a single message group")
    if w.duplicates == "must-deduplicate":
        parts.append(f"drops duplicates sent within "
                     f"{span(b.catalogue.number('sqs-fifo-dedup-window'))} "
                     "(MessageDeduplicationId)")
        if w.ordering == "none":
            parts.append("takes a high-cardinality MessageGroupId (such as the message id) "
                         "so that groups do not serialise the work")
    limit = b.catalogue.number("sqs-fifo-high-throughput", w.region)
    if w.rate_peak and w.rate_peak > limit:
        b.warn(f"The peak of {units.format_rate(w.rate_peak)} is above SQS FIFO's "
               f"high-throughput limit in {w.region} ({limit:,.0f} msg/s).")
    return f"An SQS FIFO queue {', '.join(parts)}."
