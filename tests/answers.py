"""The answers that changed between another checkout of advisor and this one.

Run `python -m tests.answers PATH` with PATH a checkout (a git worktree) of the release to
compare with; CHANGELOG.md lists what it prints under "Answers that changed". Each version
runs in its own process (its package first on PYTHONPATH) over every workload in examples/,
tests/cases/ and tests/scenarios/; a workload the other version cannot read is reported as
such, not as a change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
WORKLOADS = sorted([*HERE.glob("examples/*.yaml"), *HERE.glob("tests/cases/*.yaml"),
                    *HERE.glob("tests/scenarios/*.yaml")])

Answer = tuple[tuple[str, str, tuple[str, ...]], ...]


def answers(checkout: Path, files: list[Path]) -> dict[Path, Answer | str]:
    """Each file's answers (workload, model, service ids) from the advisor in `checkout`, or
    the first line of its error."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    found: dict[Path, Answer | str] = {}
    for file in files:
        run = subprocess.run([sys.executable, "-m", "advisor", "recommend", str(file),
                              "--dry-run", "--format", "json"], capture_output=True,
                             text=True, env=env, cwd=checkout, check=False)
        if run.returncode not in (0, 1):
            found[file] = (run.stderr.strip().splitlines() or ["no output"])[0]
            continue
        document = json.loads(run.stdout)
        found[file] = tuple(
            (w["name"], w["model"], tuple(sorted(
                s["id"] if isinstance(s, dict) else s for s in w["services"])))
            for w in document.get("workloads", [document]))
    return found


def _bare(file: Path, folder: Path) -> Path:
    """The workload of a file, without what a case or a scenario expects of it."""
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    if "workload" in data:  # a rule case
        data = data["workload"]
    data.pop("expected", None)  # a calibration scenario
    bare = folder / f"{file.parent.name}-{file.name}"
    bare.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return bare


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "advisor").is_dir():
        print("usage: python -m tests.answers CHECKOUT (a checkout of the release to compare)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        bare = {_bare(file, Path(folder)): file for file in WORKLOADS}
        old = answers(Path(argv[0]).resolve(), list(bare))
        new = answers(HERE, list(bare))
    changed = unreadable = 0
    for path, file in bare.items():
        if isinstance(new[path], str):
            raise SystemExit(f"{file}: this version cannot read it: {new[path]}")
        if isinstance(old[path], str):
            unreadable += 1
        elif old[path] != new[path]:
            changed += 1
            print(f"{file.relative_to(HERE)}: {old[path]} -> {new[path]}")
    print(f"{changed} of {len(WORKLOADS)} workloads changed answer; {unreadable} could not be "
          "read by the other version")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
