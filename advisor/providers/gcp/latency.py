"""The delay each hop of a Google Cloud design adds before a consumer sees a message.

Latency is a target, never an expiry: it rules out windows longer than itself, nothing more.
The pages read state no delivery latency for Pub/Sub, Eventarc, Cloud Tasks or FCM, so those
hops are unknown, and said to be, never taken as zero. What is known are windows: a Cloud
Storage subscription's file window, a scheduled drain's interval, and a `delay` asked for.
"""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import ConsumerPath, Design
from advisor.core.numbers import EPSILON, HopDelay, PathDelay, Sizing
from advisor.format import units
from advisor.format.workload import Consumer, Workload

COMPUTE = ("cloud-run", "cloud-run-functions", "workflows")  # the consumer's own runtime
DRAINS = ("cloud-run-functions", "workflows")  # compute a schedule starts to pull


def path_delays(design: Design, w: Workload, sizing: Sizing,
                catalogue: Catalogue) -> tuple[PathDelay, ...]:
    consumers = {c.name: c for c in w.consumers}
    return tuple(_path(p, consumers[p.consumer], w, catalogue) for p in design.paths)


def _hop(service: str, consumer: Consumer, w: Workload, catalogue: Catalogue) -> HopDelay:
    name = catalogue.service(service).name
    if service == "pubsub-cloud-storage":
        window = catalogue.number("pubsub-cloud-storage-batching")
        return HopDelay(service, 0.0, window, "pubsub-cloud-storage-batching",
                        f"{name} writes a file at most every {window:g} s by default",
                        window=True)
    if service == "cloud-tasks" and w.delay is not None:
        return HopDelay(service, w.delay, w.delay, "cloud-tasks-schedule-max",
                        f"the task waits {units.format_duration(w.delay)} as asked", wanted=True)
    if service in COMPUTE:  # a drain started on a schedule: its interval is the wait
        every = consumer.batching.window
        if every is None:  # read after "<service> delivers" in the ADR
            return HopDelay(service, None, None, "scheduler-granularity",
                            "a batch each time the team's schedule starts it (at most once "
                            "a minute)")
        return HopDelay(service, 0.0, every, None, f"{name} drains every "
                        f"{units.format_duration(every)}", window=True, asked=True)
    return HopDelay(service, None, None, None, "delivery delay not stated by Google")


def _drains(path: ConsumerPath) -> bool:
    """A function or workflow that pulls waits for its schedule; one pushed to does not, nor
    an always-on Cloud Run worker that pulls for a function."""
    return path.delivery == "poll" and path.hops[-1] in DRAINS


def _path(path: ConsumerPath, consumer: Consumer, w: Workload,
          catalogue: Catalogue) -> PathDelay:
    hops = tuple(_hop(h, consumer, w, catalogue) for h in path.hops
                 if h not in COMPUTE or _drains(path))
    unknown = tuple(h.service for h in hops if h.high is None)
    low = sum(h.low or 0.0 for h in hops if not h.wanted)
    high = sum(h.high or 0.0 for h in hops if not h.wanted)
    within: bool | None = None
    if w.latency is not None and not unknown:
        within = high + (w.processing_time or 0.0) <= w.latency + EPSILON
    elif w.latency is not None and high + (w.processing_time or 0.0) > w.latency + EPSILON:
        within = False  # the known part alone is over
    return PathDelay(path.consumer, path.delivery, hops, low, high, unknown, within)


def warnings_for(delays: tuple[PathDelay, ...], w: Workload,
                 catalogue: Catalogue) -> list[str]:
    """Each window longer than the target, and each route whose delay Google does not state."""
    if w.latency is None:
        return []
    shown = units.format_duration(w.latency)
    found: list[str] = []
    for path in delays:
        found.extend(f"{path.consumer}: {hop.text}, longer than the {shown} latency target: "
                     + _shorten(hop.service, w.latency, catalogue) for hop in path.hops
                     if hop.window and (hop.high or 0.0) > w.latency)
        if path.within_target is None and path.unknown:
            names = ", ".join(dict.fromkeys(catalogue.service(s).name for s in path.unknown))
            found.append(f"{path.consumer}: whether the {shown} target is met is not known: "
                         f"Google states no delivery latency for {names}; measure it.")
    return found


def _shorten(service: str, target: float, catalogue: Catalogue) -> str:
    """What to do about a window over the target: shorten it, where it can be that short."""
    if service == "pubsub-cloud-storage":
        shortest = catalogue.number("pubsub-cloud-storage-window-min")
        if target < shortest:
            return (f"its files are written at most every {shortest:g} s; load through a "
                    "BigQuery subscription, which writes each message as it comes, or relax "
                    "the target.")
    return f"shorten the window to at most {target:g} s."
