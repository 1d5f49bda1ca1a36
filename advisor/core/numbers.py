"""The numbers of an option as records: sizing figures, quota warnings, cost lines, delays.

Neutral: each provider computes them for its own services; the core and the renderers read
them. `capacity` is here because it is the consumer's own arithmetic, the same on any cloud.
"""

from __future__ import annotations

from msgspec import Struct

from advisor.format import units
from advisor.format.workload import Consumer

# Sums of decimal seconds (29 s + 1,499 x 20 ms) carry binary rounding; a path that fills
# its target exactly is within it.
EPSILON = 1e-9


class Figure(Struct, frozen=True):
    """One sized number (shards, concurrency, batch size) and what it means."""

    key: str
    value: float
    text: str  # what the number means, in words
    formula: str  # the arithmetic with the inputs
    facts: tuple[str, ...] = ()
    flag: bool = False  # a yes-or-no setting (1 or 0) rather than a count
    # Reported in the JSON even when only an option not chosen has it: a figure a reader
    # compares across options (a stream's shards).
    compared: bool = False

    @property
    def shown(self) -> str:
        """The value as a person reads it: "9.0%", "30 s", "yes", "1,500"."""
        if self.key.endswith("_pct"):
            return f"{self.value:,.1f}%"
        if "_window_s" in self.key:
            return f"{self.value:g} s"
        if self.key.startswith("drain_s_") or "_timeout_s." in self.key:
            return f"{self.value:,g} s"
        if self.flag:
            return "yes" if self.value else "no"
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.2f}"


class QuotaWarning(Struct, frozen=True):
    """A requirement that comes near or over a quota of the cloud."""

    text: str  # the requirement against the quota, and what to do
    fact: str  # the quota's catalogue id
    status: str  # verified | unverified | conflict


class Sizing(Struct, frozen=True):
    """The numbers of one design: figures, quota warnings and the assumptions made."""

    figures: tuple[Figure, ...]
    quotas: tuple[QuotaWarning, ...]
    notes: tuple[str, ...]  # assumptions made
    # What a reviewer must not miss that no quota stands for (a queue that never drains).
    warnings: tuple[str, ...] = ()

    def value(self, key: str) -> float | None:
        return next((f.value for f in self.figures if f.key == key), None)


def capacity(c: Consumer, processing_time: float | None) -> tuple[float, str] | None:
    """What a consumer absorbs per second, and how that follows from what it states: its
    max_rate, or max_concurrency / processing_time, the lower where both are known."""
    known: list[tuple[float, str]] = []
    if c.max_rate:
        known.append((c.max_rate, f"max_rate {units.format_rate(c.max_rate)}"))
    if c.max_concurrency and processing_time:
        rate = c.max_concurrency / processing_time
        known.append((rate, f"max_concurrency {c.max_concurrency:,} / processing_time "
                            f"{units.format_duration(processing_time)} = "
                            f"{units.format_rate(rate)}"))
    if not known:
        return None
    if len(known) == 1:
        return known[0]
    rate = min(r for r, _ in known)
    return rate, f"min({known[0][1]}; {known[1][1]}) = {units.format_rate(rate)}"


class ModeCost(Struct, frozen=True):
    """What an option would cost a month in another capacity mode of its service."""

    mode: str
    monthly_usd_average: float
    monthly_usd_peak: float


class CostLine(Struct, frozen=True):
    """One service's share of a monthly cost, with the arithmetic in words."""

    service: str
    what: str  # the quantity and unit price, in words
    usd_average: float
    usd_peak: float
    fact: str


class Cost(Struct, frozen=True):
    """The monthly cost of one option at the average rate and at a sustained peak."""

    model: str
    services: tuple[str, ...]
    region: str  # the region the prices are for
    monthly_usd_average: float
    monthly_usd_peak: float
    lines: tuple[CostLine, ...]
    unpriced: tuple[str, ...]  # services in the design with no per-message price
    assumptions: tuple[str, ...]
    # A service billed in one of its capacity modes (Kinesis): the mode priced, and what the
    # option would cost in each other mode.
    mode: str = ""
    alternatives: tuple[ModeCost, ...] = ()
    # Each unpriced part named with the quantity that would be billed ("AWS AppSync: 3M
    # deliveries/s ... not priced"): a reader can price it by hand, and no figure reads as
    # the whole bill.
    unpriced_parts: tuple[str, ...] = ()
    # What no option's figure covers beyond services (data transfer, the compute of
    # consumers' own servers, ...); the assumptions carry it as one "Not priced: ..." line.
    left_out: tuple[str, ...] = ()
    region_note: str = ""  # set where the workload's Region is not the one priced
    # Which service `mode` is of (its id), and its name in the alternatives' wording: the
    # provider says, so that no renderer names a service.
    mode_service: str = ""
    mode_service_name: str = ""


class HopDelay(Struct, frozen=True):
    """What one hop adds: seconds from `low` to `high` (None = the cloud states no figure)."""

    service: str
    low: float | None
    high: float | None
    fact: str | None  # the catalogue fact behind the figure
    text: str
    window: bool = False  # a setting (batching window, buffer interval) the team can cut
    wanted: bool = False  # a delay the workload asks for (`delay`): shown, not counted
    asked: bool = False  # a window the consumer states (`batching.window`), not advisor's
    figure: str | None = None  # the sizing figure behind a delay that is no catalogue fact
    batch: bool = False  # the wait inside a batch, for the records ahead of the last


class PathDelay(Struct, frozen=True):
    """The added delay on one consumer's route, summed over its hops."""

    consumer: str
    delivery: str
    hops: tuple[HopDelay, ...]
    low: float  # the known lower bounds, summed
    high: float  # the known upper bounds, summed (a lower bound when `unknown` is not empty)
    unknown: tuple[str, ...]  # hops whose delay the cloud does not state
    within_target: bool | None  # None without a target, or when unknown hops could decide

    @property
    def known(self) -> bool:
        return not self.unknown

    def as_json(self) -> dict[str, object]:
        """An entry of the JSON `latency_budget`: seconds, null where the cloud states none."""
        return {"consumer": self.consumer, "added_s_low": self.low,
                "added_s_high": self.high if self.known else None,
                "within_target": self.within_target,
                "hops": [{"service": h.service, "seconds_low": h.low, "seconds_high": h.high,
                          "fact": h.fact, **({"wanted": True} if h.wanted else {}),
                          **({"figure": h.figure} if h.figure else {})}
                         for h in self.hops]}


def range_text(low: float | None, high: float) -> str:
    if (low or 0.0) == high:
        return f"{high:g} s"
    return f"{low or 0.0:g}-{high:g} s"
