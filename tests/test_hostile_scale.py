"""Issue 18, item 4: work is bounded by the size of the input, not by the counts it declares.

Counted, never timed: where a case could take minutes or gigabytes, it runs in a subprocess
under a memory limit and a generous timeout, so a regression fails fast instead of swapping.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import flips as flips_module
from advisor.catalogue import Catalogue
from advisor.facts import Facts, derive
from advisor.flips import find_flips
from advisor.report import advise
from advisor.rules import RuleSet
from advisor.workload import Workload, parse_workloads
from advisor.yamlnodes import parse_yaml
from tests.conftest import EXAMPLES, run_cli, workload_from

HEAD = "version: 1\nname: w\nkind: event\nthroughput: {average: 50/s, peak: 500/s}\n"


def _limited() -> None:
    limit = 1536 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _listed(count: int, shapes: int = 1) -> str:
    runtimes = ("lambda", "container", "https", "workflow", "on-premises")
    lines = []
    for i in range(count):
        shape = i % shapes
        extra = "" if shapes == 1 else (f", runs_on: {runtimes[shape % 5]}, "
                                         f"max_rate: {10 * (shape + 1)}/s")
        lines.append(f"  - {{name: c{i}{extra}}}\n")
    return "consumers:\n" + "".join(lines)


def _derived_consumers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every consumer entry the flips derive facts for: the engine's work."""
    seen = [0]

    def counting(w: Workload) -> Facts:
        seen[0] += len(w.consumers)
        return derive(w)

    monkeypatch.setattr(flips_module, "derive", counting)
    return seen


# --- counts are one group ------------------------------------------------------------------


def test_a_count_is_one_group_however_large() -> None:
    w = workload_from("version: 1\nname: w\nkind: event\nconsumers: 100000\n")
    assert len(w.consumers) == 1 and w.consumer_total == 100_000
    facts = derive(w)
    assert facts.flow["consumer_count"] == 100_000 and facts.flow["fan_out"] is True
    assert len(facts.consumers) == 1


def test_a_count_costs_and_sizes_like_as_many_alike_listed_consumers(
        rules: RuleSet, catalogue: Catalogue) -> None:
    base = HEAD + "processing_time: 200ms\n"
    counted = advise(workload_from(base + "consumers: 3\n"), rules, catalogue)
    listed = advise(workload_from(base + "consumers: [{name: a}, {name: b}, {name: c}]\n"),
                    rules, catalogue)
    assert counted.model == listed.model
    assert counted.decision.scores == listed.decision.scores
    for mine, theirs in zip(counted.options, listed.options, strict=True):
        assert mine.cost is not None and theirs.cost is not None
        assert mine.cost.monthly_usd_peak == pytest.approx(theirs.cost.monthly_usd_peak)
        assert mine.sizing.value("lambda_concurrency_peak") == theirs.sizing.value(
            "lambda_concurrency_peak")


