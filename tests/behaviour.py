"""A byte-for-byte record of what advisor writes and prints, to show that a change of code
left its behaviour alone (issue 15: the redesign must not change one byte).

    python -m tests.behaviour record FOLDER              # record this checkout into FOLDER
    python -m tests.behaviour compare FOLDER [CHECKOUT]  # record CHECKOUT, diff against FOLDER

Every workload of examples/, tests/cases/ (its `workload:` part) and tests/scenarios/
(without `expected:`) is copied into a fresh git repository of its own, where the advisor of
the checkout (its package first on PYTHONPATH, one process per command, run from inside the
repository with relative paths and a fixed SOURCE_DATE_EPOCH) writes its ADR with each
template, prints the JSON document, checks and explains. FOLDER/<group>/<workload>/ holds each
command's standard output, standard error and exit code, `commands.txt`, and under `tree/`
every file the repository holds at the end (the workload, each ADR folder and its index). The
workloads always come from this checkout, so that both sides of a comparison read the same
input, and the Python running this script runs both (with the dependencies it has installed).
`compare` records the workloads FOLDER holds (or those `--only` names) and exits 1 when any
file differs, 0 when every one is identical.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
GROUPS = {"examples": HERE / "examples", "cases": HERE / "tests" / "cases",
          "scenarios": HERE / "tests" / "scenarios"}
DATE = "2026-11-30"
DIFF_LINES = 20  # of each differing file's diff; the rest is counted, not shown
# Commands run at once: the project's machines have two cores, and each command is a process.
JOBS = 2


class Usage(Exception):
    """A mistake in the command line or the folder given: exit code 2."""


def workloads() -> dict[str, Path]:
    """Every workload file, by its name in a recording: `<group>/<file stem>`."""
    return {f"{group}/{file.stem}": file for group, folder in GROUPS.items()
            for file in sorted(folder.glob("*.yaml"))}


def select(names: dict[str, Path], only: list[str]) -> dict[str, Path]:
    """The workloads `only` names (by `group/stem` or by stem alone); all without `only`."""
    if not only:
        return names
    chosen = {key: file for key, file in names.items()
              if key in only or key.split("/", 1)[1] in only}
    unknown = [name for name in only
               if not any(name in (key, key.split("/", 1)[1]) for key in names)]
    if unknown:
        raise Usage(f"no such workload: {', '.join(unknown)} (names are group/stem, such "
                         "as examples/order-placed, or the stem alone)")
    return chosen


def input_text(file: Path) -> str:
    """The workload as advisor reads it: an example as it is, a case or a scenario without
    what the test expects of it."""
    if file.parent == GROUPS["examples"]:
        return file.read_text(encoding="utf-8")
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if "workload" in data:  # a rule case
        data = data["workload"]
    data.pop("expected", None)  # a calibration scenario
    return yaml.safe_dump(data, sort_keys=False)


Step = tuple[str, list[str]]  # the name a command's output is recorded under, its arguments


def phases(workload: str, date: str) -> list[list[Step]]:
    """The commands run in a workload's repository, in phases: the commands of a phase do not
    depend on one another and run at once; a phase starts when the one before has ended.
    First the read-only commands on the fresh repository, then one ADR per template, each in
    its own folder, so that no run sees another's ADR; last `check`, which reads the default
    folder, the one madr wrote."""
    recommend = ["recommend", workload, "--date", date]
    return [
        [("recommend-json", ["recommend", workload, "--dry-run", "--format", "json"]),
         ("explain", ["explain", workload])],
        [("recommend-madr", recommend),
         ("recommend-madr-minimal", [*recommend, "--template", "madr-minimal",
                                     "--adr-dir", "docs/madr-minimal"]),
         ("recommend-nygard", [*recommend, "--template", "nygard", "--adr-dir", "docs/nygard"])],
        [("check-text", ["check"]),
         ("check-json", ["check", "--format", "json"]),
         ("check-sarif", ["check", "--format", "sarif"])],
    ]


def environment(checkout: Path, home: Path, date: str) -> dict[str, str]:
    """A small, fixed environment: nothing of the caller's (GITHUB_ACTIONS changes check's
    format, COLUMNS the wrapping, FORCE_COLOR the colours, a git config the repository)
    reaches advisor. The hash seed stays random: output that depends on it is a finding."""
    epoch = datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC).timestamp()
    return {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(home), "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "PYTHONPATH": str(checkout), "PYTHONDONTWRITEBYTECODE": "1",
            "SOURCE_DATE_EPOCH": str(int(epoch)), "NO_COLOR": "1",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def normalise(data: bytes, places: dict[bytes, bytes]) -> bytes:
    """Temporary and checkout paths, which differ from run to run, as fixed names."""
    for path in sorted(places, key=len, reverse=True):  # a path before its own prefix
        data = data.replace(path, places[path])
    return data


class Workspace:
    """One workload's temporary repository, and where its recording goes."""

    def __init__(self, key: str, file: Path, checkout: Path, scratch: Path, out: Path,
                 date: str) -> None:
        self.repo, self.target = scratch / key.replace("/", "-"), out / key
        self.env = environment(checkout, scratch / "home", date)
        self.name = f"{file.stem}.yaml"
        self.phases = phases(self.name, date)
        self.places = {str(p).encode(): label for p, label in [
            (self.repo, b"<repo>"), (self.repo.resolve(), b"<repo>"),
            (scratch, b"<scratch>"), (scratch.resolve(), b"<scratch>"),
            (checkout, b"<checkout>"), (checkout.resolve(), b"<checkout>")]}
        self.repo.mkdir(parents=True)
        self.target.mkdir(parents=True)
        subprocess.run(["git", "init", "-q"], cwd=self.repo, env=self.env, check=True,
                       stdin=subprocess.DEVNULL, capture_output=True)
        (self.repo / self.name).write_text(input_text(file), encoding="utf-8")
        (self.target / "commands.txt").write_text("".join(
            f"{step}: advisor {' '.join(args)}\n" for phase in self.phases
            for step, args in phase), encoding="utf-8")

    def run(self, step: Step) -> None:
        name, args = step
        run = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=self.repo,
                             env=self.env, capture_output=True, stdin=subprocess.DEVNULL,
                             timeout=120, check=False)
        (self.target / f"{name}.stdout").write_bytes(normalise(run.stdout, self.places))
        (self.target / f"{name}.stderr").write_bytes(normalise(run.stderr, self.places))
        (self.target / f"{name}.exit").write_text(f"{run.returncode}\n", encoding="utf-8")

    def keep_tree(self) -> None:
        """Every file the repository holds, but git's own."""
        for path in sorted(self.repo.rglob("*")):
            relative = path.relative_to(self.repo)
            if relative.parts[0] == ".git" or not path.is_file():
                continue
            copy = self.target / "tree" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(normalise(path.read_bytes(), self.places))


