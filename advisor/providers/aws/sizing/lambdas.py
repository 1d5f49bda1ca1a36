"""Lambda's figures: concurrency at peak, and each event source mapping's batch, window,
timeouts, maximum concurrency and parallelization."""

from __future__ import annotations

import math

from advisor.errors import InternalError
from advisor.format import units
from advisor.format.workload import Consumer
from advisor.providers.aws.sizing.readers import shared_readers_max
from advisor.providers.aws.sizing.sizer import Sizer, payload_of

# Named judgements, each with its reason (AWS numbers come from the catalogue, by id):
# A batch is sized to take at most this share of Lambda's maximum timeout, because
# processing_time is a typical figure and a slow batch that times out is retried whole
# (principle: head-room for an estimate).
TIMEOUT_HEADROOM = 0.8
# Without a window asked for, the batching window takes this share of the latency target
# left after processing: the rest is for the batch's own wait and the polling.
WINDOW_SHARE = 0.5

# An event source mapping's largest and default batch, by source: catalogue fact ids.
_BATCH_FACTS = {
    "sqs": ("lambda-esm-batch-size-sqs", "lambda-esm-batch-size-sqs-default"),
    "sqs-fifo": ("lambda-esm-batch-size-sqs-fifo", "lambda-esm-batch-size-sqs-default"),
    "kinesis": ("lambda-esm-batch-size-streams", "lambda-esm-batch-size-streams-default"),
    "dynamodb-streams": ("lambda-esm-batch-size-streams", "lambda-esm-batch-size-streams-default"),
    "msk": ("lambda-esm-batch-size-kafka", "lambda-esm-batch-size-kafka-default"),
    "mq": ("lambda-esm-batch-size-mq", "lambda-esm-batch-size-mq-default"),
}


def lambda_concurrency(s: Sizer) -> None:
    time = s.w.processing_time
    lambdas = [c for c in s.w.consumers if c.runs_on == "lambda"]
    if not lambdas:
        return
    if time is None:
        s.notes.append("processing_time is not stated, so Lambda concurrency is not "
                       "sized.")
        return
    parts, total = [], 0.0
    for consumer in lambdas:
        rate = s.rate_reaching(consumer.name)
        many = f"{consumer.count:,} x " if consumer.count > 1 else ""
        if consumer.max_concurrency and rate * time > consumer.max_concurrency:
            # reserved concurrency or the mapping's maximum holds it there
            total += consumer.max_concurrency * consumer.count
            parts.append(f"{many}max_concurrency {consumer.max_concurrency:,}")
            continue
        total += rate * time * consumer.count
        parts.append(f"{many}{units.format_rate(rate)} x {units.format_duration(time)}")
    longest = s.cat.number("lambda-timeout-max")
    if time > longest:
        s.quota("lambda-timeout-max",
                f"processing_time {units.format_duration(time)} is longer than Lambda's "
                f"maximum timeout of {longest:,.0f} s: a function cannot finish even one "
                "message. Run the work on containers, or split it into steps (Step "
                "Functions).")
    value = math.ceil(total - 1e-9)
    limit = s.cat.number("lambda-concurrency-default")
    s.add("lambda_concurrency_peak", value,
          f"concurrent Lambda executions at peak, against the account default of "
          f"{limit:,.0f} per Region", " + ".join(parts) + f" = {value:,}",
          "lambda-concurrency-default")
    if value > limit:
        s.quota("lambda-concurrency-default",
                f"Lambda needs about {value:,} concurrent executions at peak, above the "
                f"default account quota of {limit:,.0f} per Region: request an "
                "increase, batch (an event source mapping invokes once per batch), or "
                "cap concurrency behind a queue.")


