"""`advisor check` end to end, in real temporary git repositories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from advisor.format.findings import finding_kinds
from tests.conftest import ROOT, git, git_repo, run_cli

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git_repo(tmp_path, monkeypatch, "payment-commands", "password-reset")
    result = run_cli(["recommend", "workloads/payment-commands.yaml",
                    "workloads/password-reset.yaml", "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Record decisions")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_the_whole_story(repo: Path) -> None:
    # Fresh ADRs pass.
    result = run_cli(["check"])
    assert result.exit_code == 0, result.stdout
    # The two warnings are the age of the ADRs' knowledge (ADV115: their 2024 prices).
    assert "advisor check passed: 0 errors, 2 warnings, 0 notes in 2 workloads" in result.stdout
    assert result.stdout.count("warning ADV115") == 2

    # A person edits the ADR's prose: still passes, with an info finding.
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    edit(adr, "## Decision Drivers", "We read this in the design review.\n\n## Decision Drivers")
    result = run_cli(["check"])
    assert result.exit_code == 0
    assert "info ADV109 the generated text was edited by hand" in result.stdout

    # The workload changes so that the answer changes: exit 1, located in the workload.
    workload = repo / "workloads" / "payment-commands.yaml"
    edit(workload, "ordering: per-key", "ordering: none")
    edit(workload, "ordering_key: paymentId\n", "")
    edit(workload, "duplicates: must-deduplicate", "duplicates: tolerated")
    result = run_cli(["check", "--format", "sarif"])
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SCHEMA)
    stale = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ADV103"]
    assert len(stale) == 1
    location = stale[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "workloads/payment-commands.yaml"
    assert location["region"]["startLine"] == 5  # the workload's `name:`
    assert "records poll (sqs-fifo, lambda-esm); the workload now gives push" in (
        stale[0]["message"]["text"])

    # GitHub annotations, chosen automatically on GitHub Actions.
    result = run_cli(["check"], env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert ("::error file=workloads/payment-commands.yaml,line=5,col=7,title=advisor ADV103::"
            in result.stdout)
    assert "::notice file=docs/decisions/0001-payment-commands.md" in result.stdout


def test_a_workload_without_an_adr(repo: Path) -> None:
    shutil.copy(ROOT / "examples" / "live-scores.yaml", repo / "workloads")
    result = run_cli(["check", "workloads"])
    assert result.exit_code == 1
    assert "workloads/live-scores.yaml:5:7: error ADV102 workload 'live-scores' has no ADR" in (
        result.stdout)
    assert "run `advisor recommend workloads/live-scores.yaml`" in result.stdout


def test_only_inputs_changed_is_a_warning_and_fail_on_raises_it(repo: Path) -> None:
    workload = repo / "workloads" / "password-reset.yaml"
    edit(workload, "latency: 5s", "latency: 4s")
    result = run_cli(["check"])
    assert result.exit_code == 0
    assert "warning ADV104 the workload changed since" in result.stdout
    assert run_cli(["check", "--fail-on", "warning"]).exit_code == 1
    assert run_cli(["check", "--fail-on", "info"]).exit_code == 1


def test_a_decision_block_that_disagrees(repo: Path) -> None:
    workload = repo / "workloads" / "password-reset.yaml"
    workload.write_text(workload.read_text() + "decision:\n  model: poll\n"
                        "  services: [sqs, sns]\n")
    result = run_cli(["check", "--format", "json"])
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ADV105"]
    assert [f["message"].split(",")[0] for f in found] == [
        "decision.model is poll", "decision.services lists sqs"]
    assert all(f["path"] == "workloads/password-reset.yaml" for f in found)


def test_adr_folder_problems(repo: Path) -> None:
    folder = repo / "docs" / "decisions"
    (folder / "0001-duplicate.md").write_text(
        "---\nstatus: accepted\ndate: 2026-01-01\n---\n"
        "# Dup\n\nSee ADR-0042 and [x](0002-password-reset.md).\n")
    (folder / "0003-broken.md").write_text("---\nstatus: [unclosed\n---\n# Broken\n")
    (folder / "0004-no-status.md").write_text("---\ndate: 2026-13-01\n---\n# No status\n")
    result = run_cli(["check", "--format", "json"])
    assert result.exit_code == 1
    codes = {(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("ADV106", "docs/decisions/0001-payment-commands.md", 1) in codes
    assert ("ADV107", "docs/decisions/0001-duplicate.md", 7) in codes
    assert ("ADV108", "docs/decisions/0003-broken.md", 3) in codes
    assert ("ADV108", "docs/decisions/0004-no-status.md", 2) in codes


def test_an_invalid_workload_is_a_located_finding(repo: Path) -> None:
    edit(repo / "workloads" / "password-reset.yaml", "kind: event", "kind: evnt")
    result = run_cli(["check", "--format", "sarif"])
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SCHEMA)
    # The ADRs' knowledge-age warnings (ADV115) sort first, by path.
    result0 = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] != "ADV115")
    assert result0["ruleId"] == "ADV101"
    lines = (repo / "workloads" / "password-reset.yaml").read_text().splitlines()
    expected_line = lines.index("kind: evnt") + 1
    assert result0["locations"][0]["physicalLocation"]["region"]["startLine"] == expected_line


def test_config_file_sets_globs_severities_and_threshold(repo: Path) -> None:
    (repo / ".advisor.yaml").write_text(
        "workloads: [workloads/*.yaml]\nadr_dir: docs/decisions\nfail_on: warning\n"
        "severity: {ADV109: warning}\n")
    adr = repo / "docs" / "decisions" / "0002-password-reset.md"
    edit(adr, "## Decision Drivers", "Edited.\n\n## Decision Drivers")
    result = run_cli(["check"])
    assert result.exit_code == 1
    assert "warning ADV109" in result.stdout
    assert run_cli(["check", "--fail-on", "error"]).exit_code == 0  # the flag wins


@pytest.mark.parametrize(("config", "expected"), [
    ("fail_on: eror\n", ".advisor.yaml:1:10: `fail_on` 'eror' is not a severity"),
    ("adr_dirs: x\n", ".advisor.yaml:1:1: unknown config key 'adr_dirs'"),
    ("severity: {ADV999: info}\n", ".advisor.yaml:1:11: unknown finding code 'ADV999'"),
    ("workloads: 3\n", ".advisor.yaml:1:12: `workloads` must be a glob or a list of globs"),
    ("fail_on: [\n", ".advisor.yaml:2:1: YAML syntax error"),
])
def test_bad_config_gets_precise_errors(repo: Path, config: str, expected: str) -> None:
    (repo / ".advisor.yaml").write_text(config)
    result = run_cli(["check"])
    assert result.exit_code == 2
    assert expected in result.stderr.replace(f"{repo}/", "")


def test_pyproject_tool_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.advisor]\n'
                                         'fail_on = "info"\nadr_dirr = "x"\n')
    result = run_cli(["check"])
    assert result.exit_code == 2
    assert "pyproject.toml:6:1: unknown config key 'adr_dirr'" in result.stderr.replace(
        f"{repo}/", "")


def test_explain_every_code() -> None:
    for code, kind in finding_kinds().items():
        result = run_cli(["check", "--explain", code])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{code} {kind.name} (default severity: {kind.severity})")
    result = run_cli(["check", "--explain", "ADV130"])
    assert result.exit_code == 2 and "did you mean" in result.stderr


def test_junit_and_output_file(repo: Path) -> None:
    workload = repo / "workloads" / "password-reset.yaml"
    workload.write_text(workload.read_text() + "decision: {model: poll}\n")
    result = run_cli(["check", "--format", "junit", "--output", "reports/advisor.xml"])
    assert result.exit_code == 1
    suite = ET.parse(repo / "reports" / "advisor.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("tests", "0")) >= 2 and int(suite.get("failures", "0")) >= 1


def test_nothing_to_check_passes_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check"])
    assert result.exit_code == 0 and "no workloads to check" in result.stderr
