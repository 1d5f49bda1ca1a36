"""Slow consumers' backlog, drain time and retention, and deliveries to many instances."""

from __future__ import annotations

import math

from advisor.core.numbers import capacity
from advisor.format import units
from advisor.providers.aws.sizing.sizer import PEAK_MINUTE, Sizer

# Where a slow consumer's backlog waits: (default retention, maximum retention) fact ids.
RETENTION = {
    "sqs": ("sqs-retention-default", "sqs-retention-max"),
    "sqs-fifo": ("sqs-retention-default", "sqs-retention-max"),
    "kinesis": ("kinesis-retention-default", "kinesis-retention-max"),
    "dynamodb-streams": ("dynamodb-streams-retention", "dynamodb-streams-retention"),
}


def slow_consumers(s: Sizer) -> None:
    """Backlog and drain time for each consumer that absorbs less than the peak."""
    average = s.w.rate_average or s.peak
    for consumer in s.w.consumers:
        cap = capacity(consumer, s.w.processing_time)
        if not consumer.named or cap is None or cap[0] >= s.peak:
            continue  # a capacity at or above the peak is not a cap
        rate, how = cap
        name, peak = consumer.name, units.format_rate(s.peak)
        backlog = math.ceil((s.peak - rate) * PEAK_MINUTE - 1e-9)
        s.add(f"backlog_per_peak_minute.{name}", backlog,
              f"messages that queue up for {name} for each minute the peak lasts",
              f"(peak {peak} - capacity {units.format_rate(rate)}) x {PEAK_MINUTE:g} s = "
              f"{backlog:,}; capacity: {how}")
        path = s.paths.get(name)
        buffer = next((h for h in reversed(path.hops) if h in RETENTION), None) \
            if path else None
        level = math.isclose(rate, average, rel_tol=1e-9)
        if rate <= average or level:
            held = ""
            if buffer:
                fact = s.cat.fact(RETENTION[buffer][0])
                held = (f" its {buffer} buffer deletes messages older than its retention "
                        f"({units.format_duration(fact.value or 0)} by default) unread;")
            written = s.w.written.get("throughput")
            unstated = "" if isinstance(written, dict) and "average" in written else (
                " (no average is stated, so the peak is taken as the average)")
            # At the average exactly a backlog stays where the peak left it; below it,
            # the queue grows even without a peak.
            fate = ("its queue never drains (a peak's backlog stays at its level while "
                    "the rate is at the average)" if level
                    else "its queue grows without bound")
            s.warnings.append(
                f"{name} absorbs at most {units.format_rate(rate)} against an average of "
                f"{units.format_rate(average)}{unstated}: {fate};"
                f"{held} "
                f"raise its capacity above {units.format_rate(average)} (more "
                "concurrency, a higher rate limit, more workers) or split its work.")
            continue
        if s.w.latency:
            # After t seconds of peak the newest message waits (peak - rate) t / rate
            # in the buffer: the target holds only for peaks shorter than this.
            longest = s.w.latency * rate / (s.peak - rate)
            target = units.format_duration(s.w.latency)
            s.warnings.append(
                f"{name} absorbs {units.format_rate(rate)} against the {peak} peak: "
                f"after one minute of peak its newest message waits "
                f"{units.format_duration(backlog / rate)} in its buffer, so the {target} "
                f"latency target holds for {name} only through peaks shorter than "
                f"{units.format_duration(longest)} ({target} x {units.format_rate(rate)} "
                f"/ ({peak} - {units.format_rate(rate)})); raise its capacity toward the "
                "peak, or agree a target for it that its backlog allows.")
        drain = round(backlog / (rate - average), 1)
        s.add(f"drain_s_per_peak_minute.{name}", drain,
              f"seconds {name} takes to work off one peak minute's backlog once the "
              "rate is back to the average",
                 # unrounded rates, so the division can be redone by hand
              f"{backlog:,} / (capacity {rate:,.6g}/s - average {average:,.6g}/s) = "
              f"{drain:,g} s")
        if buffer:
            _retention(s, name, buffer, drain)
        else:
            s.notes.append(f"{name} has no queue or stream on its path: its backlog "
                           "waits in the delivering service's retries.")


def _retention(s: Sizer, name: str, buffer: str, drain: float) -> None:
    """Whether the buffer keeps a peak minute's messages until they are drained."""
    default_id, max_id = RETENTION[buffer]
    default = s.cat.number(default_id)
    maximum = s.cat.number(max_id)
    # The oldest message of a peak waits at most the whole episode: the peak, then the
    # drain, both of which grow with the peak's length.
    episode = PEAK_MINUTE + drain
    minutes = math.floor(default / episode)
    s.add(f"peak_minutes_within_retention.{name}", minutes,
          f"minutes a peak may last before the oldest messages for {name} outlive "
          f"the default retention of its {buffer} buffer",
          f"floor({units.format_duration(default)} / ({PEAK_MINUTE:g} s + {drain:,g} s drain per "
          f"peak minute)) = {minutes:,}", default_id)
    if episode > maximum:
        s.quota(max_id, f"{name} takes {units.format_duration(episode)} to absorb and "
                f"drain one peak minute, longer than {buffer}'s maximum retention of "
                f"{units.format_duration(maximum)}: messages are lost after a peak. "
                "Raise its capacity, or store the payloads elsewhere.")
    elif episode > default:
        s.quota(default_id, f"{name} takes {units.format_duration(episode)} to absorb "
                f"and drain one peak minute, longer than {buffer}'s default retention of "
                f"{units.format_duration(default)}: set the retention to at least "
                f"{units.format_duration(episode)} (at most "
                f"{units.format_duration(maximum)}) or raise its capacity.")


def deliveries(s: Sizer) -> None:
    """A broadcast to N instances is N deliveries for each message; each quota on
    deliveries counts them all."""
    for consumer in s.w.consumers:
        if consumer.instances <= 1 or consumer.recipients == "per-message":
            continue
        name = consumer.name
        rate = s.peak * consumer.instances
        s.add(f"deliveries_per_s_peak.{name}", rate,
              f"deliveries per second to {name} at peak: each message goes to all "
              f"{consumer.instances:,} of its instances",
              f"{units.format_rate(s.peak)} x {consumer.instances:,} instances = "
              f"{units.format_rate(rate)}")
        path = s.paths.get(name)
        if path is None or "sns" not in path.hops:
            continue
        fact_id = {"sms": "sns-sms-rate", "email": "sns-email-rate"}.get(
            consumer.runs_on or "")
        if fact_id is None:
            continue
        limit = s.cat.number(fact_id)
        # designs/people.py already warns where a single subscription is over the email rate
        if rate > limit and not (fact_id == "sns-email-rate" and s.peak > limit):
            s.quota(fact_id, f"{name} needs {units.format_rate(rate)} "
                    f"{consumer.runs_on} deliveries at peak ({consumer.instances:,} "
                    f"recipients of each message), above SNS's {limit:g} per second: "
                    "request an increase, or send fewer, grouped messages.")
