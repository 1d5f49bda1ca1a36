"""The ADR's words about delay: each path's added delay against the target, and the
consumers for whom a load test at the peak cannot confirm it."""

from __future__ import annotations

from collections.abc import Callable

from advisor.core.numbers import EPSILON, HopDelay, PathDelay, capacity, range_text
from advisor.format import units
from advisor.format.workload import Workload


def missed(delays: tuple[PathDelay, ...], w: Workload) -> list[str]:
    """The consumers for whom the warnings say the target cannot hold (a window or a delay
    past it, or a capacity below the peak): a load test at the peak cannot confirm it."""
    if w.latency is None:
        return []
    target, processing = w.latency, w.processing_time or 0.0
    peak = w.rate_peak or 0.0
    # A consumer slower than the peak builds a backlog in a load test at the peak.
    slow = {c.name for c in w.consumers
            if (cap := capacity(c, w.processing_time)) is not None and cap[0] < peak}
    return [p.consumer for p in delays
            if any(h.window and (h.high or 0.0) > target for h in p.hops)
            or (p.high and p.high + processing > target + EPSILON) or p.consumer in slow]


def summary(delays: tuple[PathDelay, ...], w: Workload,
            name: Callable[[str], str] = str, cloud: str = "The cloud") -> str:
    """One line per ADR: each path's added delay against the target, with its sources. A hop
    whose delay the cloud does not state on every path is said once, not once per path."""
    if w.latency is None or not delays:
        return ""
    common = set.intersection(*({(h.service, h.fact) for h in p.hops if h.high is None
                                 and not h.wanted} for p in delays))
    parts = []
    for path in delays:
        hops = [h for h in path.hops if not h.wanted and (h.service, h.fact) not in common]
        reasons = "; ".join(_hop_text(h) for h in hops)
        unknown = any(h.high is None for h in hops)
        asked = [h for h in path.hops if h.wanted]
        if common and not hops and not asked:
            continue  # nothing to say of this path beyond the delay said once
        if not unknown:
            total = range_text(path.low, path.high)
        elif path.high > 0:
            total = f"at least {range_text(path.low, path.high)}, plus unknown"
        else:
            total = "unknown"
        wanted = "".join(f", plus the {units.format_duration(h.low or 0)} delay asked for"
                         for h in asked)
        parts.append(f"{path.consumer} {total}{wanted} ({reasons or 'no added hop'})")
    target = units.format_duration(w.latency)
    if not common:
        return (f"Added delay per path against the {target} latency target, before "
                "processing: " + "; ".join(parts) + ".")
    # A hop the cloud describes in words (S3: "typically within seconds, sometimes a minute or
    # longer") is quoted; one with no words at all is said to have none.
    described = {h.service: h for p in delays for h in p.hops
                 if (h.service, h.fact) in common and "not stated" not in h.text}
    services = sorted({s for s, _ in common} - set(described))
    facts = sorted({f for s, f in common if f and s not in described})
    said = [f"{name(s)} delivers {h.text} [{h.fact}]" if h.fact else f"{name(s)} delivers "
            f"{h.text}" for s, h in sorted(described.items())]
    if services:
        said.append(f"{cloud} states no delivery latency for "
                    f"{' or '.join(name(s) for s in services)}"
                    + (f" [{', '.join(facts)}]" if facts else ""))
    lead = "; ".join(said) + "; measure it in the load test"
    if not parts:
        return lead + "."
    return (f"{lead}. Added delay per path besides it, against the {target} latency target, "
            "before processing: " + "; ".join(parts) + ".")


def _hop_text(h: HopDelay) -> str:
    source = h.fact or h.figure
    fact = f" [{source}]" if source else ""
    if h.high is None:
        return f"{h.service} {h.text}{fact}"
    return f"{h.service} {range_text(h.low, h.high)}{fact}"
