"""The Google Cloud calibration scenarios: agreement on the model, held to the floor reached
(8 of 8), and on the services (micro-averaged F1)."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.rules import RuleSet
from tests.calibration import service_f1
from tests.calibration_gcp import SCENARIOS, outcomes

AGREEMENT_FLOOR = 8  # of 8; the issue asks for at least 7
SERVICE_F1_FLOOR = 0.85  # measured 0.851: the sources run two container consumers as Dataflow jobs


def test_the_eight_scenarios_are_copied_unchanged() -> None:
    from pathlib import Path

    shared = Path("/work/shared/scenarios/gcp")
    assert len(SCENARIOS) == 8
    if shared.is_dir():  # the shared folder is not part of the repository
        for path in SCENARIOS:
            assert path.read_bytes() == (shared / path.name).read_bytes()


def test_model_agreement_holds_its_floor(gcp_ruleset: RuleSet,
                                         gcp_catalogue: Catalogue) -> None:
    found = outcomes(gcp_ruleset, gcp_catalogue)
    assert sum(o.agrees for o in found) >= AGREEMENT_FLOOR, [
        (o.name, o.expected_model, o.model) for o in found if not o.agrees]
    assert service_f1(found) >= SERVICE_F1_FLOOR
