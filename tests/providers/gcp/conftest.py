"""Fixtures of the Google Cloud provider's tests: its catalogue, its rules, and a
recommendation for a workload written on gcp."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.providers.gcp.provider import GCP
from tests.calibration_gcp import gcp_rules, gcp_workload


@pytest.fixture(scope="session")
def gcp_catalogue() -> Catalogue:
    return GCP.catalogue()


@pytest.fixture(scope="session")
def gcp_ruleset(gcp_catalogue: Catalogue) -> RuleSet:
    return gcp_rules(gcp_catalogue)


@pytest.fixture
def on_gcp(gcp_ruleset: RuleSet, gcp_catalogue: Catalogue
           ) -> Callable[[str], Recommendation]:
    def run(text: str) -> Recommendation:
        return advise(gcp_workload("version: 1\ncloud: gcp\nname: w\n" + text), gcp_ruleset,
                      gcp_catalogue, provider=GCP)
    return run
