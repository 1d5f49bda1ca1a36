"""The Google Cloud design modules declare exactly the services their code places, and every
module that places one is in the registry (the AWS checks, run on gcp's modules)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from advisor.providers.gcp import designs
from advisor.providers.gcp.building import ORDER
from advisor.providers.gcp.provider import GCP
from tests.providers.test_provider_conformance import (
    conformance_gaps,
    placed_literally,
    places_gaps,
)


@pytest.mark.parametrize("name", sorted(designs.BRANCHES))
def test_each_gcp_design_module_declares_exactly_what_its_code_places(name: str) -> None:
    module = importlib.import_module(f"advisor.providers.gcp.{name}")
    assert designs.BRANCHES[name] == module.PLACES  # type: ignore[attr-defined]
    assert places_gaps(inspect.getsource(module), designs.BRANCHES[name]) == []


def test_every_gcp_module_that_places_a_service_is_in_the_registry() -> None:
    root = Path(designs.__file__).parent
    placing = {f"designs.{p.stem}" for p in root.glob("*.py")
               if placed_literally(p.read_text(encoding="utf-8"))}
    assert placing <= set(designs.BRANCHES)


def test_every_gcp_service_is_designed_priced_and_ordered() -> None:
    assert conformance_gaps(GCP) == []
    assert set(ORDER) == set(GCP.vocabulary.service_ids)
