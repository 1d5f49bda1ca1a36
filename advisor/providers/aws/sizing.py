"""Numbers behind a design: concurrency, batch settings, shards, throughput modes, quotas.

Every figure carries the formula with the workload's own inputs and the catalogue
facts it rests on, so a reviewer can redo the arithmetic by hand.
"""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Figure, QuotaWarning, Sizing, capacity
from advisor.errors import InternalError
from advisor.format import units
from advisor.format.workload import Consumer, Workload

ASSUMED_PAYLOAD = 1024.0  # bytes, where the workload states none
# Figures that are settings turned on (1) or off (0), shown as yes or no.
FLAGS = ("kinesis_enhanced_fan_out", "sqs_fifo_high_throughput")
# Named judgements, each with its reason (AWS numbers come from the catalogue, by id):
# A batch is sized to take at most this share of Lambda's maximum timeout, because
# processing_time is a typical figure and a slow batch that times out is retried whole
# (principle: head-room for an estimate).
TIMEOUT_HEADROOM = 0.8
# Shards are provisioned so the estimated peak uses at most this share of their capacity:
# the peak is an estimate, and a shard past its limit throttles writes (principle:
# head-room for an estimate).
SHARD_HEADROOM = 0.8
# GetRecords calls a second a standard reader of a shard is given: an event source mapping
# polls each shard once a second (lambda-esm-kinesis-polling-rate) and needs as many again to
# catch up after a burst. The shard's calls (kinesis-getrecords-tps) divided by this are the
# readers that can share it; beyond them each reader gets enhanced fan-out.
GETRECORDS_PER_READER = 2.0


def shared_readers_max(catalogue: Catalogue) -> int:
    """Standard readers that can share a shard's GetRecords calls; more get enhanced fan-out."""
    return math.floor(catalogue.number("kinesis-getrecords-tps") / GETRECORDS_PER_READER + 1e-9)


def shared_readers_formula(catalogue: Catalogue) -> str:
    """How `shared_readers_max` is worked, from the same numbers."""
    calls = catalogue.number("kinesis-getrecords-tps")
    return (f"floor({calls:g} GetRecords calls/s per shard / {GETRECORDS_PER_READER:g} per "
            f"reader) = {shared_readers_max(catalogue)}")


def payload_of(w: Workload) -> tuple[float, bool]:
    """The average payload, and whether it was stated."""
    if w.payload_average:
        return w.payload_average, True
    return ASSUMED_PAYLOAD, False


def stream_readers(design: Design, w: Workload) -> int:
    """Readers of the design's Kinesis stream: each consumer on a path through it, times its
    instances where each instance reads every record (a broadcast, not per-message)."""
    consumers = {c.name: c for c in w.consumers}
    total = 0
    for path in design.paths:
        if "kinesis" not in path.hops:
            continue
        consumer = consumers.get(path.consumer)
        each = 1 if consumer is None or consumer.recipients == "per-message" \
            else consumer.instances
        total += path.count * each
    return total


# An event source mapping's largest and default batch, by source: catalogue fact ids.
_BATCH_FACTS = {
    "sqs": ("lambda-esm-batch-size-sqs", "lambda-esm-batch-size-sqs-default"),
    "sqs-fifo": ("lambda-esm-batch-size-sqs-fifo", "lambda-esm-batch-size-sqs-default"),
    "kinesis": ("lambda-esm-batch-size-streams", "lambda-esm-batch-size-streams-default"),
    "dynamodb-streams": ("lambda-esm-batch-size-streams", "lambda-esm-batch-size-streams-default"),
    "msk": ("lambda-esm-batch-size-kafka", "lambda-esm-batch-size-kafka-default"),
    "mq": ("lambda-esm-batch-size-mq", "lambda-esm-batch-size-mq-default"),
}

# Where a slow consumer's backlog waits: (default retention, maximum retention) fact ids.
RETENTION = {
    "sqs": ("sqs-retention-default", "sqs-retention-max"),
    "sqs-fifo": ("sqs-retention-default", "sqs-retention-max"),
    "kinesis": ("kinesis-retention-default", "kinesis-retention-max"),
    "dynamodb-streams": ("dynamodb-streams-retention", "dynamodb-streams-retention"),
}


