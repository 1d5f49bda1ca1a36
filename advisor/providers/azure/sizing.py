"""Azure's figures for a design, each with its arithmetic: Event Hubs throughput units and
partitions, Service Bus operations against Standard's limit (else Premium messaging units),
Functions instances at the peak, Web PubSub units, and the quotas the peak comes near."""

from __future__ import annotations

import math

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.numbers import Figure, QuotaWarning, Sizing, capacity
from advisor.format import units
from advisor.format.workload import Workload
from advisor.providers.azure.reach import reach

ASSUMED_PAYLOAD = 1024.0  # bytes, where the workload states none
ASSUMED_PROCESSING = 0.1  # seconds per message, where the workload states none
NEAR = 0.8  # a quota used beyond this share is reported
# A receive and a complete per message besides its send: Service Bus bills each as an operation.
SERVICE_BUS_OPS_PER_MESSAGE = 3
FLAGS = ("service_bus_premium", "event_hubs_premium")  # settings (yes or no) rather than counts


class _Sizer:
    def __init__(self, design: Design, w: Workload, cat: Catalogue) -> None:
        self.design, self.w, self.cat = design, w, cat
        self.figures: list[Figure] = []
        self.quotas: list[QuotaWarning] = []
        self.notes: list[str] = []
        self.peak = w.rate_peak or 0.0
        self.used = set(design.service_ids)

    def add(self, key: str, value: float, text: str, formula: str, *facts: str) -> None:
        self.figures.append(Figure(key, value, text, formula, facts, key in FLAGS))

    def near(self, fact_id: str, need: float, what: str, then: str) -> None:
        """A quota warning where the need comes within NEAR of the catalogue's quota."""
        quota = self.cat.number(fact_id)
        if need <= quota * NEAR:
            return
        fact = self.cat.fact(fact_id)
        caveat = "" if fact.certain else f" (this quota is {fact.status} in advisor's catalogue)"
        self.quotas.append(QuotaWarning(
            f"{what} needs {_figure(need)} against {fact.title.lower()} of {_figure(quota)}"
            f"{'/s' if fact.unit == 'per-second' else ''} ({need / quota:.0%}): {then}{caveat}",
            fact_id, fact.status))


def _figure(value: float) -> str:
    """A quota or a need as a person reads it: whole above ten, else its first digits
    (Communication Services' default email limit is 0.5/s, which 0 would misstate)."""
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"


def size(design: Design, w: Workload, cat: Catalogue) -> Sizing:
    """The design's figures and the quotas the peak comes near."""
    s = _Sizer(design, w, cat)
    _subscriptions(s)  # a count of consumers, whatever the rate
    if not w.rate_peak:
        s.notes.append("No throughput is stated, so nothing else is sized.")
        return Sizing((), tuple(s.quotas), tuple(s.notes))
    payload = w.payload_average or ASSUMED_PAYLOAD
    if not w.payload_average:
        s.notes.append(f"Payload assumed {ASSUMED_PAYLOAD / 1024:g}KB per message.")
    rate = units.format_rate(s.peak)
    if "event-grid" in s.used:
        s.near("event-grid-publish-rate", s.peak, f"Publishing {rate} to one topic",
               "spread the events over several topics or a domain")
    if used_hub := "event-hubs" in s.used:
        _event_hubs(s, payload, rate)
    if s.used & {"service-bus-queue", "service-bus-topic"}:
        _service_bus(s, rate)
    if "storage-queue" in s.used and not used_hub:
        s.near("storage-queue-throughput", s.peak, f"A queue taking {rate}",
               "shard the messages over several queues")
    if "functions" in s.used:
        _functions(s, rate)
    reach(s)
    return Sizing(tuple(s.figures), tuple(s.quotas), tuple(dict.fromkeys(s.notes)))


def _subscriptions(s: _Sizer) -> None:
    """The subscriptions a topic needs, one per consumer it reaches, against its quota."""
    for service, fact_id, then in (
            ("event-grid", "event-grid-subscriptions-per-topic", "use an Event Grid domain"),
            ("service-bus-topic", "service-bus-subscriptions-per-topic",
             "split the consumers over several topics"),
            ("event-hubs", "event-hubs-consumer-groups", "use Premium (100 consumer groups) "
             "or share a consumer group")):
        needed = sum(p.count * p.queues for p in s.design.paths if service in p.hops)
        if needed:
            s.near(fact_id, needed, f"Reaching {needed:,} consumer(s) through one "
                   f"{s.cat.label(service)}", then)


def _event_hubs(s: _Sizer, payload: float, rate: str) -> None:
    per_events = s.cat.number("event-hubs-tu-ingress")
    per_bytes = s.cat.number("event-hubs-tu-ingress-bytes")
    by_events = math.ceil(s.peak / per_events)
    by_bytes = math.ceil(s.peak * payload / per_bytes)
    tus = max(1, by_events, by_bytes)
    s.add("event_hubs_throughput_units", tus, "Event Hubs throughput units for the peak",
          f"max(ceil({rate} / {per_events:,.0f} events/s) = {by_events}; ceil({rate} x "
          f"{payload / 1024:g}KB / 1 MB/s) = {by_bytes}; 1) = {tus}",
          "event-hubs-tu-ingress", "event-hubs-tu-ingress-bytes")
    s.near("event-hubs-max-tu", tus, "The peak", "use Premium processing units or Dedicated")
    _event_hubs_tier(s, tus)
    seconds = s.w.processing_time
    # A partition is read by one instance at a time, a batch of events per invocation:
    # enough partitions keep the readers' batches within the peak.
    batch = s.cat.number("functions-event-hubs-batch")
    readers = math.ceil(s.peak * seconds / batch) if seconds else 0
    partitions = max(tus, readers, 2)
    busy = (f"ceil({rate} x {units.format_duration(seconds)} per event / batches of "
            f"{batch:,.0f}) = {readers} busy readers" if seconds
            else "no processing time stated")
    s.add("event_hubs_partitions", partitions, "partitions, one reader instance each",
          f"max({tus} TU; {busy}; 2) = {partitions}",
          "event-hubs-partitions", "functions-event-hubs-batch")
    s.near("event-hubs-partitions", partitions, "Reading the peak",
           "Standard allows 32 partitions, set at creation: use Premium (100) or batch more "
           "per read")


