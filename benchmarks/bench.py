"""advisor's benchmark: what users run, as ratios to the import floor measured in the same run.

Run from the repository root with the project installed (the README's set-up):

    .venv/bin/python benchmarks/bench.py               # minutes: it writes 10,000 real ADRs
    .venv/bin/python benchmarks/bench.py --quick       # fewer rounds, no 10,000
    .venv/bin/python benchmarks/bench.py --markdown    # also the README's table

Each measurement starts a fresh process (cold: nothing cached in memory), so it includes
Python's start-up and imports, as a user or CI sees them; peak memory is the child's maximum
resident set size. The commands of one group run in interleaved rounds (A, B, A, B ...) with
the import floor among them, and each ratio is the median of its rounds' ratios, so a busy
spell on the machine moves both sides alike. Every run must exit 0, or the benchmark stops
with that run's standard error (after printing what it measured so far).

What is measured (benchmarks/fixtures.py makes the inputs once per run, in a temporary folder):

- the floor (`import typer, rich.console, yaml, jinja2`), the same frozen at exit, and
  `advisor --version`;
- one recommendation of examples/order-placed.yaml: the dry run, writing its ADR, and writing
  it with an empty Jinja bytecode cache (a fresh TMPDIR each run, as on a new CI runner);
- one workload listing 100 and 1,000 consumers that all differ: the dry run and writing;
- `advisor recommend` again over 1,000 workloads whose ADRs it wrote (it must write nothing),
  in 1,000 files and in one file;
- `advisor check` of those 1,000 workloads with their real ADRs and index: with an empty
  cache folder each run (a CI runner), and, where advisor has `--no-cache`, without the cache
  and warm (the cache of an earlier run);
- without --quick, `check` of 10,000 workloads and ADRs against the 1,000;
- where benchmarks/bench_mcp.py exists and `mcp` imports, the MCP server's rows (issue 20).

Each target is printed as met or not met; the benchmark reports and does not gate, so it exits
0 whatever the figures. The children's caches live in the temporary folder (XDG_CACHE_HOME
and TMPDIR), never the user's. Public tools only: the standard library and PyYAML.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import fixtures
from measure import Job, Results, empty_folder, removed
from report import Row, Target, markdown, plain

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADVISOR = str(Path(PYTHON).parent / "advisor")
EXAMPLE = str(ROOT / "examples" / "order-placed.yaml")
FLOOR = "import typer, rich.console, yaml, jinja2"
LARGE = 10_000  # workloads and ADRs in the largest `check`, against 1,000


class Bench:
    """The rows measured so far, the notes on how, and the children's shared environment."""

    def __init__(self, work: Path, quick: bool) -> None:
        self.work = work
        self.quick = quick
        self.rows: list[Row] = []
        self.notes = ["Medians of cold runs; each ratio is the median of its rounds' ratios."]
        (work / "tmp").mkdir()
        (work / "cache").mkdir()
        self.env = fixtures.child_env(TMPDIR=str(work / "tmp"),
                                      XDG_CACHE_HOME=str(work / "cache"))

    def job(self, command: list[str], cwd: Path, before: Callable[[], None] | None = None,
            **env: str) -> Job:
        return Job(command, cwd, {**self.env, **env}, before)

    def floors(self) -> dict[str, Job]:
        return {"floor": self.job([PYTHON, "-c", FLOOR], self.work),
                "frozen": self.job([PYTHON, "-c", FLOOR + ", gc; gc.freeze()"], self.work)}

    def measured(self, what: str, jobs: dict[str, Job], rounds: int,
                 warm_up: bool = False) -> Results:
        print(f"measuring {what}: {rounds} rounds of {len(jobs)} runs", file=sys.stderr)
        self.notes.append(f"{what}: {rounds} interleaved rounds.")
        return Results(jobs, rounds, warm_up)


def against_floor(results: Results, label: str, limit: float | None) -> tuple[str, list[Target]]:
    ratio = results.ratio(label, "floor")
    said = f"{ratio:.2f}x floor"
    targets = [Target(f"<= {limit:.1f}x floor", ratio, limit)] if limit is not None else []
    return said, targets


