"""The server driven as an agent drives it: the SDK's own client starts `python -m advisor
mcp` over stdio, lists the tools and calls each; the answers are the CLI's, byte for byte."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, advisor_env, run_cli

pytest.importorskip("mcp", reason="the mcp extra is not installed")

import anyio
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01: the CLI and the server agree
WORKLOADS = ["examples/order-placed.yaml", "examples/clickstream.yaml",
             "examples/password-reset.yaml", "examples/checkout-system.yaml",
             "tests/scenarios/05-websocket-chat.yaml",
             "tests/scenarios/25-centralised-logging-kinesis.yaml",
             "tests/scenarios/37-sns-fifo-price-updates.yaml"]
BROKEN = "version: 1\nname: Orders\nkind: evnt\nthroughput: lots\n"


def session(cwd: Path, body: Callable[[Client], Awaitable[None]], mode: str = "auto") -> None:
    """Run `body` against a server started in `cwd`, as an agent's client starts it."""
    server = StdioServerParameters(command=sys.executable, args=["-m", "advisor", "mcp"],
                                   cwd=cwd, env=advisor_env(EPOCH))

    async def main() -> None:
        with anyio.fail_after(60):
            # The transport, not the parameters: 2.0 (the extra's floor) takes only that.
            async with Client(stdio_client(server), mode=mode) as client:
                await body(client)

    anyio.run(main)


def texts(result: Any) -> list[str]:
    return [item.text for item in result.content]


def cli(args: list[str], monkeypatch: pytest.MonkeyPatch, cwd: Path = ROOT) -> str:
    monkeypatch.chdir(cwd)
    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    result = run_cli(args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working folder holding the workloads: the scenarios without their `expected:`
    block (the calibration's answer key, which the format does not take)."""
    for path in WORKLOADS:
        text = (ROOT / path).read_text()
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text.split("\nexpected:")[0] + "\n")
    return tmp_path


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_an_agent_lists_the_tools_and_gets_the_cli_s_answers(
        mode: str, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {path: cli(["recommend", path, "--dry-run", "--format", "json"], monkeypatch,
                          work) for path in WORKLOADS}
    piped = {path: run_cli(["recommend", "-", "--dry-run", "--format", "json"],
                           input=(work / path).read_text()).stdout for path in WORKLOADS}
    trace = cli(["explain", "examples/order-placed.yaml"], monkeypatch, work)
    schema = cli(["schema"], monkeypatch, work)
    got: dict[str, Any] = {}

    async def body(client: Client) -> None:
        listed = await client.list_tools()
        got["tools"] = {tool.name: tool for tool in listed.tools}
        for path in WORKLOADS:
            given = (work / path).read_text()
            got[path] = await client.call_tool("recommend", {"workload": given})
            got[path, "path"] = await client.call_tool("recommend", {"path": path})
        got["explain"] = await client.call_tool("explain",
                                                {"path": "examples/order-placed.yaml"})
        got["schema"] = await client.call_tool("schema", {})
        got["rules"] = await client.call_tool("rules", {})
        got["broken"] = await client.call_tool("recommend", {"workload": BROKEN})
        got["after"] = await client.call_tool("recommend", {"path": WORKLOADS[0]})

    session(work, body, mode)
    tools = got["tools"]
    assert sorted(tools) == ["check", "explain", "recommend", "rules", "schema"]
    assert all(tool.description and tool.output_schema for tool in tools.values())
    for path in WORKLOADS:
        by_path = got[path, "path"]
        assert not by_path.is_error
        assert texts(by_path) == [expected[path]]  # the document, byte for byte
        assert by_path.structured_content == json.loads(expected[path])
        # Handed over as text, it is read as `advisor recommend -` reads standard input.
        assert texts(got[path]) == [piped[path]]
        assert got[path].structured_content == json.loads(piped[path])
        assert json.loads(piped[path])["workloads"][0]["source"] == "<stdin>"
    assert texts(got["explain"]) == [trace]
    assert got["schema"].structured_content == json.loads(schema)
    listed = got["rules"].structured_content
    shown = cli(["rules", "list"], monkeypatch, work)
    assert f"{len(listed['rules'])} rules (digest {listed['digest']})" in shown
    assert all(f"{r['id']}  {r['title']} ({r['scope']}" in shown for r in listed["rules"])
    broken = got["broken"]
    assert broken.is_error and broken.structured_content is None
    run = run_cli(["recommend", "-", "--dry-run", "--format", "json"], input=BROKEN)
    assert run.exit_code == 2
    assert texts(broken) == [run.stderr]  # every located message, as the CLI prints them
    assert "<stdin>:3:7" in run.stderr and "problems found" in run.stderr
    assert texts(got["after"]) == [expected[WORKLOADS[0]]]  # the server serves on


def test_write_adr_writes_through_the_cli_s_lifecycle(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    served, typed = tmp_path / "served", tmp_path / "typed"
    for folder in (served, typed):
        (folder / ".git").mkdir(parents=True)  # each its own repository root
        shutil.copy(ROOT / "examples" / "order-placed.yaml", folder / "order-placed.yaml")
    expected = cli(["recommend", "order-placed.yaml", "--format", "json"], monkeypatch, typed)
    got: dict[str, Any] = {}

    async def body(client: Client) -> None:
        got["dry"] = await client.call_tool("recommend", {"path": "order-placed.yaml",
                                                          "adr": True})
        got["written"] = await client.call_tool(
            "recommend", {"path": "order-placed.yaml", "write_adr": True, "adr": True})
        got["again"] = await client.call_tool("recommend", {"path": "order-placed.yaml",
                                                            "write_adr": True})
        got["text"] = await client.call_tool("recommend", {"workload": "x", "write_adr": True})
        got["check"] = await client.call_tool("check", {})
        got["outside"] = await client.call_tool("check", {"path": "../typed"})

    session(served, body)
    adr = served / "docs" / "decisions" / "0001-order-placed.md"
    assert texts(got["written"])[0] == expected
    assert texts(got["written"])[1] == adr.read_text()
    assert (typed / "docs" / "decisions" / "0001-order-placed.md").read_text() == adr.read_text()
    assert (served / "docs" / "decisions" / "README.md").is_file()  # the index
    # Before the write, the Markdown is the ADR as it would be written: the same file.
    assert texts(got["dry"])[1] == adr.read_text()
    assert json.loads(texts(got["again"])[0])["workloads"][0]["adr"].endswith(
        "0001-order-placed.md")  # up to date: no second ADR
    assert sorted(p.name for p in adr.parent.iterdir()) == ["0001-order-placed.md",
                                                              "README.md"]
    assert got["text"].is_error and "no file for its ADR" in texts(got["text"])[0]
    check = got["check"].structured_content
    assert check["passed"] is True and check["workloads_checked"] == 1
    monkeypatch.chdir(served)
    assert texts(got["check"]) == [run_cli(["check", "--format", "json"]).stdout]
    outside = texts(got["outside"])[0]
    assert got["outside"].is_error and "leads outside the server's working folder" in outside
