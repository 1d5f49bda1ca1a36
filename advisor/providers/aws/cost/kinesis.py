"""The Kinesis pricers: a stream in the cheaper of its two modes, and Firehose by volume."""

from __future__ import annotations

import math

from advisor.format import units
from advisor.providers.aws.cost.coster import (
    HOURS_PER_MONTH,
    SECONDS_PER_MONTH,
    Coster,
    KinesisMode,
    kb,
)
from advisor.providers.aws.sizing import stream_readers

# The one service priced in a capacity mode, and its name where the other mode is worded.
MODED_SERVICE = "kinesis"
MODED_SERVICE_NAME = "Kinesis"

# A mode's lines before pricing: (price fact id, what is billed, (at average, at peak)).
Lines = list[tuple[str, str, tuple[float, float]]]


def kinesis(c: Coster, service: str) -> None:
    """Kinesis in the mode an architect would pick: on-demand bills the volume that flows,
    provisioned bills the shards advised for the peak every hour whatever flows; each
    with the retention the longest replay needs. The cheaper at the expected (average)
    volume is priced, the other is kept as an alternative."""
    modes: dict[KinesisMode, Lines] = {
        "provisioned": _provisioned(c), "on-demand": _on_demand(c)}
    totals = {m: _totals(c, lines) for m, lines in modes.items()}
    mode = min(modes, key=lambda m: totals[m][0])  # ties keep provisioned: no ramp
    for fact, what, quantity in modes[mode]:
        if c.cat.fact(fact).value is None:
            c.skip("kinesis", f"Kinesis {c.cat.fact(fact).title}: no price "
                   f"({what})")
        else:
            c.add("kinesis", fact, f"{mode}: {what}", quantity)
    c.kinesis_modes = {mode: totals[mode],
                       **{m: t for m, t in totals.items() if m != mode}}
    c.assumptions.extend(_why(c, mode, totals))


def _window(c: Coster) -> float:
    """Seconds the stream must keep: the longest replay any consumer needs, at least the
    default retention, at most the maximum."""
    longest = max((c.replay for c in c.w.consumers), default=0.0)
    return min(max(longest, c.cat.number("kinesis-retention-default")),
               c.cat.number("kinesis-retention-max"))


def _extended_retention_up_to(c: Coster) -> float:
    """Extended retention is priced up to this age, long-term retention beyond it."""
    return c.cat.number("kinesis-extended-retention-max")


def _stored(c: Coster, seconds: float) -> tuple[float, float]:
    """GB-months held: what `seconds` of records weigh, kept all month."""
    return c.gigabytes(seconds / SECONDS_PER_MONTH)


def _long_term(c: Coster) -> Lines:
    window, week = _window(c), _extended_retention_up_to(c)
    if window <= week:
        return []
    return [("price-kinesis-long-term-retention",
             f"GB-months held beyond {units.format_duration(week)} "
             f"({units.format_duration(window)} retention for replay)",
             _stored(c, window - week))]


def _provisioned(c: Coster) -> Lines:
    needed = c.sizing.value("kinesis_shards") or 1
    shards = c.sizing.value("kinesis_shards_with_headroom") or needed
    readers = max(1, stream_readers(c.design, c.w))
    hours = shards * HOURS_PER_MONTH
    put_units = math.ceil(c.payload / c.cat.number("kinesis-put-payload-unit"))
    lines = [
        ("price-kinesis-shard-hour", f"{shards:g} shard(s) (the peak's {needed:g} with "
         f"head-room) x {HOURS_PER_MONTH} h, billed whatever flows", (hours, hours)),
        ("price-kinesis-put-units", f"PUT payload units ({put_units} per record)",
         c.messages(put_units, chunked=False)),
    ]
    if c.sizing.value("kinesis_enhanced_fan_out"):
        lines.append(("price-kinesis-efo-consumer-shard-hour",
                      f"{readers} enhanced fan-out readers x {shards:g} shards x "
                      f"{HOURS_PER_MONTH} h", (readers * hours, readers * hours)))
        lines.append(("price-kinesis-efo-data", f"GB read by {readers} enhanced fan-out "
                      "readers", c.gigabytes(readers)))
    window = _window(c)
    if window > c.cat.number("kinesis-retention-default"):
        lines.append(("price-kinesis-extended-retention",
                      f"extended retention ({units.format_duration(window)} for replay): "
                      f"{shards:g} shard(s) x {HOURS_PER_MONTH} h", (hours, hours)))
    return lines + _long_term(c)


def _on_demand(c: Coster) -> Lines:
    readers = max(1, stream_readers(c.design, c.w))
    rounding = c.cat.number("kinesis-on-demand-billing-rounding")
    hours = (HOURS_PER_MONTH, HOURS_PER_MONTH)
    lines = [
        ("price-kinesis-on-demand-stream-hour", f"stream x {HOURS_PER_MONTH} h", hours),
        ("price-kinesis-on-demand-in", f"GB written ({kb(rounding)} rounding)",
         c.gigabytes(rounding=rounding)),
        (("price-kinesis-on-demand-efo", f"GB read by {readers} enhanced fan-out readers")
         if c.sizing.value("kinesis_enhanced_fan_out") else
         ("price-kinesis-on-demand-out", f"GB read by {readers} reader(s)"))
        + (c.gigabytes(readers),),
    ]
    window = _window(c)
    default = c.cat.number("kinesis-retention-default")
    if window > default:
        extended = min(window, _extended_retention_up_to(c))
        lines.append(("price-kinesis-on-demand-retention",
                      f"GB-months held beyond {units.format_duration(default)}, up to "
                      f"{units.format_duration(extended)} "
                      f"({units.format_duration(window)} retention for replay)",
                      _stored(c, extended - default)))
    return lines + _long_term(c)


