"""check's warm path and the conformance gate: the cache key holds the workload files, not
the templates they name, so a stored result records each template it read and is served only
while every one reads the same. A template edit is never answered from the cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import advisor.core.recommend as core_recommend
from tests.conftest import run_cli
from tests.gate.test_conformance import LEDGER, LEDGER_QUEUE


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The workloads check recomputed: empty when the cache served the run."""
    names: list[str] = []
    real = core_recommend.quick_recommendation

    def counting(workload, *args, **kwargs):  # type: ignore[no-untyped-def]
        names.append(workload.name)
        return real(workload, *args, **kwargs)

    monkeypatch.setattr(core_recommend, "quick_recommendation", counting)
    yield names


def check() -> tuple[int, str]:
    result = run_cli(["check", "w.yaml", "--date", "2026-11-30"])
    return result.exit_code, result.stdout


def test_a_template_edit_is_never_answered_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computed: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    template = tmp_path / "infra" / "t.yaml"
    template.write_text(LEDGER_QUEUE.format(visibility=42))
    (tmp_path / "w.yaml").write_text(LEDGER + "implemented_by: infra/t.yaml\n")
    cold = check()
    assert computed == ["ledger"] and "ADV205" not in cold[1]
    assert check() == cold and computed == ["ledger"]  # served: nothing changed
    # The same size and the same modification time: only the bytes tell.
    stat = template.stat()
    template.write_text(LEDGER_QUEUE.format(visibility=30))
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = check()
    assert computed == ["ledger", "ledger"]
    assert edited[0] == 1 and "infra/t.yaml:6:7: error ADV205" in edited[1]
    template.unlink()  # gone: recomputed, and said
    gone = check()
    assert computed == ["ledger"] * 3 and "ADV201" in gone[1] and "no such file" in gone[1]
    template.write_text(LEDGER_QUEUE.format(visibility=30))
    assert check() == edited and computed == ["ledger"] * 4  # one entry a key: recomputed
    assert check() == edited and computed == ["ledger"] * 4  # and then served
