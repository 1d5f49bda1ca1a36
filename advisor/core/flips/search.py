"""Numbers near today's at which the answer changes: a geometric grid outward from today's
value, narrowed by bisection and rounded to two significant figures, and the walk down
from the top of a range for a value the file does not state."""

from __future__ import annotations

import math
from collections.abc import Callable

STEP = 4.0  # grid ratio; bisection then narrows the step to two significant figures
# The walk down from an unset value spans 13 decades (a year to a millisecond) and only looks
# for the first change of answer; its bisection narrows a step of 16 as finely as one of 4.
UNSET_STEP = 16.0
SPAN = 1000.0  # search up to x1000 and /1000 of today's value


def nearest_flip(start: float, low: float, high: float,
                 flips_at: Callable[[float], str | None]) -> tuple[float, str, int] | None:
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
                value, model = narrow(previous, value, flips_at)
                found.append((k, abs(math.log(value / start)), value, model, direction))
                break
            previous = value
    if not found:
        return None
    _, _, value, model, direction = min(found)
    return value, model, direction


def narrow(ok: float, flipped: float, flips_at: Callable[[float], str | None]
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


def unset_threshold(flips_at: Callable[[float], str | None], bounds: tuple[float, float]
           ) -> tuple[float, str] | None:
    """For a value not stated: the threshold nearest the top of `bounds` at which stating
    it changes the model, and the model there. Stating a very loose value is the smallest
    change from stating none, but a value just inside a rule's threshold is the one that
    decides: so the search walks down from the top to the first change of answer and
    reports the boundary, on the side whose answer differs from today's."""
    low, high = bounds
    top = flips_at(high)
    upper = high
    while upper / UNSET_STEP >= low:
        lower = upper / UNSET_STEP
        model = flips_at(lower)
        if model != top:
            if top is None:  # the answer changes below the boundary
                return narrow(upper, lower, flips_at)

            def same(value: float, top: str = top) -> str | None:
                return top if flips_at(value) == top else None
            return narrow(lower, upper, same)
        upper = lower
    # No threshold in range: every stated value answers alike, and no one value of them
    # is the one that decides.
    return None