def size(design: Design, w: Workload, catalogue: Catalogue) -> Sizing:
    s = _Sizer(design, w, catalogue)
    if w.rate_peak is None:
        s.notes.append("No throughput is stated, so nothing is sized by rate.")
        return s.done()
    s.lambda_concurrency()
    s.kinesis()  # before the mappings: the parallelization factor needs the shard count
    s.event_source_mappings()
    s.fifo()
    s.brokers()
    s.slow_consumers()
    s.deliveries()
    return s.done()


class _Sizer:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, catalogue
        self.figures: list[Figure] = []
        self.quotas: list[QuotaWarning] = []
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.peak = w.rate_peak or 0.0
        # Looked up by name, never scanned: a workload may list a thousand consumers.
        self.consumers = {c.name: c for c in w.consumers}
        self.paths = {p.consumer: p for p in reversed(design.paths)}  # the first path wins

    def done(self) -> Sizing:
        return Sizing(tuple(self.figures), tuple(self.quotas), tuple(dict.fromkeys(self.notes)),
                      tuple(self.warnings))

    def add(self, key: str, value: float, text: str, formula: str, *facts: str) -> None:
        self.figures.append(Figure(key, value, text, formula, facts, key in FLAGS))

    def quota(self, fact_id: str, text: str) -> None:
        fact = self.cat.fact(fact_id)
        caveat = "" if fact.certain else f" (this quota is {fact.status} in advisor's catalogue)"
        self.quotas.append(QuotaWarning(text + caveat, fact_id, fact.status))

    def rate_reaching(self, consumer_name: str) -> float:
        """A pushed consumer gets the peak; a buffered one is drained at most at its cap."""
        consumer = self.consumers[consumer_name]
        path = self.paths[consumer_name]
        cap = capacity(consumer, self.w.processing_time)
        if path.delivery == "poll" and cap is not None:
            return min(self.peak, cap[0])
        return self.peak

    # --- Lambda ---------------------------------------------------------------------

    def lambda_concurrency(self) -> None:
        time = self.w.processing_time
        lambdas = [c for c in self.w.consumers if c.runs_on == "lambda"]
        if not lambdas:
            return
        if time is None:
            self.notes.append("processing_time is not stated, so Lambda concurrency is not "
                              "sized.")
            return
        parts, total = [], 0.0
        for consumer in lambdas:
            rate = self.rate_reaching(consumer.name)
            many = f"{consumer.count:,} x " if consumer.count > 1 else ""
            if consumer.max_concurrency and rate * time > consumer.max_concurrency:
                # reserved concurrency or the mapping's maximum holds it there
                total += consumer.max_concurrency * consumer.count
                parts.append(f"{many}max_concurrency {consumer.max_concurrency:,}")
                continue
            total += rate * time * consumer.count
            parts.append(f"{many}{units.format_rate(rate)} x {units.format_duration(time)}")
        longest = self.cat.number("lambda-timeout-max")
        if time > longest:
            self.quota("lambda-timeout-max",
                       f"processing_time {units.format_duration(time)} is longer than Lambda's "
                       f"maximum timeout of {longest:,.0f} s: a function cannot finish even one "
                       "message. Run the work on containers, or split it into steps (Step "
                       "Functions).")
        value = math.ceil(total - 1e-9)
        limit = self.cat.number("lambda-concurrency-default")
        self.add("lambda_concurrency_peak", value,
                 f"concurrent Lambda executions at peak, against the account default of "
                 f"{limit:,.0f} per Region", " + ".join(parts) + f" = {value:,}",
                 "lambda-concurrency-default")
        if value > limit:
            self.quota("lambda-concurrency-default",
                       f"Lambda needs about {value:,} concurrent executions at peak, above the "
                       f"default account quota of {limit:,.0f} per Region: request an "
                       "increase, batch (an event source mapping invokes once per batch), or "
                       "cap concurrency behind a queue.")

    def event_source_mappings(self) -> None:
        for path in self.design.paths:
            if "lambda-esm" not in path.hops:
                continue
            source = path.hops[path.hops.index("lambda-esm") - 1]
            consumer = self.consumers[path.consumer]
            rate = self.rate_reaching(consumer.name)
            window, window_formula = self._window(consumer.batching.window)
            window_fact = "lambda-esm-batching-window"
            if source == "sqs-fifo":  # AWS offers no MaximumBatchingWindowInSeconds here
                window, window_fact = 0.0, "lambda-esm-fifo-no-batching-window"
                window_formula = "an SQS FIFO event source mapping takes no batching window: 0 s"
            if source not in _BATCH_FACTS:  # a source added to a design but not here
                raise InternalError(f"no batch size facts for an event source mapping reading "
                                    f"{source}")
            limit_fact, default_fact = _BATCH_FACTS[source]
            limit = int(self.cat.number(limit_fact))
            wanted = consumer.batching.size or max(1, math.ceil(rate * window)) if window else (
                consumer.batching.size or int(self.cat.number(default_fact)))
            payload, _ = payload_of(self.w)
            most_bytes = self.cat.number("lambda-esm-batch-payload")
            cap = int(most_bytes // payload)
            bounds = [(wanted, f"wanted {wanted:,}"), (limit, f"{source} maximum {limit:,}"),
                      (cap, f"{most_bytes / 1024**2:g} MB / {units.format_size(payload)} = "
                            f"{cap:,}"),
                      *self._batch_time_bounds(source, window,
                                               asked=bool(consumer.batching.window))]
            batch = max(1, min(n for n, _ in bounds))
            name = consumer.name
            self.add(f"esm_batch_size.{name}", batch,
                     f"event source mapping batch size for {name}",
                     "min(" + ", ".join(text for _, text in bounds) + f") = {batch:,}",
                     limit_fact, *((default_fact,) if not consumer.batching.size else ()),
                     "lambda-esm-batch-payload",
                     *(("lambda-timeout-max",) if self.w.processing_time else ()))
            self.add(f"esm_batching_window_s.{name}", window,
                     f"batching window for {name}", window_formula, window_fact)
            self._timeouts(name, source, batch)
            if source in ("sqs", "sqs-fifo"):
                self._max_concurrency(consumer, self.w.processing_time)
            if source == "kinesis":
                self._parallelization(name, rate)

    def _polling(self, source: str) -> tuple[float, str]:
        """The mapping's own polling interval where AWS states one (enhanced fan-out pushes)."""
        if source == "kinesis" and self.kinesis_readers() <= shared_readers_max(self.cat):
            return self.cat.number("lambda-esm-kinesis-polling-rate"), "Kinesis polling"
        if source == "dynamodb-streams":
            return self.cat.number("lambda-esm-dynamodb-polling-rate"), "stream polling"
        return 0.0, ""

    def _batch_time_bounds(self, source: str, window: float,
                           asked: bool) -> list[tuple[int, str]]:
        """A function works through its batch in order, so the last record waits for all
        ahead of it: the batch must finish within the latency target (after the window and
        the polling) and well within Lambda's maximum timeout, or it is retried whole.
        Where the target cannot be met at all, the smallest batch misses it least; but a
        window the consumer asked for is its reason to batch, which a batch of 1 would undo."""
        time = self.w.processing_time
        if not time:
            return []
        bounds: list[tuple[int, str]] = []
        latency = self.w.latency
        if latency is not None:
            polling, polled = self._polling(source)
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
                self.notes.append(f"The batching window asked for leaves no room in the "
                                  f"{units.format_duration(latency)} latency target for even "
                                  f"one record's {shown} of processing: the batch size is "
                                  "not bounded by the target.")
        timeout = self.cat.number("lambda-timeout-max")
        most = math.floor(timeout * TIMEOUT_HEADROOM / time + 1e-9)
        bounds.append((most, f"Lambda's {timeout:,.0f} s maximum timeout x "
                             f"{TIMEOUT_HEADROOM:g} head-room / processing "
                             f"{units.format_duration(time)} = {most:,}"))
        return bounds

    def _timeouts(self, name: str, source: str, batch: int) -> None:
        """The function timeout a batch needs, and the queue's visibility timeout after it."""
        time = self.w.processing_time
        if not time:
            return
        maximum = self.cat.number("lambda-timeout-max")
        needed = batch * time / TIMEOUT_HEADROOM
        timeout = float(min(maximum, max(1, math.ceil(needed - 1e-9))))
        self.add(f"lambda_timeout_s.{name}", timeout,
                 f"function timeout for {name}: one batch's processing with head-room",
                 f"ceil({batch:,} records x {units.format_duration(time)} / "
                 f"{TIMEOUT_HEADROOM:g} head-room), at least 1 s, at most {maximum:,.0f} s = "
                 f"{timeout:,g} s", "lambda-timeout-max")
        if source not in ("sqs", "sqs-fifo"):
            return
        times = self.cat.number("lambda-esm-sqs-visibility-timeout")
        visibility = timeout * times
        self.add(f"sqs_visibility_timeout_s.{name}", visibility,
                 f"visibility timeout of the queue {name} reads: at least {times:g} times "
                 "the function timeout",
                 f"{times:g} x function timeout {timeout:,g} s = {visibility:,g} s",
                 "lambda-esm-sqs-visibility-timeout", "sqs-visibility-timeout-max")

    def _window(self, asked: float | None) -> tuple[float, str]:
        maximum = self.cat.number("lambda-esm-batching-window")
        if asked:
            window = min(asked, maximum)
            return window, (f"asked {units.format_duration(asked)}, at most "
                            f"{maximum:.0f} s = {window:g} s")
        latency = self.w.latency
        if latency is None:
            return 0.0, "no latency target: 0 s (invoke as soon as records arrive)"
        budget = latency - (self.w.processing_time or 0.0)
        window = 0.0 if budget < 2 else float(min(maximum, math.floor(budget / 2)))
        return window, (f"half of (latency {units.format_duration(latency)} - processing "
                        f"{units.format_duration(self.w.processing_time or 0.0)}), rounded down, "
                        f"at most {maximum:.0f} s = {window:g} s")

    def _max_concurrency(self, consumer: Consumer, time: float | None) -> None:
        """The mapping's MaximumConcurrency: what keeps a capped consumer at its cap."""
        name = consumer.name
        floor = int(self.cat.number("lambda-esm-max-concurrency-min"))
        ceiling = int(self.cat.number("lambda-esm-max-concurrency"))
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
        self.add(f"esm_maximum_concurrency.{name}", value,
                 f"SQS maximum concurrency that keeps {name} {what}",
                 f"{shown}, between {floor} and {ceiling:,} = {value:,}",
                 "lambda-esm-max-concurrency", "lambda-esm-max-concurrency-min")
        if consumer.max_rate and time and needed < floor:
            self.quota("lambda-esm-max-concurrency",
                       f"Even the lowest maximum concurrency ({floor}) drains about "
                       f"{units.format_rate(floor / time)} for {name}, above its "
                       f"{units.format_rate(consumer.max_rate)}: slow each invocation down, "
                       "use a pipe to an API destination with an invocation rate limit, or a "
                       "token bucket.")
        elif consumer.max_concurrency and not floor <= consumer.max_concurrency <= ceiling:
            self.quota("lambda-esm-max-concurrency",
                       f"{name}'s max_concurrency of {consumer.max_concurrency:,} is outside "
                       f"the {floor} to {ceiling:,} an SQS event source mapping accepts: "
                       + ("set the function's reserved concurrency to 1 instead."
                          if consumer.max_concurrency < floor
                          else "leave MaximumConcurrency unset and set the function's reserved "
                               f"concurrency to {consumer.max_concurrency:,} instead."))

    def _parallelization(self, name: str, rate: float) -> None:
        time = self.w.processing_time
        shards = self.kinesis_shards()
        if time is None or shards is None:
            return
        needed = rate * time
        factor = max(1, math.ceil(needed / shards - 1e-9))
        maximum = int(self.cat.number("lambda-esm-parallelization"))
        formula = (f"ceil({units.format_rate(rate)} x {units.format_duration(time)} / {shards} "
                   f"shards) = {factor}, at most {maximum}")
        limit = self.consumers[name].max_concurrency
        if limit and factor * shards > limit:
            # a stream runs one batch per shard times the factor at once: never above the cap
            factor = max(1, limit // shards)
            formula += f"; max_concurrency {limit:,} / {shards} shards, rounded down = {factor}"
            if shards > limit:
                self.notes.append(f"{name} runs at least one batch per shard at once: "
                                  f"{shards} shards exceed its max_concurrency of {limit:,}.")
        self.add(f"kinesis_parallelization_factor.{name}", min(factor, maximum),
                 f"Kinesis parallelization factor for {name}", formula,
                 "lambda-esm-parallelization")
        if factor > maximum:
            self.quota("lambda-esm-parallelization",
                       f"{name} needs {factor} concurrent batches per shard, above the "
                       f"maximum parallelization factor of {maximum}: add shards "
                       f"({math.ceil(needed / maximum)} would do) or shorten processing.")

    # --- Kinesis --------------------------------------------------------------------

    def kinesis_readers(self) -> int:
        return stream_readers(self.design, self.w)

    def kinesis_shards(self) -> int | None:
        value = next((f.value for f in self.figures if f.key == "kinesis_shards"), None)
        return int(value) if value is not None else None

    def kinesis(self) -> None:
        if "kinesis" not in self.design.service_ids:
            return
        payload, stated = payload_of(self.w)
        if not stated:
            self.notes.append("payload is not stated: 1KB per message is assumed.")
        readers = self.kinesis_readers()
        sharing = shared_readers_max(self.cat)
        efo = readers > sharing
        standard = 0 if efo else readers
        per_records = self.cat.number("kinesis-shard-write-records")
        per_write = self.cat.number("kinesis-shard-write-bytes")
        per_read = self.cat.number("kinesis-shard-read-bytes")
        by_records = math.ceil(self.peak / per_records - 1e-9)
        by_write = math.ceil(self.peak * payload / per_write - 1e-9)
        by_read = math.ceil(standard * self.peak * payload / per_read - 1e-9)
        # A function reading the stream runs at most `parallelization` batches per shard at
        # once: the shards must also hold the concurrency its rate and processing need.
        per_shard = self.cat.number("lambda-esm-parallelization")
        time = self.w.processing_time or 0.0
        reaching = max((self.rate_reaching(p.consumer) for p in self.design.paths
                        if p.follows("kinesis", "lambda-esm")), default=0.0)
        busy = reaching * time
        by_functions = math.ceil(busy / per_shard - 1e-9)
        shards = max(1, by_records, by_write, by_read, by_functions)
        rate = units.format_rate(self.peak)
        functions = (f"; ceil({units.format_rate(reaching)} x {units.format_duration(time)}"
                     f" = {busy:,.4g} concurrent batches / {per_shard:.0f} per shard) = "
                     f"{by_functions}") if busy else ""
        self.add("kinesis_shards", shards, "provisioned shards for the peak (no head-room)",
                 f"max(ceil({rate} / {per_records:,.0f} records/s) = {by_records}; ceil({rate} x "
                 f"{units.format_size(payload)} / {per_write / 1024**2:g} MiB/s) = {by_write}; "
                 f"ceil({standard} standard readers x {rate} x {units.format_size(payload)} / "
                 f"{per_read / 1024**2:g} MiB/s) = {by_read}{functions}) = {shards}",
                 "kinesis-shard-write-records", "kinesis-shard-write-bytes",
                 "kinesis-shard-read-bytes",
                 *(("lambda-esm-parallelization",) if busy else ()))
        advised = math.ceil(shards / SHARD_HEADROOM - 1e-9)
        self.add("kinesis_shards_with_headroom", advised,
                 f"shards to provision so the peak uses at most {SHARD_HEADROOM:.0%} of them "
                 "(advice)", f"ceil({shards} / {SHARD_HEADROOM:g}) = {advised}")
        self.add("kinesis_enhanced_fan_out", 1 if efo else 0,
                 f"readers that need enhanced fan-out (their own {per_read / 1024**2:g} MiB/s "
                 "per shard)",
                 f"{readers} readers {'>' if efo else '<='} "
                 f"{shared_readers_formula(self.cat)} sharing a shard: "
                 f"{'enhanced fan-out for each' if efo else 'standard iterators'}",
                 "kinesis-shard-read-bytes", "kinesis-getrecords-tps", "kinesis-efo-consumers")
        quota = self.cat.fact("kinesis-shard-quota")
        limit = quota.in_region(self.w.region)
        if limit and shards > limit:
            self.quota(quota.id, f"{shards:,} shards exceed the account's default shard quota "
                       f"of {limit:,.0f} in {self.w.region}: request an increase, or use "
                       "on-demand mode.")
        efo_limit = self.cat.number("kinesis-efo-consumers")
        if readers > efo_limit:
            self.quota("kinesis-efo-consumers", f"{readers:,} readers of the stream (each "
                       "instance that reads every record counts) exceed "
                       f"{efo_limit:.0f} enhanced fan-out consumers per stream: split into "
                       "several streams, or fan out after one reader (a queue or topic per "
                       "instance).")

    # --- FIFO and brokers -----------------------------------------------------------

    def fifo(self) -> None:
        w, rate = self.w, units.format_rate(self.peak)
        if "sns-fifo" in self.design.service_ids:
            per_group = self.cat.number("sns-fifo-per-group")
            groups = math.ceil(self.peak / per_group - 1e-9)
            self.add("sns_fifo_message_groups_min", groups,
                     "active message groups needed so no SNS FIFO group exceeds its limit",
                     f"ceil({rate} / {per_group:.0f} msg/s per group) = {groups}",
                     "sns-fifo-per-group")
            topic = self.cat.number("sns-fifo-throughput-topic")
            if self.peak > topic:
                high = self.cat.number("sns-fifo-throughput-high", w.region)
                self.notes.append(f"SNS FIFO needs high-throughput mode (FifoThroughputScope="
                                  f"MessageGroup): the peak {rate} is above {topic:,.0f} msg/s "
                                  "per topic.")
                if self.peak > high:
                    self.quota("sns-fifo-throughput-high",
                               f"The peak {rate} exceeds SNS FIFO's regional quota of "
                               f"{high:,.0f} msg/s in {w.region}: request an increase or "
                               "use Kinesis.")
            if w.ordering == "global" and self.peak > per_group:
                self.quota("sns-fifo-per-group",
                           f"Global order means one message group, which takes at most "
                           f"{per_group:.0f} msg/s, below the peak {rate}: relax ordering to "
                           "per-key, or use a single-shard stream read in order.")
        if "sqs-fifo" in self.design.service_ids:
            normal = self.cat.number("sqs-fifo-throughput")
            calls = self.cat.number("sqs-fifo-throughput-unbatched")
            batch = self.cat.number("sqs-batch-size")
            high = self.cat.number("sqs-fifo-high-throughput", w.region)
            mode = "normal" if self.peak <= normal else "high-throughput"
            self.add("sqs_fifo_high_throughput", 0 if mode == "normal" else 1,
                     "whether SQS FIFO needs high-throughput mode",
                     f"peak {rate} {'<=' if mode == 'normal' else '>'} {normal:,.0f} msg/s "
                     f"({calls:,.0f} calls/s per action, batches of {batch:g})",
                     "sqs-fifo-throughput", "sqs-fifo-throughput-unbatched", "sqs-batch-size")
            if self.peak > high:
                self.quota("sqs-fifo-high-throughput",
                           f"The peak {rate} exceeds SQS FIFO's high-throughput quota of "
                           f"{high:,.0f} msg/s in {w.region}: request an increase or use "
                           "Kinesis.")
            time = w.processing_time
            if w.ordering == "global" and time and self.peak * time > 1:
                self.quota("sqs-fifo-per-group",
                           f"Global order is one message group, processed one message at a "
                           f"time: at {units.format_duration(time)} each it drains at most "
                           f"{units.format_rate(1 / time)}, below the peak {rate}. Relax "
                           "ordering to per-key, or make processing faster.")

    def brokers(self) -> None:
        w, rate = self.w, units.format_rate(self.peak)
        ids = self.design.service_ids
        if "eventbridge" in ids:
            fact = self.cat.fact("eventbridge-putevents-quota")
            quota = fact.in_region(w.region) or 0.0
            entries = self.cat.number("eventbridge-putevents-entries")
            use = self.peak / quota * 100 if quota else 0.0
            self.add("eventbridge_putevents_use_pct", round(use, 1),
                     f"share of the PutEvents quota in {w.region} used at peak, one event per "
                     f"call (1/{entries:g} of it with {entries:g} events per call)",
                     f"{rate} / {quota:,.0f} requests/s = {use:,.1f}%", fact.id,
                     "eventbridge-putevents-entries")
            if self.peak > quota * entries:
                self.quota(fact.id, f"The peak {rate} exceeds EventBridge's PutEvents quota in "
                           f"{w.region} even at {entries:g} events per call ({quota:,.0f} "
                           "requests/s): request an increase, or use SNS or Kinesis.")
            elif self.peak > quota:
                # a note was missed by readers: over the quota unless the producer batches
                self.quota(fact.id, f"Send up to {entries:g} entries per PutEvents call: one "
                           "per call "
                           f"is {use:,.1f}% of the quota ({rate} against {quota:,.0f} "
                           f"requests/s in {w.region}), so unbatched calls are throttled at "
                           "the peak.")
        if "eventbridge" in ids:
            self._eventbridge_targets()
        if "sns" in ids:
            fact = self.cat.fact("sns-publish-quota")
            quota = fact.in_region(w.region) or 0.0
            use = self.peak / quota * 100 if quota else 0.0
            self.add("sns_publish_use_pct", round(use, 1),
                     f"share of the SNS publish quota in {w.region} used at peak",
                     f"{rate} / {quota:,.0f} messages/s = {use:,.1f}%", fact.id)
            if self.peak > quota:
                self.quota(fact.id, f"The peak {rate} exceeds SNS's publish quota of "
                           f"{quota:,.0f} messages/s in {w.region}: request an increase "
                           "through Service Quotas, or publish to Kinesis instead.")

    def _eventbridge_targets(self) -> None:
        """Rule-to-target deliveries against the Region's invocation quota, and each API
        destination against its own rate limit: limits of the bus, not of the consumers."""
        region = self.w.region
        paths = [p for p in self.design.paths if "eventbridge" in p.hops]
        targets = sum(p.count for p in paths)
        fact = self.cat.fact("eventbridge-invocations-quota")
        quota = fact.in_region(region) or 0.0
        deliveries = self.peak * targets
        if quota and targets:
            use = deliveries / quota * 100
            self.add("eventbridge_invocations_use_pct", round(use, 1),
                     f"share of EventBridge's target invocation quota in {region} used at peak",
                     f"{units.format_rate(self.peak)} x {targets} target(s) / {quota:,.0f}/s "
                     f"= {use:,.1f}%", fact.id)
            if deliveries > quota:
                self.quota(fact.id, f"At the peak the bus delivers "
                           f"{units.format_rate(deliveries)} to its targets, above the "
                           f"invocation quota of {quota:,.0f}/s in {region}: request an "
                           "increase, or fan out through SNS or a stream instead.")
        limit = self.cat.fact("eventbridge-api-destinations")
        for path in paths:
            if not path.follows("eventbridge", "webhook") or not limit.value:
                continue
            rate = self.rate_reaching(path.consumer)
            if rate > limit.value:
                self.quota(limit.id, f"{path.consumer} would be called at up to "
                           f"{units.format_rate(rate)}, above an API destination's default "
                           f"rate limit of {limit.value:,.0f} invocations/s: the excess is "
                           "delayed and retried, so request an increase or buffer the calls "
                           "in a queue drained at the endpoint's pace.")

    # --- Slow consumers -------------------------------------------------------------

    def slow_consumers(self) -> None:
        """Backlog and drain time for each consumer that absorbs less than the peak."""
        average = self.w.rate_average or self.peak
        for consumer in self.w.consumers:
            cap = capacity(consumer, self.w.processing_time)
            if not consumer.named or cap is None or cap[0] >= self.peak:
                continue  # a capacity at or above the peak is not a cap
            rate, how = cap
            name, peak = consumer.name, units.format_rate(self.peak)
            backlog = math.ceil((self.peak - rate) * 60 - 1e-9)
            self.add(f"backlog_per_peak_minute.{name}", backlog,
                     f"messages that queue up for {name} for each minute the peak lasts",
                     f"(peak {peak} - capacity {units.format_rate(rate)}) x 60 s = "
                     f"{backlog:,}; capacity: {how}")
            path = self.paths.get(name)
            buffer = next((h for h in reversed(path.hops) if h in RETENTION), None) \
                if path else None
            level = math.isclose(rate, average, rel_tol=1e-9)
            if rate <= average or level:
                held = ""
                if buffer:
                    fact = self.cat.fact(RETENTION[buffer][0])
                    held = (f" its {buffer} buffer deletes messages older than its retention "
                            f"({units.format_duration(fact.value or 0)} by default) unread;")
                written = self.w.written.get("throughput")
                unstated = "" if isinstance(written, dict) and "average" in written else (
                    " (no average is stated, so the peak is taken as the average)")
                # At the average exactly a backlog stays where the peak left it; below it,
                # the queue grows even without a peak.
                fate = ("its queue never drains (a peak's backlog stays at its level while "
                        "the rate is at the average)" if level
                        else "its queue grows without bound")
                self.warnings.append(
                    f"{name} absorbs at most {units.format_rate(rate)} against an average of "
                    f"{units.format_rate(average)}{unstated}: {fate};"
                    f"{held} "
                    f"raise its capacity above {units.format_rate(average)} (more "
                    "concurrency, a higher rate limit, more workers) or split its work.")
                continue
            if self.w.latency:
                # After t seconds of peak the newest message waits (peak - rate) t / rate
                # in the buffer: the target holds only for peaks shorter than this.
                longest = self.w.latency * rate / (self.peak - rate)
                target = units.format_duration(self.w.latency)
                self.warnings.append(
                    f"{name} absorbs {units.format_rate(rate)} against the {peak} peak: "
                    f"after one minute of peak its newest message waits "
                    f"{units.format_duration(backlog / rate)} in its buffer, so the {target} "
                    f"latency target holds for {name} only through peaks shorter than "
                    f"{units.format_duration(longest)} ({target} x {units.format_rate(rate)} "
                    f"/ ({peak} - {units.format_rate(rate)})); raise its capacity toward the "
                    "peak, or agree a target for it that its backlog allows.")
            drain = round(backlog / (rate - average), 1)
            self.add(f"drain_s_per_peak_minute.{name}", drain,
                     f"seconds {name} takes to work off one peak minute's backlog once the "
                     "rate is back to the average",
                     # unrounded rates, so the division can be redone by hand
                     f"{backlog:,} / (capacity {rate:,.6g}/s - average {average:,.6g}/s) = "
                     f"{drain:,g} s")
            if buffer:
                self._retention(name, buffer, drain)
            else:
                self.notes.append(f"{name} has no queue or stream on its path: its backlog "
                                  "waits in the delivering service's retries.")

    def _retention(self, name: str, buffer: str, drain: float) -> None:
        """Whether the buffer keeps a peak minute's messages until they are drained."""
        default_id, max_id = RETENTION[buffer]
        default = self.cat.number(default_id)
        maximum = self.cat.number(max_id)
        # The oldest message of a peak waits at most the whole episode: the peak, then the
        # drain, both of which grow with the peak's length.
        episode = 60 + drain
        minutes = math.floor(default / episode)
        self.add(f"peak_minutes_within_retention.{name}", minutes,
                 f"minutes a peak may last before the oldest messages for {name} outlive "
                 f"the default retention of its {buffer} buffer",
                 f"floor({units.format_duration(default)} / (60 s + {drain:,g} s drain per "
                 f"peak minute)) = {minutes:,}", default_id)
        if episode > maximum:
            self.quota(max_id, f"{name} takes {units.format_duration(episode)} to absorb and "
                       f"drain one peak minute, longer than {buffer}'s maximum retention of "
                       f"{units.format_duration(maximum)}: messages are lost after a peak. "
                       "Raise its capacity, or store the payloads elsewhere.")
        elif episode > default:
            self.quota(default_id, f"{name} takes {units.format_duration(episode)} to absorb "
                       f"and drain one peak minute, longer than {buffer}'s default retention of "
                       f"{units.format_duration(default)}: set the retention to at least "
                       f"{units.format_duration(episode)} (at most "
                       f"{units.format_duration(maximum)}) or raise its capacity.")

    # --- Instances ------------------------------------------------------------------

    def deliveries(self) -> None:
        """A broadcast to N instances is N deliveries for each message; each quota on
        deliveries counts them all."""
        for consumer in self.w.consumers:
            if consumer.instances <= 1 or consumer.recipients == "per-message":
                continue
            name = consumer.name
            rate = self.peak * consumer.instances
            self.add(f"deliveries_per_s_peak.{name}", rate,
                     f"deliveries per second to {name} at peak: each message goes to all "
                     f"{consumer.instances:,} of its instances",
                     f"{units.format_rate(self.peak)} x {consumer.instances:,} instances = "
                     f"{units.format_rate(rate)}")
            path = self.paths.get(name)
            if path is None or "sns" not in path.hops:
                continue
            fact_id = {"sms": "sns-sms-rate", "email": "sns-email-rate"}.get(
                consumer.runs_on or "")
            if fact_id is None:
                continue
            limit = self.cat.number(fact_id)
            # services.py already warns where a single subscription is over the email rate
            if rate > limit and not (fact_id == "sns-email-rate" and self.peak > limit):
                self.quota(fact_id, f"{name} needs {units.format_rate(rate)} "
                           f"{consumer.runs_on} deliveries at peak ({consumer.instances:,} "
                           f"recipients of each message), above SNS's {limit:g} per second: "
                           "request an increase, or send fewer, grouped messages.")
