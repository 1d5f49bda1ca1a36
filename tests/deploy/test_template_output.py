"""The template as bytes: the same input always gives the same bytes, and the order-placed
template is held whole as a golden file.

Regenerate it after an intended change with UPDATE_SNAPSHOTS=1 python -m pytest
tests/deploy/test_template_output.py, then read the diff before committing it."""

from __future__ import annotations

import os

import yaml

from advisor.deploy.cloudformation.template import CloudFormation
from advisor.deploy.yamlout import to_yaml
from tests.conftest import ROOT
from tests.deploy.templates import subjects

SNAPSHOT = ROOT / "tests" / "snapshots" / "order-placed.template.yaml"


def test_same_input_same_bytes() -> None:
    first = to_yaml(CloudFormation().emit(subjects("examples/checkout-system", "ADR-0003")))
    second = to_yaml(CloudFormation().emit(subjects("examples/checkout-system", "ADR-0003")))
    assert first.encode() == second.encode()


def test_order_placed_matches_snapshot() -> None:
    text = to_yaml(CloudFormation().emit(subjects("examples/order-placed", "ADR-0001")))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_intrinsics_are_long_form_plain_yaml() -> None:
    """Any YAML reader loads the template: no custom tags, no aliases."""
    text = SNAPSHOT.read_text(encoding="utf-8")
    assert "!Ref" not in text and "!GetAtt" not in text and "&id" not in text
    data = yaml.safe_load(text)
    assert data["AWSTemplateFormatVersion"] == "2010-09-09"
    assert "ADR-0001" in data["Description"]


def test_several_workloads_share_one_template_with_prefixed_ids() -> None:
    document = CloudFormation().emit(subjects("examples/checkout-system"))
    resources = document["Resources"]
    assert isinstance(resources, dict)
    prefixes = {"CartAbandoned", "LedgerEntryPosted", "ReceiptStored"}
    seen = {p for p in prefixes for logical in resources if logical.startswith(p)}
    assert seen == prefixes
    assert all(any(logical.startswith(p) for p in prefixes) for logical in resources)
