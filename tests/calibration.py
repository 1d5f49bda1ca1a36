"""Agreement with the calibration scenarios: the delivery model, and the broker services.

Run `python -m tests.calibration` for the table the closing notes quote; the tests in
test_scenarios.py hold the same figures to their floors.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from msgspec import Struct

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
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


# The other clouds' scenarios (tests/scenarios/<cloud>/), judged the same way: compute is
# the team's own code on every cloud, not a choice of broker.
CLOUD_COMPUTE: dict[str, frozenset[str]] = {
    "aws": COMPUTE, "azure": frozenset({"functions", "container-apps"}),
    "gcp": frozenset({"cloud-run", "cloud-run-functions"})}


def cloud_scenarios(cloud: str) -> list[Path]:
    folder = Path(__file__).resolve().parent / "scenarios"
    return SCENARIOS if cloud == "aws" else sorted((folder / cloud).glob("*.yaml"))


def cloud_outcomes(cloud: str) -> tuple[list[Outcome], Catalogue]:
    """Every scenario of `cloud`, decided with its provider, catalogue and rules."""
    from advisor.answers.ruleset import cloud_kits
    from advisor.providers import vocabularies

    kit = cloud_kits()(cloud)  # type: ignore[arg-type]
    compute = CLOUD_COMPUTE[cloud]
    found = []
    for path in cloud_scenarios(cloud):
        data = yaml.safe_load(path.read_text())
        expected = data.pop("expected")
        workload = parse_workloads(parse_yaml(yaml.safe_dump(data), path.name), path.name,
                                   vocabularies=vocabularies())[0]
        rec = advise(workload, kit.rules, kit.catalogue, provider=kit.provider)
        found.append(Outcome(
            path.stem, str(expected["model"]), rec.model,
            frozenset(expected["services"]) - compute,
            frozenset(rec.chosen.design.service_ids) - compute - {"s3"},
            str(expected["confidence"]), tuple(f.rule.id for f in rec.decision.all_firings)))
    return found, kit.catalogue


def report(cloud: str) -> None:
    found, catalogue = cloud_outcomes(cloud)
    agree = sum(o.agrees for o in found)
    facts = list(catalogue.facts.values())
    verified = sum(f.certain for f in facts)
    print(f"{catalogue.cloud_name}: model agreement {agree}/{len(found)} "
          f"({agree / len(found):.0%}); broker-service F1 {service_f1(found):.2f}; "
          f"verified facts {verified}/{len(facts)} ({verified / len(facts):.0%})")
    for o in found:
        extra, missing = sorted(o.services - o.expected_services), sorted(
            o.expected_services - o.services)
        if o.agrees and not extra and not missing:
            continue
        print(f"{'  ' if o.agrees else 'M '}{o.name}: expected {o.expected_model} "
              f"{sorted(o.expected_services)} ({o.confidence}), got {o.model}; extra {extra} "
              f"missing {missing}" + ("" if o.agrees else f"\n     fired: {', '.join(o.fired)}"))


def main() -> None:
    """`python -m tests.calibration [CLOUD...]`: each cloud's table (default: every one)."""
    import sys

    from advisor.providers import PROVIDERS

    for cloud in sys.argv[1:] or list(PROVIDERS):
        report(cloud)


if __name__ == "__main__":
    main()
