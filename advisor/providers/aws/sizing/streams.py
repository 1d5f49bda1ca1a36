"""Kinesis figures: the shards a peak needs, the head-room advised, and enhanced fan-out."""

from __future__ import annotations

import math

from advisor.format import units
from advisor.providers.aws.sizing.readers import shared_readers_formula, shared_readers_max
from advisor.providers.aws.sizing.sizer import Sizer, assumed_payload, payload_of

# Shards are provisioned so the estimated peak uses at most this share of their capacity:
# the peak is an estimate, and a shard past its limit throttles writes (principle:
# head-room for an estimate).
SHARD_HEADROOM = 0.8


def kinesis(s: Sizer) -> None:
    if "kinesis" not in s.design.service_ids:
        return
    payload, stated = payload_of(s.w)
    if not stated:
        s.notes.append(f"payload is not stated: {assumed_payload()} per message is assumed.")
    readers = s.kinesis_readers()
    sharing = shared_readers_max(s.cat)
    efo = readers > sharing
    standard = 0 if efo else readers
    per_records = s.cat.number("kinesis-shard-write-records")
    per_write = s.cat.number("kinesis-shard-write-bytes")
    per_read = s.cat.number("kinesis-shard-read-bytes")
    by_records = math.ceil(s.peak / per_records - 1e-9)
    by_write = math.ceil(s.peak * payload / per_write - 1e-9)
    by_read = math.ceil(standard * s.peak * payload / per_read - 1e-9)
    # A function reading the stream runs at most `parallelization` batches per shard at
    # once: the shards must also hold the concurrency its rate and processing need.
    per_shard = s.cat.number("lambda-esm-parallelization")
    time = s.w.processing_time or 0.0
    reaching = max((s.rate_reaching(p.consumer) for p in s.design.paths
                    if p.follows("kinesis", "lambda-esm")), default=0.0)
    busy = reaching * time
    by_functions = math.ceil(busy / per_shard - 1e-9)
    shards = max(1, by_records, by_write, by_read, by_functions)
    rate = units.format_rate(s.peak)
    functions = (f"; ceil({units.format_rate(reaching)} x {units.format_duration(time)}"
                 f" = {busy:,.4g} concurrent batches / {per_shard:.0f} per shard) = "
                 f"{by_functions}") if busy else ""
    s.add("kinesis_shards", shards, "provisioned shards for the peak (no head-room)",
          f"max(ceil({rate} / {per_records:,.0f} records/s) = {by_records}; ceil({rate} x "
          f"{units.format_size(payload)} / {per_write / 1024**2:g} MiB/s) = {by_write}; "
          f"ceil({standard} standard readers x {rate} x {units.format_size(payload)} / "
          f"{per_read / 1024**2:g} MiB/s) = {by_read}{functions}) = {shards}",
          "kinesis-shard-write-records", "kinesis-shard-write-bytes",
          "kinesis-shard-read-bytes",
          *(("lambda-esm-parallelization",) if busy else ()))
    advised = math.ceil(shards / SHARD_HEADROOM - 1e-9)
    s.add("kinesis_shards_with_headroom", advised,
          f"shards to provision so the peak uses at most {SHARD_HEADROOM:.0%} of them "
          "(advice)", f"ceil({shards} / {SHARD_HEADROOM:g}) = {advised}")
    s.add("kinesis_enhanced_fan_out", 1 if efo else 0,
          f"readers that need enhanced fan-out (their own {per_read / 1024**2:g} MiB/s "
          "per shard)",
          f"{readers} readers {'>' if efo else '<='} "
          f"{shared_readers_formula(s.cat)} sharing a shard: "
          f"{'enhanced fan-out for each' if efo else 'standard iterators'}",
          "kinesis-shard-read-bytes", "kinesis-getrecords-tps", "kinesis-efo-consumers")
    quota = s.cat.fact("kinesis-shard-quota")
    limit = quota.in_region(s.w.region)
    if limit and shards > limit:
        s.quota(quota.id, f"{shards:,} shards exceed the account's default shard quota "
                f"of {limit:,.0f} in {s.w.region}: request an increase, or use "
                "on-demand mode.")
    efo_limit = s.cat.number("kinesis-efo-consumers")
    if readers > efo_limit:
        s.quota("kinesis-efo-consumers", f"{readers:,} readers of the stream (each "
                "instance that reads every record counts) exceed "
                f"{efo_limit:.0f} enhanced fan-out consumers per stream: split into "
                "several streams, or fan out after one reader (a queue or topic per "
                "instance).")
