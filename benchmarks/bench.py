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
import os
import shutil
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


def measure(command: list[str], cwd: Path, runs: int,
            before: object = None) -> tuple[float, float]:
    times, peaks = [], []
    for _ in range(runs):
        if callable(before):
            before()
        seconds, peak = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def make_tree(folder: Path, count: int) -> None:
    """`count` workloads in workloads/ and their ADRs in docs/decisions/, as recommend writes."""
    import datetime as dt

    from advisor.catalogue import load_catalogue
    from advisor.commands import builtin_rules
    from advisor.render.markdown import AdrMeta, front_matter
    from advisor.report import quick_recommendation
    from advisor.workload import load_workloads

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
        workload = load_workloads(path, f"workloads/{name}.yaml")[0]
        rec = quick_recommendation(workload, rules, catalogue)
        body = f"# {workload.title}\n\nGenerated for the benchmark.\n"
        meta = AdrMeta(index + 1, dt.date(2026, 11, 28), f"workloads/{name}.yaml")
        adr = folder / "docs" / "decisions" / f"{index + 1:04d}-{name}.md"
        adr.write_text(front_matter(rec, meta, body) + body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs; skip 10,000")
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        floor, floor_mb = measure([PYTHON, "-c", "import typer, rich.console, yaml, jinja2"],
                                  work, runs)
        rows.append(("import floor: typer, rich.console, yaml, jinja2", floor, floor_mb, ""))
        # advisor freezes the collector as it exits (see advisor.cli.main), which also spares
        # the dependencies' objects a final collection; this floor does the same, so the
        # second ratio is like for like: advisor's own cost, nothing the floor pays.
        frozen, frozen_mb = measure([PYTHON, "-c", "import typer, rich.console, yaml, jinja2, "
                                     "gc; gc.freeze()"], work, runs)
        rows.append(("the same, frozen at exit", frozen, frozen_mb, ""))

        def against(seconds: float) -> str:
            return (f"{seconds / floor:.2f}x floor, {seconds / frozen:.2f}x frozen floor "
                    "(target <= 1.3x); peak <= 60 MB")

        dry, dry_mb = measure([ADVISOR, "recommend", str(EXAMPLE), "--dry-run"], work, runs)
        rows.append(("recommend --dry-run (one example)", dry, dry_mb, against(dry)))
        adr_dir = work / "adr"
        write, write_mb = measure([ADVISOR, "recommend", str(EXAMPLE), "--adr-dir", str(adr_dir)],
                                  work, runs, before=lambda: shutil.rmtree(adr_dir, True))
        rows.append(("recommend, writing the ADR", write, write_mb, against(write)))
        version, version_mb = measure([ADVISOR, "--version"], work, runs)
        rows.append(("advisor --version", version, version_mb, f"{version / floor:.2f}x floor"))
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
    print(f"\n{runs} cold runs each (3 for 10,000), medians; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores.")


if __name__ == "__main__":
    main()
