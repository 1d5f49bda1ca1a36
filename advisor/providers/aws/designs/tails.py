"""The consumer's end of a buffer: its worker, event source mapping, pipe or stream."""

from __future__ import annotations

from advisor.core.designs import WORKER
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.building import Builder
from advisor.providers.aws.designs.buffers import TABLE_INTO_KINESIS_ORDER
from advisor.providers.aws.designs.people import per_message_hops
from advisor.providers.aws.designs.push import use_firehose
from advisor.providers.aws.designs.routing import per_message, push_only
from advisor.providers.aws.vocabulary import ServiceId

# The service ids this module places in a design: the provider's `designed` set is the
# union over the design modules (designs.BRANCHES).
PLACES: frozenset[ServiceId] = frozenset({"eventbridge-pipes", "lambda-esm", "step-functions"})


def poll_tail(b: Builder, consumer: Consumer, buffer: str) -> list[str]:
    runs_on = consumer.runs_on
    if runs_on in ("container", "on-premises"):
        return [WORKER]
    if runs_on == "store":
        if buffer in ("kinesis", "msk"):
            return [use_firehose(b)]  # Firehose reads a Kinesis stream or MSK topic itself
        return [_pipe(b, "pipe that drains the buffer into the delivery stream"), use_firehose(b)]
    if runs_on == "workflow":
        pipe = _pipe(b, "pipe that polls the buffer and starts the workflow")
        return [pipe, b.use("step-functions", "state machine run per record",
                            "The workflow owns the multi-step processing.",
                            "step-functions-when")]
    if push_only(consumer) or runs_on in ("client", "device"):
        return []
    esm = b.use("lambda-esm", "event source mapping that polls for the function, with batch "
                "and concurrency control", _esm_why(b, consumer, buffer),
                "lambda-esm-batch-size-sqs", "lambda-esm-batching-window",
                "lambda-esm-batch-payload", "lambda-esm-max-concurrency")
    if per_message(consumer):
        # The sending function drains the buffer, which also holds sends within their quota.
        return [esm, *(h for h in per_message_hops(b, consumer) if h != "lambda")]
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
        parts.append(TABLE_INTO_KINESIS_ORDER)
    elif buffer in ("kinesis", "dynamodb-streams"):
        parts.append("records of a shard arrive in order")
    if not parts:
        return "Lambda polls the buffer and invokes the function with batches."
    return "Lambda polls the buffer; " + "; ".join(parts) + "."
