"""Rule tests as data: run every rule's examples and say which did not behave.

An example is a workload fragment (version and name are filled in) and whether the
rule must fire for it. A consumer rule fires for a workload when it fires for any of
its consumers. Examples run against the whole rule set, so flow rules see the
consumers' leanings exactly as in a real recommendation.
"""

from __future__ import annotations

from msgspec import Struct

from advisor.core.engine import evaluate
from advisor.core.facts import CloudFacts, derive
from advisor.core.rules import Example, RuleSet, condition_facts
from advisor.core.rules.rule import Rule
from advisor.errors import InputError, InputErrors
from advisor.format.vocabulary import Vocabularies
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml, safe_dump


class Outcome(Struct, frozen=True):
    """Whether one example of a rule fired as it says it must."""

    rule: Rule
    example: Example
    fired: bool | None  # None: the example's workload is invalid
    detail: str  # why it failed, in words

    @property
    def passed(self) -> bool:
        return self.fired is self.example.fires


def example_workload(example: Example, cloud: str = "aws") -> str:
    data = {"version": 1, "name": "example", **example.workload}
    if cloud != "aws":
        data.setdefault("cloud", cloud)
    return safe_dump(data, sort_keys=False)


def fires(rule: Rule, example: Example, rules: RuleSet, vocabularies: Vocabularies,
          cloud: CloudFacts) -> tuple[bool | None, str]:
    """Whether `rule` fires for the example, and the facts its condition reads."""
    label = f"{rule.path}:{example.line}"
    try:
        text = example_workload(example, example_cloud(rule, example))
        workload = parse_workloads(parse_yaml(text, label), label,
                                   vocabularies=vocabularies)[0]
    except (InputError, InputErrors) as exc:
        return None, f"the example's workload is invalid: {exc}"
    facts = derive(workload, cloud)
    decision = evaluate(facts, rules)
    fired = any(f.rule.id == rule.id for f in decision.all_firings)
    names = sorted(set(condition_facts(rule.when)))
    if rule.scope == "consumer":
        seen = []
        for consumer in facts.consumers:
            merged = {**decision.facts, **consumer}
            seen.append(", ".join(f"{n}={merged.get(n)!r}" for n in names))
        return fired, "; ".join(f"[{s}]" for s in seen)
    return fired, ", ".join(f"{n}={decision.facts.get(n)!r}" for n in names)


def example_cloud(rule: Rule, example: Example) -> str:
    """The cloud an example is for: the one its workload names, else the rule's only
    cloud, else aws (the neutral rules' examples are written in AWS's words)."""
    named = example.workload.get("cloud")
    if isinstance(named, str):
        return named
    return rule.clouds[0] if len(rule.clouds) == 1 else "aws"


def run_examples(rules: RuleSet, vocabularies: Vocabularies, cloud: CloudFacts,
                 cloud_id: str = "aws") -> list[Outcome]:
    """The outcome of each example for the cloud `cloud_id` of every rule of `rules` (that
    cloud's pack)."""
    outcomes = []
    for rule in rules.rules:
        for example in rule.examples:
            if example_cloud(rule, example) != cloud_id:
                continue
            fired, detail = fires(rule, example, rules, vocabularies, cloud)
            outcomes.append(Outcome(rule, example, fired, detail))
    return outcomes


def coverage_gaps(rules: RuleSet) -> list[str]:
    """Rules lacking a firing or a non-firing example."""
    gaps = []
    for rule in rules.rules:
        kinds = {e.fires for e in rule.examples}
        missing = [word for flag, word in ((True, "firing"), (False, "non-firing"))
                   if flag not in kinds]
        if missing:
            gaps.append(f"{rule.path}:{rule.line}: {rule.id} has no {' or '.join(missing)} "
                        "example")
    return gaps
