"""check's warm path (gate/cache.py): an unchanged repository is served the stored result,
byte for byte what a cold run prints; any change to what a finding depends on recomputes;
a missing, corrupt, foreign or unwritable cache never changes an answer or fails a run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import advisor.core.recommend as core_recommend
from advisor.gate import cache
from tests.conftest import ROOT, run_cli

EXAMPLES = ("order-placed", "clickstream", "password-reset")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with three workloads, their ADRs and a config with globs."""
    (tmp_path / "workloads").mkdir()
    for name in EXAMPLES:
        (tmp_path / "workloads" / f"{name}.yaml").write_text(
            (ROOT / "examples" / f"{name}.yaml").read_text())
    (tmp_path / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    monkeypatch.chdir(tmp_path)
    written = run_cli(["recommend", *(f"workloads/{n}.yaml" for n in EXAMPLES),
                       "--date", "2026-11-30", "-q"])
    assert written.exit_code == 0, written.stderr
    return tmp_path


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The workloads check recomputed, in order: empty when the cache served the run."""
    names: list[str] = []
    real = core_recommend.quick_recommendation

    def counting(workload, *args, **kwargs):  # type: ignore[no-untyped-def]
        names.append(workload.name)
        return real(workload, *args, **kwargs)

    monkeypatch.setattr(core_recommend, "quick_recommendation", counting)
    yield names


def check(*args: str) -> tuple[int, str]:
    result = run_cli(["check", "--date", "2026-11-30", *args])
    return result.exit_code, result.stdout


def entries() -> list[Path]:
    folder = cache.cache_folder()
    return sorted(folder.glob("check-*.json")) if folder.is_dir() else []


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_warm_run_prints_what_the_cold_one_did_without_recomputing(
        repo: Path, computed: list[str], fmt: str) -> None:
    cold = check("--format", fmt)
    assert sorted(computed) == sorted(EXAMPLES)
    computed.clear()
    warm = check("--format", fmt)
    assert computed == []
    assert warm == cold
    assert check("--format", fmt, "--no-cache") == cold
    assert sorted(computed) == sorted(EXAMPLES)


@pytest.mark.parametrize("change", ["workload", "adr", "index", "date", "config", "pack"])
def test_any_change_to_an_input_recomputes(repo: Path, computed: list[str],
                                           change: str) -> None:
    before = check()
    computed.clear()
    args: list[str] = []
    if change == "workload":
        path = repo / "workloads" / "clickstream.yaml"
        path.write_text(path.read_text().replace("latency: 1m", "latency: 100ms"))
    elif change == "adr":
        adr = next((repo / "docs" / "decisions").glob("0002-*.md"))
        adr.write_text(adr.read_text() + "\nA note people added.\n")
    elif change == "index":
        index = repo / "docs" / "decisions" / "README.md"
        index.write_text(index.read_text().replace("| proposed |", "| accepted |", 1))
    elif change == "date":
        args = ["--date", "2031-01-01"]
    elif change == "config":
        (repo / ".advisor.yaml").write_text(
            'workloads: ["workloads/*.yaml"]\nseverity: {ADV115: error}\n')
    else:
        (repo / "pack").mkdir()
        (repo / "pack" / "extra.yaml").write_text("rules: []\n")
        args = ["--rules", "pack"]
    after = run_cli(["check", "--date", "2026-11-30", *args])
    assert sorted(computed) == sorted(EXAMPLES), change
    if change in ("workload", "adr", "index", "date", "config"):
        assert after.stdout != before[1], change  # and the answer moved with it


def test_no_cache_neither_reads_nor_writes(repo: Path, computed: list[str]) -> None:
    check("--no-cache")
    assert entries() == []
    check()
    assert len(entries()) == 1
    computed.clear()
    check("--no-cache")
    assert sorted(computed) == sorted(EXAMPLES)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other-version", "other-key",
                                    "folder", "empty"])
def test_a_damaged_or_foreign_entry_is_passed_over(repo: Path, computed: list[str],
                                                    damage: str) -> None:
    cold = check()
    [entry] = entries()
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        entry.write_bytes(b"\xff\xfe not json")
    elif damage == "other-version":
        entry.write_bytes(data.replace(b'"version":"', b'"version":"0.0.0-', 1))
    elif damage == "other-key":
        entry.write_bytes(data.replace(b'"key":"', b'"key":"0', 1))
    elif damage == "folder":
        entry.unlink()
        entry.mkdir()
    else:
        entry.write_bytes(b"")
    computed.clear()
    assert check() == cold
    assert sorted(computed) == sorted(EXAMPLES)


def test_an_unwritable_cache_folder_costs_the_warm_path_never_the_run(
        repo: Path, computed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = repo / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first = check()
    second = check()
    assert first == second and first[0] in (0, 1)
    assert sorted(computed) == sorted(EXAMPLES * 2)


def test_an_unreadable_input_goes_without_the_cache(repo: Path, computed: list[str]) -> None:
    os.mkfifo(repo / "workloads" / "stuck.yaml")  # check refuses it; nothing to keep
    first = run_cli(["check", "--date", "2026-11-30", "workloads/stuck.yaml"])
    assert first.exit_code == 1 and "not a regular file" in first.stdout
    assert entries() == []


def test_the_folder_keeps_only_the_newest_entries(repo: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 3)
    for day in range(1, 6):
        check("--date", f"2026-12-0{day}")
    assert len(entries()) == 3


def test_the_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                       ) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_folder() == tmp_path / "advisor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = ("Library/Caches/advisor" if cache.sys.platform == "darwin"
                else ".cache/advisor")
    assert cache.cache_folder() == tmp_path / "home" / expected
