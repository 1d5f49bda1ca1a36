"""Agreement with the calibration scenarios: the delivery model, and the broker services.

Run `python -m tests.calibration` for the table the closing notes quote; the tests in
test_scenarios.py hold the same figures to their floors.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from msgspec import Struct

from advisor.answers.ruleset import builtin_rules
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY

SCENARIOS = sorted((Path(__file__).resolve().parent / "scenarios").glob("*.yaml"))
# Compute is the team's own code, not a choice of broker.
COMPUTE = frozenset({"lambda", "lambda-esm"})


class Outcome(Struct, frozen=True):
    """One scenario: what its source's architects chose and what advisor chose."""

    name: str
    expected_model: str
    model: str
    expected_services: frozenset[str]
    services: frozenset[str]
    confidence: str
    fired: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return self.model == self.expected_model

    @property
    def true_positives(self) -> int:
        return len(self.expected_services & self.services)


def run(path: Path, rules: RuleSet, catalogue: Catalogue) -> tuple[dict[str, object],
                                                                   Recommendation]:
    """The scenario's `expected:` block, and advisor's answer to the rest of the file."""
    data = yaml.safe_load(path.read_text())
    expected = data.pop("expected")
    workload = parse_workloads(parse_yaml(yaml.safe_dump(data), path.name), path.name,
                               vocabularies=VOCABULARY)[0]
    return expected, advise(workload, rules, catalogue, provider=AWS)


def outcome(path: Path, rules: RuleSet, catalogue: Catalogue) -> Outcome:
    expected, rec = run(path, rules, catalogue)
    return Outcome(
        path.stem, str(expected["model"]), rec.model,
        frozenset(expected["services"]) - COMPUTE,  # type: ignore[arg-type]
        frozenset(rec.chosen.design.service_ids) - COMPUTE - {"s3"},
        str(expected["confidence"]), tuple(f.rule.id for f in rec.decision.all_firings))


def service_f1(outcomes: list[Outcome]) -> float:
    """Micro-averaged F1 over the broker service ids of every scenario."""
    tp = sum(o.true_positives for o in outcomes)
    chosen = sum(len(o.services) for o in outcomes)
    expected = sum(len(o.expected_services) for o in outcomes)
    if not chosen or not expected:
        return 0.0
    precision, recall = tp / chosen, tp / expected
    return 2 * precision * recall / (precision + recall) if tp else 0.0


def outcomes(rules: RuleSet, catalogue: Catalogue) -> list[Outcome]:
    return [outcome(p, rules, catalogue) for p in SCENARIOS]


def main() -> None:
    catalogue = load_catalogue()
    found = outcomes(builtin_rules(catalogue), catalogue)
    agree = sum(o.agrees for o in found)
    print(f"model agreement: {agree}/{len(found)} ({agree / len(found):.0%})")
    print(f"broker-service F1: {service_f1(found):.2f}")
    for o in found:
        mark = "  " if o.agrees else "M "
        extra, missing = sorted(o.services - o.expected_services), sorted(
            o.expected_services - o.services)
        if o.agrees and not extra and not missing:
            continue
        print(f"{mark}{o.name}: expected {o.expected_model} {sorted(o.expected_services)} "
              f"({o.confidence}), got {o.model}; extra {extra} missing {missing}")
        if not o.agrees:
            print(f"     fired: {', '.join(o.fired)}")


if __name__ == "__main__":
    main()