def _event_hubs_tier(s: _Sizer, tus: int) -> None:
    """Premium or Dedicated where Standard cannot hold the peak (40 TUs) or the history a
    consumer re-reads (7 days)."""
    kept = s.cat.number("event-hubs-retention-standard")
    longest = max((c.replay for c in s.w.consumers if c.replay_by == "consumer"), default=0.0)
    most = s.cat.number("event-hubs-max-tu")
    premium = tus > most or longest > kept
    s.add("event_hubs_premium", 1 if premium else 0, "Premium or Dedicated tier needed",
          f"{tus} TU {'>' if tus > most else '<='} Standard's {most:,.0f}; replay "
          f"{units.format_duration(longest) if longest else 'none'} "
          f"{'>' if longest > kept else '<='} Standard's {units.format_duration(kept)}",
          "event-hubs-max-tu", "event-hubs-retention-standard", "event-hubs-retention-premium")


def _service_bus(s: _Sizer, rate: str) -> None:
    queues = sum(p.count for p in s.design.paths if p.delivery == "poll")
    ops = s.peak * SERVICE_BUS_OPS_PER_MESSAGE * max(1, queues)
    limit = s.cat.number("service-bus-standard-ops")
    s.add("service_bus_operations_per_s", ops, "Service Bus operations a second at the peak",
          f"{rate} x {SERVICE_BUS_OPS_PER_MESSAGE} (send, receive, complete) x "
          f"{max(1, queues)} receiving consumer(s) = {ops:,.0f}/s", "service-bus-standard-ops")
    # Premium alone announces waiting messages through Event Grid.
    announced = any("service-bus-event-grid-integration" in u.facts
                    for u in s.design.services if u.id == "service-bus-queue")
    large = (s.w.payload_max or 0) > s.cat.number("service-bus-message-size")
    premium = ops > limit or announced or large
    reasons = [f"{ops:,.0f} ops/s {'>' if ops > limit else '<='} Standard's {limit:,.0f} "
               "ops/s"]
    if announced:
        reasons.append("Event Grid integration needs Premium")
    if large:
        reasons.append("messages above Standard's 256 KB (a Premium entity takes 1 MB until "
                       "raised; a claim check would keep Standard)")
    s.add("service_bus_premium", 1 if premium else 0, "Premium tier needed",
          "; ".join(reasons), "service-bus-standard-ops", "service-bus-message-size",
          *(("service-bus-premium-message-size",) if large else ()))
    if premium:
        # The sheet gives no throughput per messaging unit: start at one and scale on load.
        s.add("service_bus_messaging_units", 1, "Premium messaging units to start with",
              "1 MU (valid: 1, 2, 4, 8, 16 per partition); no per-MU throughput is "
              "published in advisor's catalogue, so load-test and scale up",
              "service-bus-messaging-units")
        s.notes.append("Service Bus Premium is sized at 1 messaging unit: measure its CPU "
                       "under the peak and scale (advisor's catalogue has no per-MU rate).")


def _functions(s: _Sizer, rate: str) -> None:
    seconds = s.w.processing_time or ASSUMED_PROCESSING
    by_name = {c.name: c for c in s.w.consumers}
    # Each consumer's function runs at the rate it is fed: the peak, or its own capacity.
    parts = []
    for p in s.design.paths:
        if "functions" not in p.hops or p.consumer not in by_name:
            continue
        own = capacity(by_name[p.consumer], s.w.processing_time)
        parts.append((min(s.peak, own[0]) if own else s.peak) * p.count)
    drained = sum(parts) or s.peak
    busy = drained * seconds
    s.add("functions_concurrent_executions", math.ceil(busy),
          "function executions in flight at the peak",
          f"{' + '.join(units.format_rate(r) for r in parts) or rate} x "
          f"{units.format_duration(seconds)} = {busy:,.1f}", "functions-consumption-instances")
    if not any(p.follows(("service-bus-queue", "service-bus-topic"), "functions")
               for p in s.design.paths):
        return  # the per-instance concurrency read is the Service Bus trigger's
    # With sessions the trigger holds MaxConcurrentSessions sessions, one message each.
    fact = ("functions-service-bus-sessions" if s.w.ordering != "none"
            else "functions-service-bus-concurrency")
    per = s.cat.number(fact)
    each = "sessions" if s.w.ordering != "none" else "concurrent calls"
    instances = math.ceil(busy / per)
    s.add("functions_instances", max(1, instances), f"instances, {per:g} {each} each "
          "(one processor)", f"ceil({busy:,.1f} / {per:g}) = {instances}", fact)
    s.near("functions-consumption-instances", instances, "The peak",
           "use the Flex Consumption or Premium plan, or cap the rate with a queue")
