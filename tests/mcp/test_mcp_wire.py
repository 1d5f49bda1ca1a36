"""The protocol's framing as it crosses the pipe: one JSON-RPC message per line on the
server's standard input and output, nothing else on standard output."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import PROCESS_TIMEOUT, ROOT, advisor_env

pytest.importorskip("mcp", reason="the mcp extra is not installed")

PROTOCOL = "2025-11-25"  # the newest revision negotiated by the initialize handshake


def test_raw_json_rpc_lines_initialize_list_and_call() -> None:
    sent: list[dict[str, Any]] = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": PROTOCOL, "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
            "name": "recommend", "arguments": {"workload": "version: 1\nkind: event\n"}}},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {
            "name": "recommend", "arguments": {"path": "examples/order-placed.yaml"}}},
        {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {
            "name": "recommendation", "arguments": {}}},
    ]
    server = subprocess.Popen([sys.executable, "-m", "advisor", "mcp"], cwd=ROOT,
                              env=advisor_env(), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    replies: dict[int, dict[str, Any]] = {}
    try:
        for message in sent:
            server.stdin.write(json.dumps(message) + "\n")
            server.stdin.flush()
            if "id" in message:  # a request: wait for its answer before the next line
                line = server.stdout.readline()
                reply = json.loads(line)  # one whole message per line
                assert line.endswith("\n") and "\n" not in line[:-1]
                replies[reply["id"]] = reply
    finally:
        server.stdin.close()  # end of input ends the server
        code = server.wait(PROCESS_TIMEOUT)
        rest = server.stdout.read()
        server.stdout.close()
        assert server.stderr is not None
        server.stderr.close()
    assert code == 0 and rest == ""  # nothing but the answers on standard output
    assert all(reply["jsonrpc"] == "2.0" for reply in replies.values())
    init = replies[1]["result"]
    assert init["protocolVersion"] == PROTOCOL
    assert init["serverInfo"]["name"] == "advisor" and "tools" in init["capabilities"]
    tools = {tool["name"]: tool for tool in replies[2]["result"]["tools"]}
    assert set(tools) == {"recommend", "explain", "check", "schema", "rules", "compare"}
    assert tools["recommend"]["inputSchema"]["type"] == "object"
    assert tools["recommend"]["outputSchema"]["required"][-1] == "workloads"
    broken = replies[3]["result"]
    assert broken["isError"] is True
    assert broken["content"][0]["type"] == "text"
    assert "<stdin>:1:1: missing required key 'name'" in broken["content"][0]["text"]
    good = replies[4]["result"]
    assert good.get("isError", False) is False
    assert good["structuredContent"]["workloads"][0]["name"] == "order-placed"
    assert json.loads(good["content"][0]["text"]) == good["structuredContent"]
    unknown = replies[5]  # no such tool: the request's fault, a protocol error
    assert "result" not in unknown and unknown["error"]["code"] == -32602
    assert "Unknown tool: 'recommendation'" in unknown["error"]["message"]
