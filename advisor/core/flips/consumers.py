"""The flips of the consumers: more or fewer of them, a people's channel whose recipients
each message names, and the capacity (max_rate) at which one consumer changes the answer."""

from __future__ import annotations

from collections.abc import Callable

from msgspec.structs import replace

from advisor.core.decision import Flip
from advisor.core.designs import PEOPLE  # channels whose recipients a message may name
from advisor.core.flips.search import nearest_flip
from advisor.core.flips.written import flow, fresh_names, written_entries
from advisor.format import units
from advisor.format.workload import Consumer, Workload

# What the flip says of a channel whose cloud names no route for it.
UNNAMED_ROUTE = "sent to each recipient"


def search_fan_out(w: Workload, g: Workload, model_of: Callable[[Workload], str], today: str
             ) -> Flip | None:
    """More consumers with nothing stated about them, or only the first one. `g` is `w` with
    its consumers grouped: the engine runs on it; the flips name `w`'s consumers."""
    count = w.consumer_total
    listed = len(w.consumers) if w.consumers_listed else 0
    names = fresh_names(w, 5)
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
                return Flip(f"consumers.{listed}", flow({"name": names[0]}), model, said)
            added = [{"name": name} for name in names[:extra]]
            return Flip("consumers", flow([*written_entries(w), *added]), model, said)
    if count > 1:
        first = w.consumers[0]
        model = model_of(replace(g, consumers=(replace(first, count=1),)))
        if model != today:
            if not w.consumers_listed:
                return Flip("consumers", "1", model, "only one consumer consumed")
            entry = written_entries(w)[0]
            written = {"name": first.name, **entry} if isinstance(entry, dict) else entry
            return Flip("consumers", flow([written]), model,
                        f"only {first.name} consumed")
    return None


def search_recipients(w: Workload, g: Workload, group_of: list[int],
                      model_of: Callable[[Workload], str], today: str,
                      routes: tuple[tuple[str, str], ...]) -> list[Flip]:
    """Each people's channel (email, SMS, mobile push) not yet addressed per message: what
    naming the recipient in each message would change. Topic subscriptions serve only fixed
    recipients, so this is the assumption an ADR must show it rests on. `routes` are the
    cloud's words for how each channel reaches a recipient a message names."""
    route = dict(routes)
    flips: list[Flip] = []
    tried: dict[int, str] = {}
    entries = written_entries(w)
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
            flips.append(Flip(f"consumers.{index}", flow(written), tried[group],
                              f"{c.name}'s recipients were named in each message "
                              f"({route.get(c.runs_on or 'email', UNNAMED_ROUTE)} instead "
                              "of a topic subscription)"))
    return flips


def search_capacity(g: Workload, model_of: Callable[[Workload], str], today: str,
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
    return nearest_flip(start, 1e-4, 1e9, at)


def capacity_flip(w: Workload, index: int, found: tuple[float, str, int] | None
                   ) -> Flip | None:
    if found is None:
        return None
    value, model, direction = found
    name = w.consumers[index].name
    said = (f"{name} could absorb only {units.format_rate(value)}"
            if direction < 0 else f"{name} could absorb {units.format_rate(value)}")
    entry = written_entries(w)[index]
    written = {"name": name, **entry} if isinstance(entry, dict) else {"name": name}
    written["max_rate"] = units.workload_rate(value)
    return Flip(f"consumers.{index}", flow(written), model, said)
