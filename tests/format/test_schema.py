"""The JSON Schema is generated from the validator's own definition; both must agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from advisor.errors import InputError, InputErrors
from advisor.format.jsonschema import json_schema
from advisor.format.workload import parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import EXAMPLES, ROOT, run_cli

SCHEMA = json_schema(VOCABULARY)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_advisor_schema_prints_it() -> None:
    result = run_cli(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA


@pytest.mark.parametrize("path", EXAMPLES + SCENARIOS, ids=lambda p: p.stem)
def test_every_example_and_scenario_validates(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    data.pop("expected", None)
    VALIDATOR.validate(data)


# Mistakes the validator rejects and JSON Schema can express too.
INVALID = [
    "version: 2\nname: a\nkind: event\n",
    "name: a\nkind: event\n",
    "version: 1\nkind: event\n",
    "version: 1\nname: a\nkind: evnt\n",
    "version: 1\nname: Orders\nkind: event\n",
    "version: 1\nname: a\nkind: event\nlatency: fast\n",
    "version: 1\nname: a\nkind: event\nlatency: -5s\n",
    "version: 1\nname: a\nkind: event\nthroughput: {peek: 5/s}\n",
    "version: 1\nname: a\nkind: event\npayload: {average: 2kb}\n",
    "version: 1\nname: a\nkind: event\nconsumers: 0\n",
    "version: 1\nname: a\nkind: event\nconsumers: [{runs_on: lambda}]\n",
    "version: 1\nname: a\nkind: event\nconsumers: [{name: x, runs_on: lamda}]\n",
    "version: 1\nname: a\nkind: event\nexisting: [kinesys]\n",
    "version: 1\nname: a\nkind: event\nexisting: [sqs, sqs]\n",
    "version: 1\nname: a\nkind: event\nregion: mars\n",
    "version: 1\nname: a\nkind: event\nbatching: sometimes\n",
    "version: 1\nname: a\nkind: event\nbatching: {size: 0}\n",
    "version: 1\nname: a\nkind: event\nreplay: forever\n",
    "version: 1\nname: a\nkind: event\ndecision: {model: pull}\n",
    "version: 1\nname: a\nkind: event\nextra: 1\n",
    "version: 1\nworkloads: []\n",
    "version: 1\nsystem: shop\nregion: eu-west-1\nworkloads: [{name: a, kind: event}]\n",
    "version: 1\nworkloads: [{name: a, kind: event, version: 1}]\n",
]


@pytest.mark.parametrize("text", INVALID)
def test_both_reject_the_same_mistakes(text: str) -> None:
    with pytest.raises((InputError, InputErrors)):
        parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml", vocabularies=VOCABULARY)
    assert not VALIDATOR.is_valid(yaml.safe_load(text))


def test_the_readme_shows_the_editor_line() -> None:
    assert "# yaml-language-server: $schema=" in (ROOT / "README.md").read_text()
