"""What would change the decision: for each driver, the value nearest to today's at
which the recommended model changes, found by re-running the engine, never by hand.

Numbers are searched on a geometric grid outward from today's value, then narrowed
by bisection and rounded to two significant figures (flips/search.py); every reported value
is checked by one more run of the engine. A value the file does not state (a latency target)
is searched down from the top of its range to the threshold that decides.

Every flip holds as printed (flips/written.py): pasted into the file, it gives the model it
names. So a consumer's flip is its whole entry, a list's flip the whole list, and a peak below
the written average is printed as `throughput` with both rates.

This module runs the searches (flips/inputs.py, flips/consumers.py) on the workload with its
consumers grouped by shape, and keeps a change only where its design can be built.
"""

from __future__ import annotations

from msgspec.structs import replace

from advisor.core.buildable import buildable
from advisor.core.catalogue import Catalogue
from advisor.core.decision import MODELS, Flip, Model
from advisor.core.engine import EvaluationCache, evaluate
from advisor.core.engine import model_of as engine_model
from advisor.core.facts import CloudFacts, derive
from advisor.core.flips.consumers import (
    capacity_flip,
    search_capacity,
    search_fan_out,
    search_recipients,
)
from advisor.core.flips.inputs import (
    search_batching,
    search_choice,
    search_expiry,
    search_latency,
    search_peak,
    search_replay,
)
from advisor.core.flips.written import inherited
from advisor.core.provider import Provider
from advisor.core.rules import RuleSet, condition_facts
from advisor.format.workload import Consumer, Workload

# One capacity search runs the engine about 30 times, and one run costs a step per consumer
# shape. Shapes are searched in file order while the product stays within this budget (about
# a second): every shape of any real flow, and 33 of a hostile thousand distinct ones.
CAPACITY_BUDGET = 1_000_000
RUNS_PER_SEARCH = 30


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
    flips.append(search_peak(g, model_of, today))
    flips.append(search_latency(g, model_of, today))
    for field_, choices in (("ordering", ("none", "per-key", "global")),
                            ("kind", ("event", "command")),
                            ("duplicates", ("tolerated", "must-deduplicate"))):
        flips.append(search_choice(g, model_of, today, field_, choices))
    flips.append(search_batching(g, model_of, today, [b for b, _ in inherits]))
    flips.append(search_replay(g, model_of, today, [r for _, r in inherits]))
    flips.append(search_expiry(g, model_of, today))
    flips.append(search_fan_out(w, g, model_of, today))
    if w.consumers_listed:
        shapes = len(g.consumers)
        searched = max(1, CAPACITY_BUDGET // (RUNS_PER_SEARCH * shapes))
        found = [search_capacity(g, model_of, today, at) if at < searched else None
                 for at in range(shapes)]
        flips.extend(capacity_flip(w, index, found[group_of[index]])
                     for index in range(len(w.consumers)))
    flips.extend(search_recipients(w, g, group_of, model_of, today, cloud.per_message_routes))
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
    for c, batching, replay in zip(w.consumers, inherited(w, "batching"), inherited(w, "replay"),
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
