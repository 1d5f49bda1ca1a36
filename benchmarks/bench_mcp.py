"""The MCP server's part of the benchmark (issue #20): what `advisor mcp` costs an agent before
its first answer, against what it is made of.

Measured only where the mcp extra is installed: the SDK's server import alone
(`import mcp.server`), the server started and answering initialize and one recommend call,
one CLI run of the same recommendation, and the import floor of bench.py. The issue's
target: the server's first answer costs at most the SDK's import plus one CLI run.

    .venv/bin/python benchmarks/bench_mcp.py     # alone: about half a minute
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADVISOR = str(Path(PYTHON).parent / "advisor")
EXAMPLE = ROOT / "examples" / "order-placed.yaml"
FLOOR = "import typer, rich.console, yaml, jinja2"  # bench.py's import floor

Row = tuple[str, float, float, str]


def _lines(*messages: dict[str, object]) -> bytes:
    return b"".join(json.dumps(m).encode() + b"\n" for m in messages)


FIRST_CALL = _lines(
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "bench", "version": "1"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "recommend", "arguments": {"path": EXAMPLE.name}}},
)


def _cold(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one cold run to its exit."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONHASHSEED": "0"})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def _first_answer(cwd: Path) -> tuple[float, float]:
    """(seconds to the recommend call's answer, peak MB) of a freshly started server; the
    shutdown after it is not counted: the agent has its answer."""
    start = time.perf_counter()
    server = subprocess.Popen([ADVISOR, "mcp"], cwd=cwd, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(FIRST_CALL)
    server.stdin.flush()
    while True:
        line = server.stdout.readline()
        if not line:
            raise SystemExit("advisor mcp ended before answering")
        reply = json.loads(line)
        if reply.get("id") == 2:
            break
    elapsed = time.perf_counter() - start
    if reply["result"].get("isError"):
        raise SystemExit(f"advisor mcp answered an error: {reply}")
    server.stdin.close()
    _, _, usage = os.wait4(server.pid, 0)
    server.stdout.close()
    return elapsed, usage.ru_maxrss / 1024


def mcp_rows(runs: int, cwd: Path) -> list[Row]:
    """The rows for bench.py's table; none where the mcp extra is not installed."""
    if importlib.util.find_spec("mcp") is None:
        return []
    # The server reads only inside its working folder: the example is copied there.
    (cwd / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    measures = {
        "floor": lambda: _cold([PYTHON, "-c", FLOOR], cwd),
        "sdk": lambda: _cold([PYTHON, "-c", "import mcp.server"], cwd),
        "cli": lambda: _cold([ADVISOR, "recommend", EXAMPLE.name, "--dry-run", "--format",
                              "json"], cwd),
        "server": lambda: _first_answer(cwd),
    }
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in measures}
    for _ in range(runs):  # interleaved: a busy spell moves every measure alike
        for label, measure in measures.items():
            results[label].append(measure())

    def median(label: str) -> float:
        return statistics.median(seconds for seconds, _ in results[label])

    def peak(label: str) -> float:
        return max(mb for _, mb in results[label])

    # Within each round, as bench.py takes its ratios.
    budget = statistics.median(s[0] / (i[0] + c[0]) for s, i, c in zip(
        results["server"], results["sdk"], results["cli"], strict=True))
    sdk_floor = statistics.median(i[0] / f[0] for i, f in zip(
        results["sdk"], results["floor"], strict=True))
    return [
        ("MCP: import floor (as above)", median("floor"), peak("floor"), ""),
        ("MCP: import mcp.server (the SDK alone)", median("sdk"), peak("sdk"),
         f"{sdk_floor:.2f}x floor"),
        ("MCP: recommend --dry-run --format json (CLI)", median("cli"), peak("cli"), ""),
        ("MCP: advisor mcp, initialize + recommend", median("server"), peak("server"),
         f"{budget:.2f}x SDK import + CLI run (target <= 1)"),
    ]


def main() -> None:
    import compileall

    runs = 7
    # As bench.py: an installed advisor runs from bytecode, whatever this checkout's setting.
    compileall.compile_dir(str(ROOT / "advisor"), quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        rows = mcp_rows(runs, Path(scratch))
    if not rows:
        raise SystemExit("the mcp extra is not installed: pip install -e '.[mcp]'")
    width = max(len(r[0]) for r in rows)  # printed as bench.py prints its table
    print(f"{'measurement'.ljust(width)}  median s  peak MB  against target")
    for label, seconds, mb, note in rows:
        print(f"{label.ljust(width)}  {seconds:8.3f}  {mb:7.1f}  {note}")
    print(f"\n{runs} rounds of cold runs; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
