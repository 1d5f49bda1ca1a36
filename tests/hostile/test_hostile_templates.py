"""Hostile templates (issue 17, item 3): the file a workload's `implemented_by` names comes
through the same doors as every file a pull request commits. A path out of the repository
(absolute, `..`, a symbolic link), a hidden file, a FIFO, a huge or non-UTF-8 file, an alias
bomb or an unknown tag is refused with one located finding, without hanging and without
echoing what lies outside. The cases that could hang run advisor in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from advisor.format.yamlnodes import MAX_FILE_BYTES
from tests.conftest import run_advisor, run_cli

SECRET = "SECRET-abc123"
WORKLOAD = """version: 1
name: ledger
kind: command
throughput: {average: 20/s, peak: 200/s}
processing_time: 500ms
consumers:
  - name: ledger-writer
    runs_on: lambda
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "t.yaml").write_text(f"Resources:\n  {SECRET}: [\n")
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "infra").mkdir()
    monkeypatch.chdir(root)
    return root


def name_template(repo: Path, named: str) -> None:
    (repo / "w.yaml").write_text(WORKLOAD + f"implemented_by: {json.dumps(named)}\n")


def findings(*args: str) -> list[dict[str, object]]:
    result = run_cli(["check", "w.yaml", "--format", "json", "--no-cache", *args])
    assert SECRET not in result.stdout + result.stderr
    assert result.exit_code in (1, 2), result.output
    if result.exit_code == 2:
        return []
    return [f for f in json.loads(result.stdout)["findings"]
            if f["code"] in ("ADV101", "ADV201")]


@pytest.mark.parametrize(("named", "said"), [
    ("/etc/passwd", "implemented_by is an absolute path"),
    (".git/config", "implemented_by names a hidden file or folder ('.git')"),
    ("infra/.env", "names a hidden file or folder ('.env')"),
    ("", "implemented_by is empty"),
])
def test_a_path_out_of_the_repository_is_refused_as_written(
        repo: Path, named: str, said: str) -> None:
    name_template(repo, named)
    found = findings()
    assert [(f["code"], f["path"], f["line"]) for f in found] == [("ADV101", "w.yaml", 9)]
    assert said in str(found[0]["message"])
    result = run_cli(["recommend", "w.yaml", "--dry-run"])
    assert result.exit_code == 2 and result.stderr.startswith("w.yaml:9:17: implemented_by ")
    assert said in result.stderr and "Nothing was written." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("named", ["../outside/t.yaml", "infra/../../outside/t.yaml"])
def test_a_dot_dot_path_out_of_the_repository_is_refused_unread(repo: Path, named: str) -> None:
    # A `..` step may reach a sibling folder of the repository (workloads/ beside infra/);
    # one that leaves the repository is refused before the file is opened.
    name_template(repo, named)
    found = findings()
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in found] == [
        ("ADV201", "w.yaml", 9, 17)]
    assert "outside the repository" in str(found[0]["message"])


def test_a_dot_dot_path_to_a_sibling_folder_is_read(repo: Path) -> None:
    (repo / "workloads").mkdir()
    (repo / "workloads" / "w.yaml").write_text(
        WORKLOAD + 'implemented_by: "../infra/t.yaml"\n')
    (repo / "infra" / "t.yaml").write_text("Resources:\n  Q: [\n")
    result = run_cli(["check", "workloads/w.yaml", "--format", "json", "--no-cache"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ADV201"]
    assert [f["path"] for f in found] == ["infra/t.yaml"]  # read, and its mistake located there


def test_a_symbolic_link_out_of_the_repository(repo: Path) -> None:
    (repo / "infra" / "t.yaml").symlink_to(repo.parent / "outside" / "t.yaml")
    name_template(repo, "infra/t.yaml")
    found = findings()
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in found] == [
        ("ADV201", "w.yaml", 9, 17)]
    assert "the template infra/t.yaml named by implemented_by cannot be checked: the " \
        "template leads outside the repository" in str(found[0]["message"])


def test_a_missing_template(repo: Path) -> None:
    name_template(repo, "infra/none.yaml")
    found = findings()
    assert [(f["code"], f["line"]) for f in found] == [("ADV201", 9)]
    assert "no such file" in str(found[0]["message"])


def test_a_huge_template(repo: Path) -> None:
    (repo / "infra" / "t.yaml").write_text("#" * (MAX_FILE_BYTES + 10))
    name_template(repo, "infra/t.yaml")
    found = findings()
    assert [f["code"] for f in found] == ["ADV201"]
    assert f"a template may be at most {MAX_FILE_BYTES:,}" in str(found[0]["message"])


def test_a_template_that_is_not_utf8(repo: Path) -> None:
    (repo / "infra" / "t.yaml").write_bytes(b"Resources:\n  Q\xff: {Type: AWS::SQS::Queue}\n")
    name_template(repo, "infra/t.yaml")
    found = findings()
    assert [(f["code"], f["path"], f["line"], f["column"]) for f in found] == [
        ("ADV201", "infra/t.yaml", 2, 4)]
    assert "not valid UTF-8" in str(found[0]["message"])


@pytest.mark.parametrize(("text", "said", "line"), [
    ("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {A: !Shell rm}}\n",
     "the YAML tag '!Shell' is not allowed", 2),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n"
               for p, n in zip("abcdefg", "bcdefgh", strict=True))
     + "Resources: {}\n", "aliases expand to more than", 1),
])
def test_a_template_the_reader_refuses(repo: Path, text: str, said: str, line: int) -> None:
    (repo / "infra" / "t.yaml").write_text(text)
    name_template(repo, "infra/t.yaml")
    found = findings()
    assert [(f["code"], f["path"], f["line"]) for f in found] == [
        ("ADV201", "infra/t.yaml", line)]
    assert said in str(found[0]["message"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_named_as_the_template_does_not_hang(repo: Path) -> None:
    os.mkfifo(repo / "infra" / "t.yaml")
    name_template(repo, "infra/t.yaml")
    try:
        result = run_advisor("check", "w.yaml", "--no-cache", cwd=repo, timeout=60)
    except subprocess.TimeoutExpired:  # pragma: no cover - the regression this guards
        pytest.fail("check hung on a FIFO named as the template")
    assert result.returncode == 1, result.stderr
    assert "w.yaml:9:17: error ADV201 the template infra/t.yaml named by implemented_by " \
        "cannot be checked: this is not a regular file" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_symbolic_link_to_a_hidden_file_of_the_repository(repo: Path) -> None:
    (repo / ".git" / "config").write_text(f"[http]\n  extraheader = {SECRET}\n")
    (repo / "infra" / "t.yaml").symlink_to(repo / ".git" / "config")
    name_template(repo, "infra/t.yaml")
    found = findings()
    assert [(f["code"], f["line"]) for f in found] == [("ADV201", 9)]
    assert "leads through a symbolic link to a hidden file or folder" in str(
        found[0]["message"])
