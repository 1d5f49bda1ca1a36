from __future__ import annotations

import hashlib
import json
from pathlib import Path

from advisor.core.catalogue import Catalogue
from advisor.providers.aws.catalogue import catalogue_path
from advisor.providers.aws.vocabulary import SERVICE_IDS


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
    """Run `python -m advisor.providers.aws.catalogue` after editing catalogue.yaml."""
    yaml_path = catalogue_path()
    twin = json.loads(yaml_path.with_suffix(".json").read_text())
    assert twin["source_sha256"] == hashlib.sha256(yaml_path.read_bytes()).hexdigest()


def test_the_twin_holds_exactly_what_the_yaml_gives() -> None:
    """Decoded as advisor reads it (a twin that no longer decodes into the record types would
    otherwise be passed over in silence, and every run would read the YAML)."""
    import msgspec
    import yaml

    from advisor.providers.aws.catalogue import _build, _Twin

    twin = msgspec.json.decode(catalogue_path().with_suffix(".json").read_bytes(), type=_Twin)
    from_yaml = _build(yaml.safe_load(catalogue_path().read_text()), catalogue_path())
    assert twin.catalogue == from_yaml  # every service and fact, field by field


def test_a_stale_or_broken_twin_is_passed_over(tmp_path: Path) -> None:
    from advisor.providers.aws.catalogue import load_catalogue

    source = tmp_path / "catalogue.yaml"
    source.write_text(catalogue_path().read_text().replace("    title: ", "    title: Edited ",
                                                           1))
    twin = tmp_path / "catalogue.json"
    twin.write_bytes(catalogue_path().with_suffix(".json").read_bytes())
    for _ in ("stale", "broken"):
        edited = load_catalogue.__wrapped__(source)  # the twin's digest is the original's
        assert [f.id for f in edited.facts.values() if f.title.startswith("Edited ")]
        twin.write_text("{not json")


def test_prices_carry_units(catalogue: Catalogue) -> None:
    prices = [f for f in catalogue.facts.values() if f.kind == "price" and f.value is not None]
    assert len(prices) > 30
    assert all((f.unit and f.unit.startswith("usd-")) or f.unit == "count" for f in prices)
