"""Issue 14, for people who install, publish and edit: the README's Use section runs right
after the set-up, the dependency floors are the ones CI proves, the distribution can be
published, and the JSON Schema leads an editor to the right message."""

from __future__ import annotations

import ast
import glob
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from packaging.version import Version

from advisor.format.jsonschema import json_schema
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, run_cli

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
README = (ROOT / "README.md").read_text()
CI = (ROOT / ".ci" / "run").read_text()
FLOORS = ROOT / ".ci" / "constraints-floor.txt"
VALIDATOR = jsonschema.Draft202012Validator(json_schema(VOCABULARY))


def all_errors(text: str) -> list[jsonschema.ValidationError]:
    """Every error a validator may show, the alternatives tried inside an anyOf included."""
    found: list[jsonschema.ValidationError] = []
    stack = list(VALIDATOR.iter_errors(yaml.safe_load(text)))
    while stack:
        error = stack.pop()
        found.append(error)
        stack.extend(error.context or [])
    return found


# --- the JSON Schema -------------------------------------------------------------------

SINGLE_MISTAKES = [
    "version: 1\nname: a\nkind: evnt\n",
    "version: 1\nname: a\nkind: event\nlatency: fast\n",
    "version: 1\nname: Orders\nkind: event\n",
    "version: 1\nkind: event\n",
    "version: 1\nname: a\nkind: event\nconsumers: [{name: x, runs_on: lamda}]\n",
    "version: 1\nname: a\nkind: event\nworkload: 1\n",
    "name: a\nkind: event\n",
]


@pytest.mark.parametrize("text", SINGLE_MISTAKES)
def test_a_single_workload_file_is_never_told_about_workloads(text: str) -> None:
    messages = [error.message for error in all_errors(text)]
    assert messages
    assert not [m for m in messages if "workloads" in m], messages


def test_a_misspelt_key_in_a_single_workload_is_the_one_error() -> None:
    errors = all_errors("version: 1\nname: a\nkind: event\nworkload: 1\n")
    assert [e.message for e in errors] == [
        "Additional properties are not allowed ('workload' was unexpected)"]


def test_a_file_of_several_workloads_is_checked_against_that_form() -> None:
    errors = all_errors("version: 1\nworkloads: [{name: a, kind: event, latency: fast}]\n")
    assert [list(e.absolute_path) for e in errors] == [["workloads", 0, "latency"]]
    assert "name" in str(all_errors("version: 1\nworkloads: [{kind: event}]\n")[0].message)


UNIT_MISTAKES = [
    ("latency: fast", ["latency"], "a duration such as 200ms"),
    ("processing_time: quick", ["processing_time"], "a duration such as 200ms"),
    ("throughput: {peak: lots}", ["throughput", "peak"], "a rate such as 50/s"),
    ("payload: {max: 2kb}", ["payload", "max"], "a size such as 2KB"),
    ("batching: {window: soon}", ["batching", "window"], "a duration such as 200ms"),
    ("replay: forever", ["replay"], "none, or a duration such as 200ms"),
    ("consumers: [{name: x, max_rate: quickly}]", ["consumers", 0, "max_rate"],
     "a rate such as 50/s"),
]


@pytest.mark.parametrize(("line", "path", "phrase"), UNIT_MISTAKES,
                         ids=[m[0].split(":")[0] for m in UNIT_MISTAKES])
def test_a_unit_mistake_says_what_the_value_looks_like(line: str, path: list[object],
                                                       phrase: str) -> None:
    errors = all_errors(f"version: 1\nname: a\nkind: event\n{line}\n")
    assert errors and all(list(e.absolute_path) == path for e in errors)
    # The message an anyOf of number and text led with.
    assert not [e.message for e in errors if "of type 'number'" in e.message]
    patterns = [e for e in errors if e.validator == "pattern"]
    assert len(patterns) == 1
    schema = patterns[0].schema
    assert schema["patternErrorMessage"].startswith(f"expected {phrase}")
    assert schema["errorMessage"] == schema["patternErrorMessage"]  # `latency: true` too
    assert phrase in schema["description"]  # what an editor shows on hover


def test_a_key_s_own_help_and_its_form_both_reach_the_hover() -> None:
    latency = json_schema(VOCABULARY)["else"]["properties"]["latency"]  # type: ignore[index]
    assert latency["description"].startswith("end-to-end target")
    assert "a duration such as 200ms" in latency["description"]
    assert "200ms" in latency["examples"]


@pytest.mark.parametrize(("line", "valid"), [
    ("latency: 5", True), ("latency: 0.2", True), ("latency: 200ms", True),
    ("latency: 0", False), ("latency: -5s", False), ("latency: true", False),
    ("replay: none", True), ("replay: 7d", True), ("replay: 30", True),
    ("replay: {window: 7d, by: operator}", True), ("replay: never", False),
])
def test_numbers_and_words_still_mean_what_the_validator_says(line: str, valid: bool) -> None:
    assert VALIDATOR.is_valid(yaml.safe_load(f"version: 1\nname: a\nkind: event\n{line}\n")) is (
        valid)


# --- publishing ------------------------------------------------------------------------

