"""Work grows linearly with consumers, workloads and ADRs: held to it by counting the work
(rule evaluations, files read), never by timing it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

import advisor.core.engine as engine
import advisor.safeio as safeio
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.providers.aws.provider import AWS
from tests.conftest import EXAMPLES, run_cli, workload_from

RUNS_ON = ("lambda", "container", "workflow", "on-premises", "email", "https", "function",
           "store")


def consumers_of_different_shapes(count: int) -> str:
    """A workload listing `count` consumers that differ in runtime, capacity, batching and
    replay, as a large real fan-out does."""
    lines = []
    for i in range(count):
        runs_on = RUNS_ON[i % len(RUNS_ON)]
        entry = f"  - {{name: c{i:04d}, runs_on: {runs_on}"
        if runs_on in ("container", "on-premises", "https") and i % 3 == 0:
            entry += f", max_rate: {20 + (i % 50) * 7}/s"
        if runs_on in ("container", "lambda") and i % 5 == 1:
            entry += f", batching: {{size: {10 + i % 90}, window: {1 + i % 20}s}}"
        if runs_on == "container" and i % 11 == 2:
            entry += f", replay: {1 + i % 7}d"
        if runs_on == "email":
            entry += ", recipients: per-message"
        lines.append(entry + "}\n")
    return ("version: 1\nname: fan-out\nkind: event\nproducer: application\n"
            "throughput: {average: 1.8M/day, peak: 900/s}\npayload: {average: 3KB, max: 220KB}\n"
            "latency: 2s\nprocessing_time: 150ms\nconsumers:\n" + "".join(lines))


def test_rule_evaluations_grow_linearly_with_consumers(
        rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every evaluation of the consumer rules for one consumer, over a whole recommendation
    (decision, options, flips, quota flips): ten times the consumers, at most about ten
    times the evaluations. A search that re-ran the rules for every consumer once per
    consumer (as the quota flips did) grows a hundredfold."""
    evaluations = [0]
    real = engine._consumer

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        evaluations[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "_consumer", counting)
    work = {}
    for count in (100, 1000):
        evaluations[0] = 0
        w = workload_from(consumers_of_different_shapes(count))
        advise(w, rules, AWS.catalogue(), dt.date(2026, 11, 30), provider=AWS)
        work[count] = evaluations[0]
    assert work[1000] <= 11 * work[100], work
    assert work[1000] <= 20 * 1000, work  # a few per consumer, not one per pair


def test_quota_flips_run_the_engine_once_per_limit_rule(
        rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.core.quotaflips as quotaflips

    runs: Counter[frozenset[str]] = Counter()
    real = quotaflips.evaluate

    def counting(facts, rules, waived=frozenset(), cache=None):  # type: ignore[no-untyped-def]
        runs[waived] += 1
        return real(facts, rules, waived, cache)

    monkeypatch.setattr(quotaflips, "evaluate", counting)
    advise(workload_from(consumers_of_different_shapes(300)), rules, AWS.catalogue(),
           dt.date(2026, 11, 30), provider=AWS)
    assert runs and max(runs.values()) == 1, runs


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each file of the repository (the current folder) was read: every bounded
    read goes through safeio.read_bounded. advisor's own data is not counted."""
    counted: Counter[str] = Counter()
    real = safeio.read_bounded

    def counting(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path).absolute().is_relative_to(Path.cwd()):
            counted[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(safeio, "read_bounded", counting)
    return counted


def _repository(root: Path, count: int) -> list[str]:
    """`count` workloads (copies of the examples under new names) with their ADRs."""
    (root / "workloads").mkdir()
    (root / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    singles = [p for p in EXAMPLES if "\nworkloads:" not in p.read_text()]
    files = []
    for i in range(count):
        source = singles[i % len(singles)].read_text()
        name = source.split("\nname: ", 1)[1].split("\n", 1)[0]
        path = root / "workloads" / f"w{i:03d}.yaml"
        path.write_text(source.replace(f"\nname: {name}\n", f"\nname: {name}-{i:03d}\n"))
        files.append(f"workloads/w{i:03d}.yaml")
    result = run_cli(["recommend", *files, "--date", "2026-11-30", "-q"])
    assert result.exit_code == 0, result.output
    return files


@pytest.mark.parametrize("count", [6, 18])
def test_check_reads_every_file_once_and_the_cache_once_more(
        count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        reads: Counter[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _repository(tmp_path, count)
    reads.clear()
    assert run_cli(["check", "--no-cache", "--date", "2026-11-30"]).exit_code == 0
    workloads = {n: c for n, c in reads.items() if n.endswith(".yaml") and n != ".advisor.yaml"}
    adrs = {n: c for n, c in reads.items() if n.endswith(".md")}
    assert len(workloads) == count and set(workloads.values()) == {1}, reads
    assert len(adrs) == count + 1 and set(adrs.values()) == {1}, reads  # and the index
    reads.clear()
    run_cli(["check", "--date", "2026-11-30"])  # cold: each file hashed, then parsed
    assert set(reads.values()) <= {1, 2} and sum(reads.values()) <= 2 * (2 * count + 1) + 2
    reads.clear()
    run_cli(["check", "--date", "2026-11-30"])  # warm: each file hashed only
    assert sum(reads.values()) <= (2 * count + 1) + 2, reads


def test_recommend_again_reads_each_adr_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             reads: Counter[str]) -> None:
    monkeypatch.chdir(tmp_path)
    files = _repository(tmp_path, 12)
    reads.clear()
    result = run_cli(["recommend", *files, "--date", "2026-11-30"])
    assert result.exit_code == 0 and result.output.count("up to date") == 12, result.output
    adrs = {n: c for n, c in reads.items() if n.endswith(".md") and n != "README.md"}
    assert len(adrs) == 12 and set(adrs.values()) == {1}, reads