def one_recommendation(bench: Bench, rounds: int) -> None:
    work = bench.work
    written, cold = work / "adr-written", work / "adr-cold"
    empty_tmp = work / "tmp-empty"

    def cold_start() -> None:
        removed(cold)()
        empty_folder(empty_tmp)()

    write = [ADVISOR, "recommend", EXAMPLE, "--adr-dir"]
    results = bench.measured("one recommendation", {
        **bench.floors(),
        "version": bench.job([ADVISOR, "--version"], work),
        "dry": bench.job([ADVISOR, "recommend", EXAMPLE, "--dry-run"], work),
        "write": bench.job([*write, str(written)], work, removed(written)),
        "cold": bench.job([*write, str(cold)], work, cold_start, TMPDIR=str(empty_tmp)),
    }, rounds, warm_up=True)
    bench.rows += [
        Row(f"import floor: `{FLOOR[7:]}`", results.median("floor"), results.peak("floor")),
        Row("the same floor, collector frozen at exit", results.median("frozen"),
            results.peak("frozen"), f"{results.ratio('frozen', 'floor'):.2f}x floor"),
        Row("`advisor --version`", results.median("version"), results.peak("version"),
            f"{results.ratio('version', 'floor'):.2f}x floor"),
    ]
    for label, name in (("dry", "`recommend --dry-run` (one example)"),
                        ("write", "`recommend`, writing the ADR"),
                        ("cold", "`recommend`, writing the ADR, empty template cache")):
        said, targets = against_floor(results, label, 1.0)
        said += f", {results.ratio(label, 'frozen'):.2f}x frozen floor"
        bench.rows.append(Row(name, results.median(label), results.peak(label), said, targets))


def consumer_scaling(bench: Bench, rounds: int) -> None:
    folder = bench.work / "consumers"
    folder.mkdir()
    jobs = bench.floors()
    for count in (100, 1000):
        (folder / f"many-{count}.yaml").write_text(fixtures.consumers_workload(count))
        adr_dir = folder / f"adr-{count}"
        command = [ADVISOR, "recommend", f"many-{count}.yaml"]
        jobs[f"dry-{count}"] = bench.job([*command, "--dry-run"], folder)
        jobs[f"write-{count}"] = bench.job(
            [*command, "--adr-dir", str(adr_dir)], folder, removed(adr_dir))
    results = bench.measured("consumer scaling", jobs, rounds)
    for kind, name in (("dry", "`recommend --dry-run`"), ("write", "`recommend`, writing")):
        for count in (100, 1000):
            label = f"{kind}-{count}"
            said, targets = against_floor(results, label, 15.0 if count == 1000 else None)
            if count == 1000:
                ratio = results.ratio(label, f"{kind}-100")
                said += f", {ratio:.1f}x the 100 run"
                targets.append(Target("<= 15x the 100 run", ratio, 15.0))
            bench.rows.append(Row(f"{name}, one workload, {count:,} different consumers",
                                  results.median(label), results.peak(label), said, targets))


def adr_folder_state(tree: Path) -> list[tuple[str, int, int]]:
    return sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                  for p in (tree / "docs" / "decisions").iterdir())


def recommend_again(bench: Bench, trees: dict[str, tuple[Path, list[str]]],
                    rounds: int) -> None:
    jobs = bench.floors()
    for kind, (tree, files) in trees.items():
        jobs[kind] = bench.job([ADVISOR, "recommend", *files, "--date", fixtures.DATE], tree)
    # The runs above reuse the searches the first run kept in the cache folder (a user's
    # second run); without it, each workload's searches run again (a run from nothing).
    tree, files = trees["files"]
    jobs["no-cache"] = bench.job([ADVISOR, "recommend", *files, "--date", fixtures.DATE,
                                  "--no-cache"], tree)
    before = {kind: adr_folder_state(tree) for kind, (tree, _) in trees.items()}
    results = bench.measured("recommend again over 1,000", jobs, rounds)
    for kind, (tree, _) in trees.items():
        if adr_folder_state(tree) != before[kind]:
            raise fixtures.BenchFailed(f"`recommend` again ({kind}) wrote to its up-to-date "
                                       "ADR folder")
    for kind, where in (("files", "1,000 files"), ("one-file", "one file"),
                        ("no-cache", "1,000 files, --no-cache")):
        said, targets = against_floor(results, kind, 30.0)
        bench.rows.append(Row(f"`recommend` again, 1,000 up-to-date workloads in {where}",
                              results.median(kind), results.peak(kind), said, targets))


def has_no_cache() -> bool:
    shown = subprocess.run([ADVISOR, "check", "--help"], capture_output=True, text=True,
                           env=fixtures.child_env(COLUMNS="200"), check=False).stdout
    return "--no-cache" in shown


def check_jobs(bench: Bench, tree: Path, label: str) -> Job:
    """`check` as on a fresh CI runner: an empty cache folder each run."""
    cache = bench.work / f"cache-empty-{label}"
    return bench.job([ADVISOR, "check"], tree, empty_folder(cache), XDG_CACHE_HOME=str(cache))