def test_200_workloads_of_100000_counted_consumers_run_in_bounded_memory(
        tmp_path: Path) -> None:
    entries = "".join(f"  - {{name: w{i}}}\n" for i in range(200))
    path = tmp_path / "bomb.yaml"
    path.write_text("version: 1\ndefaults:\n  kind: event\n  throughput: {average: 5/s}\n"
                    "  processing_time: 100ms\n  consumers: 100000\nworkloads:\n" + entries)
    assert path.stat().st_size < 4096
    done = subprocess.run([sys.executable, "-m", "advisor", "recommend", "--dry-run",
                           str(path)], capture_output=True, text=True, timeout=60,
                          preexec_fn=_limited, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("100,000 independent consumers") == 200


# --- caps on listed consumers and workloads -------------------------------------------------


def test_more_than_1000_listed_consumers_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(HEAD + _listed(1001))
    result = run_cli(["recommend", "--dry-run", str(path)])
    assert result.exit_code == 2
    line = HEAD.count("\n") + 1 + 1001  # the 1,001st item
    assert f"w.yaml:{line}:5: consumers lists 1,001 items; at most 1,000" in result.output
    assert "consumers: 5000" in result.output  # the hint: a count is one group


def test_1000_listed_consumers_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(HEAD + _listed(1000))
    result = run_cli(["recommend", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "1,000 independent consumers" in result.output


def test_more_than_1000_workloads_in_one_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("version: 1\ndefaults: {kind: event}\nworkloads:\n"
                    + "".join(f"  - {{name: w{i}}}\n" for i in range(1001)))
    result = run_cli(["recommend", "--dry-run", str(path)])
    assert result.exit_code == 2
    assert "many.yaml:1004:5: the file lists 1,001 workloads; at most 1,000" in result.output
    assert "split the workloads" in result.output


def test_a_run_is_capped_in_workloads_and_listed_consumers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.workload as workload_module

    for i in range(3):
        (tmp_path / f"w{i}.yaml").write_text(
            f"version: 1\nname: w{i}\nkind: event\nconsumers: [{{name: a}}, {{name: b}}]\n")
    files = [str(tmp_path / f"w{i}.yaml") for i in range(3)]
    monkeypatch.setattr(workload_module, "MAX_WORKLOADS_PER_RUN", 2)
    result = run_cli(["recommend", "--dry-run", *files])
    assert result.exit_code == 2
    assert "w2.yaml:2:7: more than 2 workloads in one run" in result.output
    monkeypatch.setattr(workload_module, "MAX_WORKLOADS_PER_RUN", 100)
    monkeypatch.setattr(workload_module, "MAX_LISTED_CONSUMERS_PER_RUN", 5)
    result = run_cli(["recommend", "--dry-run", *files])
    assert result.exit_code == 2
    assert "w2.yaml:4:12: more than 5 listed consumers in one run" in result.output
    result = run_cli(["check", *files])
    assert result.exit_code != 0
    assert "more than 5 listed consumers in one run" in result.output


# --- the flips search each shape once ------------------------------------------------------


@pytest.mark.parametrize("shapes", [1, 10])
def test_flips_work_does_not_grow_with_alike_consumers(
        shapes: int, rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _derived_consumers(monkeypatch)
    work = []
    for count in (10 * shapes, 100 * shapes, 1000):
        w = workload_from(HEAD + "latency: 1s\n" + _listed(count, shapes))
        today = advise_model(w, rules)
        seen[0] = 0
        found = find_flips(w, rules, today)
        work.append(seen[0])
        capacity = [f for f in found if f.driver.endswith(".max_rate")]
        # every consumer still gets its own flip, by its own name and place
        assert {f.driver for f in capacity} <= {f"consumers.{i}.max_rate" for i in range(count)}
        assert len(capacity) in (0, count)
    assert work[0] == work[1] == work[2], work


def advise_model(w: Workload, rules: RuleSet) -> str:
    from advisor.engine import model_of

    return model_of(derive(w), rules)


def test_alike_consumers_get_the_same_capacity_flip_by_their_own_names(
        rules: RuleSet) -> None:
    w = workload_from(HEAD + ALIKE)
    found = {f.driver: f for f in find_flips(w, rules, advise_model(w, rules))}
    a, c = found.get("consumers.0.max_rate"), found.get("consumers.2.max_rate")
    assert a is not None and c is not None
    assert (a.value, a.model) == (c.value, c.model)
    assert a.text.startswith("a could absorb") and c.text.startswith("c could absorb")


ALIKE = ("latency: 1s\nconsumers:\n  - {name: a, runs_on: lambda}\n"
         "  - {name: b, runs_on: https}\n  - {name: c, runs_on: lambda}\n")


@pytest.mark.parametrize("text", [
    HEAD + ALIKE,
    HEAD + "replay: 1d\n" + ALIKE.replace("{name: c, runs_on: lambda}",
                                          "{name: c, runs_on: lambda, replay: 1d}"),
    HEAD + "consumers: 4\n",
    *(path.read_text() for path in EXAMPLES),
])
def test_grouping_by_shape_gives_the_flips_of_searching_every_consumer(
        text: str, rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    for w in parse_workloads(parse_yaml(text, "w.yaml"), "w.yaml"):
        today = advise_model(w, rules)
        grouped = find_flips(w, rules, today)
        with monkeypatch.context() as patch:
            patch.setattr(flips_module, "_grouped", _one_by_one)
            assert find_flips(w, rules, today) == grouped


def _one_by_one(w: Workload, rules: RuleSet) -> tuple[Workload, list[tuple[bool, bool]],
                                                       list[int]]:
    inherits = list(zip(flips_module._inherit(w, "batching"), flips_module._inherit(w, "replay"),
                        strict=False))
    return w, inherits, list(range(len(w.consumers)))


def test_many_distinct_shapes_are_searched_within_a_budget(
        rules: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flips_module, "CAPACITY_BUDGET", 30_000)
    w = workload_from(HEAD + "consumers:\n" + "".join(
        f"  - {{name: c{i}, runs_on: lambda, max_rate: {i + 1}/s}}\n" for i in range(300)))
    seen = _derived_consumers(monkeypatch)
    find_flips(w, rules, advise_model(w, rules))
    # 30,000 // (30 runs x 300 shapes) = 3 shapes searched; the other flips take ~100 runs.
    assert seen[0] <= 3 * 30_000 + 150 * 300, seen[0]
