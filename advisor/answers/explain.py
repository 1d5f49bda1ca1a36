"""The trace `advisor explain` prints: the whole reasoning behind a recommendation, for a
doubting reviewer (every fact, every rule and why it fired or not, scores, services, routes,
what would change it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.reading import read_all
from advisor.answers.ruleset import cloud_kits
from advisor.core.facts import CONSUMER_FACTS, FLOW_FACTS, describe
from advisor.core.facts.registry import FactValue
from advisor.core.phrasing import scores_text
from advisor.core.recommend import advise
from advisor.core.rules import Condition, condition_facts
from advisor.core.rules.rule import Rule
from advisor.visible import visible

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


def _values(condition: Condition, facts: Mapping[str, FactValue]) -> str:
    names = dict.fromkeys(condition_facts(condition))
    return ", ".join(f"{n} = {describe(n, facts.get(n))}" for n in names)


def _line(rule: Rule, facts: Mapping[str, FactValue], fired: bool,
          waived: frozenset[str] = frozenset()) -> str:
    if rule.id in waived:
        return f"  ~ {rule.id} waived by the workload's decision.waivers: not applied"
    if fired:
        effect = ", ".join([f"{m} {w:+g}" for m, w in rule.effect.items()]
                           + [f"rules out {m}" for m in rule.rules_out])
        return f"  + {rule.id} fired ({effect}): {rule.explain(facts)}"
    return (f"  - {rule.id} did not fire: needs {rule.when.words()}; here "
            f"{_values(rule.when, facts)}")


def explain_trace(paths: list[Path], packs: tuple[Path, ...], given: bytes | None = None,
                  cloud: Cloud | None = None) -> str:
    """The trace of every workload of `paths` (`given`: the YAML `-` stands for), each on
    the cloud it names or on `cloud`, unwrapped and safe to print."""
    kits = cloud_kits(packs)
    out: list[str] = []
    for shown, workload in read_all(paths, given, cloud):
        kit = kits(workload.cloud)
        rules = kit.rules
        rec = advise(workload, rules, kit.catalogue, provider=kit.provider)
        d = rec.decision
        waived = frozenset(w.rule for w in rec.waivers)
        out.append(f"# {workload.name} ({shown})\n")
        out.append("Facts of the flow:")
        out.extend(f"  {name} = {describe(name, d.facts.get(name))}" for name in FLOW_FACTS)
        for verdict, own in zip(d.consumers, rec.facts.consumers, strict=False):
            merged = {**d.facts, **own}
            out.append(f"\nConsumer {verdict.name}:")
            out.extend(f"  {name} = {describe(name, own.get(name))}" for name in CONSUMER_FACTS)
            fired = {f.rule.id for f in verdict.firings}
            out.extend(_line(rule, merged, rule.id in fired, waived)
                       for rule in rules.scoped("consumer"))
            ruled = f"; rules out {', '.join(verdict.ruled_out)}" if verdict.ruled_out else ""
            out.append(f"  => scores push {verdict.scores['push']:g}, poll "
                       f"{verdict.scores['poll']:g}{ruled}: leans {verdict.lean}")
        out.append("\nFlow rules:")
        fired = {f.rule.id for f in d.firings}
        out.extend(_line(rule, d.facts, rule.id in fired, waived)
                   for rule in rules.scoped("flow"))
        constraints = "; ".join(f"{m} ruled out by {', '.join(ids)}"
                                for m, ids in d.ruled_out.items() if ids) or "none"
        out.append(f"\nScores: {scores_text(d.scores)}. Constraints: {constraints}.")
        out.append(f"Decision: {d.model} ({d.decided_by}; margin {d.margin:g}).")
        out.append("\nServices of the chosen design:")
        out.extend(f"  {s.id}: {s.role}. {s.why} [{', '.join(s.facts)}]"
                   for s in rec.chosen.design.services)
        out.append("\nRoutes:")
        out.extend(f"  {p.consumer} ({p.delivery}): {' -> '.join(p.hops) or 'direct'}"
                   for p in rec.chosen.design.paths)
        out.append("\nWhat would change it:")
        out.extend(f"  {f.model} if {f.text} ({f.driver}: {f.value})" for f in rec.flips)
        if not rec.flips:
            out.append("  no single change to one driver (within x1,000 of today's values)")
        out.append("")
    return visible("\n".join(out))