def event_source_mappings(s: Sizer) -> None:
    for path in s.design.paths:
        if "lambda-esm" not in path.hops:
            continue
        source = path.hops[path.hops.index("lambda-esm") - 1]
        consumer = s.consumers[path.consumer]
        rate = s.rate_reaching(consumer.name)
        window, window_formula = _window(s, consumer.batching.window)
        window_fact = "lambda-esm-batching-window"
        if source == "sqs-fifo":  # AWS offers no MaximumBatchingWindowInSeconds here
            window, window_fact = 0.0, "lambda-esm-fifo-no-batching-window"
            window_formula = "an SQS FIFO event source mapping takes no batching window: 0 s"
        if source not in _BATCH_FACTS:  # a source added to a design but not here
            raise InternalError(f"no batch size facts for an event source mapping reading "
                                f"{source}")
        limit_fact, default_fact = _BATCH_FACTS[source]
        limit = int(s.cat.number(limit_fact))
        wanted = consumer.batching.size or max(1, math.ceil(rate * window)) if window else (
            consumer.batching.size or int(s.cat.number(default_fact)))
        payload, _ = payload_of(s.w)
        most_bytes = s.cat.number("lambda-esm-batch-payload")
        cap = int(most_bytes // payload)
        bounds = [(wanted, f"wanted {wanted:,}"), (limit, f"{source} maximum {limit:,}"),
                  (cap, f"{most_bytes / 1024**2:g} MB / {units.format_size(payload)} = "
                        f"{cap:,}"),
                  *_batch_time_bounds(s, source, window,
                                         asked=bool(consumer.batching.window))]
        batch = max(1, min(n for n, _ in bounds))
        name = consumer.name
        s.add(f"esm_batch_size.{name}", batch,
              f"event source mapping batch size for {name}",
              "min(" + ", ".join(text for _, text in bounds) + f") = {batch:,}",
              limit_fact, *((default_fact,) if not consumer.batching.size else ()),
              "lambda-esm-batch-payload",
              *(("lambda-timeout-max",) if s.w.processing_time else ()))
        s.add(f"esm_batching_window_s.{name}", window,
              f"batching window for {name}", window_formula, window_fact)
        _timeouts(s, name, source, batch)
        if source in ("sqs", "sqs-fifo"):
            _max_concurrency(s, consumer, s.w.processing_time)
        if source == "kinesis":
            _parallelization(s, name, rate)


def _polling(s: Sizer, source: str) -> tuple[float, str]:
    """The mapping's own polling interval where AWS states one (enhanced fan-out pushes)."""
    if source == "kinesis" and s.kinesis_readers() <= shared_readers_max(s.cat):
        return s.cat.number("lambda-esm-kinesis-polling-rate"), "Kinesis polling"
    if source == "dynamodb-streams":
        return s.cat.number("lambda-esm-dynamodb-polling-rate"), "stream polling"
    return 0.0, ""


def _batch_time_bounds(s: Sizer, source: str, window: float,
                       asked: bool) -> list[tuple[int, str]]:
    """A function works through its batch in order, so the last record waits for all
    ahead of it: the batch must finish within the latency target (after the window and
    the polling) and well within Lambda's maximum timeout, or it is retried whole.
    Where the target cannot be met at all, the smallest batch misses it least; but a
    window the consumer asked for is its reason to batch, which a batch of 1 would undo."""
    time = s.w.processing_time
    if not time:
        return []
    bounds: list[tuple[int, str]] = []
    latency = s.w.latency
    if latency is not None:
        polling, polled = _polling(s, source)
        room = latency - window - polling
        fits = math.floor(room / time + 1e-9)
        shown = units.format_duration(time)
        spent = (f"(latency {units.format_duration(latency)} - window {window:g} s"
                 + (f" - {polled} {polling:g} s" if polling else "") + ")")
        if fits >= 1:
            bounds.append((fits, f"{spent} / processing {shown} = {fits:,}"))
        elif not asked:
            bounds.append((1, f"{spent} leaves no room for processing {shown}: 1"))
        else:
            s.notes.append(f"The batching window asked for leaves no room in the "
                           f"{units.format_duration(latency)} latency target for even "
                           f"one record's {shown} of processing: the batch size is "
                           "not bounded by the target.")
    timeout = s.cat.number("lambda-timeout-max")
    most = math.floor(timeout * TIMEOUT_HEADROOM / time + 1e-9)
    bounds.append((most, f"Lambda's {timeout:,.0f} s maximum timeout x "
                         f"{TIMEOUT_HEADROOM:g} head-room / processing "
                         f"{units.format_duration(time)} = {most:,}"))
    return bounds


def _timeouts(s: Sizer, name: str, source: str, batch: int) -> None:
    """The function timeout a batch needs, and the queue's visibility timeout after it."""
    time = s.w.processing_time
    if not time:
        return
    maximum = s.cat.number("lambda-timeout-max")
    least = s.cat.number("lambda-timeout-min")
    needed = batch * time / TIMEOUT_HEADROOM
    timeout = float(min(maximum, max(least, math.ceil(needed - 1e-9))))
    s.add(f"lambda_timeout_s.{name}", timeout,
          f"function timeout for {name}: one batch's processing with head-room",
          f"ceil({batch:,} records x {units.format_duration(time)} / "
          f"{TIMEOUT_HEADROOM:g} head-room), at least {least:g} s, at most {maximum:,.0f} s = "
          f"{timeout:,g} s", "lambda-timeout-max")
    if source not in ("sqs", "sqs-fifo"):
        return
    times = s.cat.number("lambda-esm-sqs-visibility-timeout")
    visibility = timeout * times
    s.add(f"sqs_visibility_timeout_s.{name}", visibility,
          f"visibility timeout of the queue {name} reads: at least {times:g} times "
          "the function timeout",
          f"{times:g} x function timeout {timeout:,g} s = {visibility:,g} s",
          "lambda-esm-sqs-visibility-timeout", "sqs-visibility-timeout-max")


def _window(s: Sizer, asked: float | None) -> tuple[float, str]:
    maximum = s.cat.number("lambda-esm-batching-window")
    if asked:
        window = min(asked, maximum)
        return window, (f"asked {units.format_duration(asked)}, at most "
                        f"{maximum:.0f} s = {window:g} s")
    latency = s.w.latency
    if latency is None:
        return 0.0, "no latency target: 0 s (invoke as soon as records arrive)"
    budget = latency - (s.w.processing_time or 0.0)
    share = budget * WINDOW_SHARE
    window = 0.0 if share < 1 else float(min(maximum, math.floor(share)))
    shown = "half" if WINDOW_SHARE == 0.5 else f"{WINDOW_SHARE:.0%}"
    return window, (f"{shown} of (latency {units.format_duration(latency)} - processing "
                    f"{units.format_duration(s.w.processing_time or 0.0)}), rounded down, "
                    f"at most {maximum:.0f} s = {window:g} s")


def _max_concurrency(s: Sizer, consumer: Consumer, time: float | None) -> None:
    """The mapping's MaximumConcurrency: what keeps a capped consumer at its cap."""
    name = consumer.name
    floor = int(s.cat.number("lambda-esm-max-concurrency-min"))
    ceiling = int(s.cat.number("lambda-esm-max-concurrency"))
    wanted: list[tuple[int, str]] = []
    needed = 0.0
    if consumer.max_rate and time:
        needed = consumer.max_rate * time
        wanted.append((math.floor(needed), f"{units.format_rate(consumer.max_rate)} x "
                                           f"{units.format_duration(time)} = "
                                           f"{needed:,.2f}, rounded down"))
    if consumer.max_concurrency:
        wanted.append((consumer.max_concurrency,
                       f"max_concurrency {consumer.max_concurrency:,}"))
    if not wanted:
        return
    low = min(n for n, _ in wanted)
    value = min(ceiling, max(floor, low))
    how = "; ".join(text for _, text in wanted)
    shown = f"min({how})" if len(wanted) > 1 else how
    what = (f"near {units.format_rate(consumer.max_rate)}" if consumer.max_rate
            else f"at {consumer.max_concurrency:,} at once")
    s.add(f"esm_maximum_concurrency.{name}", value,
          f"SQS maximum concurrency that keeps {name} {what}",
          f"{shown}, between {floor} and {ceiling:,} = {value:,}",
          "lambda-esm-max-concurrency", "lambda-esm-max-concurrency-min")
    if consumer.max_rate and time and needed < floor:
        s.quota("lambda-esm-max-concurrency",
                f"Even the lowest maximum concurrency ({floor}) drains about "
                f"{units.format_rate(floor / time)} for {name}, above its "
                f"{units.format_rate(consumer.max_rate)}: slow each invocation down, "
                "use a pipe to an API destination with an invocation rate limit, or a "
                "token bucket.")
    elif consumer.max_concurrency and not floor <= consumer.max_concurrency <= ceiling:
        s.quota("lambda-esm-max-concurrency",
                f"{name}'s max_concurrency of {consumer.max_concurrency:,} is outside "
                f"the {floor} to {ceiling:,} an SQS event source mapping accepts: "
                + ("set the function's reserved concurrency to 1 instead."
                   if consumer.max_concurrency < floor
                   else "leave MaximumConcurrency unset and set the function's reserved "
                   f"concurrency to {consumer.max_concurrency:,} instead."))


def _parallelization(s: Sizer, name: str, rate: float) -> None:
    time = s.w.processing_time
    shards = s.kinesis_shards()
    if time is None or shards is None:
        return
    needed = rate * time
    factor = max(1, math.ceil(needed / shards - 1e-9))
    maximum = int(s.cat.number("lambda-esm-parallelization"))
    formula = (f"ceil({units.format_rate(rate)} x {units.format_duration(time)} / {shards} "
               f"shards) = {factor}, at most {maximum}")
    limit = s.consumers[name].max_concurrency
    if limit and factor * shards > limit:
        # a stream runs one batch per shard times the factor at once: never above the cap
        factor = max(1, limit // shards)
        formula += f"; max_concurrency {limit:,} / {shards} shards, rounded down = {factor}"
        if shards > limit:
            s.notes.append(f"{name} runs at least one batch per shard at once: "
                           f"{shards} shards exceed its max_concurrency of {limit:,}.")
    s.add(f"kinesis_parallelization_factor.{name}", min(factor, maximum),
          f"Kinesis parallelization factor for {name}", formula,
          "lambda-esm-parallelization")
    if factor > maximum:
        s.quota("lambda-esm-parallelization",
                f"{name} needs {factor} concurrent batches per shard, above the "
                f"maximum parallelization factor of {maximum}: add shards "
                f"({math.ceil(needed / maximum)} would do) or shorten processing.")
