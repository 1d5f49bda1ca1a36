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
