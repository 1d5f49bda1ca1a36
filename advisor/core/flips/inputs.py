"""The flips of the workload's own inputs: its peak rate, latency target, ordering, kind,
duplicates, batching, replay and expiry, each tried by re-running the engine."""

from __future__ import annotations

from collections.abc import Callable

from msgspec.structs import replace

from advisor.core.decision import Flip
from advisor.core.flips.search import nearest_flip, unset_threshold
from advisor.core.flips.written import flow, said_to
from advisor.format import units
from advisor.format.workload import Batching, Workload

LATENCY_RANGE = (0.001, 86400.0 * 365)
EXPIRY_TRIED = 3600.0  # seconds: the expires_after a flip tries where none is stated


def search_peak(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    if w.rate_peak is None or w.rate_average is None:
        return None
    average = w.rate_average
    rates = w.written.get("throughput")
    # A file that gives only the peak takes the average from it: pasting a new peak moves
    # both, so the search must too.
    follows = not (isinstance(rates, dict) and "average" in rates)

    def at(value: float) -> str | None:
        model = model_of(replace(w, rate_peak=value,
                                 rate_average=value if follows else min(average, value)))
        return model if model != today else None

    found = nearest_flip(w.rate_peak, 1e-4, 1e9, at)
    if found is None:
        return None
    value, model, direction = found
    text = units.workload_rate(value)
    if not follows and value < average:
        # A peak below the written average is refused when read: the flip sets both rates.
        return Flip("throughput", flow({"average": text, "peak": text}), model,
                    f"the rate {said_to(direction)} {units.format_rate(value)} at peak and "
                    "on average")
    return Flip("throughput.peak", text, model, f"the peak {said_to(direction)} "
                f"{units.format_rate(value)}")


def search_latency(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    def at(value: float) -> str | None:
        model = model_of(replace(w, latency=value))
        return model if model != today else None

    if w.latency is None:
        unset = unset_threshold(at, LATENCY_RANGE)
        if unset is None:
            return None
        value, model = unset
        return Flip("latency", units.workload_duration(value), model,
                    f"a latency target of {units.format_duration(value)} were set")
    found = nearest_flip(w.latency, LATENCY_RANGE[0], LATENCY_RANGE[1], at)
    if found is None:
        return None
    value, model, direction = found
    return Flip("latency", units.workload_duration(value), model,
                f"the latency target {said_to(direction)} {units.format_duration(value)}")


def search_choice(w: Workload, model_of: Callable[[Workload], str], today: str, field_: str,
                  choices: tuple[str, ...]) -> Flip | None:
    current = getattr(w, field_)
    for choice in choices:
        if choice == current:
            continue
        if field_ == "ordering" and choice != "per-key" and "ordering_key" in w.written:
            continue  # the written ordering_key would make the pasted value an error
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


def search_batching(w: Workload, model_of: Callable[[Workload], str], today: str,
                    inherits: list[bool]) -> Flip | None:
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


def search_replay(w: Workload, model_of: Callable[[Workload], str], today: str,
                  inherits: list[bool]) -> Flip | None:
    # Who replays decides what serves it (a log the consumer re-reads, or an archive an
    # operator re-sends from), so the other replayer is tried at today's window.
    options: list[tuple[float, str]]
    if w.replay:
        other = "consumer" if w.replay_by == "operator" else "operator"
        options = [(0.0, "consumer"), (w.replay, other)]
    else:
        options = [(86400.0, "consumer"), (7 * 86400.0, "consumer"), (30 * 86400.0, "consumer"),
                   (7 * 86400.0, "operator")]
    for seconds, by in options:
        consumers = tuple(replace(c, replay=seconds, replay_by=by) if inherit else c
                          for c, inherit in zip(w.consumers, inherits, strict=False))
        model = model_of(replace(w, replay=seconds, replay_by=by, consumers=consumers))
        if model != today:
            window = units.workload_duration(seconds)
            if not seconds:
                return Flip("replay", "none", model, "replay were dropped")
            if by == "operator":
                return Flip("replay", flow({"window": window, "by": "operator"}), model,
                            f"an operator had to re-send the last "
                            f"{units.format_duration(seconds)} from an archive")
            return Flip("replay", window, model,
                        f"every consumer had to replay {units.format_duration(seconds)}")
    return None


def search_expiry(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    """Late messages becoming worthless: the one stated reason to drop them. Tried once, at
    an hour: the rules read whether messages expire, not when, and a latency target is never
    an expiry, so the target is not borrowed for it."""
    if w.expires_after is not None:
        return None
    seconds = EXPIRY_TRIED
    consumers = tuple(replace(c, expires_after=seconds) if c.expires_after is None else c
                      for c in w.consumers)
    model = model_of(replace(w, expires_after=seconds, consumers=consumers))
    if model == today:
        return None
    return Flip("expires_after", units.workload_duration(seconds), model,
                f"messages older than {units.format_duration(seconds)} were worthless")