def record(out: Path, checkout: Path, chosen: dict[str, Path], date: str = DATE,
           jobs: int = JOBS) -> int:
    """Record `checkout`'s behaviour on the chosen workloads into `out` (new or empty).
    Returns the number of files written."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise Usage(f"{out}: not an empty folder; record into a new one")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="advisor-behaviour-") as folder:
        scratch = Path(folder)
        (scratch / "home").mkdir()
        spaces = [Workspace(key, file, checkout, scratch, out, date)
                  for key, file in chosen.items()]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for number in range(len(phases("", date))):
                # list() waits for the phase and re-raises a failure of the script itself
                list(pool.map(lambda task: task[0].run(task[1]),
                              [(space, step) for space in spaces
                               for step in space.phases[number]]))
        for space in spaces:
            space.keep_tree()
    return sum(1 for _ in files(out))


def files(folder: Path) -> Iterable[str]:
    """Every file under `folder`, as a POSIX path relative to it."""
    return (p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*")) if p.is_file())


def recorded(folder: Path) -> list[str]:
    """The workloads a recording holds, as `group/stem`."""
    return sorted(f"{group.name}/{w.name}" for group in folder.iterdir() if group.is_dir()
                  for w in group.iterdir() if w.is_dir())


def diff(before: Path, after: Path, keys: list[str], show: int = DIFF_LINES) -> list[str]:
    """What differs between two recordings of the workloads `keys`, as lines to print: a
    header per file and at most `show` lines of its unified diff."""
    old = {name for key in keys if (before / key).is_dir()
           for name in (f"{key}/{f}" for f in files(before / key))}
    new = {name for key in keys if (after / key).is_dir()
           for name in (f"{key}/{f}" for f in files(after / key))}
    report: list[str] = []
    for name in sorted(old | new):
        if name not in new:
            report.append(f"only in the recording: {name}")
            continue
        if name not in old:
            report.append(f"only in this run: {name}")
            continue
        a, b = (before / name).read_bytes(), (after / name).read_bytes()
        if a == b:
            continue
        lines = list(difflib.unified_diff(
            a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines(),
            f"recorded/{name}", f"now/{name}", n=1, lineterm=""))
        if not lines:  # the bytes differ where the lines do not: line endings, a last newline
            lines = [f"--- recorded/{name}", f"+++ now/{name}",
                     f"  same lines, different bytes ({len(a)} bytes recorded, {len(b)} now)"]
        report.append(f"differs: {name}")
        report.extend(f"    {line}" for line in lines[:show])
        if len(lines) > show:
            report.append(f"    ... {len(lines) - show} more lines of diff")
    return report


def compare(folder: Path, checkout: Path, only: list[str], date: str = DATE,
            jobs: int = JOBS) -> int:
    if not folder.is_dir() or not recorded(folder):
        raise Usage(f"{folder}: no recording here (make one with `record`)")
    keys = recorded(folder)
    if only:
        keys = [k for k in keys if k in only or k.split("/", 1)[1] in only]
        if not keys:
            raise Usage(f"{folder}: holds none of the workloads {', '.join(only)}")
    known = workloads()
    chosen = {k: known[k] for k in keys if k in known}
    with tempfile.TemporaryDirectory(prefix="advisor-behaviour-now-") as now:
        count = record(Path(now) / "now", checkout, chosen, date, jobs)
        report = diff(folder, Path(now) / "now", keys)
    for line in report:
        print(line)
    differing = sum(1 for line in report if not line.startswith("    "))
    if differing:
        print(f"{differing} file(s) differ in {len(keys)} workload(s) ({count} files now)")
        return 1
    print(f"identical: {count} files in {len(keys)} workload(s)")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.behaviour", description=(
        "Record what advisor writes and prints for every example and test workload, or "
        "compare a checkout with a recording byte for byte."))
    commands_ = parser.add_subparsers(dest="command", required=True)
    rec = commands_.add_parser("record", help="record this checkout into FOLDER (new or empty)")
    rec.add_argument("folder", type=Path)
    cmp_ = commands_.add_parser("compare", help="record CHECKOUT (default: this one) and diff "
                                "it against FOLDER; exit 1 when anything differs")
    cmp_.add_argument("folder", type=Path)
    cmp_.add_argument("checkout", type=Path, nargs="?", default=HERE)
    for sub in (rec, cmp_):
        sub.add_argument("--only", action="append", default=[], metavar="NAME",
                         help="only this workload (group/stem, or stem); repeatable")
        sub.add_argument("--jobs", type=int, default=JOBS, help=f"commands run at once [{JOBS}]")
        sub.add_argument("--date", default=DATE, help=(
            f"the date advisor is told; compare with the recording's own [{DATE}]"))
    args = parser.parse_args(argv)
    try:
        datetime.date.fromisoformat(args.date)
    except ValueError:
        parser.error(f"--date {args.date}: expected YYYY-MM-DD")
    checkout = HERE if args.command == "record" else args.checkout.resolve()
    if not (checkout / "advisor" / "__main__.py").is_file():
        parser.error(f"{args.checkout}: not a checkout of advisor (no advisor/__main__.py)")
    try:
        if args.command == "compare":
            return compare(args.folder, checkout, args.only, args.date, args.jobs)
        count = record(args.folder, HERE, select(workloads(), args.only), args.date, args.jobs)
    except Usage as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"recorded {count} files for {len(recorded(args.folder))} workload(s) in "
          f"{args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
