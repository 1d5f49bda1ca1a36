from __future__ import annotations

import hashlib
import json

from advisor.catalogue import Catalogue
from advisor.resources import catalogue_path
from advisor.schema import SERVICE_IDS


def test_every_service_of_the_contract_is_described(catalogue: Catalogue) -> None:
    assert tuple(catalogue.services) == SERVICE_IDS


def test_every_fact_has_a_source_a_date_and_a_status(catalogue: Catalogue) -> None:
    for fact in catalogue.facts.values():
        assert fact.source.startswith("https://"), fact.id
        assert fact.status in ("verified", "unverified", "conflict")
        assert fact.as_of <= catalogue.reviewed
    assert catalogue.as_of <= catalogue.reviewed


def test_regional_values_fall_back_to_the_default(catalogue: Catalogue) -> None:
    quota = catalogue.fact("sns-publish-quota")
    assert quota.in_region("us-east-1") == 30_000
    assert quota.in_region("eu-west-1") == 9_000
    assert quota.in_region("af-south-1") == 300


def test_the_compiled_json_twin_is_up_to_date() -> None:
    """Run `python -m advisor.catalogue` after editing catalogue.yaml."""
    yaml_path = catalogue_path()
    twin = json.loads(yaml_path.with_suffix(".json").read_text())
    assert twin["source_sha256"] == hashlib.sha256(yaml_path.read_bytes()).hexdigest()


def test_prices_carry_units(catalogue: Catalogue) -> None:
    prices = [f for f in catalogue.facts.values() if f.kind == "price" and f.value is not None]
    assert len(prices) > 30
    assert all((f.unit and f.unit.startswith("usd-")) or f.unit == "count" for f in prices)