def test_the_distribution_has_a_free_name_and_the_command_keeps_its_own() -> None:
    # `advisor` on the package index is an unrelated project.
    assert PROJECT["name"] == "pushpoll-advisor"
    assert PROJECT["scripts"] == {"advisor": "advisor.cli.app:main"}
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["advisor"]


def test_the_declared_licence_has_its_full_text() -> None:
    assert PROJECT["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    # With a licence expression, licence classifiers are refused by the index (PEP 639).
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]
    assert "LICENSE" in PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_requires_python_agrees_with_the_classifiers_and_the_checkers() -> None:
    assert PROJECT["requires-python"] == ">=3.11"
    versions = [c.rsplit(":: ", 1)[1] for c in PROJECT["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions and versions[0] == "3.11"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.11"


def test_no_invented_repository_address() -> None:
    for name in ("README.md", "pyproject.toml"):
        text = (ROOT / name).read_text()
        assert not re.findall(r"https?://github\.com/[\w.-]+/[\w.-]+", text), name
    assert "urls" not in PROJECT  # none is real yet
    actions = re.findall(r"uses: (\S+)", README)
    assert set(actions) == {"actions/checkout@v4", "github/codeql-action/upload-sarif@v3",
                            "<owner>/<repository>@<commit>"}


# --- dependency floors -----------------------------------------------------------------

def _floors() -> dict[str, str]:
    floors = {}
    for requirement in PROJECT["dependencies"]:
        found = re.match(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement)
        assert found, requirement
        floors[found[1].lower()] = found[2]
    return floors


def test_every_floor_is_pinned_in_the_constraints_ci_installs() -> None:
    pinned = dict(line.split("==") for line in FLOORS.read_text().splitlines()
                  if line and not line.startswith("#"))
    pinned = {name.lower(): version for name, version in pinned.items()}
    for name, floor in _floors().items():
        assert name in pinned and Version(pinned[name]) == Version(floor), name
    # The mcp extra's SDK too: the floor run runs the MCP tests on it.
    (sdk,) = PROJECT["optional-dependencies"]["mcp"]
    found = re.match(r"mcp>=([0-9.]+),<", sdk)
    assert found and Version(pinned["mcp"]) == Version(found[1]), sdk
    assert "-c .ci/constraints-floor.txt -e '.[test,mcp]'" in CI
    assert '.venv-floor/bin/python -m pytest -m "not slow"' in CI


def test_typer_s_floor_is_above_the_releases_that_broke_exit_codes() -> None:
    # Below 0.16 every command printed the version and exited 0 (0.12), or usage errors
    # exited 1 instead of 2 (0.13 to 0.15.3), with the click each installs.
    assert Version(_floors()["typer"]) >= Version("0.16")


def test_the_readme_set_up_commands_are_still_what_ci_runs_first() -> None:
    first_install = CI.index(".venv/bin/pip install -e '.[test,mcp]' && .venv/bin/python -m pytest")
    assert first_install < CI.index(".venv-floor")


# --- the slow tests --------------------------------------------------------------------

def _marks(node: ast.AST) -> set[str]:
    decorators = getattr(node, "decorator_list", [])
    return {ast.unparse(d) for d in decorators}


def test_the_slow_tests_carry_the_registered_marker() -> None:
    assert any(m.startswith("slow:") for m in PYPROJECT["tool"]["pytest"]["ini_options"]
               ["markers"])
    wheel = ast.parse((ROOT / "tests" / "cli" / "test_wheel.py").read_text())
    assert any(isinstance(n, ast.Assign) and ast.unparse(n) == "pytestmark = pytest.mark.slow"
               for n in wheel.body)
    lifecycle = ast.parse((ROOT / "tests" / "adr" / "test_lifecycle.py").read_text())
    hook = next(n for n in lifecycle.body if isinstance(n, ast.FunctionDef)
                and n.name == "test_the_pre_commit_hook_for_real")
    assert "pytest.mark.slow" in _marks(hook)


def test_the_readme_says_how_to_skip_them_and_how_long_the_tests_take() -> None:
    development = README.split("## Development")[1]
    assert '-m "not slow"' in development
    assert re.search(r"about \d+ s", development)


# --- the Use section -------------------------------------------------------------------

def _use_block() -> list[str]:
    section = README.split("## Use\n", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines()]


def test_the_use_section_puts_advisor_on_the_path_first() -> None:
    lines = _use_block()
    assert lines[0] == ". .venv/bin/activate"
    assert "pipx install ." in README.split("## Use\n", 1)[1].split("\n## ", 1)[0]


def test_every_use_command_works_right_after_the_set_up(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A clone, as the set-up leaves it: the examples are there.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    commands = [shlex.split(line) for line in _use_block() if line.startswith("advisor ")]
    assert len(commands) >= 4
    for command in commands:
        # As the shell would expand them.
        args = [path for arg in command[1:]
                for path in (sorted(glob.glob(arg)) if "*" in arg else [arg])]
        result = run_cli(args)
        assert result.exit_code == 0, (command, result.output)
    assert (tmp_path / "docs" / "decisions" / "0001-order-placed.md").is_file()