def _totals(c: Coster, lines: Lines
                    ) -> tuple[float, float]:
    prices = [(c.cat.fact(f).value or 0.0, q) for f, _, q in lines]
    return sum(p * q[0] for p, q in prices), sum(p * q[1] for p, q in prices)


def _why(c: Coster, mode: KinesisMode,
         totals: dict[KinesisMode, tuple[float, float]]) -> list[str]:
    """Why the mode: both modes' figures, on-demand's ramp, and On-demand Advantage."""
    needed = c.sizing.value("kinesis_shards") or 1
    shards = c.sizing.value("kinesis_shards_with_headroom") or needed
    window = _window(c)
    kept = (f"; both keep {units.format_duration(window)} for replay"
            if window > c.cat.number("kinesis-retention-default") else "")
    other: KinesisMode = "on-demand" if mode == "provisioned" else "provisioned"
    reason = ("the shards it bills every hour cost less than on-demand's per-GB charges "
              "for that volume" if mode == "provisioned" else
              "the shards the peak needs would be billed every hour for a volume well "
              "below the peak")
    ramp = c.cat.fact("kinesis-on-demand-capacity")
    peak_write = (c.w.rate_peak or 0.0) * c.payload / 1024**2
    advantage = [f for f in c.cat.facts.values()
                 if f.id.startswith("price-kinesis-advantage-")]
    priced = ", ".join(f"{f.title.lower()} ({f.status})" for f in advantage) or "nothing"
    return [
        f"Kinesis is priced in {mode} mode, the cheaper at the expected (average) volume: "
        f"{reason} ({mode} ${totals[mode][0]:,.2f} vs {other} ${totals[other][0]:,.2f} a "
        f"month at the average rate; ${totals[mode][1]:,.2f} vs ${totals[other][1]:,.2f} "
        f"at a sustained peak). On-demand bills the volume that flows; provisioned bills "
        f"{shards:g} shard(s), the peak's {needed:g} with head-room, every hour{kept}.",
        f"On-demand's ramp ({ramp.id}): {ramp.text} {_ramp(c, peak_write)}",
        *([f"Replaying records older than "
           f"{units.format_duration(_extended_retention_up_to(c))} is billed per GB read "
           "(price-kinesis-long-term-retrieval), not counted here."]
          if window > _extended_retention_up_to(c) else []),
        "On-demand Advantage is left out: it is set for the whole account and Region, and "
        "commits every on-demand stream there to a minimum throughput (kinesis-advantage), "
        f"which one workload cannot settle; the catalogue prices only {priced}.",
    ]


def _ramp(c: Coster, peak_mib: float) -> str:
    """How a stream new to this peak meets it: its start capacity in MiB/s and records/s
    against the peak's, and, above it, the doublings it takes to get there."""
    start = c.cat.number("kinesis-on-demand-initial-write")
    start_records = (start / c.cat.number("kinesis-shard-write-bytes")
                     * c.cat.number("kinesis-shard-write-records"))
    peak_records = c.w.rate_peak or 0.0
    ratio = max(peak_mib * 1024**2 / start, peak_records / start_records)
    head = (f"A new stream takes {start / 1024**2:g} MiB/s and {start_records:,.0f} "
            f"records/s (kinesis-on-demand-initial-write); this stream's peak writes "
            f"{peak_mib:,.1f} MiB/s and {peak_records:,.0f} records/s")
    if ratio <= 1:
        return head + ", within a new stream's capacity."
    burst = c.cat.number("kinesis-on-demand-burst")
    step = c.cat.number("kinesis-on-demand-scale-time")
    steps = math.ceil(math.log(ratio, burst))
    remembered = c.cat.number("kinesis-on-demand-peak-window")
    return (head + f", {ratio:,.1f} times that. On-demand takes up to {burst:g} times its "
            f"previous peak at once and scales beyond it within about "
            f"{units.format_duration(step)} (kinesis-on-demand-burst, "
            f"kinesis-on-demand-scale-time, unverified): a stream new to this peak would "
            f"be throttled for up to about {steps} x {units.format_duration(step)} = "
            f"{units.format_duration(steps * step)} while it scales, unless it has "
            f"carried the peak in the last {units.format_span(remembered)} or is switched to "
            "provisioned first.")


def kinesis_firehose(c: Coster, service: str) -> None:
    rounding = c.cat.number("kinesis-firehose-billing-rounding")
    c.add("kinesis-firehose", "price-kinesis-firehose-ingest", f"GB ingested "
          f"({kb(rounding)} rounding)", c.gigabytes(rounding=rounding))
