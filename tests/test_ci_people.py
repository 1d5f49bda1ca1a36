"""CI without papercuts (issue 14, items 14 to 18): paths from the repository root whatever
folder a command ran in, SARIF fingerprints that tell findings apart, the pre-commit hook,
the GitHub Action, and the conventions of other CI tools (--quiet, --output, `-`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, git_repo, run_cli

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
DATE = "2026-11-28"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_repo(tmp_path, monkeypatch, "payment-commands")


def sarif_results(*args: str) -> list[dict[str, object]]:
    result = run_cli(["check", "--format", "sarif", "--date", DATE, *args])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SARIF_SCHEMA)
    results: list[dict[str, object]] = document["runs"][0]["results"]
    return results


def uri(result: dict[str, object]) -> str:
    location = result["locations"][0]["physicalLocation"]  # type: ignore[index]
    return str(location["artifactLocation"]["uri"])


def fingerprint(result: dict[str, object]) -> str:
    return str(result["partialFingerprints"]["advisorFinding/v2"])  # type: ignore[index]


# -- 14: paths from the repository root ----------------------------------------------------


def test_recommend_in_a_subfolder_then_check_from_the_root_passes(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "workloads")
    result = run_cli(["recommend", "payment-commands.yaml", "--date", DATE])
    assert result.exit_code == 0, result.output
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    assert adr.is_file() and not (repo / "workloads" / "docs").exists()
    text = adr.read_text()
    assert "  file: workloads/payment-commands.yaml\n" in text
    assert "from `workloads/payment-commands.yaml`" in text  # the closing line
    monkeypatch.chdir(repo)
    result = run_cli(["check", "--date", DATE])
    assert result.exit_code == 0, result.output
    assert "in 1 workload and 1 ADR" in result.stdout
    # And from another subfolder, which holds neither.
    (repo / "elsewhere").mkdir()
    monkeypatch.chdir(repo / "elsewhere")
    assert run_cli(["check", "--date", DATE]).exit_code == 0


def test_sarif_and_annotations_name_files_from_the_root_whatever_the_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision: {model: push}\n")
    (repo / "deep" / "er").mkdir(parents=True)
    seen = []
    for folder in (repo, repo / "workloads", repo / "deep" / "er"):
        monkeypatch.chdir(folder)
        results = sarif_results()
        seen.append(sorted((r["ruleId"], uri(r), fingerprint(r)) for r in results))
        assert {uri(r) for r in results} == {"workloads/payment-commands.yaml",
                                             "docs/decisions/0001-payment-commands.md"}
        annotations = run_cli(["check", "--format", "github", "--date", DATE]).stdout
        files = set(re.findall(r"^::\w+ file=([^,]+),", annotations, re.MULTILINE))
        assert files == {"workloads/payment-commands.yaml",
                         "docs/decisions/0001-payment-commands.md"}, annotations
        # The text report stays as the user would type the path from where they are.
        text = run_cli(["check", "--date", DATE]).stdout
        assert "payment-commands.yaml" in text
    assert seen[0] == seen[1] == seen[2]  # the same alerts from any folder


# -- 15: SARIF fingerprints ----------------------------------------------------------------


def test_two_findings_of_one_code_on_one_workload_have_their_own_fingerprints(
        repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    original = workload.read_text()
    # Both the recorded model and the services disagree: two ADV105 on one workload.
    workload.write_text(original + "decision: {model: push, services: [sns]}\n")
    results = sarif_results()
    disagree = [r for r in results if r["ruleId"] == "ADV105"]
    assert len(disagree) == 2
    prints = [fingerprint(r) for r in results]
    assert len(set(prints)) == len(prints)
    # Stable across runs, and across a line move (a comment above everything).
    assert [fingerprint(r) for r in sarif_results()] == prints
    workload.write_text("# moved down a line\n" + original
                        + "decision: {model: push, services: [sns]}\n")
    moved = sarif_results()
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]  # type: ignore[index]
            for r in moved if r["ruleId"] == "ADV105"] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]  # type: ignore[index]
        for r in disagree]
    assert sorted(fingerprint(r) for r in moved) == sorted(prints)


def test_findings_identical_but_for_a_number_are_still_told_apart(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    adr.write_text(adr.read_text() + "\nSee ADR-0007 and ADR-0008.\n")
    broken = [r for r in sarif_results() if r["ruleId"] == "ADV107"]
    assert len(broken) == 2 and fingerprint(broken[0]) != fingerprint(broken[1])
