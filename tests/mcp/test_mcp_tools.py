"""Each tool's refusals, in-process: bad arguments, paths out of the working folder,
oversized input and advisor's own faults are tool errors (isError) that say what to fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytest.importorskip("mcp", reason="the mcp extra is not installed")

from advisor.format.yamlnodes import MAX_FILE_BYTES
from advisor.mcp.server import answer

EXAMPLE = ROOT / "examples" / "order-placed.yaml"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server's working folder: a repository holding one workload."""
    folder = tmp_path / "work"
    (folder / ".git").mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "order-placed.yaml")
    monkeypatch.chdir(folder)
    return folder


def error(name: str, arguments: dict[str, Any]) -> str:
    result = answer(name, arguments)
    assert result.is_error and result.structured_content is None
    assert len(result.content) == 1 and result.content[0].type == "text"
    return result.content[0].text


def test_a_path_out_of_the_working_folder_is_refused(work: Path) -> None:
    shutil.copy(EXAMPLE, work.parent / "outside.yaml")
    (work / "link.yaml").symlink_to(work.parent / "outside.yaml")
    for tool in ("recommend", "explain", "check"):
        for path in ("../outside.yaml", str(work.parent / "outside.yaml"), "link.yaml"):
            text = error(tool, {"path": path})
            assert "leads outside the server's working folder" in text, (tool, path, text)
            assert "hint: name a place inside the server's working folder" in text
    assert not answer("recommend", {"path": "order-placed.yaml"}).is_error


def test_an_adr_folder_configured_out_of_the_working_folder_is_refused(work: Path) -> None:
    inner = work / "service"
    inner.mkdir()
    shutil.copy(EXAMPLE, inner / "order-placed.yaml")
    (work / ".advisor.yaml").write_text("adr_dir: docs/adr\n")
    os.chdir(inner)  # the repository's ADR folder lies above the working folder
    text = error("recommend", {"path": "order-placed.yaml", "write_adr": True})
    assert "the ADR folder" in text and "leads outside the server's working folder" in text
    assert not (work / "docs").exists()


def test_oversized_input_is_refused_by_the_limit_of_a_file(work: Path) -> None:
    text = error("recommend", {"workload": "#" * (MAX_FILE_BYTES + 1)})
    assert f"<stdin>: more than {MAX_FILE_BYTES:,} bytes" in text
    big = work / "big.yaml"
    big.write_text("#" * (MAX_FILE_BYTES + 1))
    assert f"more than {MAX_FILE_BYTES:,} bytes" in error("explain", {"path": "big.yaml"})


@pytest.mark.parametrize("tool", ["recommend", "explain", "check"])
def test_hidden_files_and_folders_are_never_read(work: Path, tool: str) -> None:
    (work / ".git" / "token").write_text("ghp_0123456789abcdefghijklmnopqrstuvwxyz\n")
    (work / ".env").write_text("AWS_SECRET_ACCESS_KEY: abc\n")
    (work / "innocent.yaml").symlink_to(work / ".git" / "token")
    for path in (".git/token", ".env", "innocent.yaml", "./.git/../.env"):
        text = error(tool, {"path": path})
        assert "hidden file or folder (such as .git or .env)" in text, (path, text)
        assert "ghp_" not in text and "AWS_SECRET" not in text


def test_arguments_are_checked_as_the_schema_says() -> None:
    assert "unknown argument 'workloads'" in error("recommend", {"workloads": "x"})
    assert "give either `workload` or `path`, one of them" in error("explain", {})
    assert "not both" in error("recommend", {"workload": "x", "path": "y"})
    assert "`workload` must be a string, not int" in error("recommend", {"workload": 1})
    assert "`adr` must be true or false" in error("recommend", {"path": "x", "adr": "yes"})
    # With several clouds registered, schema takes `cloud` and nothing else.
    assert "unknown argument 'x'" in error("schema", {"x": 1})
    assert "no tool 'recommendation'" in error("recommendation", {})


def test_the_cloud_is_one_the_registry_of_providers_knows(work: Path) -> None:
    text = error("recommend", {"path": "order-placed.yaml", "cloud": "mars"})
    assert "advisor knows no cloud 'mars'" in text and "hint: clouds: aws, azure, gcp" in text
    assert not answer("recommend", {"path": "order-placed.yaml", "cloud": "aws"}).is_error


def test_a_text_workload_cannot_write_an_adr(work: Path) -> None:
    text = error("recommend", {"workload": EXAMPLE.read_text(), "write_adr": True})
    assert "no file for its ADR to record" in text and text.endswith("Nothing was written.\n")
    assert not (work / "docs").exists()


def test_advisor_s_own_fault_is_a_tool_error_and_not_a_dead_server(
        work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.answers.recommend

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    advise = advisor.answers.recommend.advise
    monkeypatch.setattr(advisor.answers.recommend, "advise", broken)
    assert "internal error (RuntimeError): boom" in error("recommend",
                                                          {"path": "order-placed.yaml"})
    monkeypatch.setattr(advisor.answers.recommend, "advise", advise)
    assert not answer("recommend", {"path": EXAMPLE.name}).is_error
