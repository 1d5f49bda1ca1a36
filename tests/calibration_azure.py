"""Agreement with the Azure calibration scenarios: the delivery model, and the broker services.

Run `python -m tests.calibration_azure` for the table the closing notes quote;
tests/providers/azure/test_azure_calibration.py holds the same figures to their floors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from advisor.answers.ruleset import builtin_rules
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.azure.provider import AZURE
from tests.calibration import Outcome, service_f1

SCENARIOS = sorted((Path(__file__).resolve().parent / "scenarios" / "azure").glob("*.yaml"))
# Compute is the team's own code, not a choice of broker.
COMPUTE = frozenset({"functions", "container-apps"})
VOCABULARIES = {"aws": AWS.vocabulary, "azure": AZURE.vocabulary}


def rules_and_catalogue() -> tuple[RuleSet, Catalogue]:
    catalogue = AZURE.catalogue()
    return builtin_rules(catalogue, vocabulary=AZURE.vocabulary), catalogue


def run(path: Path, rules: RuleSet, catalogue: Catalogue) -> tuple[dict[str, object],
                                                                   Recommendation]:
    """The scenario's `expected:` block, and advisor's answer to the rest of the file."""
    data = yaml.safe_load(path.read_text())
    expected = data.pop("expected")
    workload = parse_workloads(parse_yaml(yaml.safe_dump(data), path.name), path.name,
                               vocabularies=VOCABULARIES)[0]
    return expected, advise(workload, rules, catalogue, provider=AZURE)


def outcome(path: Path, rules: RuleSet, catalogue: Catalogue) -> Outcome:
    expected, rec = run(path, rules, catalogue)
    return Outcome(
        path.stem, str(expected["model"]), rec.model,
        frozenset(expected["services"]) - COMPUTE,  # type: ignore[arg-type]
        frozenset(rec.chosen.design.service_ids) - COMPUTE,
        str(expected["confidence"]), tuple(f.rule.id for f in rec.decision.all_firings))


def outcomes() -> list[Outcome]:
    rules, catalogue = rules_and_catalogue()
    return [outcome(p, rules, catalogue) for p in SCENARIOS]


def main() -> None:
    found = outcomes()
    agree = sum(o.agrees for o in found)
    print(f"model agreement: {agree}/{len(found)} ({agree / len(found):.0%})")
    print(f"broker-service F1: {service_f1(found):.2f}")
    for o in found:
        extra = sorted(o.services - o.expected_services)
        missing = sorted(o.expected_services - o.services)
        print(f"{'  ' if o.agrees else 'M '}{o.name}: expected {o.expected_model} "
              f"{sorted(o.expected_services)}, got {o.model} {sorted(o.services)}; extra "
              f"{extra} missing {missing}; fired {', '.join(o.fired)}")


if __name__ == "__main__":
    main()
