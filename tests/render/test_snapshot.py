"""Golden ADRs: whole documents, compared byte for byte.

Regenerate after an intended change with UPDATE_SNAPSHOTS=1 python -m pytest
tests/render/test_snapshot.py, then read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.format.workload import load_workloads
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from advisor.render.markdown import AdrMeta, render_adr
from tests.conftest import ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"
CASES = ["order-placed", "payment-commands", "password-reset"]


@pytest.mark.parametrize("name", CASES)
def test_adr_matches_snapshot(name: str, rules: RuleSet, catalogue: Catalogue) -> None:
    workload = load_workloads(ROOT / "examples" / f"{name}.yaml",
                              f"examples/{name}.yaml", vocabularies=VOCABULARY)[0]
    meta = AdrMeta(1, dt.date(2026, 11, 28), f"examples/{name}.yaml")
    text = render_adr(advise(workload, rules, catalogue, provider=AWS), meta)
    snapshot = SNAPSHOTS / f"{name}.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_adr_front_matter_is_valid_yaml(name: str) -> None:
    import yaml

    text = (SNAPSHOTS / f"{name}.md").read_text()
    _, front, _ = text.split("---\n", 2)
    data = yaml.safe_load(front)
    assert data["status"] == "proposed"
    assert data["date"] == dt.date(2026, 11, 28)
    assert data["advisor"]["workload"] == name


def test_madr_sections_in_order() -> None:
    text = (SNAPSHOTS / "order-placed.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Context and Problem Statement", "## Decision Drivers",
                        "## Considered Options", "## Decision Outcome",
                        "## Pros and Cons of the Options", "## Monthly Cost",
                        "## More Information"]
    assert 'Chosen option: "Hybrid' in text
    assert "```mermaid\nflowchart LR\n" in text
