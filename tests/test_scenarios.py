"""Right answers: the engine against real scenarios from public sources.

Each scenario is a workload plus the `expected:` answer its source's architects
chose. The engine sees the workload without `expected:` (and reads structured
fields only, never titles or descriptions). Agreement must stay at or above 90%.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.catalogue import Catalogue
from advisor.report import Recommendation, advise
from advisor.rules import RuleSet
from tests.conftest import ROOT, workload_from

SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
REQUIRED_AGREEMENT = 0.90


def run(path: Path, rules: RuleSet, catalogue: Catalogue) -> tuple[dict[str, object],
                                                                   Recommendation]:
    data = yaml.safe_load(path.read_text())
    expected = data.pop("expected")
    return expected, advise(workload_from(yaml.safe_dump(data), path.name), rules, catalogue)


def test_model_agreement_is_at_least_90_percent(rules: RuleSet, catalogue: Catalogue) -> None:
    disagreements = []
    for path in SCENARIOS:
        expected, rec = run(path, rules, catalogue)
        if rec.model != expected["model"]:
            fired = ", ".join(f.rule.id for f in rec.decision.all_firings)
            disagreements.append(f"{path.stem}: expected {expected['model']} "
                                 f"({expected['confidence']} confidence), got {rec.model} "
                                 f"[{fired}]")
    agreement = 1 - len(disagreements) / len(SCENARIOS)
    print(f"\nscenario agreement: {agreement:.0%} ({len(SCENARIOS) - len(disagreements)}/"
          f"{len(SCENARIOS)})")
    for line in disagreements:
        print("  disagreement:", line)
    assert agreement >= REQUIRED_AGREEMENT, "\n".join(disagreements)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_titles_and_descriptions_do_not_change_the_answer(
        path: Path, rules: RuleSet, catalogue: Catalogue) -> None:
    data = yaml.safe_load(path.read_text())
    data.pop("expected")
    plain = advise(workload_from(yaml.safe_dump(data)), rules, catalogue)
    data["title"], data["description"] = "Something else", "Push poll hybrid kinesis sqs."
    renamed = advise(workload_from(yaml.safe_dump(data)), rules, catalogue)
    assert (plain.model, plain.decision.scores) == (renamed.model, renamed.decision.scores)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_chosen_design_is_feasible(path: Path, rules: RuleSet, catalogue: Catalogue) -> None:
    _, rec = run(path, rules, catalogue)
    assert rec.chosen.design.feasible
    assert rec.chosen.design.services
    assert {p.consumer for p in rec.chosen.design.paths} == {
        c.name for c in rec.workload.consumers}
