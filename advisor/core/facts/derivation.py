"""Derive the facts that rules read from a validated workload.

Rules never see the YAML: they see these named values, in base units, with a
declared type so that a rule file can be checked when it is loaded. A fact that
the workload does not state is None, and no comparison holds on it. What the
derivation must know of a cloud comes in as a value, `CloudFacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct

from advisor.core.facts.registry import Facts, FactValue
from advisor.format.workload import Consumer, Workload


class CloudFacts(Struct, frozen=True):
    """What a cloud tells the facts about its own services and runtimes: which hops are
    logs, queues and push routers, which consumers can poll for themselves, and where each
    of its sources can publish. A provider hands in its own; the derivation knows no cloud."""

    logs: tuple[str, ...]  # retained, read by pollers
    source_buffers: tuple[str, ...]  # the targets of a source that hold its messages for pollers
    buffers: tuple[str, ...]  # a queue or stream already in place
    push_routers: tuple[str, ...]  # a topic or bus already in place
    push_only_runtimes: tuple[str, ...]  # consumers that can only be pushed to
    self_polling_runtimes: tuple[str, ...]  # consumers whose runtime can poll for itself
    # The services a source can publish to (its catalogue entry), read only for workloads
    # with a source, so that the others never load the catalogue.
    targets: Callable[[str], tuple[str, ...]]
    # How the cloud reaches a person a message names, per people's channel ("email": "sent
    # through Amazon SES"): what the flips say when they try naming recipients per message.
    per_message_routes: tuple[tuple[str, str], ...] = ()


def derive(workload: Workload, cloud: CloudFacts) -> Facts:
    """All facts of one workload on `cloud` (the engine adds the two consumer-leaning
    counts)."""
    consumers = tuple(_consumer_facts(c, workload, cloud) for c in workload.consumers)
    counts = tuple(c.count for c in workload.consumers)
    total = sum(counts)
    peak, average = workload.rate_peak, workload.rate_average
    targets = cloud.targets(workload.source) if workload.source is not None else ()
    flow: dict[str, FactValue] = {
        "kind": workload.kind,
        "throughput_stated": peak is not None,
        "rate_average": average,
        "rate_peak": peak,
        "burstiness": (peak / average) if peak and average else None,
        "payload_average": workload.payload_average,
        "payload_max": workload.payload_max,
        "latency": workload.latency,
        "processing_time": workload.processing_time,
        "ordering": workload.ordering,
        "ordered": workload.ordering != "none",
        "must_deduplicate": workload.duplicates == "must-deduplicate",
        "replay_shared": _shared_replay(workload),
        "delay": workload.delay,
        "consumer_count": total,
        "fan_out": workload.kind == "event" and total >= 2,
        "producer": workload.producer,
        "source": workload.source,
        "source_push_native": any(t not in cloud.source_buffers for t in targets),
        "source_polled_stream": bool(targets) and all(t in cloud.logs for t in targets),
        "source_targets": targets if workload.source else None,
        "source_reaches_buffer": (any(t in cloud.source_buffers for t in targets)
                                  if workload.source else None),
        "existing": workload.existing,
        "existing_push_router": any(s in cloud.push_routers for s in workload.existing),
        "crosses_accounts": "accounts" in workload.crosses,
        "crosses_regions": "regions" in workload.crosses,
        "region": workload.region,
        "lambda_concurrency_peak": _lambda_concurrency(workload),
        "consumers_differ": _differ(workload),
        "consumers_capped": _count(consumers, counts, "consumer.capped"),
        "consumers_batching": sum(c.count for c in workload.consumers if c.batching.wanted),
        "consumers_replaying": sum(c.count for c in workload.consumers
                                   if c.replay and c.replay_by == "consumer"),
        "stream_readers": sum(
            c.count * (1 if c.recipients == "per-message" else c.instances)
            for c in workload.consumers if c.runs_on not in cloud.push_only_runtimes),
        "instances_sharing_pulls": sum(
            c.count for c in workload.consumers if c.instances > 1
            and c.recipients != "per-message" and c.runs_on not in cloud.push_only_runtimes),
        "device_commands_waiting": sum(
            c.count for c in workload.consumers if workload.kind == "command"
            and c.runs_on == "device" and c.expires_after is None),
        "existing_buffer": any(s in cloud.buffers for s in workload.existing),
        "consumers_unreachable": _count(consumers, counts, "consumer.unreachable"),
        "consumers_push_only": _count(consumers, counts, "consumer.push_only"),
        "consumers_self_polling": sum(
            c.count for c in workload.consumers if c.runs_on in cloud.self_polling_runtimes),
        "consumers_not_self_polling": sum(
            c.count for c in workload.consumers if c.runs_on not in cloud.self_polling_runtimes),
        "consumers_on_containers": sum(
            c.count for c in workload.consumers if c.runs_on == "container"),
        "largest_batch": max((c.batching.size or 0 for c in workload.consumers), default=0) or None,
        "longest_batch_window": max(
            (c.batching.window or 0.0 for c in workload.consumers), default=0.0) or None,
        "consumers_leaning_push": None,
        "consumers_leaning_poll": None,
    }
    return Facts(flow, consumers, counts)


def _count(consumers: tuple[Mapping[str, FactValue], ...], counts: tuple[int, ...],
           fact: str) -> int:
    return sum(n for c, n in zip(consumers, counts, strict=True) if c[fact] is True)


def capacity(consumer: Consumer, workload: Workload) -> float | None:
    """The most a consumer absorbs: its max_rate, or (Little's law) max_concurrency /
    processing_time, whichever is lower; None where neither can be known."""
    limits = [consumer.max_rate] if consumer.max_rate is not None else []
    if consumer.max_concurrency is not None and workload.processing_time:
        limits.append(consumer.max_concurrency / workload.processing_time)
    return min(limits) if limits else None


def capped(consumer: Consumer, workload: Workload) -> bool:
    """Whether the consumer must be shielded from bursts. A capacity at or above the peak is
    not a cap; a stated limit against an unknown demand is one (the format says so)."""
    peak = workload.rate_peak
    if consumer.max_concurrency is not None and (peak is None or not workload.processing_time):
        return True
    absorbs = capacity(consumer, workload)
    return absorbs is not None and (peak is None or absorbs < peak)


def _consumer_facts(consumer: Consumer, workload: Workload, cloud: CloudFacts
                    ) -> dict[str, FactValue]:
    absorbs = capacity(consumer, workload)
    return {
        "consumer.name": consumer.name,
        "consumer.runs_on": consumer.runs_on or "unstated",
        "consumer.max_rate": consumer.max_rate,
        "consumer.max_concurrency": consumer.max_concurrency,
        "consumer.capacity": absorbs,
        "consumer.capped": capped(consumer, workload),
        "consumer.batching": consumer.batching.mode,
        "consumer.batch_size": consumer.batching.size,
        "consumer.batch_window": consumer.batching.window,
        "consumer.replay": consumer.replay or None,
        "consumer.replay_by": consumer.replay_by if consumer.replay else None,
        "consumer.expires_after": consumer.expires_after,
        "consumer.unreachable": consumer.runs_on == "on-premises",
        "consumer.push_only": consumer.runs_on in cloud.push_only_runtimes,
    }


def _lambda_concurrency(workload: Workload) -> int | None:
    """Little's law: concurrency = arrival rate x time in service, per Lambda consumer."""
    if workload.rate_peak is None or workload.processing_time is None:
        return None
    lambdas = [c for c in workload.consumers if c.runs_on == "lambda"]
    if not lambdas:
        return None
    total = 0.0
    for consumer in lambdas:
        rate = workload.rate_peak
        absorbs = capacity(consumer, workload)
        if absorbs is not None:
            rate = min(rate, absorbs)  # a buffered consumer is drained at its cap
        total += rate * workload.processing_time * consumer.count
    return max(1, round(total + 0.4999))


def _differ(workload: Workload) -> bool:
    """Consumers that differ in what they can absorb or need cannot share one delivery. Only
    needs count: a capacity at or above the peak is no limit, and a runtime is already
    reasoned per consumer (a function beside an email subscriber needs no buffer for it)."""
    consumers = workload.consumers
    if sum(c.count for c in consumers) < 2:
        return False
    shapes = {
        (capacity(c, workload) if capped(c, workload) else None, c.batching.mode,
         c.batching.size, c.batching.window, c.replay if c.replay_by == "consumer" else 0.0)
        for c in consumers
    }
    return len(shapes) > 1


def _shared_replay(workload: Workload) -> float | None:
    """The window every consumer (two or more) re-reads itself, as one stream serves it."""
    consumers = workload.consumers
    if sum(c.count for c in consumers) < 2 or not all(
            c.replay and c.replay_by == "consumer" for c in consumers):
        return None
    return min(c.replay for c in consumers)
