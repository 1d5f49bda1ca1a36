"""Throughput quotas of FIFO topics and queues, EventBridge and SNS against the peak."""

from __future__ import annotations

import math

from advisor.format import units
from advisor.providers.aws.sizing.sizer import Sizer


def fifo(s: Sizer) -> None:
    w, rate = s.w, units.format_rate(s.peak)
    if "sns-fifo" in s.design.service_ids:
        per_group = s.cat.number("sns-fifo-per-group")
        groups = math.ceil(s.peak / per_group - 1e-9)
        s.add("sns_fifo_message_groups_min", groups,
              "active message groups needed so no SNS FIFO group exceeds its limit",
              f"ceil({rate} / {per_group:.0f} msg/s per group) = {groups}",
              "sns-fifo-per-group")
        topic = s.cat.number("sns-fifo-throughput-topic")
        if s.peak > topic:
            high = s.cat.number("sns-fifo-throughput-high", w.region)
            s.notes.append(f"SNS FIFO needs high-throughput mode (FifoThroughputScope="
                           f"MessageGroup): the peak {rate} is above {topic:,.0f} msg/s "
                           "per topic.")
            if s.peak > high:
                s.quota("sns-fifo-throughput-high",
                        f"The peak {rate} exceeds SNS FIFO's regional quota of "
                        f"{high:,.0f} msg/s in {w.region}: request an increase or "
                        "use Kinesis.")
        if w.ordering == "global" and s.peak > per_group:
            s.quota("sns-fifo-per-group",
                    f"Global order means one message group, which takes at most "
                    f"{per_group:.0f} msg/s, below the peak {rate}: relax ordering to "
                    "per-key, or use a single-shard stream read in order.")
    if "sqs-fifo" in s.design.service_ids:
        normal = s.cat.number("sqs-fifo-throughput")
        calls = s.cat.number("sqs-fifo-throughput-unbatched")
        batch = s.cat.number("sqs-batch-size")
        high = s.cat.number("sqs-fifo-high-throughput", w.region)
        mode = "normal" if s.peak <= normal else "high-throughput"
        s.add("sqs_fifo_high_throughput", 0 if mode == "normal" else 1,
              "whether SQS FIFO needs high-throughput mode",
              f"peak {rate} {'<=' if mode == 'normal' else '>'} {normal:,.0f} msg/s "
              f"({calls:,.0f} calls/s per action, batches of {batch:g})",
              "sqs-fifo-throughput", "sqs-fifo-throughput-unbatched", "sqs-batch-size")
        if s.peak > high:
            s.quota("sqs-fifo-high-throughput",
                    f"The peak {rate} exceeds SQS FIFO's high-throughput quota of "
                    f"{high:,.0f} msg/s in {w.region}: request an increase or use "
                    "Kinesis.")
        time = w.processing_time
        if w.ordering == "global" and time and s.peak * time > 1:
            s.quota("sqs-fifo-per-group",
                    f"Global order is one message group, processed one message at a "
                    f"time: at {units.format_duration(time)} each it drains at most "
                    f"{units.format_rate(1 / time)}, below the peak {rate}. Relax "
                    "ordering to per-key, or make processing faster.")


def brokers(s: Sizer) -> None:
    w, rate = s.w, units.format_rate(s.peak)
    ids = s.design.service_ids
    if "eventbridge" in ids:
        fact = s.cat.fact("eventbridge-putevents-quota")
        quota = fact.in_region(w.region) or 0.0
        entries = s.cat.number("eventbridge-putevents-entries")
        use = s.peak / quota * 100 if quota else 0.0
        s.add("eventbridge_putevents_use_pct", round(use, 1),
              f"share of the PutEvents quota in {w.region} used at peak, one event per "
              f"call (1/{entries:g} of it with {entries:g} events per call)",
              f"{rate} / {quota:,.0f} requests/s = {use:,.1f}%", fact.id,
              "eventbridge-putevents-entries")
        if s.peak > quota * entries:
            s.quota(fact.id, f"The peak {rate} exceeds EventBridge's PutEvents quota in "
                    f"{w.region} even at {entries:g} events per call ({quota:,.0f} "
                    "requests/s): request an increase, or use SNS or Kinesis.")
        elif s.peak > quota:
            # a note was missed by readers: over the quota unless the producer batches
            s.quota(fact.id, f"Send up to {entries:g} entries per PutEvents call: one "
                    "per call "
                    f"is {use:,.1f}% of the quota ({rate} against {quota:,.0f} "
                    f"requests/s in {w.region}), so unbatched calls are throttled at "
                    "the peak.")
    if "eventbridge" in ids:
        _eventbridge_targets(s)
    if "sns" in ids:
        fact = s.cat.fact("sns-publish-quota")
        quota = fact.in_region(w.region) or 0.0
        use = s.peak / quota * 100 if quota else 0.0
        s.add("sns_publish_use_pct", round(use, 1),
              f"share of the SNS publish quota in {w.region} used at peak",
              f"{rate} / {quota:,.0f} messages/s = {use:,.1f}%", fact.id)
        if s.peak > quota:
            s.quota(fact.id, f"The peak {rate} exceeds SNS's publish quota of "
                    f"{quota:,.0f} messages/s in {w.region}: request an increase "
                    "through Service Quotas, or publish to Kinesis instead.")


def _eventbridge_targets(s: Sizer) -> None:
    """Rule-to-target deliveries against the Region's invocation quota, and each API
    destination against its own rate limit: limits of the bus, not of the consumers."""
    region = s.w.region
    paths = [p for p in s.design.paths if "eventbridge" in p.hops]
    targets = sum(p.count for p in paths)
    fact = s.cat.fact("eventbridge-invocations-quota")
    quota = fact.in_region(region) or 0.0
    deliveries = s.peak * targets
    if quota and targets:
        use = deliveries / quota * 100
        s.add("eventbridge_invocations_use_pct", round(use, 1),
              f"share of EventBridge's target invocation quota in {region} used at peak",
              f"{units.format_rate(s.peak)} x {targets} target(s) / {quota:,.0f}/s "
              f"= {use:,.1f}%", fact.id)
        if deliveries > quota:
            s.quota(fact.id, f"At the peak the bus delivers "
                    f"{units.format_rate(deliveries)} to its targets, above the "
                    f"invocation quota of {quota:,.0f}/s in {region}: request an "
                    "increase, or fan out through SNS or a stream instead.")
    limit = s.cat.fact("eventbridge-api-destinations")
    for path in paths:
        if not path.follows("eventbridge", "webhook") or not limit.value:
            continue
        rate = s.rate_reaching(path.consumer)
        if rate > limit.value:
            s.quota(limit.id, f"{path.consumer} would be called at up to "
                    f"{units.format_rate(rate)}, above an API destination's default "
                    f"rate limit of {limit.value:,.0f} invocations/s: the excess is "
                    "delayed and retried, so request an increase or buffer the calls "
                    "in a queue drained at the endpoint's pace.")
