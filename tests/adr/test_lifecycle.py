"""The ADR trail over time, in real temporary git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, git, git_repo, run_cli


def front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text().split("---\n")[1])  # type: ignore[no-any-return]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git_repo(tmp_path, monkeypatch, "payment-commands")
    (tmp_path / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    return tmp_path


def test_the_whole_story(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    decisions = repo / "docs" / "decisions"
    # 1. recommend writes the ADR, proposed, and the index.
    assert run_cli(["recommend", str(workload), "--date", "2026-11-28"]).exit_code == 0
    first = decisions / "0001-payment-commands.md"
    assert front(first)["status"] == "proposed"
    assert "[ADR-0001](0001-payment-commands.md)" in (decisions / "README.md").read_text()
    # 2. a person edits and accepts it, and commits.
    text = first.read_text().replace("status: proposed", "status: accepted")
    text = text.replace("## Decision Drivers", "Reviewed with the payments team on 2026-11-30."
                        "\n\n## Decision Drivers")
    first.write_text(text)
    assert run_cli(["adr", "index"]).exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Accept ADR-0001")
    # 3. check passes (the edit is information, not a failure).
    result = run_cli(["check", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.stdout
    assert "ADV109" in result.stdout
    # 4. the workload changes: check fails.
    workload.write_text(workload.read_text().replace("ordering: per-key", "ordering: none")
                        .replace("ordering_key: paymentId\n", "")
                        .replace("duplicates: must-deduplicate", "duplicates: tolerated"))
    result = run_cli(["check", "--date", "2026-12-01"])
    assert result.exit_code == 1 and "ADV103" in result.stdout
    # 5. recommend writes the superseding ADR and updates the index; nothing is lost.
    result = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert result.exit_code == 0
    assert "supersedes ADR-0001" in result.stdout
    second = decisions / "0002-payment-commands.md"
    assert front(second)["supersedes"] == ["ADR-0001"]
    assert "Supersedes [ADR-0001](0001-payment-commands.md)." in second.read_text()
    old = first.read_text()
    assert front(first)["status"] == "superseded by ADR-0002"
    assert "Reviewed with the payments team on 2026-11-30." in old
    assert old.replace("status: superseded by ADR-0002", "status: accepted") == text
    index = (decisions / "README.md").read_text()
    assert "| superseded by ADR-0002 |" in index and "[ADR-0002](0002-payment-commands.md)" in index
    # 6. check passes again.
    result = run_cli(["check", "--date", "2026-12-01"])
    assert result.exit_code == 0, result.stdout


def test_unchanged_answer_refreshes_provenance_only_where_untouched(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    before = front(adr)["advisor"]["fingerprint"]
    workload.write_text(workload.read_text().replace("latency: 10s", "latency: 9s"))
    result = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "refreshed, text and all" in result.stdout
    assert front(adr)["advisor"]["fingerprint"] != before
    assert front(adr)["date"].isoformat() == "2026-11-28"  # the decision's own date stays
    assert run_cli(["check"]).exit_code == 0
    # Once a person has edited it, advisor leaves its text alone.
    adr.write_text(adr.read_text() + "\nA note.\n")
    workload.write_text(workload.read_text().replace("latency: 9s", "latency: 8s"))
    result = run_cli(["recommend", str(workload)])
    assert "people's edits kept" in result.stdout and adr.read_text().endswith("A note.\n")
    assert len(list(adr.parent.glob("0*.md"))) == 1


def test_a_stale_index_is_a_warning(repo: Path) -> None:
    run_cli(["recommend", "workloads/payment-commands.yaml"])
    index = repo / "docs" / "decisions" / "README.md"
    index.write_text(index.read_text().replace("| proposed |", "| accepted |"))
    result = run_cli(["check", "--format", "json"])
    assert result.exit_code == 0 and '"code": "ADV110"' in result.stdout
    assert run_cli(["check", "--fail-on", "warning"]).exit_code == 1
    assert run_cli(["adr", "index"]).exit_code == 0
    # Only the age of the ADRs' knowledge (their 2024 prices) is left to warn about.
    after = json.loads(run_cli(["check", "--format", "json"]).stdout)
    assert {f["code"] for f in after["findings"]} == {"ADV115"}


def test_two_branches_then_renumber(repo: Path) -> None:
    shutil.copy(ROOT / "examples" / "password-reset.yaml", repo / "workloads")
    shutil.copy(ROOT / "examples" / "live-scores.yaml", repo / "workloads")
    run_cli(["recommend", "workloads/payment-commands.yaml"])
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "feature")
    run_cli(["recommend", "workloads/password-reset.yaml"])
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "feature ADR")
    git(repo, "checkout", "-q", "-")
    run_cli(["recommend", "workloads/live-scores.yaml"])
    (repo / "docs" / "decisions" / "0002-live-scores.md").write_text(
        (repo / "docs" / "decisions" / "0002-live-scores.md").read_text()
        + "\nSee also [the reset flow](0002-password-reset.md).\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main ADR")
    subprocess.run(["git", "-C", str(repo), "merge", "-q", "feature", "-m", "merge"],
                   capture_output=True, check=False)
    folder = repo / "docs" / "decisions"
    index = folder / "README.md"
    if "<<<<<<<" in index.read_text():
        run_cli(["adr", "index"])  # the merge conflicted only in the generated index
    names = sorted(p.name for p in folder.glob("0*.md"))
    assert names == ["0001-payment-commands.md", "0002-live-scores.md",
                     "0002-password-reset.md"]
    result = run_cli(["check"])
    assert result.exit_code == 1 and "ADV106" in result.stdout
    result = run_cli(["adr", "renumber"])
    assert result.exit_code == 0
    assert "0002-password-reset.md -> docs/decisions/0003-password-reset.md" in result.stdout
    assert "[the reset flow](0003-password-reset.md)" in (folder / "0002-live-scores.md"
                                                        ).read_text()
    assert run_cli(["check"]).exit_code == 0


def test_waivers(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + (
        "decision:\n  waivers:\n"
        "    - rule: PP303\n      reason: Order is kept by the payment provider's own "
        "sequence numbers.\n      expires: 2027-06-30\n"
        "    - rule: PP305\n      reason: The provider rejects duplicate captures.\n"))
    result = run_cli(["recommend", str(workload), "--date", "2026-11-28", "--format", "json"])
    assert result.exit_code == 0
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    text = adr.read_text()
    assert "Waived rules" in text and "PP303: Order is kept by the payment provider" in text
    assert front(adr)["advisor"]["waived"] == ["PP303", "PP305"]
    assert '"PP303"' not in result.stdout.split('"rules"')[1].split("]")[0]
    assert run_cli(["check", "--date", "2027-01-01"]).exit_code == 0
    expired = run_cli(["check", "--date", "2027-07-01"])
    assert expired.exit_code == 1 and "ADV111 the waiver of PP303 expired on 2027-06-30" in (
        expired.stdout)
    ignored = run_cli(["check", "--date", "2027-01-01", "--no-waivers"])
    assert ignored.exit_code == 1 and "ADV103" in ignored.stdout


def test_waiver_mistakes_are_located(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision:\n  waivers:\n    - rule: PP999\n"
                        "      reason: x\n    - rule: PP303\n")
    result = run_cli(["recommend", str(workload)])
    assert result.exit_code == 2
    assert "missing required key 'decision.waivers[1].reason'" in result.stderr
    workload.write_text(workload.read_text().replace("    - rule: PP303\n", ""))
    result = run_cli(["recommend", str(workload)])
    assert result.exit_code == 2 and "decision.waivers names PP999, which is not a rule" in (
        result.stderr)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hook_for_real(repo: Path) -> None:
    """`pre-commit try-repo` installs this repository's hook as a user would."""
    run_cli(["recommend", "workloads/payment-commands.yaml"])
    git(repo, "add", "-A")
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "advisor-check",
                  "--all-files"]
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    result = subprocess.run(pre_commit, cwd=repo, capture_output=True, text=True, env=env,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "advisor check" in result.stdout and "Passed" in result.stdout
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text().replace("ordering: per-key", "ordering: none")
                        .replace("ordering_key: paymentId\n", "")
                        .replace("duplicates: must-deduplicate", "duplicates: tolerated"))
    result = subprocess.run(pre_commit, cwd=repo, capture_output=True, text=True, env=env,
                            timeout=600, check=False)
    assert result.returncode == 1 and "ADV103" in result.stdout


def test_the_github_action_is_well_formed() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = " ".join(step.get("run", "") for step in action["runs"]["steps"])
    assert '"$bin/advisor" check --format github --report "sarif:' in steps
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "advisor-check" and hooks[0]["entry"] == "advisor check"
