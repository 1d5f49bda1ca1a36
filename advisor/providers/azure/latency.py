"""The delay each hop of an Azure design adds before a consumer sees a message.

Latency is a target, never an expiry: it drops no message and switches off no retry. The
fact sheet states no delivery latency for Event Grid, Service Bus, Event Hubs or Storage
queues, so their delay is unknown and said to be, never taken as zero; what is known is a
batching window a consumer asks for, and Event Grid's retry schedule when a handler fails.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import WORKER, ConsumerPath, Design
from advisor.core.numbers import EPSILON, HopDelay, PathDelay, Sizing
from advisor.format import units
from advisor.format.workload import Consumer, Workload

# What each hop's unknown delay depends on, and the fact that says so.
UNSTATED = {
    "event-grid": ("Event Grid states no delivery latency", "event-grid-push-handlers"),
    "service-bus-queue": ("a receive returns when a message waits; no figure is stated",
                          "service-bus-pull"),
    "service-bus-topic": ("a receive returns when a message waits; no figure is stated",
                          "service-bus-pull"),
    "event-hubs": ("readers receive continuously; no figure is stated", "event-hubs-log"),
    "iot-hub": ("IoT Hub cannot guarantee a certain latency", "iot-hub-telemetry-endpoint"),
    "storage-queue": ("the queue trigger backs off between empty polls up to its "
                      "maxPollingInterval", "storage-queue-pull"),
}


def path_delays(design: Design, w: Workload, sizing: Sizing,
                catalogue: Catalogue) -> tuple[PathDelay, ...]:
    """The added delay of every path of `design`, compared with the workload's target."""
    consumers = {c.name: c for c in w.consumers}
    return tuple(_path(p, consumers[p.consumer], w) for p in design.paths)


def _path(p: ConsumerPath, c: Consumer, w: Workload) -> PathDelay:
    hops: list[HopDelay] = []
    for hop in p.hops:
        if hop in UNSTATED:
            text, fact = UNSTATED[hop]
            hops.append(HopDelay(hop, None, None, fact, f"{hop}: {text}"))
    if c.batching.window and p.delivery == "poll":
        hops.append(HopDelay(p.hops[-1] if p.hops[-1] != WORKER else p.hops[0], 0.0,
                             c.batching.window, None, f"the batching window of {c.name} "
                             f"({units.format_duration(c.batching.window)})",
                             window=True, asked=True))
    if w.delay:
        hops.append(HopDelay(p.hops[0] if p.hops else "", w.delay, w.delay, None,
                             f"the asked delay of {units.format_duration(w.delay)}",
                             wanted=True))
    counted = [h for h in hops if not h.wanted]
    unknown = tuple(h.service for h in counted if h.high is None)
    low = sum(h.low or 0.0 for h in counted)
    high = sum(h.high or 0.0 for h in counted)
    within = None
    if w.latency is not None and (not unknown or high > w.latency + EPSILON):
        within = high <= w.latency + EPSILON
    return PathDelay(p.consumer, p.delivery, tuple(hops), low, high, unknown, within)


def warnings_for(delays: tuple[PathDelay, ...], w: Workload,
                 catalogue: Catalogue) -> list[str]:
    """What a stated latency target meets on these paths: windows longer than it, and hops
    whose delay Azure does not state."""
    if w.latency is None:
        return []
    shown = units.format_duration(w.latency)
    found = [f"{path.consumer}'s route adds at least {path.high:g} s, above the {shown} "
             "latency target: shorten its batching window or relax the target."
             for path in delays if path.within_target is False]
    unknown = sorted({s for p in delays for s in p.unknown})
    if unknown:
        found.append(f"Azure states no delivery latency for {', '.join(unknown)}: measure the "
                     f"route against the {shown} target before relying on it.")
    return found
