"""Azure's and Google Cloud's calibration scenarios (tests/scenarios/<cloud>/, copied from the
project's shared scenarios with their sources): agreement on the model and on the broker
services, held to the floors reached. `python -m tests.calibration` prints the tables; AWS's
fifty are held in test_scenarios.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.calibration import cloud_outcomes, cloud_scenarios, service_f1

SHARED = Path(__file__).resolve().parents[3] / "shared" / "scenarios"
# The issue asks for 7 of 8 on each cloud; these are the floors reached, and the F1 measured
# (Google Cloud's sources run two container consumers as Dataflow jobs, which the format
# cannot tell from the team's own workers).
# Azure's scenario 06 (commands to Logic Apps) comes out poll since AZ502 stopped depending
# on `existing: [logic-apps]`: the same queue and Event Grid wake-up, labelled poll.
FLOORS = {"azure": (7, 0.95), "gcp": (8, 0.8)}


@pytest.mark.parametrize("cloud", sorted(FLOORS))
def test_the_eight_scenarios_are_there_as_published(cloud: str) -> None:
    found = cloud_scenarios(cloud)
    assert len(found) == 8
    if (SHARED / cloud).is_dir():  # beside a working copy; a clean clone has only the copies
        for path in found:
            assert path.read_bytes() == (SHARED / cloud / path.name).read_bytes(), path.name


@pytest.mark.parametrize("cloud", sorted(FLOORS))
def test_agreement_holds_its_floor(cloud: str) -> None:
    found, _ = cloud_outcomes(cloud)
    models, f1 = FLOORS[cloud]
    assert sum(o.agrees for o in found) >= models, [
        (o.name, o.expected_model, o.model, o.fired) for o in found if not o.agrees]
    assert service_f1(found) >= f1
