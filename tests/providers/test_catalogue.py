from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.core.catalogue import Catalogue
from advisor.errors import InternalError
from advisor.providers.aws.catalogue import _build, catalogue_path
from advisor.providers.aws.vocabulary import SERVICE_IDS


def _raw() -> dict[str, Any]:
    data = yaml.safe_load(catalogue_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_catalogue_without_every_service_of_the_contract_is_refused() -> None:
    data = _raw()
    data["services"] = [s for s in data["services"] if s["id"] != SERVICE_IDS[0]]
    with pytest.raises(InternalError, match="services must be exactly"):
        _build(data, Path("catalogue.yaml"))


@pytest.mark.parametrize(("key", "value"), [("status", "guessed"),
                                            ("source", "http://example.com")])
def test_a_fact_without_a_status_or_an_https_source_is_refused(key: str, value: str) -> None:
    data = _raw()
    data["facts"][0][key] = value
    with pytest.raises(InternalError, match=r"needs a status in .* and an https source"):
        _build(data, Path("catalogue.yaml"))


def test_no_fact_is_dated_after_the_review(catalogue: Catalogue) -> None:
    # The loader checks each date's form, not this order.
    late = [f.id for f in catalogue.facts.values() if f.as_of > catalogue.reviewed]
    assert catalogue.facts and late == []
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
