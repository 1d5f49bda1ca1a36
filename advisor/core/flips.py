"""What would change the decision: for each driver, the value nearest to today's at
which the recommended model changes, found by re-running the engine, never by hand.

Numbers are searched on a geometric grid outward from today's value, then narrowed
by bisection and rounded to two significant figures; every reported value is checked
by one more run of the engine. A value the file does not state (a latency target) is
searched down from the top of its range to the threshold that decides.

Every flip holds as printed: pasted into the file, it gives the model it names. So a
consumer's flip is its whole entry, a list's flip the whole list, and a peak below the
written average is printed as `throughput` with both rates.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import yaml
from msgspec.structs import replace

from advisor.core.buildable import buildable
from advisor.core.catalogue import Catalogue
from advisor.core.decision import MODELS, Flip, Model
from advisor.core.designs import PEOPLE  # channels whose recipients a message may name
from advisor.core.engine import EvaluationCache, evaluate
from advisor.core.engine import model_of as engine_model
from advisor.core.facts import CloudFacts, derive
from advisor.core.provider import Provider
from advisor.core.rules import RuleSet, condition_facts
from advisor.format import units
from advisor.format.workload import Batching, Consumer, Workload

LATENCY_RANGE = (0.001, 86400.0 * 365)
STEP = 4.0  # grid ratio; bisection then narrows the step to two significant figures
# The walk down from an unset value spans 13 decades (a year to a millisecond) and only looks
# for the first change of answer; its bisection narrows a step of 16 as finely as one of 4.
UNSET_STEP = 16.0
SPAN = 1000.0  # search up to x1000 and /1000 of today's value
# One capacity search runs the engine about 30 times, and one run costs a step per consumer
# shape. Shapes are searched in file order while the product stays within this budget (about
# a second): every shape of any real flow, and 33 of a hostile thousand distinct ones.
CAPACITY_BUDGET = 1_000_000
RUNS_PER_SEARCH = 30
EXPIRY_TRIED = 3600.0  # seconds: the expires_after a flip tries where none is stated
PER_MESSAGE_CHANNEL = {"email": "sent through Amazon SES",
                       "sms": "published to each phone number",
                       "mobile-push": "published to each device's platform endpoint"}


def find_flips(w: Workload, rules: RuleSet, today: str, cloud: CloudFacts,
               waived: frozenset[str] = frozenset(), catalogue: Catalogue | None = None,
               provider: Provider | None = None) -> tuple[Flip, ...]:
    """The changes to the workload that would alter the answer. With a catalogue and its
    provider, a change counts only where the design it leads to can be built."""
    cache = EvaluationCache(rules)

    def model_of(changed: Workload) -> Model:
        model = engine_model(derive(changed, cloud), rules, waived, cache)
        if catalogue is None or provider is None or model == today:
            return model
        # A change is only an answer if its design can be built (services.buildable), as
        # `advise` decides; checked where the answer changes, so a search costs little more.
        changed = _distinct_names(changed)  # the searches split a group into same-named parts
        decision = evaluate(derive(changed, cloud), rules, waived, cache)
        chosen = provider.design(model, changed, decision, catalogue)
        if not chosen.unbuildable:
            return model
        return buildable(decision, {m: provider.design(m, changed, decision, catalogue)
                                    for m in MODELS}).model

    # Every search runs on the consumers grouped by shape: one engine run costs the number of
    # distinct shapes, not of consumers, and each shape's capacity is searched once.
    g, inherits, group_of = _grouped(w, rules)
    flips: list[Flip | None] = []
    flips.append(_peak(g, model_of, today))
    flips.append(_latency(g, model_of, today))
    for field_, choices in (("ordering", ("none", "per-key", "global")),
                            ("kind", ("event", "command")),
                            ("duplicates", ("tolerated", "must-deduplicate"))):
        flips.append(_choice(g, model_of, today, field_, choices))
    flips.append(_batching(g, model_of, today, [b for b, _ in inherits]))
    flips.append(_replay(g, model_of, today, [r for _, r in inherits]))
    flips.append(_expiry(g, model_of, today))
    flips.append(_fan_out(w, g, model_of, today))
    if w.consumers_listed:
        shapes = len(g.consumers)
        searched = max(1, CAPACITY_BUDGET // (RUNS_PER_SEARCH * shapes))
        found = [_capacity(g, model_of, today, at) if at < searched else None
                 for at in range(shapes)]
        flips.extend(_capacity_flip(w, index, found[group_of[index]])
                     for index in range(len(w.consumers)))
    flips.extend(_recipients(w, g, group_of, model_of, today))
    return tuple(f for f in flips if f is not None)


def _grouped(w: Workload, rules: RuleSet
             ) -> tuple[Workload, list[tuple[bool, bool]], list[int]]:
    """`w` with its consumers grouped by shape (all the rules' conditions can tell apart, and
    whether batching and replay are inherited, which the flips change), each group's inherit
    flags, and the group of each consumer. The same model for the same facts."""
    read = {name for rule in rules.rules for name in condition_facts(rule.when)}
    by_name = "consumer.name" in read
    groups: list[Consumer] = []
    inherits: list[tuple[bool, bool]] = []
    group_of: list[int] = []
    shapes: dict[object, int] = {}
    for c, batching, replay in zip(w.consumers, _inherit(w, "batching"), _inherit(w, "replay"),
                                   strict=False):
        # Every field of the consumer but its place: a field added to the format keeps
        # consumers that differ in it apart without this key having to learn of it.
        key = (replace(c, name=c.name if by_name else "", index=0, count=0), batching, replay)
        at = shapes.get(key)
        if at is None:
            at = shapes[key] = len(groups)
            groups.append(replace(c, count=0))
            inherits.append((batching, replay))
        groups[at] = replace(groups[at], count=groups[at].count + c.count)
        group_of.append(at)
    if len(groups) == len(w.consumers):
        return w, inherits, group_of
    return replace(w, consumers=tuple(groups)), inherits, group_of


def _distinct_names(w: Workload) -> Workload:
    """`w` with a distinct name for each consumer entry, as the pasted file would have."""
    seen: set[str] = set()
    consumers = []
    for index, c in enumerate(w.consumers):
        consumers.append(c if c.name not in seen else replace(c, name=f"{c.name}-{index}"))
        seen.add(c.name)
    return replace(w, consumers=tuple(consumers))


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
    rates = w.written.get("throughput")
    # A file that gives only the peak takes the average from it: pasting a new peak moves
    # both, so the search must too.
    follows = not (isinstance(rates, dict) and "average" in rates)

    def at(value: float) -> str | None:
        model = model_of(replace(w, rate_peak=value,
                                 rate_average=value if follows else min(average, value)))
        return model if model != today else None

    found = _numeric(w.rate_peak, 1e-4, 1e9, at)
    if found is None:
        return None
    value, model, direction = found
    text = units.workload_rate(value)
    if not follows and value < average:
        # A peak below the written average is refused when read: the flip sets both rates.
        return Flip("throughput", _flow({"average": text, "peak": text}), model,
                    f"the rate {_say(direction)} {units.format_rate(value)} at peak and "
                    "on average")
    return Flip("throughput.peak", text, model, f"the peak {_say(direction)} "
                f"{units.format_rate(value)}")


def _latency(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
    def at(value: float) -> str | None:
        model = model_of(replace(w, latency=value))
        return model if model != today else None

    if w.latency is None:
        unset = _unset(at, LATENCY_RANGE)
        if unset is None:
            return None
        value, model = unset
        return Flip("latency", units.workload_duration(value), model,
                    f"a latency target of {units.format_duration(value)} were set")
    found = _numeric(w.latency, LATENCY_RANGE[0], LATENCY_RANGE[1], at)
    if found is None:
        return None
    value, model, direction = found
    return Flip("latency", units.workload_duration(value), model,
                f"the latency target {_say(direction)} {units.format_duration(value)}")


def _unset(flips_at: Callable[[float], str | None], bounds: tuple[float, float]
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
                return _narrow(upper, lower, flips_at)

            def same(value: float, top: str = top) -> str | None:
                return top if flips_at(value) == top else None
            return _narrow(lower, upper, same)
        upper = lower
    # No threshold in range: every stated value answers alike, and no one value of them
    # is the one that decides.
    return None


def _choice(w: Workload, model_of: Callable[[Workload], str], today: str, field_: str,
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


def _inherit(w: Workload, key: str) -> list[bool]:
    """Which consumers take the workload-level value of `key` (they state none of their own)."""
    listed = w.written.get("consumers")
    if not isinstance(listed, list):
        return [True] * len(w.consumers)
    return [not (isinstance(item, dict) and key in item) for item in listed]


def _batching(w: Workload, model_of: Callable[[Workload], str], today: str,
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


def _replay(w: Workload, model_of: Callable[[Workload], str], today: str,
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
                return Flip("replay", _flow({"window": window, "by": "operator"}), model,
                            f"an operator had to re-send the last "
                            f"{units.format_duration(seconds)} from an archive")
            return Flip("replay", window, model,
                        f"every consumer had to replay {units.format_duration(seconds)}")
    return None


def _expiry(w: Workload, model_of: Callable[[Workload], str], today: str) -> Flip | None:
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


def _recipients(w: Workload, g: Workload, group_of: list[int],
                model_of: Callable[[Workload], str], today: str) -> list[Flip]:
    """Each people's channel (email, SMS, mobile push) not yet addressed per message: what
    naming the recipient in each message would change. Topic subscriptions serve only fixed
    recipients, so this is the assumption an ADR must show it rests on."""
    flips: list[Flip] = []
    tried: dict[int, str] = {}
    entries = _entries(w)
    for index, c in enumerate(w.consumers):
        if not w.consumers_listed or c.runs_on not in PEOPLE or c.recipients == "per-message":
            continue
        group = group_of[index]
        if group not in tried:
            shape = g.consumers[group]
            rest = (replace(shape, count=shape.count - 1),) if shape.count > 1 else ()
            changed = replace(shape, recipients="per-message", count=1)
            tried[group] = model_of(replace(g, consumers=(
                *g.consumers[:group], *rest, changed, *g.consumers[group + 1:])))
        # Unstated recipients are an assumption (fixed subscribers): the flip is listed even
        # where only the design changes, since the services that reach a person differ.
        if tried[group] != today or c.recipients is None:
            entry = entries[index]
            written = {"name": c.name, **entry} if isinstance(entry, dict) else {"name": c.name}
            written["recipients"] = "per-message"
            flips.append(Flip(f"consumers.{index}", _flow(written), tried[group],
                              f"{c.name}'s recipients were named in each message "
                              f"({PER_MESSAGE_CHANNEL[c.runs_on or 'email']} instead of a topic "
                              "subscription)"))
    return flips


def _fan_out(w: Workload, g: Workload, model_of: Callable[[Workload], str], today: str
             ) -> Flip | None:
    """More consumers with nothing stated about them, or only the first one. `g` is `w` with
    its consumers grouped: the engine runs on it; the flips name `w`'s consumers."""
    count = w.consumer_total
    listed = len(w.consumers) if w.consumers_listed else 0
    names = _fresh_names(w, 5)
    for extra in range(1, 6):
        if w.consumers_listed:  # a few new ones, each by its own name, inheriting all
            consumers = (*g.consumers, *(
                Consumer(names[i], listed + i, None, w.batching, None, w.replay, True,
                         replay_by=w.replay_by, expires_after=w.expires_after)
                for i in range(extra)))
        else:  # one group of alike consumers: it grows
            consumers = (replace(g.consumers[0], count=count + extra),)
        model = model_of(replace(g, consumers=consumers))
        if model != today:
            if not w.consumers_listed:
                return Flip("consumers", str(count + extra), model,
                            f"the consumers grew to {count + extra}")
            said = f"{extra} more consumer{'s' if extra > 1 else ''} subscribed"
            if extra == 1:
                return Flip(f"consumers.{listed}", _flow({"name": names[0]}), model, said)
            added = [{"name": name} for name in names[:extra]]
            return Flip("consumers", _flow([*_entries(w), *added]), model, said)
    if count > 1:
        first = w.consumers[0]
        model = model_of(replace(g, consumers=(replace(first, count=1),)))
        if model != today:
            if not w.consumers_listed:
                return Flip("consumers", "1", model, "only one consumer consumed")
            entry = _entries(w)[0]
            written = {"name": first.name, **entry} if isinstance(entry, dict) else entry
            return Flip("consumers", _flow([written]), model,
                        f"only {first.name} consumed")
    return None


