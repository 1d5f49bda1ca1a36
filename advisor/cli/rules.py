"""`advisor rules list | explain | test`: read, explain and test rule packs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.ruleset import builtin_rules
from advisor.core.rules import RuleSet
from advisor.core.rules.rule import Rule
from advisor.core.ruletest import coverage_gaps, example_workload, run_examples
from advisor.errors import InputError
from advisor.format.schema import suggest
from advisor.providers import PROVIDERS, provider
from advisor.visible import visible

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


def _effect(rule: Rule) -> str:
    parts = [f"{model} {weight:+g}" for model, weight in rule.effect.items()]
    parts += [f"rules out {model}" for model in rule.rules_out]
    return ", ".join(parts)


def _ruleset(packs: tuple[Path, ...], cloud: Cloud = "aws") -> RuleSet:
    chosen = provider(cloud)
    return builtin_rules(chosen.catalogue(), packs, chosen.vocabulary)


def _kind(rule: Rule) -> str:
    """What kind of say a rule has in the decision, and how much: "limit poll +3; rules
    out push"."""
    weights = ", ".join(f"{model} {weight:+g}" for model, weight in rule.effect.items())
    text = f"{'limit' if rule.limit else 'weight'} {weights}".strip()
    return text + (f"; rules out {', '.join(rule.rules_out)}" if rule.rules_out else "")


def list_rules(packs: tuple[Path, ...], cloud: Cloud = "aws") -> int:
    from advisor.cli.screen import width
    from advisor.render.wrap import hang

    rules = _ruleset(packs, cloud)
    columns = width()
    lines: list[str] = []
    for rule in rules.rules:
        # visible(): a pack's text is shown as it is written, never run as escape codes
        links = sum(1 for s in rule.sources if "://" in s)
        facts = [s for s in rule.sources if "://" not in s]
        sources = ", ".join(facts + ([f"{links} link{'s' if links != 1 else ''}"] if links
                                     else []))
        only = f"; {', '.join(rule.clouds)} only" if rule.clouds else ""
        lines += hang(visible(f"{rule.id}  {rule.title} ({rule.scope}{only})", True), columns,
                      len(rule.id) + 2)
        lines += hang(visible(f"{' ' * (len(rule.id) + 2)}{_kind(rule)}; "
                              f"sources: {sources}", True), columns, len(rule.id) + 4)
    lines.append("")
    lines += hang(f"{len(rules.rules)} rules (digest {rules.version}). A limit is a hard "
                  "fact (a quota, a capacity, reachability) that also settles a tie; a weight "
                  "is a preference; rules out removes an option whatever the scores. `advisor "
                  "rules explain ID` gives a rule's condition, rationale and links.", columns,
                  0)
    print("\n".join(lines))
    return 0


def explain_rule(rule_id: str, packs: tuple[Path, ...], cloud: Cloud = "aws") -> int:
    rules = _ruleset(packs, cloud)
    found = {r.id: r for r in rules.rules}
    rule = found.get(rule_id.upper())
    if rule is None:
        raise InputError(rule_id, 0, 0, f"no rule {rule_id!r}",
                         f"{suggest(rule_id.upper(), list(found))}list them with "
                         "`advisor rules list`")
    catalogue = provider(cloud).catalogue()
    lines = [f"{rule.id}: {rule.title}", f"  defined at {rule.path}:{rule.line}"
             + (f" (replaces {rule.replaces})" if rule.replaces else ""),
             f"  scope: {rule.scope} (judged for "
             f"{'each consumer' if rule.scope == 'consumer' else 'the whole flow'})",
             f"  fires when: {rule.when.words()}"]
    if rule.parameters:
        lines.append("  thresholds and cited figures (resolved at load):")
    for p in rule.parameters:
        origin = p.fact or p.source
        fact = catalogue.facts.get(origin)
        cited = (f"{fact.id}, {fact.title} ({fact.source}, as of {fact.as_of.isoformat()}, "
                 f"{fact.status})" if fact is not None else origin)
        lines.append(f"    - {p.name} = {p.shown}, " + (
            f"catalogue fact: {cited}" if p.name == p.fact
            else f"from catalogue fact {cited}. Why: {p.why}" if p.fact
            else f"a judgement. Why: {p.why} Source: {cited}"))
    lines += [f"  effect: {_effect(rule)}",
              f"  rationale: {rule.rationale}", "  sources:"]
    for source in rule.sources:
        if source in catalogue.facts:
            fact = catalogue.fact(source)
            lines.append(f"    - {source}: {fact.title} ({fact.source}, as of "
                         f"{fact.as_of.isoformat()}, {fact.status})")
        else:
            lines.append(f"    - {source}")
    for wanted, label in ((True, "Fires for"), (False, "Does not fire for")):
        examples = [e for e in rule.examples if e.fires is wanted]
        for example in examples:
            note = f" ({example.note})" if example.note else ""
            lines.append(f"  {label}{note}:")
            lines.extend("    " + line for line in example_workload(example).splitlines())
    if not rule.examples:
        lines.append("  (no examples)")
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    print(wrap_block(visible("\n".join(lines)), width()))
    return 0


def test_rules(packs: tuple[Path, ...], only_packs: bool, cloud: Cloud | None = None) -> int:
    """Every example on the cloud it is for, each cloud's rules (or `cloud`'s alone)."""
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    outcomes = []
    gaps_found: dict[str, None] = {}
    for each in (cloud,) if cloud else tuple(PROVIDERS):
        rules = _ruleset(packs, each)
        outcomes += run_examples(rules, provider(each).vocabulary, provider(each).facts, each)
        gaps_found.update(dict.fromkeys(coverage_gaps(rules)))
    if only_packs:
        wanted = {str(p) for p in packs}
        outcomes = [o for o in outcomes if str(Path(o.rule.path).parent) in wanted]
    failures = [o for o in outcomes if not o.passed]
    for outcome in failures:
        expected = "fire" if outcome.example.fires else "not fire"
        happened = ("the workload is invalid" if outcome.fired is None
                    else "it fired" if outcome.fired else "it did not fire")
        print(wrap_block(visible(f"{outcome.rule.path}:{outcome.example.line}: "
                                 f"{outcome.rule.id} should {expected}, but {happened}\n"
                                 f"  facts: {outcome.detail}"), width(sys.stderr)),
              file=sys.stderr)
    gaps = [g for g in gaps_found
            if not only_packs or any(g.startswith(str(p)) for p in packs)]
    for gap in gaps:
        print(wrap_block(visible(gap), width(sys.stderr)), file=sys.stderr)
    passed = len(outcomes) - len(failures)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures or gaps else 0
