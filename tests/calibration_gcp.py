"""Agreement with the Google Cloud calibration scenarios (tests/scenarios/gcp/): the
delivery model, and the services, judged as tests/calibration.py judges AWS's.

Run `python -m tests.calibration_gcp` for the table the closing notes quote; the tests in
tests/providers/gcp/test_gcp_calibration.py hold the same figures to their floors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet, builtin_pack, load_rules
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.gcp.provider import GCP
from tests.calibration import Outcome, service_f1

SCENARIOS = sorted((Path(__file__).resolve().parent / "scenarios" / "gcp").glob("*.yaml"))
VOCABULARIES = {"aws": AWS.vocabulary, "gcp": GCP.vocabulary}


def gcp_rules(catalogue: Catalogue) -> RuleSet:
    return load_rules([builtin_pack(GCP.vocabulary)], catalogue.facts.__contains__,
                      catalogue.facts, GCP.vocabulary)


def gcp_workload(text: str, path: str = "w.yaml") -> Workload:
    return parse_workloads(parse_yaml(text, path), path, vocabularies=VOCABULARIES)[0]


def run(path: Path, rules: RuleSet, catalogue: Catalogue) -> tuple[dict[str, object],
                                                                   Recommendation]:
    data = yaml.safe_load(path.read_text())
    expected = data.pop("expected")
    return expected, advise(gcp_workload(yaml.safe_dump(data), path.name), rules, catalogue,
                            provider=GCP)


def outcome(path: Path, rules: RuleSet, catalogue: Catalogue) -> Outcome:
    expected, rec = run(path, rules, catalogue)
    return Outcome(path.stem, str(expected["model"]), rec.model,
                   frozenset(expected["services"]),  # type: ignore[arg-type]
                   frozenset(rec.chosen.design.service_ids), str(expected["confidence"]),
                   tuple(f.rule.id for f in rec.decision.all_firings))


def outcomes(rules: RuleSet, catalogue: Catalogue) -> list[Outcome]:
    return [outcome(p, rules, catalogue) for p in SCENARIOS]


def main() -> None:
    catalogue = GCP.catalogue()
    found = outcomes(gcp_rules(catalogue), catalogue)
    agree = sum(o.agrees for o in found)
    print(f"model agreement: {agree}/{len(found)} ({agree / len(found):.0%})")
    print(f"service F1: {service_f1(found):.2f}")
    facts = list(catalogue.facts.values())
    verified = sum(f.certain for f in facts)
    print(f"verified facts: {verified}/{len(facts)} ({verified / len(facts):.0%})")
    for o in found:
        extra = sorted(o.services - o.expected_services)
        missing = sorted(o.expected_services - o.services)
        print(f"{'  ' if o.agrees else 'M '}{o.name}: expected {o.expected_model} "
              f"{sorted(o.expected_services)}, got {o.model} {sorted(o.services)}; "
              f"extra {extra} missing {missing}; fired {', '.join(o.fired)}")


if __name__ == "__main__":
    main()
