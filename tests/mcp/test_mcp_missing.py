"""Without the mcp extra, `advisor mcp` says how to install it: exit 2, one message, no
traceback; and the package still imports (no module of advisor.mcp needs the SDK to load)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _sdk_version(monkeypatch: pytest.MonkeyPatch, version: str | None) -> None:
    """The installed SDK's version as advisor reads it: `version`, or not installed."""
    from importlib import metadata

    real = metadata.version

    def version_of(name: str) -> str:
        if name != "mcp":
            return real(name)
        if version is None:
            raise metadata.PackageNotFoundError(name)
        return version

    monkeypatch.setattr(metadata, "version", version_of)


def test_without_the_extra_the_command_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _sdk_version(monkeypatch, None)
    result = run_cli(["mcp"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("advisor mcp: the MCP server needs the optional SDK; install it "
                             "with: pip install 'pushpoll-advisor[mcp]'\n")


def test_an_sdk_of_another_major_version_is_named_not_a_crash(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _sdk_version(monkeypatch, "1.27.0")
    result = run_cli(["mcp"])
    assert result.exit_code == 2
    assert result.stderr == ("advisor mcp: the MCP server needs version 2 of the SDK (mcp), "
                             "and 1.27.0 is installed; install the extra again: pip install "
                             "'pushpoll-advisor[mcp]'\n")


def test_an_sdk_missing_a_module_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith("mcp.server")] + ["mcp.server.stdio"]:
        monkeypatch.setitem(sys.modules, name, None)  # None: the import fails
    result = run_cli(["mcp"])
    assert result.exit_code == 2
    assert result.stderr.startswith("advisor mcp: the MCP SDK is incomplete (")


def test_a_working_folder_that_holds_everything_must_be_named(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = run_cli(["mcp"])
    assert result.exit_code == 2
    assert "pass --root with the repository's folder" in result.stderr
    result = run_cli(["mcp", "--root", "/"])
    assert result.exit_code == 2 and "would be /," in result.stderr
    result = run_cli(["mcp", "--root", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "cannot be used as the working folder" in result.stderr


def test_the_server_s_modules_import_without_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("mcp", "mcp.server", "mcp_types"):
        monkeypatch.setitem(sys.modules, name, None)
    for module in ("server", "calls", "tools", "arguments"):
        monkeypatch.delitem(sys.modules, f"advisor.mcp.{module}", raising=False)
        importlib.import_module(f"advisor.mcp.{module}")


def test_help_names_the_command_and_the_extra() -> None:
    result = run_cli(["mcp", "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert "Model Context Protocol" in result.stdout
    assert "optional mcp extra" in result.stdout
