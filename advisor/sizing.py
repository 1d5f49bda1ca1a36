"""Numbers behind a design: concurrency, batch settings, shards, throughput modes, quotas.

Every figure carries the formula with the workload's own inputs and the catalogue
facts it rests on, so a reviewer can redo the arithmetic by hand.
"""

from __future__ import annotations

import math

from msgspec import Struct

from advisor import units
from advisor.catalogue import Catalogue
from advisor.topology import Design
from advisor.workload import Workload

ASSUMED_PAYLOAD = 1024.0  # bytes, where the workload states none


class Figure(Struct, frozen=True):
    """One sized number (shards, concurrency, batch size) and what it means."""

    key: str
    value: float
    text: str  # what the number means, in words
    formula: str  # the arithmetic with the inputs
    facts: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The value as a person reads it: "9.0%", "30 s", "yes", "1,500"."""
        if self.key.endswith("_pct"):
            return f"{self.value:,.1f}%"
        if "_window_s" in self.key:
            return f"{self.value:g} s"
        if self.key in ("kinesis_enhanced_fan_out", "sqs_fifo_high_throughput"):
            return "yes" if self.value else "no"
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.2f}"


class QuotaWarning(Struct, frozen=True):
    """A requirement that comes near or over an AWS quota."""

    text: str  # the requirement against the quota, and what to do
    fact: str  # the quota's catalogue id
    status: str  # verified | unverified | conflict


class Sizing(Struct, frozen=True):
    """The numbers of one design: figures, quota warnings and the assumptions made."""

    figures: tuple[Figure, ...]
    quotas: tuple[QuotaWarning, ...]
    notes: tuple[str, ...]  # assumptions made

    def value(self, key: str) -> float | None:
        return next((f.value for f in self.figures if f.key == key), None)


def payload_of(w: Workload) -> tuple[float, bool]:
    """The average payload, and whether it was stated."""
    if w.payload_average:
        return w.payload_average, True
    return ASSUMED_PAYLOAD, False


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
    return s.done()


class _Sizer:
    def __init__(self, design: Design, w: Workload, catalogue: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, catalogue
        self.figures: list[Figure] = []
        self.quotas: list[QuotaWarning] = []
        self.notes: list[str] = []
        self.peak = w.rate_peak or 0.0
        # Looked up by name, never scanned: a workload may list a thousand consumers.
        self.consumers = {c.name: c for c in w.consumers}
        self.paths = {p.consumer: p for p in reversed(design.paths)}  # the first path wins

    def done(self) -> Sizing:
        return Sizing(tuple(self.figures), tuple(self.quotas), tuple(dict.fromkeys(self.notes)))

    def add(self, key: str, value: float, text: str, formula: str, *facts: str) -> None:
        self.figures.append(Figure(key, value, text, formula, facts))

    def quota(self, fact_id: str, text: str) -> None:
        fact = self.cat.fact(fact_id)
        caveat = "" if fact.certain else f" (this quota is {fact.status} in advisor's catalogue)"
        self.quotas.append(QuotaWarning(text + caveat, fact_id, fact.status))

    def rate_reaching(self, consumer_name: str) -> float:
        """A pushed consumer gets the peak; a buffered one is drained at most at its cap."""
        consumer = self.consumers[consumer_name]
        path = self.paths[consumer_name]
        if path.delivery == "poll" and consumer.max_rate:
            return min(self.peak, consumer.max_rate)
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
            total += rate * time * consumer.count
            many = f"{consumer.count:,} x " if consumer.count > 1 else ""
            parts.append(f"{many}{units.format_rate(rate)} x {units.format_duration(time)}")
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
            limit = 10 if source == "sqs-fifo" else 10_000
            wanted = consumer.batching.size or max(1, math.ceil(rate * window)) if window else (
                consumer.batching.size or (10 if source in ("sqs", "sqs-fifo") else 100))
            payload, _ = payload_of(self.w)
            cap = int(self.cat.number("lambda-esm-batch-payload") // payload)
            batch = max(1, min(wanted, limit, cap))
            name = consumer.name
            self.add(f"esm_batch_size.{name}", batch,
                     f"event source mapping batch size for {name}",
                     f"min(wanted {wanted:,}, {source} maximum {limit:,}, 6 MB / "
                     f"{units.format_size(payload)} = {cap:,}) = {batch:,}",
                     "lambda-esm-batch-size-sqs" if source.startswith("sqs")
                     else "lambda-esm-batch-size-streams", "lambda-esm-batch-payload")
            self.add(f"esm_batching_window_s.{name}", window,
                     f"batching window for {name}", window_formula,
                     "lambda-esm-batching-window")
            if consumer.max_rate and self.w.processing_time and source in ("sqs", "sqs-fifo"):
                self._max_concurrency(name, consumer.max_rate, self.w.processing_time)
            if source == "kinesis":
                self._parallelization(name, rate)

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

    def _max_concurrency(self, name: str, cap: float, time: float) -> None:
        floor = 2
        needed = cap * time
        value = max(floor, math.floor(needed))
        self.add(f"esm_maximum_concurrency.{name}", value,
                 f"SQS maximum concurrency that keeps {name} near {units.format_rate(cap)}",
                 f"{units.format_rate(cap)} x {units.format_duration(time)} = {needed:,.2f}, "
                 f"rounded down, at least {floor} = {value:,}", "lambda-esm-max-concurrency")
        if needed < floor:
            self.quota("lambda-esm-max-concurrency",
                       f"Even the lowest maximum concurrency ({floor}) drains about "
                       f"{units.format_rate(floor / time)} for {name}, above its "
                       f"{units.format_rate(cap)}: slow each invocation down, use a pipe to an "
                       "API destination with an invocation rate limit, or a token bucket.")

    def _parallelization(self, name: str, rate: float) -> None:
        time = self.w.processing_time
        shards = self.kinesis_shards()
        if time is None or shards is None:
            return
        needed = rate * time
        factor = max(1, math.ceil(needed / shards - 1e-9))
        maximum = int(self.cat.number("lambda-esm-parallelization"))
        self.add(f"kinesis_parallelization_factor.{name}", min(factor, maximum),
                 f"Kinesis parallelization factor for {name}",
                 f"ceil({units.format_rate(rate)} x {units.format_duration(time)} / {shards} "
                 f"shards) = {factor}, at most {maximum}", "lambda-esm-parallelization")
        if factor > maximum:
            self.quota("lambda-esm-parallelization",
                       f"{name} needs {factor} concurrent batches per shard, above the "
                       f"maximum parallelization factor of {maximum}: add shards "
                       f"({math.ceil(needed / maximum)} would do) or shorten processing.")

    # --- Kinesis --------------------------------------------------------------------

    def kinesis_readers(self) -> int:
        return sum(p.count for p in self.design.paths if "kinesis" in p.hops)

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
        efo = readers > 2
        standard = 0 if efo else readers
        per_records = self.cat.number("kinesis-shard-write-records")
        per_write = self.cat.number("kinesis-shard-write-bytes")
        per_read = self.cat.number("kinesis-shard-read-bytes")
        by_records = math.ceil(self.peak / per_records - 1e-9)
        by_write = math.ceil(self.peak * payload / per_write - 1e-9)
        by_read = math.ceil(standard * self.peak * payload / per_read - 1e-9)
        shards = max(1, by_records, by_write, by_read)
        rate = units.format_rate(self.peak)
        self.add("kinesis_shards", shards, "provisioned shards for the peak (no head-room)",
                 f"max(ceil({rate} / 1,000 records/s) = {by_records}; ceil({rate} x "
                 f"{units.format_size(payload)} / 1 MiB/s) = {by_write}; ceil({standard} "
                 f"standard readers x {rate} x {units.format_size(payload)} / 2 MiB/s) = "
                 f"{by_read}) = {shards}",
                 "kinesis-shard-write-records", "kinesis-shard-write-bytes",
                 "kinesis-shard-read-bytes")
        self.add("kinesis_shards_with_headroom", math.ceil(shards / 0.8),
                 "shards to provision so the peak uses at most 80% of them (advice)",
                 f"ceil({shards} / 0.8) = {math.ceil(shards / 0.8)}")
        self.add("kinesis_enhanced_fan_out", 1 if efo else 0,
                 "readers that need enhanced fan-out (their own 2 MiB/s per shard)",
                 f"{readers} readers {'>' if efo else '<='} 2 sharing 5 GetRecords calls/s per "
                 f"shard: {'enhanced fan-out for each' if efo else 'standard iterators'}",
                 "kinesis-shard-read-bytes", "kinesis-efo-consumers")
        quota = self.cat.fact("kinesis-shard-quota")
        limit = quota.in_region(self.w.region)
        if limit and shards > limit:
            self.quota(quota.id, f"{shards:,} shards exceed the account's default shard quota "
                       f"of {limit:,.0f} in {self.w.region}: request an increase, or use "
                       "on-demand mode.")
        efo_limit = self.cat.number("kinesis-efo-consumers")
        if readers > efo_limit:
            self.quota("kinesis-efo-consumers", f"{readers} readers exceed {efo_limit:.0f} "
                       "enhanced fan-out consumers per stream: split into several streams, or "
                       "fan out after one reader.")

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
            high = self.cat.number("sqs-fifo-high-throughput", w.region)
            mode = "normal" if self.peak <= normal else "high-throughput"
            self.add("sqs_fifo_high_throughput", 0 if mode == "normal" else 1,
                     "whether SQS FIFO needs high-throughput mode",
                     f"peak {rate} {'<=' if mode == 'normal' else '>'} {normal:,.0f} msg/s "
                     "(300 calls/s per action, batches of 10)", "sqs-fifo-throughput")
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
            use = self.peak / quota * 100 if quota else 0.0
            self.add("eventbridge_putevents_use_pct", round(use, 1),
                     f"share of the PutEvents quota in {w.region} used at peak, one event per "
                     "call (a tenth of it with 10 events per call)",
                     f"{rate} / {quota:,.0f} requests/s = {use:,.1f}%", fact.id)
            if self.peak > quota * 10:
                self.quota(fact.id, f"The peak {rate} exceeds EventBridge's PutEvents quota in "
                           f"{w.region} even at 10 events per call ({quota:,.0f} requests/s): "
                           "request an increase, or use SNS or Kinesis.")
            elif self.peak > quota:
                self.notes.append(f"Publish to EventBridge in batches (up to 10 events per "
                                  f"PutEvents call): one event per call would exceed the "
                                  f"{quota:,.0f} requests/s quota in {w.region}.")
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
