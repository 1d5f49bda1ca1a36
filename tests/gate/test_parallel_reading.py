"""check spread over processes (advisor/processes.py: the ADRs and the workload files)
reports exactly what one process does: the same findings in the same order, problems,
unknown waivers and the run's caps included."""

from __future__ import annotations

from pathlib import Path

import pytest

import advisor.format.workload as workload_module
from advisor import processes
from tests.conftest import ROOT, run_cli

SINGLES = [p for p in sorted((ROOT / "examples").glob("*.yaml"))
           if "\nworkloads:" not in p.read_text()]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve workloads with ADRs, then a broken file, an unknown waiver, an expired one, a
    changed workload and a file with no ADR."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "workloads").mkdir()
    (tmp_path / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    files = []
    for i in range(12):
        source = SINGLES[i % len(SINGLES)].read_text()
        name = source.split("\nname: ", 1)[1].split("\n", 1)[0]
        path = tmp_path / "workloads" / f"w{i:02d}.yaml"
        path.write_text(source.replace(f"\nname: {name}\n", f"\nname: {name}-{i:02d}\n"))
        files.append(str(path))
    assert run_cli(["recommend", *files, "--date", "2026-11-30", "-q"]).exit_code == 0
    folder = tmp_path / "workloads"
    (folder / "w03.yaml").write_text("version: 1\nname: Broken\nkind: evnt\n")
    payment = next(f for f in sorted(folder.glob("*.yaml"))
                   if "payment-commands" in f.read_text())
    payment.write_text(payment.read_text() + "decision:\n  waivers:\n    - rule: PP303\n"
                       "      reason: kept by the provider\n      expires: 2026-01-01\n")
    changed = folder / "w07.yaml"  # clickstream, changed since its ADR
    changed.write_text(changed.read_text().replace("latency: 1m", "latency: 100ms"))
    (folder / "zz-new.yaml").write_text(SINGLES[0].read_text().replace(
        "\nname: ", "\nname: brand-new-", 1))
    return tmp_path


def both(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[str, str]:
    """The report of one process, then of several."""
    monkeypatch.setattr(processes, "PARALLEL_FROM", 10_000)
    alone = run_cli(["check", "--no-cache", "--date", "2026-11-30", *args])
    monkeypatch.setattr(processes, "PARALLEL_FROM", 2)
    spread = run_cli(["check", "--no-cache", "--date", "2026-11-30", *args])
    assert alone.exit_code == spread.exit_code
    return alone.stdout, spread.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_processes_report_what_one_does(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                        fmt: str) -> None:
    alone, spread = both(monkeypatch, "--format", fmt)
    assert spread == alone
    for code in ("ADV101", "ADV111", "ADV102"):
        assert code in alone
    assert "ADV103" in alone or "ADV104" in alone


def test_a_cap_stops_both_at_the_same_workload(repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workload_module, "MAX_WORKLOADS_PER_RUN", 7)
    alone, spread = both(monkeypatch)
    assert spread == alone and "more than 7 workloads in one run" in alone


def test_processes_are_started_only_where_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes.sys, "platform", "linux")
    monkeypatch.setattr(processes.os, "sched_getaffinity", lambda _: {0, 1, 2, 3, 4, 5},
                        raising=False)
    assert processes.processes_for(processes.PARALLEL_FROM - 1) == 1
    assert processes.processes_for(processes.PARALLEL_FROM) == 2
    assert processes.processes_for(100 * processes.PARALLEL_FROM) == 4  # never more than four
    monkeypatch.setattr(processes.os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert processes.processes_for(100 * processes.PARALLEL_FROM) == 1  # one core: one process
    monkeypatch.setattr(processes.sys, "platform", "darwin")  # macOS forks badly
    assert processes.processes_for(100 * processes.PARALLEL_FROM) == 1
