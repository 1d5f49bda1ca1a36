"""One run, several clouds: `--cloud` and each workload's `cloud:` through the public CLI.
(The designs of each cloud are tested with its provider; here, the plumbing.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.providers import PROVIDERS
from tests.conftest import ROOT, run_cli

ORDER = str(ROOT / "examples" / "order-placed.yaml")


def test_cloud_decides_a_dry_run_on_each_registered_cloud() -> None:
    # A workload that names no service, source or region of one cloud, so it reads on all.
    neutral = str(ROOT / "examples" / "clickstream.yaml")
    for cloud in PROVIDERS:
        result = run_cli(["recommend", neutral, "--cloud", cloud, "--dry-run", "--format", "json",
                          "--date", "2026-11-30"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["workloads"][0]["cloud"] == cloud


def test_cloud_writes_no_adr_since_check_recomputes_the_file_as_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["recommend", ORDER, "--cloud", "aws", "--date", "2026-11-30"])
    assert result.exit_code == 2
    assert "--cloud: --cloud decides on another cloud" in result.output
    assert "add --dry-run" in result.output and "Nothing was written" in result.output
    assert not any(tmp_path.rglob("*.md"))


@pytest.mark.parametrize("command", [["recommend", ORDER, "--dry-run"], ["explain", ORDER],
                                     ["rules", "list"], ["schema"]])
def test_an_unknown_cloud_is_one_clear_message(command: list[str]) -> None:
    result = run_cli([*command, "--cloud", "mars"])
    assert result.exit_code == 2
    assert "--cloud: advisor knows no cloud 'mars'" in result.output
    assert f"hint: clouds: {', '.join(PROVIDERS)}" in result.output
    assert "Traceback" not in result.output


def test_rules_list_marks_the_rules_of_one_cloud() -> None:
    shown = run_cli(["rules", "list", "--cloud", "aws"]).stdout
    assert "PP403  A function beyond the account's concurrency needs a buffer (consumer; aws " \
           "only)" in shown
    assert "PP101  A consumer behind a firewall must poll (consumer)\n" in shown


def test_check_gates_the_adrs_of_every_cloud(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import git

    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q")
    for cloud in PROVIDERS:
        said = "" if cloud == "aws" else f"cloud: {cloud}\n"
        (tmp_path / f"{cloud}.yaml").write_text(
            f"version: 1\nname: orders-{cloud}\nkind: event\n{said}"
            "throughput: {average: 20/s, peak: 200/s}\n"
            "consumers:\n  - {name: billing, runs_on: function}\n"
            "  - {name: ledger, runs_on: container}\n")
    files = [f"{cloud}.yaml" for cloud in PROVIDERS]
    assert run_cli(["recommend", *files, "--date", "2026-11-30"]).exit_code == 0
    for cloud in PROVIDERS:
        adr = next((tmp_path / "docs" / "decisions").glob(f"*-orders-{cloud}.md")).read_text()
        # The cloud is recorded where it is not the format's default.
        assert (f"  cloud: {cloud}\n" in adr) is (cloud != "aws")
    passed = run_cli(["check", *files, "--date", "2026-11-30", "--format", "json"])
    assert passed.exit_code == 0, passed.output
    assert json.loads(passed.stdout)["workloads_checked"] == len(PROVIDERS)
    # A workload moved to another cloud no longer matches its ADR: check says so.
    (tmp_path / "aws.yaml").write_text((tmp_path / "aws.yaml").read_text()
                                       .replace("kind: event\n", "kind: event\ncloud: gcp\n"))
    moved = run_cli(["check", *files, "--date", "2026-11-30", "--format", "json"])
    assert moved.exit_code == 1
    assert any(f["code"] == "ADV103" and f["workload"] == "orders-aws"
               for f in json.loads(moved.stdout)["findings"])
