"""Without the mcp extra, `advisor mcp` says how to install it: exit 2, one message, no
traceback; and the package still imports (no module of advisor.mcp needs the SDK to load)."""

from __future__ import annotations

import importlib
import sys

import pytest

from tests.conftest import run_cli


def test_without_the_extra_the_command_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "mcp" or m.startswith("mcp.")] + ["mcp"]:
        monkeypatch.setitem(sys.modules, name, None)  # None: the import fails
    result = run_cli(["mcp"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("advisor mcp: the MCP server needs the optional SDK; install it "
                             "with: pip install 'pushpoll-advisor[mcp]'\n")


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
