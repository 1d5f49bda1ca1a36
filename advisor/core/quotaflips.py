"""Limits that rest on an adjustable quota of the cloud, and what raising it would change.

A flip in flips/ is a change to the workload file. A quota is not in the file: it is the
account's, raised through Service Quotas. When a fired limit rule compares a fact with a
catalogue quota that it names as its threshold (`{catalogue: id}`, directly or through a
parameter), the answer without that limit (the rule waived, as if the quota were raised past
the fact's value) says whether raising the quota would change the decision, and by how much
it must be raised.
"""

from __future__ import annotations

from collections.abc import Mapping

from advisor.core.catalogue import Catalogue
from advisor.core.decision import Decision, QuotaFlip
from advisor.core.engine import evaluate
from advisor.core.facts.registry import Facts, FactValue
from advisor.core.rules import Combine, Compare, Condition, RuleSet

RAISING = ("above", "at_least")  # comparisons a bigger quota would stop satisfying


def quota_flips(facts: Facts, decision: Decision, rules: RuleSet, catalogue: Catalogue,
                region: str, waived: frozenset[str] = frozenset()) -> tuple[QuotaFlip, ...]:
    found: dict[str, QuotaFlip] = {}
    # One limit rule fires once per consumer it holds for; the answer without it is the same
    # whichever firing asks, so the engine runs once per rule, not once per consumer.
    asked: set[str] = set()
    for firing in decision.all_firings:
        rule = firing.rule
        if not rule.limit or rule.id in asked:
            continue
        quotas = {p.name: p.fact for p in rule.parameters
                  if p.fact in catalogue.facts and catalogue.fact(p.fact).kind == "quota"}
        quota, needed = next(((q, n) for ref, q in quotas.items()
                              if (n := _needed(rule.when, firing.facts, ref)) is not None),
                             (None, None))
        if quota is None or needed is None:
            continue
        asked.add(rule.id)
        model = evaluate(facts, rules, waived | {rule.id}).model
        if model == decision.model:
            continue
        fact = catalogue.fact(quota)
        current = fact.in_region(region) or 0.0
        found[rule.id] = QuotaFlip(
            rule.id, quota, region, current, needed, model,
            f"the {fact.title[0].lower()}{fact.title[1:]} quota in {region} were raised from "
            f"{current:,.0f} to at least {needed:,.0f} (a request in Service Quotas, not a "
            f"change to the workload; {rule.id} would no longer hold)")
    return tuple(found.values())


def _needed(condition: Condition, facts: Mapping[str, FactValue], ref: str) -> float | None:
    """The value of the fact a limit compares with the quota (the threshold the rule reads
    from it, `ref`): only such a comparison is lifted by raising the quota (a count of
    consumers is not)."""
    if isinstance(condition, Compare):
        value = facts.get(condition.fact)
        if condition.op in RAISING and isinstance(value, int | float) and condition.ref == ref:
            return float(value)
        return None
    if isinstance(condition, Combine) and condition.op == "all":
        for item in condition.items:
            needed = _needed(item, facts, ref)
            if needed is not None:
                return needed
    return None
