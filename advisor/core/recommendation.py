"""The Recommendation: everything one workload's ADR says, as records the renderers read."""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from advisor.core.catalogue import Catalogue, Fact
from advisor.core.decision import Decision, Flip, QuotaFlip
from advisor.core.designs import Design
from advisor.core.facts.registry import Facts
from advisor.core.numbers import Cost, PathDelay, Sizing
from advisor.core.phrasing import listed
from advisor.core.titles import decision_title
from advisor.format.workload import Waiver, Workload


class Driver(Struct, frozen=True):
    """One input that drove the decision, as the ADR lists it."""

    label: str
    value: str
    rules: tuple[str, ...] = ()  # the rules behind it, strongest first: what `because` cites


class Option(Struct, frozen=True):
    """One considered option (push, poll or hybrid): its design, score, trade-offs, sizing
    and cost."""

    model: str
    title: str
    design: Design
    score: float
    good: tuple[str, ...]
    bad: tuple[str, ...]
    ruled_out_by: tuple[str, ...]
    sizing: Sizing
    cost: Cost | None


class Recommendation(Struct, frozen=True):
    """Everything one workload's ADR says: the decision, the options and the numbers."""

    workload: Workload
    facts: Facts
    decision: Decision
    options: tuple[Option, ...]  # push, poll, hybrid
    drivers: tuple[Driver, ...]
    sources: tuple[Fact, ...]  # catalogue facts cited by the fired rules and the design
    urls: tuple[str, ...]  # sources cited by URL only
    warnings: tuple[str, ...]
    fingerprint: str
    rules_version: str
    catalogue: Catalogue
    flips: tuple[Flip, ...]
    waivers: tuple[Waiver, ...] = ()  # applied: the rules they name were not evaluated
    quota_flips: tuple[QuotaFlip, ...] = ()  # quotas whose raising would change the model
    delays: tuple[PathDelay, ...] = ()  # the chosen design's added delay per path
    inputs: tuple[Driver, ...] = ()  # the workload as stated, for the context

    @property
    def title(self) -> str:
        """The decision in one line: the model, then the services and the consumers."""
        return decision_title(self.chosen.design, self.catalogue)

    @property
    def model(self) -> str:
        return self.decision.model

    @property
    def chosen(self) -> Option:
        return next(o for o in self.options if o.model == self.decision.model)

    @property
    def because(self) -> str:
        """The top reasons for the chosen model, as one clause: the first decision drivers,
        so that the outcome and the drivers rank the rules the same way."""
        titles = {f.rule.id: f.rule.title for f in self.decision.all_firings}
        # Quoted: some titles are advice ("Keep the existing router ..."), not a clause.
        reasons = [f'{listed(list(d.rules))} ("{titles[d.rules[0]]}")'
                   for d in self.drivers if d.rules and d.rules[0] in titles][:3]
        if not reasons:
            return "no rule preferred another option, and it has the fewest moving parts"
        joined = reasons[0] if len(reasons) == 1 else (
            "; ".join(reasons[:-1]) + "; and " + reasons[-1])
        return f"it follows {joined}"

    @property
    def prices(self) -> tuple[Fact, ...]:
        """The catalogue prices behind the costs shown, each once: the chosen option's
        first, then those only the other options use."""
        ordered = sorted(self.options, key=lambda o: o.model != self.model)
        ids = dict.fromkeys(line.fact for o in ordered if o.cost for line in o.cost.lines)
        return tuple(self.catalogue.fact(i) for i in ids)

    @property
    def knowledge_as_of(self) -> dt.date:
        """The oldest as-of date among the facts the chosen design depends on: those it
        cites and the prices of its cost. The newest fact would overstate how current the
        answer is."""
        cost = self.chosen.cost
        priced = [self.catalogue.fact(line.fact) for line in (cost.lines if cost else ())]
        dates = [f.as_of for f in (*self.sources, *priced)]
        return min(dates) if dates else self.catalogue.as_of
