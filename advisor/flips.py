"""What would change the decision: for each driver, the value nearest to today's at
which the recommended model changes, found by re-running the engine, never by hand.

Numbers are searched on a geometric grid outward from today's value, then narrowed
by bisection and rounded to two significant figures; every reported value is checked
by one more run of the engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from msgspec import Struct
from msgspec.structs import replace

from advisor import units
from advisor.engine import model_of as engine_model
from advisor.facts import derive
from advisor.rules import RuleSet
from advisor.workload import Batching, Consumer, Workload

STEP = 4.0  # grid ratio; bisection then narrows the step to two significant figures
SPAN = 1000.0  # search up to x1000 and /1000 of today's value


class Flip(Struct, frozen=True):
    """A change to one input that would change the recommended model."""

    driver: str  # dotted path into the workload as written
    value: str  # in workload syntax
    model: str  # what the recommendation becomes
    text: str  # "peak rose above 4,000/s"


def find_flips(w: Workload, rules: RuleSet, today: str,
               waived: frozenset[str] = frozenset()) -> tuple[Flip, ...]:
    def model_of(changed: Workload) -> str:
        return engine_model(derive(changed), rules, waived)

    flips: list[Flip | None] = []
    flips.append(_peak(w, model_of, today))
    flips.append(_latency(w, model_of, today))
    for field_, choices in (("ordering", ("none", "per-key", "global")),
                            ("kind", ("event", "command")),
                            ("duplicates", ("tolerated", "must-deduplicate"))):
        flips.append(_choice(w, model_of, today, field_, choices))
    flips.append(_batching(w, model_of, today))
    flips.append(_replay(w, model_of, today))
    flips.append(_fan_out(w, model_of, today))
    flips.extend(_capacity(w, model_of, today, c) for c in w.consumers)
    return tuple(f for f in flips if f is not None)


def _numeric(start: float, low: float, high: float, flips_at: Callable[[float], str | None],
             ) -> tuple[float, str, int] | None:
    """The nearest value (and the model there, and direction +1/-1) where the model changes."""
    found: list[tuple[int, float, float, str, int]] = []
    for direction in (1, -1):
        previous = start
        for k in range(1, int(math.log(SPAN) / math.log(STEP)) + 2):
            value = start * STEP ** (k * direction)
            if not low <= value <= high:
                break
            model = flips_at(value)
            if model is not None:
                value, model = _narrow(previous, value, flips_at)
                found.append((k, abs(math.log(value / start)), value, model, direction))
                break
            previous = value
    if not found:
        return None
    _, _, value, model, direction = min(found)
    return value, model, direction


def _narrow(ok: float, flipped: float, flips_at: Callable[[float], str | None]
            ) -> tuple[float, str]:
    """Bisect (in log space) to the boundary, then round on the flipped side to two (else
    three) significant figures; the returned value is one the engine was run at."""
    for _ in range(10):
        middle = math.sqrt(ok * flipped)
        if flips_at(middle) is not None:
            flipped = middle
        else:
            ok = middle
    away = 1 if flipped > ok else -1
    for figures in (2, 3, 4):
        rounded = {_round_away(ok, figures, away), _round_away(flipped, figures, away)}
        for candidate in sorted(rounded, key=lambda v: abs(math.log(v / ok))):
            if abs(math.log(candidate / flipped)) > math.log(1.05):
                continue  # a round number, but too far from the boundary to be useful
            model = flips_at(candidate)
            if model is not None:
                return candidate, model
    model = flips_at(flipped)
    assert model is not None
    return flipped, model


def _round_away(value: float, figures: int, away: int) -> float:
    """`value` rounded to `figures` significant figures, up if away > 0, else down."""
    scale = 10.0 ** (math.floor(math.log10(value)) - figures + 1)
    rounded = (math.ceil if away > 0 else math.floor)(value / scale - away * 1e-9) * scale
    return float(f"{rounded:.{figures}g}") if rounded > 0 else value


def _say(direction: int) -> str:
    return "rose to" if direction > 0 else "fell to"


def _peak(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    if w.rate_peak is None or w.rate_average is None:
        return None
    average = w.rate_average

    def at(value: float) -> str | None:
        model = model_of(replace(w, rate_peak=value, rate_average=min(average, value)))
        return model if model != today else None

    found = _numeric(w.rate_peak, 1e-4, 1e9, at)
    if found is None:
        return None
    value, model, direction = found
    text = units.workload_rate(value)
    return Flip("throughput.peak", text, model, f"the peak {_say(direction)} "
                f"{units.format_rate(value)}")


def _latency(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    def at(value: float) -> str | None:
        model = model_of(replace(w, latency=value))
        return model if model != today else None

    start = w.latency if w.latency is not None else 86400.0 * 365
    found = _numeric(start, 0.001, 86400.0 * 365, at)
    if found is None:
        return None
    value, model, direction = found
    if w.latency is None:
        return Flip("latency", units.workload_duration(value), model,
                    f"a latency target of {units.format_duration(value)} were set")
    return Flip("latency", units.workload_duration(value), model,
                f"the latency target {_say(direction)} {units.format_duration(value)}")


def _choice(w: Workload, model_of: Callable[[Workload], str], today: str, field_: str,
            choices: tuple[str, ...]) -> Flip | None:
    current = getattr(w, field_)
    for choice in choices:
        if choice == current:
            continue
        if field_ == "ordering":
            changed = replace(w, ordering=choice,
                              ordering_key=w.ordering_key if choice == "per-key" else None)
        elif field_ == "kind":
            changed = replace(w, kind=choice)
        else:
            changed = replace(w, duplicates=choice)
        model = model_of(changed)
        if model != today:
            return Flip(field_, choice, model, f"{field_} became {choice}")
    return None


def _inherit(w: Workload, key: str) -> list[bool]:
    """Which consumers take the workload-level value of `key` (they state none of their own)."""
    listed = w.written.get("consumers")
    if not isinstance(listed, list):
        return [True] * len(w.consumers)
    return [not (isinstance(item, dict) and key in item) for item in listed]


def _batching(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    inherits = _inherit(w, "batching")
    for mode in ("none", "preferred", "required"):
        if mode == w.batching.mode:
            continue
        batching = Batching(mode)
        consumers = tuple(replace(c, batching=batching) if inherit else c
                          for c, inherit in zip(w.consumers, inherits, strict=False))
        model = model_of(replace(w, batching=batching, consumers=consumers))
        if model != today:
            return Flip("batching", mode, model, f"batching became {mode}")
    return None


def _replay(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    inherits = _inherit(w, "replay")
    options = [0.0] if w.replay else [86400.0, 7 * 86400.0, 30 * 86400.0]
    for seconds in options:
        consumers = tuple(replace(c, replay=seconds) if inherit else c
                          for c, inherit in zip(w.consumers, inherits, strict=False))
        model = model_of(replace(w, replay=seconds, consumers=consumers))
        if model != today:
            value = units.workload_duration(seconds) if seconds else "none"
            said = (f"every consumer had to replay {units.format_duration(seconds)}" if seconds
                    else "replay were dropped")
            return Flip("replay", value, model, said)
    return None


def _fan_out(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    """One more consumer, like the workload's last one but with nothing stated about it."""
    count = len(w.consumers)
    for extra in range(1, 6):
        added = tuple(Consumer(f"consumer-{count + i + 1}", count + i, None, w.batching, None,
                               w.replay, w.consumers_listed) for i in range(extra))
        model = model_of(replace(w, consumers=w.consumers + added))
        if model != today:
            if not w.consumers_listed:
                return Flip("consumers", str(count + extra), model,
                            f"the consumers grew to {count + extra}")
            return Flip(f"consumers.{count}", f"{{name: consumer-{count + 1}}}", model,
                        f"{extra} more consumer{'s' if extra > 1 else ''} subscribed")
    if count > 1:
        model = model_of(replace(w, consumers=w.consumers[:1]))
        if model != today:
            value = "1" if not w.consumers_listed else f"[{{name: {w.consumers[0].name}}}]"
            return Flip("consumers", value, model, f"only {w.consumers[0].name} consumed")
    return None


def _capacity(w: Workload, model_of: Callable[[Workload], str], today: str,
              consumer: Consumer) -> Flip | None:
    if not w.consumers_listed:
        return None
    index = w.consumers.index(consumer)

    def at(value: float) -> str | None:
        consumers = list(w.consumers)
        consumers[index] = replace(consumer, max_rate=value)
        model = model_of(replace(w, consumers=tuple(consumers)))
        return model if model != today else None

    start = consumer.max_rate or max((w.rate_peak or 1000.0) * 10, 1.0)
    found = _numeric(start, 1e-4, 1e9, at)
    if found is None:
        return None
    value, model, direction = found
    said = (f"{consumer.name} could absorb only {units.format_rate(value)}"
            if direction < 0 else f"{consumer.name} could absorb {units.format_rate(value)}")
    return Flip(f"consumers.{index}.max_rate", units.workload_rate(value), model, said)
