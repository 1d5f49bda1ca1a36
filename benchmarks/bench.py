"""advisor's benchmark: medians of cold runs, ratios measured in the same run, peak memory.

Run from the repository root with the project installed (the README's set-up):

    .venv/bin/python benchmarks/bench.py            # about a minute and a half
    .venv/bin/python benchmarks/bench.py --quick    # fewer runs, 1,000 workloads only

Each measurement starts a fresh process (cold: nothing cached in memory), so it includes
Python's start-up and imports, as a user or CI sees them. Peak memory is the child's
maximum resident set size. Public tools only: the standard library.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_mcp import mcp_rows  # benchmarks/, beside this script

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADVISOR = str(Path(PYTHON).parent / "advisor")
EXAMPLE = ROOT / "examples" / "order-placed.yaml"


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one cold run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": "0"})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        detail = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{command} failed: {detail}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def measure(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """(median seconds, peak MB) of `runs` cold runs of one command."""
    results = [run(command, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def interleaved(commands: dict[str, tuple[list[str], Callable[[], None] | None]], cwd: Path,
                runs: int) -> dict[str, list[tuple[float, float]]]:
    """Every command once per round, `runs` rounds: a ratio taken within a round compares
    runs made moments apart, so a busy spell on the machine moves both sides alike."""
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, (command, before) in commands.items():
            if before is not None:
                before()
            results[label].append(run(command, cwd))
    return results


def make_tree(folder: Path, count: int) -> None:
    """`count` workloads in workloads/ and their ADRs in docs/decisions/, as recommend writes."""
    import datetime as dt

    from advisor.answers.ruleset import builtin_rules
    from advisor.core.recommend import quick_recommendation
    from advisor.format.workload import load_workloads
    from advisor.providers.aws.catalogue import load_catalogue
    from advisor.providers.aws.provider import AWS
    from advisor.render.markdown import AdrMeta, front_matter

    catalogue = load_catalogue()
    rules = builtin_rules(catalogue)
    (folder / "workloads").mkdir(parents=True)
    (folder / "docs" / "decisions").mkdir(parents=True)
    (folder / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    examples = [p for p in sorted((ROOT / "examples").glob("*.yaml"))
                if "workloads:" not in p.read_text()]
    for index in range(count):
        source = examples[index % len(examples)].read_text()
        original = source.split("\nname: ", 1)[1].split("\n", 1)[0]
        name = f"{original}-{index:05d}"
        text = source.replace(f"\nname: {original}\n", f"\nname: {name}\n")
        path = folder / "workloads" / f"{name}.yaml"
        path.write_text(text)
        workload = load_workloads(path, f"workloads/{name}.yaml",
                                  vocabularies=AWS.vocabulary)[0]
        rec = quick_recommendation(workload, rules, catalogue, provider=AWS)
        body = f"# {workload.title}\n\nGenerated for the benchmark.\n"
        meta = AdrMeta(index + 1, dt.date(2026, 11, 28), f"workloads/{name}.yaml")
        adr = folder / "docs" / "decisions" / f"{index + 1:04d}-{name}.md"
        adr.write_text(front_matter(rec, meta, body) + body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; skip 10,000")
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    # An installed advisor runs from bytecode (pip compiles a wheel as it installs it). An
    # editable checkout with PYTHONDONTWRITEBYTECODE=1, as on this project's machines, would
    # compile every module again in every run: that measures the compiler and the size of
    # the source, not advisor, and moves with every line added.
    compileall.compile_dir(str(ROOT / "advisor"), quiet=1)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        adr_dir = work / "adr"
        floor_code = "import typer, rich.console, yaml, jinja2"
        # advisor freezes the collector as it exits (see advisor.cli.app.main), which also spares
        # the dependencies' objects a final collection; the frozen floor does the same, so
        # its ratio is like for like: advisor's own cost, nothing the floor pays.
        results = interleaved({
            "floor": ([PYTHON, "-c", floor_code], None),
            "frozen": ([PYTHON, "-c", floor_code + ", gc; gc.freeze()"], None),
            "dry": ([ADVISOR, "recommend", str(EXAMPLE), "--dry-run"], None),
            "write": ([ADVISOR, "recommend", str(EXAMPLE), "--adr-dir", str(adr_dir)],
                      lambda: shutil.rmtree(adr_dir, True)),
            "version": ([ADVISOR, "--version"], None),
        }, work, runs)

        def median(label: str) -> float:
            return statistics.median(seconds for seconds, _ in results[label])

        def peak_mb(label: str) -> float:
            return max(mb for _, mb in results[label])

        def ratio(label: str, base: str) -> float:
            return statistics.median(a[0] / b[0] for a, b in zip(results[label], results[base],
                                                                 strict=True))

        def against(label: str) -> str:
            return (f"{ratio(label, 'floor'):.2f}x floor, {ratio(label, 'frozen'):.2f}x frozen "
                    "floor (target <= 1.3x); peak <= 60 MB")

        rows.append(("import floor: typer, rich.console, yaml, jinja2", median("floor"),
                     peak_mb("floor"), ""))
        rows.append(("the same, frozen at exit", median("frozen"), peak_mb("frozen"), ""))
        rows.append(("recommend --dry-run (one example)", median("dry"), peak_mb("dry"),
                     against("dry")))
        rows.append(("recommend, writing the ADR", median("write"), peak_mb("write"),
                     against("write")))
        rows.append(("advisor --version", median("version"), peak_mb("version"),
                     f"{ratio('version', 'floor'):.2f}x floor"))
        rows += mcp_rows(runs, work)  # only where the mcp extra is installed
        sizes = (1000,) if args.quick else (1000, 10_000)
        first = None
        for size in sizes:
            tree = work / f"tree-{size}"
            make_tree(tree, size)
            seconds, peak = measure([ADVISOR, "check"], tree, 3 if size > 1000 else runs)
            if first is None:
                first = seconds
                target = "target <= 2 s"
            else:
                target = f"{seconds / first:.1f}x the 1,000 run (target <= 10x)"
            rows.append((f"check, {size:,} workloads and ADRs", seconds, peak, target))
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement'.ljust(width)}  median s  peak MB  against target")
    for label, seconds, peak, note in rows:
        print(f"{label.ljust(width)}  {seconds:8.3f}  {peak:7.1f}  {note}")
    print(f"\n{runs} rounds of cold runs (3 for 10,000); medians, and ratios as the median of "
          f"each round's ratio; Python {sys.version.split()[0]}, {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
