"""The benchmark's fixtures: workloads as users write them, and ADRs as advisor writes them.

- `consumers_workload`: one workload listing many consumers that differ from each other (what
  they run on, rate limits, batches, replay, recipients), so that a search done once per
  distinct consumer shape meets as many shapes as consumers.
- `write_separate` and `write_one_file`: the examples' single workloads, renamed and repeated,
  one workload a file or all of them in one file under `workloads:`.
- `recommend_all`: runs `advisor recommend` itself over a tree, so that the ADRs and their index
  are the real ones (about 24 KB an ADR from the examples), not stubs.

Standard library and PyYAML only (a dependency of advisor), so that the test of the fixtures
runs wherever advisor's tests do.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from advisor.format import limits

ROOT = Path(__file__).resolve().parent.parent
RUNS_ON = ("lambda", "container", "workflow", "on-premises", "email", "https", "function",
           "store")
# `advisor recommend` refuses a run of more workloads than advisor's cap, and a file of more
# than its cap per file: the installed advisor's own limits, so the two never drift apart.
MAX_PER_RUN = limits.MAX_WORKLOADS_PER_RUN
MAX_PER_FILE = limits.MAX_WORKLOADS_PER_FILE
DATE = "2026-11-28"
CONFIG = 'workloads: ["workloads/*.yaml"]\n'


class BenchFailed(Exception):
    """What the benchmark measured did not do its job; the figures would mislead."""


class ChildFailed(BenchFailed):
    """A child process exited with a non-zero code: the benchmark measures only runs that work.
    `said` is what it printed, already cut to the parts that say why."""

    def __init__(self, command: Sequence[str], code: int, said: str) -> None:
        shown = " ".join(command[:6]) + (" ..." if len(command) > 6 else "")
        super().__init__(f"{shown} exited {code}:\n{said.strip()}")


def consumer(index: int) -> dict[str, Any]:
    """The `index`th consumer: the kind cycles through RUNS_ON, and the rate limits, batches and
    replay windows step with the index, so that no two consumers of a workload are alike."""
    runs_on = RUNS_ON[index % len(RUNS_ON)]
    entry: dict[str, Any] = {"name": f"c{index:05d}", "runs_on": runs_on}
    if runs_on == "email":
        # Its own recipients per message, or a fixed list, alternately; the rate varies too.
        entry["recipients"] = "per-message" if index % 16 < 8 else "fixed"
        entry["max_rate"] = f"{5 + index}/s"
    elif runs_on in ("container", "on-premises", "https", "store"):
        entry["max_rate"] = f"{20 + index}/s"
    if runs_on in ("container", "lambda", "function", "store"):
        entry["batching"] = {"size": 10 + index % 490, "window": f"{1 + index % 300}s"}
    if runs_on in ("container", "on-premises") and index % 3 == 0:
        entry["replay"] = f"{1 + index % 30}d"
    if runs_on == "workflow" or (runs_on in ("lambda", "function") and index // 8 % 2):
        entry["max_rate"] = f"{50 + index}/s"
    return entry


def consumers_workload(count: int) -> str:
    """One workload, like examples/order-placed.yaml, listing `count` different consumers."""
    document = {
        "version": 1, "name": f"many-{count}", "title": f"Fan out to {count} consumers",
        "kind": "event", "producer": "application",
        "throughput": {"average": "1.8M/day", "peak": "900/s"},
        "payload": {"average": "3KB", "max": "220KB"},
        "latency": "2s", "processing_time": "150ms", "ordering": "none",
        "duplicates": "tolerated",
        "consumers": [consumer(index) for index in range(count)],
    }
    return _dump(document)


def shape(entry: dict[str, Any]) -> tuple[Any, ...]:
    """What sets one consumer apart from another, its name aside."""
    return tuple(sorted((key, repr(value)) for key, value in entry.items() if key != "name"))


def example_workloads() -> list[dict[str, Any]]:
    """The examples that hold one workload each, as mappings without `version`."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        if "workloads" not in document:
            document.pop("version")
            found.append(document)
    return found


def workloads(count: int) -> list[dict[str, Any]]:
    """`count` workloads: the examples in turn, each renamed `<example>-<index>`."""
    examples = example_workloads()
    made = []
    for index in range(count):
        chosen = dict(examples[index % len(examples)])
        chosen["name"] = f"{chosen['name']}-{index:05d}"
        made.append(chosen)
    return made


def _dump(document: dict[str, Any]) -> str:
    # The C emitter where PyYAML has it: a thousand workloads take the pure one seconds.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(document, Dumper=dumper, sort_keys=False, width=1000, allow_unicode=True)


def _start_tree(folder: Path) -> Path:
    (folder / "workloads").mkdir(parents=True)
    (folder / ".advisor.yaml").write_text(CONFIG)
    return folder / "workloads"


def write_separate(folder: Path, count: int) -> list[str]:
    """`count` workload files in folder/workloads, and the config naming them: the files'
    paths relative to `folder`."""
    where = _start_tree(folder)
    shown = []
    for workload in workloads(count):
        (where / f"{workload['name']}.yaml").write_text(_dump({"version": 1, **workload}))
        shown.append(f"workloads/{workload['name']}.yaml")
    return shown


def write_one_file(folder: Path, count: int) -> list[str]:
    """The same `count` workloads under `workloads:` in one file (up to MAX_PER_FILE)."""
    if count > MAX_PER_FILE:
        raise ValueError(f"a file holds at most {MAX_PER_FILE:,} workloads")
    where = _start_tree(folder)
    (where / "system.yaml").write_text(_dump({"version": 1, "system": "bench",
                                              "workloads": workloads(count)}))
    return ["workloads/system.yaml"]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every child: a fixed hash seed, and what the caller adds."""
    return {**os.environ, "PYTHONHASHSEED": "0", **extra}


def recommend_all(advisor: str, folder: Path, files: Sequence[str], env: dict[str, str]) -> None:
    """Write the ADRs of `files` (relative to `folder`) with `advisor recommend`, in as few runs
    as advisor's cap on workloads per run allows (files here hold one workload each, or one
    file holds them all). ChildFailed where a run does not exit 0."""
    step = MAX_PER_RUN if len(files) > 1 else 1
    for start in range(0, len(files), step):
        command = [advisor, "recommend", *files[start:start + step], "--date", DATE, "--quiet"]
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            said = [done.stdout.strip()[-4000:], done.stderr.strip()[-4000:]]
            raise ChildFailed(command, done.returncode, "\n".join(filter(None, said)))
