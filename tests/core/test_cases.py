"""Rule cases as data: each file names a workload, the rules that must (and must not)
fire for it, and the model it must get."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.providers.aws.provider import AWS
from tests.conftest import ROOT, workload_from

CASES = sorted((ROOT / "tests" / "cases").glob("*.yaml"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_rule_case(case: Path, rules: RuleSet, catalogue: Catalogue) -> None:
    spec = yaml.safe_load(case.read_text())
    rec = advise(workload_from(yaml.safe_dump(spec["workload"])), rules, catalogue, provider=AWS)
    fired = {f.rule.id for f in rec.decision.all_firings}
    assert set(spec["fires"]) <= fired
    assert not set(spec.get("does_not_fire", [])) & fired
    assert rec.model == spec["model"]