def _entries(w: Workload) -> list[object]:
    """The consumer entries as written, to be printed whole in a flip."""
    listed = w.written.get("consumers")
    return list(listed) if isinstance(listed, list) else []


def _fresh_names(w: Workload, how_many: int) -> list[str]:
    """`consumer-N` names, numbered on from the listed ones, that no consumer has yet."""
    taken = {c.name for c in w.consumers}
    names: list[str] = []
    number = len(w.consumers)
    while len(names) < how_many:
        number += 1
        if f"consumer-{number}" not in taken:
            names.append(f"consumer-{number}")
    return names


def _flow(value: object) -> str:
    """`value` as one line of YAML flow syntax: a whole consumer entry or list, pasted as
    printed, reads as the same values."""
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False,
                              width=math.inf)).strip()


def _capacity(g: Workload, model_of: Callable[[Workload], str], today: str,
              group: int) -> tuple[float, str, int] | None:
    """The nearest max_rate (model, direction) at which one consumer of group `group` of the
    grouped workload `g` changes the model; every consumer of the group has the same."""
    consumer = g.consumers[group]
    before, after = g.consumers[:group], g.consumers[group + 1:]
    rest = (replace(consumer, count=consumer.count - 1),) if consumer.count > 1 else ()

    def at(value: float) -> str | None:
        changed = replace(consumer, max_rate=value, count=1)
        model = model_of(replace(g, consumers=(*before, *rest, changed, *after)))
        return model if model != today else None

    start = consumer.max_rate or max((g.rate_peak or 1000.0) * 10, 1.0)
    return _numeric(start, 1e-4, 1e9, at)


def _capacity_flip(w: Workload, index: int, found: tuple[float, str, int] | None
                   ) -> Flip | None:
    if found is None:
        return None
    value, model, direction = found
    name = w.consumers[index].name
    said = (f"{name} could absorb only {units.format_rate(value)}"
            if direction < 0 else f"{name} could absorb {units.format_rate(value)}")
    entry = _entries(w)[index]
    written = {"name": name, **entry} if isinstance(entry, dict) else {"name": name}
    written["max_rate"] = units.workload_rate(value)
    return Flip(f"consumers.{index}", _flow(written), model, said)
