"""From decision to deployable template and back (issue 17, item 4), through the public CLI in
a temporary git repository: the template advisor writes for a decision passes the gate that
holds it to that decision, and a careless edit to it fails the gate at the line it broke.

Then the same for every AWS example and calibration scenario, all in one repository and one
check run: no generated template contradicts its own ADR."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.calibration import SCENARIOS
from tests.conftest import EXAMPLES, git, git_repo, run_cli

DATE = "2026-11-30"
INFRA = "infra/order-placed.yaml"


def _commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "decision and its template")


def _check() -> tuple[int, list[dict[str, object]]]:
    result = run_cli(["check", "workloads", "--date", DATE, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def _without_redrive(text: str) -> tuple[str, str, int]:
    """The template with the RedrivePolicy of its first queue (not a dead-letter queue)
    deleted as a person would, lines and all; that queue's logical id and line."""
    lines = text.splitlines(keepends=True)
    for start, line in enumerate(lines):
        head = re.fullmatch(r"  ([A-Za-z0-9]+):\n", line)
        if not head or lines[start + 1] != "    Type: AWS::SQS::Queue\n":
            continue
        end = next((i for i in range(start + 1, len(lines))
                    if re.match(r"  [A-Za-z0-9]+:\n", lines[i])), len(lines))
        body = lines[start:end]
        if "        part: queue\n" not in body or "      RedrivePolicy:\n" not in body:
            continue
        cut = start + body.index("      RedrivePolicy:\n")
        stop = next(i for i in range(cut + 1, end) if not lines[i].startswith("        "))
        return "".join(lines[:cut] + lines[stop:]), head.group(1), start + 1
    raise AssertionError("the template has no queue with a RedrivePolicy")


def test_recommend_template_commit_check_break_restore(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path, monkeypatch, "order-placed")
    workload = repo / "workloads" / "order-placed.yaml"
    workload.write_text(workload.read_text() + f"implemented_by: ../{INFRA}\n")
    assert run_cli(["recommend", str(workload), "--date", DATE]).exit_code == 0
    assert run_cli(["template", str(workload), "-o", INFRA, "--date", DATE]).exit_code == 0
    _commit(repo)
    code, found = _check()
    assert code == 0
    assert not [f for f in found if str(f["code"]).startswith("ADV2")]

    template = repo / INFRA
    original = template.read_text()
    broken, queue, line = _without_redrive(original)
    template.write_text(broken)
    code, found = _check()
    assert code == 1
    errors = [f for f in found if f["severity"] == "error"]
    assert [(f["code"], f["path"], f["line"]) for f in errors] == [("ADV204", INFRA, line)]
    assert f"queue {queue} " in str(errors[0]["message"])

    template.write_text(original)
    code, found = _check()
    assert code == 0
    assert not [f for f in found if str(f["code"]).startswith("ADV2")]


def _aws_sources() -> list[Path]:
    """Every example and every calibration scenario (the scenarios' own cloud folders, such
    as gcp/, are not among them)."""
    return [*EXAMPLES, *SCENARIOS]


def _as_workload(path: Path) -> str:
    """The workload file as a team would commit it: a scenario without its `expected:`
    block, naming the template written beside it (for a file of several workloads, as
    their default)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("expected", None)
    named = {"implemented_by": f"../infra/{path.name}"}
    if "workloads" in data:
        data["defaults"] = {**data.get("defaults", {}), **named}
    else:
        data.update(named)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def every_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, list[dict[str, object]]]]:
    """The conformance findings (ADV2xx) of one check over every source, by file name."""
    repo = tmp_path_factory.mktemp("every")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.delenv("GITHUB_ACTIONS", raising=False)
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        git(repo, "init", "-q")
        git(repo, "config", "user.email", "architect@example.com")
        git(repo, "config", "user.name", "Architect")
        (repo / "workloads").mkdir()
        for source in _aws_sources():
            (repo / "workloads" / source.name).write_text(_as_workload(source),
                                                          encoding="utf-8")
        files = sorted(str(p) for p in (repo / "workloads").glob("*.yaml"))
        recommended = run_cli(["recommend", *files, "--date", DATE])
        assert recommended.exit_code == 0, recommended.output
        for path in files:
            written = run_cli(["template", path, "-o", f"infra/{Path(path).name}",
                               "--date", DATE])
            assert written.exit_code == 0, written.output
        _commit(repo)
        result = run_cli(["check", "workloads", "--date", DATE, "--format", "json",
                          "--no-cache"])
        # Exit 1 fails the sources with findings below, one by one.
        assert result.exit_code in (0, 1), result.output
        by_file: dict[str, list[dict[str, object]]] = {p.name: [] for p in _aws_sources()}
        for finding in json.loads(result.stdout)["findings"]:
            if str(finding["code"]).startswith("ADV2"):
                by_file[Path(str(finding["path"])).name].append(finding)
        yield by_file
    shutil.rmtree(repo, ignore_errors=True)


@pytest.mark.parametrize("source", [p.name for p in _aws_sources()])
def test_every_generated_template_conforms_to_its_own_adr(
        every_template: dict[str, list[dict[str, object]]], source: str) -> None:
    assert every_template[source] == []
