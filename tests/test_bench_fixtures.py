"""The benchmark's fixtures are what it says they are (benchmarks/fixtures.py).

Not a timing test: it holds the inputs of the scaling series to their promises (they validate,
they have the advertised counts, the consumers all differ) and the fixture runs to exit 0.
"""

from __future__ import annotations

import importlib.util
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest
from msgspec.structs import astuple

from advisor.format.workload import load_workloads
from advisor.format.yamlnodes import MAX_FILE_BYTES
from advisor.providers.aws.provider import AWS
from tests.conftest import ROOT


def _load_fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_fixtures",
                                                  ROOT / "benchmarks" / "fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _load_fixtures()


@pytest.mark.parametrize("count", [100, 1000])
def test_the_consumer_series_validates_with_that_many_consumers_all_different(
        tmp_path: Path, count: int) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(fixtures.consumers_workload(count))
    [workload] = load_workloads(path, vocabularies=AWS.vocabulary)
    assert workload.consumers_listed
    assert len(workload.consumers) == count
    # Shapes as advisor reads them: every field but the name and the position.
    shapes = {astuple(c)[2:] for c in workload.consumers}
    assert len(shapes) == count
    # `function` is `lambda` on AWS, so the file names eight kinds and advisor reads seven.
    assert {fixtures.consumer(i)["runs_on"] for i in range(count)} == set(fixtures.RUNS_ON)
    assert {c.runs_on for c in workload.consumers} == set(fixtures.RUNS_ON) - {"function"}
    assert any(c.batching.size for c in workload.consumers)
    assert any(c.replay for c in workload.consumers)
    assert {c.recipients for c in workload.consumers if c.runs_on == "email"} == {
        "per-message", "fixed"}


def test_separate_files_and_one_file_hold_the_same_valid_workloads(tmp_path: Path) -> None:
    files = fixtures.write_separate(tmp_path / "files", 20)
    assert len(files) == 20
    separate = [w for shown in files
                for w in load_workloads(tmp_path / "files" / shown, vocabularies=AWS.vocabulary)]
    [one] = fixtures.write_one_file(tmp_path / "one", 20)
    together = load_workloads(tmp_path / "one" / one, vocabularies=AWS.vocabulary)
    assert [w.name for w in separate] == [w.name for w in together]
    assert len({w.name for w in together}) == 20
    assert (tmp_path / "files" / ".advisor.yaml").read_text() == fixtures.CONFIG


def test_the_one_file_of_the_benchmark_is_within_advisors_caps(tmp_path: Path) -> None:
    # Sizes and counts only: the test above shows that the workloads themselves validate.
    [one] = fixtures.write_one_file(tmp_path, 1000)
    text = (tmp_path / one).read_text()
    assert len(text.encode()) <= MAX_FILE_BYTES
    assert sum(line.startswith("- name: ") for line in text.splitlines()) == 1000
    with pytest.raises(ValueError, match="at most 1,000"):
        fixtures.write_one_file(tmp_path / "more", 1001)


def _fake_advisor(folder: Path, exit_code: int) -> str:
    """A stand-in for `advisor` that logs how many files each run got, then exits."""
    script = folder / "advisor"
    script.write_text(f"#!{sys.executable}\nimport sys\n"
                      f"open({str(folder / 'log')!r}, 'a').write(f'{{len(sys.argv)}}\\n')\n"
                      f"sys.stderr.write('what went wrong')\nsys.exit({exit_code})\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def test_recommend_all_runs_as_few_children_as_the_cap_allows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fixtures, "MAX_PER_RUN", 2)
    advisor = _fake_advisor(tmp_path, 0)
    fixtures.recommend_all(advisor, tmp_path, ["a", "b", "c", "d", "e"], fixtures.child_env())
    # argv: the program, "recommend", the files, --date, the date, --quiet
    assert (tmp_path / "log").read_text().split() == ["7", "7", "6"]


def test_recommend_all_fails_with_the_childs_error_on_a_nonzero_exit(tmp_path: Path) -> None:
    advisor = _fake_advisor(tmp_path, 1)
    with pytest.raises(fixtures.ChildFailed, match="exited 1:\nwhat went wrong"):
        fixtures.recommend_all(advisor, tmp_path, ["a"], fixtures.child_env())
