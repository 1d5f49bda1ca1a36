"""recommend's warm path (answers/searches.py): the flips an earlier run searched for an
unchanged workload are reused, and the answer is byte for byte the same; anything that could
change them searches anew; a damaged or foreign store is passed over."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import advisor.core.recommend as core_recommend
from advisor.answers import searches
from advisor.gate.cache import cache_folder
from tests.conftest import ROOT, run_cli

EXAMPLES = ("order-placed", "clickstream", "payment-commands")


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The workloads whose flips were searched for, by name."""
    names: Counter[str] = Counter()
    real = core_recommend.find_flips

    def counting(w, *args, **kwargs):  # type: ignore[no-untyped-def]
        names[w.name] += 1
        return real(w, *args, **kwargs)

    monkeypatch.setattr(core_recommend, "find_flips", counting)
    return names


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    for name in EXAMPLES:
        (tmp_path / f"{name}.yaml").write_text((ROOT / "examples" / f"{name}.yaml").read_text())
    return [f"{name}.yaml" for name in EXAMPLES]


def recommend(files: list[str], *args: str) -> str:
    result = run_cli(["recommend", "--dry-run", "--format", "json", "--date", "2026-11-30",
                      *files, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_second_run_reuses_the_searches_and_answers_alike(
        files: list[str], searched: Counter[str]) -> None:
    cold = recommend(files)
    assert set(searched) == set(EXAMPLES)
    searched.clear()
    assert recommend(files) == cold
    assert not searched
    assert recommend(files, "--no-cache") == cold
    assert set(searched) == set(EXAMPLES)


def test_a_changed_workload_or_day_searches_anew(files: list[str],
                                                 searched: Counter[str]) -> None:
    recommend(files)
    searched.clear()
    path = Path("clickstream.yaml")
    path.write_text(path.read_text().replace("latency: 1m", "latency: 30s"))
    recommend(files)
    assert set(searched) == {"clickstream"}
    searched.clear()
    recommend(files, "--date", "2027-01-05")
    assert set(searched) == set(EXAMPLES)


def stored() -> list[Path]:
    folder = cache_folder() / searches.FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_no_cache_writes_nothing(files: list[str]) -> None:
    recommend(files, "--no-cache")
    assert stored() == []
    recommend(files)
    assert len(stored()) == len(EXAMPLES)


@pytest.mark.parametrize("damage", ["garbage", "other-version", "folder", "wrong-shape"])
def test_a_damaged_store_is_passed_over(files: list[str], searched: Counter[str],
                                        damage: str) -> None:
    cold = recommend(files)
    for store in stored():
        data = store.read_bytes()
        if damage == "garbage":
            store.write_bytes(data[: len(data) // 3])
        elif damage == "other-version":
            store.write_bytes(data.replace(b'"version":"', b'"version":"0.0.0-', 1))
        elif damage == "folder":
            store.unlink()
            store.mkdir()
        else:
            store.write_bytes(b'{"version":"x","searched":[1,2]}')
    searched.clear()
    assert recommend(files) == cold
    assert set(searched) == set(EXAMPLES)


def test_the_store_keeps_the_most_recently_used(files: list[str],
                                                monkeypatch: pytest.MonkeyPatch,
                                                searched: Counter[str]) -> None:
    monkeypatch.setattr(searches, "KEEP", 2)
    recommend(files)  # three searched, two kept: the last two
    searched.clear()
    recommend(files[:1])
    assert set(searched) == {EXAMPLES[0]}