def check_1000(bench: Bench, tree: Path, rounds: int, adr_kb: float) -> None:
    jobs = {**bench.floors(), "check": check_jobs(bench, tree, "small")}
    cached = has_no_cache()
    if cached:
        jobs["no-cache"] = bench.job([ADVISOR, "check", "--no-cache"], tree)
        jobs["warm"] = bench.job([ADVISOR, "check"], tree)  # the warm-up round fills its cache
    results = bench.measured("check of 1,000", jobs, rounds, warm_up=True)
    said, targets = against_floor(results, "check", 4.0)
    bench.rows.append(Row(f"`check`, 1,000 workloads, real ADRs (about {adr_kb:.0f} KB each) and "
                          "index, empty cache", results.median("check"),
                          results.peak("check"), said, targets))
    if not cached:
        bench.notes.append("`advisor check --help` lists no --no-cache: the rows for check "
                           "without the cache and warm are skipped.")
        print(bench.notes[-1], file=sys.stderr)
        return
    said, targets = against_floor(results, "no-cache", 4.0)
    bench.rows.append(Row("`check --no-cache`, the same 1,000", results.median("no-cache"),
                          results.peak("no-cache"), said, targets))
    ratio = results.ratio("warm", "floor")
    bench.rows.append(Row("`check`, the same 1,000, warm (unchanged since the last run)",
                          results.median("warm"), results.peak("warm"), f"{ratio:.2f}x floor",
                          [Target("about the floor, <= 1.2x", ratio, 1.2)]))


def check_large(bench: Bench, small: Path, rounds: int) -> None:
    tree = bench.work / f"tree-{LARGE}"
    print(f"writing {LARGE:,} workloads and their ADRs with advisor recommend", file=sys.stderr)
    fixtures.recommend_all(ADVISOR, tree, fixtures.write_separate(tree, LARGE), bench.env)
    results = bench.measured(f"check of {LARGE:,}", {
        "floor": bench.floors()["floor"], "small": check_jobs(bench, small, "small"),
        "large": check_jobs(bench, tree, "large")}, rounds)
    ratio = results.ratio("large", "small")
    bench.rows.append(Row(f"`check`, {LARGE:,} workloads, real ADRs and index, empty cache",
                          results.median("large"), results.peak("large"),
                          f"{results.ratio('large', 'floor'):.1f}x floor, {ratio:.1f}x the "
                          "1,000 run", [Target("<= 10x the 1,000 run", ratio, 10.0),
                                        Target("<= 150 MB", results.peak("large"), 150.0)]))


def mcp_rows(rounds: int, cwd: Path) -> list[Row]:
    """benchmarks/bench_mcp.py's rows (issue 20), where it exists and `mcp` imports. It hands
    back (label, median seconds, peak MB, ratios and target) and judges its own target."""
    if not (ROOT / "benchmarks" / "bench_mcp.py").exists() or not importlib.util.find_spec("mcp"):
        return []
    found = importlib.import_module("bench_mcp").mcp_rows(rounds, cwd)
    return [Row(label, seconds, peak, said) for label, seconds, peak, said in found]


def measure_all(bench: Bench) -> None:
    light, heavy = (5, 3) if bench.quick else (11, 5)
    one_recommendation(bench, light)
    bench.rows += mcp_rows(light, bench.work)  # ISSUE 20: benchmarks/bench_mcp.py's rows
    consumer_scaling(bench, heavy)
    print("writing 1,000 workloads and their ADRs with advisor recommend", file=sys.stderr)
    files_tree, one_tree = bench.work / "tree-1000", bench.work / "tree-1000-one-file"
    trees = {"files": (files_tree, fixtures.write_separate(files_tree, 1000)),
             "one-file": (one_tree, fixtures.write_one_file(one_tree, 1000))}
    for tree, files in trees.values():
        fixtures.recommend_all(ADVISOR, tree, files, bench.env)
    recommend_again(bench, trees, heavy)
    adrs = [p for p in (files_tree / "docs" / "decisions").glob("*.md") if p.name != "README.md"]
    adr_kb = sum(p.stat().st_size for p in adrs) / len(adrs) / 1024
    check_1000(bench, files_tree, light, adr_kb)
    if not bench.quick:
        check_large(bench, files_tree, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds; skip 10,000")
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
    args = parser.parse_args()
    # An installed advisor runs from bytecode (pip compiles a wheel as it installs it). An
    # editable checkout with PYTHONDONTWRITEBYTECODE=1, as on this project's machines, would
    # compile every module again in every run: that measures the compiler and the size of
    # the source, not advisor, and moves with every line added.
    compileall.compile_dir(str(ROOT / "advisor"), quiet=1)
    failed = None
    with tempfile.TemporaryDirectory() as scratch:
        bench = Bench(Path(scratch), args.quick)
        try:
            measure_all(bench)
        except fixtures.BenchFailed as exc:
            failed = exc
    if bench.rows:
        print(plain(bench.rows, bench.notes))
        if args.markdown:
            print("\n" + markdown(bench.rows, bench.notes))
    if failed is not None:
        raise SystemExit(f"benchmark failed: {failed}")


if __name__ == "__main__":
    main()
