"""Cold runs of a command, each in a fresh process, with its time and peak memory.

Every run must exit 0: a benchmark of a run that failed measures the failure (`check` of
10,000 once "passed" here while it reported broken ADR numbers), so a non-zero exit raises
ChildFailed with the end of the child's output and standard error.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from fixtures import ChildFailed, child_env


@dataclass
class Job:
    """One command to time: where it runs, with what environment, and what to do first
    (outside the timing) before each run."""

    command: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=child_env)
    before: Callable[[], None] | None = None


def run(job: Job) -> tuple[float, float]:
    """(seconds, peak MB) of one cold run of `job`; ChildFailed unless it exits 0."""
    if job.before is not None:
        job.before()
    # The output goes to files, not pipes: a child that wrote more than a pipe holds would
    # block while this process waits for it to exit. (A file, like a CI log, is no terminal.)
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(job.command, cwd=job.cwd, env=job.env, stdout=output,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code != 0:
            # `check` says why it fails on standard output, among maybe thousands of warnings.
            said = [_errors(output), _tail(output), _tail(errors)]
            raise ChildFailed(job.command, code, "\n".join(filter(None, said)))
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def _errors(file: IO[bytes]) -> str:
    """The first lines that report an error, wherever they are in the output."""
    file.seek(0)
    found = [line.decode(errors="replace") for line in file if b" error " in line]
    return "".join(found[:20]).strip()


def _tail(file: IO[bytes]) -> str:
    file.seek(0, os.SEEK_END)
    file.seek(max(0, file.tell() - 4000))
    return file.read().decode(errors="replace").strip()


def removed(path: Path) -> Callable[[], None]:
    """A `before` that removes the folder `path` (an ADR folder a run writes again)."""
    return lambda: shutil.rmtree(path, ignore_errors=True)


def empty_folder(path: Path) -> Callable[[], None]:
    """A `before` that leaves `path` an empty folder (a fresh cache for each run)."""
    def reset() -> None:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
    return reset


class Results:
    """Runs of several jobs made in interleaved rounds: A, B, C, A, B, C, ..."""

    def __init__(self, jobs: dict[str, Job], rounds: int, warm_up: bool = False) -> None:
        # A ratio taken within a round compares runs made moments apart, so a busy spell on
        # the machine (two cores shared with other work) moves both sides alike.
        self.runs: dict[str, list[tuple[float, float]]] = {label: [] for label in jobs}
        if warm_up:  # fills the OS's file cache and the shared caches; not counted
            for job in jobs.values():
                run(job)
        for _ in range(rounds):
            for label, job in jobs.items():
                self.runs[label].append(run(job))
        self.rounds = rounds

    def median(self, label: str) -> float:
        return statistics.median(seconds for seconds, _ in self.runs[label])

    def peak(self, label: str) -> float:
        return max(mb for _, mb in self.runs[label])

    def ratio(self, label: str, base: str) -> float:
        """The median of each round's ratio of `label` to `base`."""
        return statistics.median(a[0] / b[0] for a, b in zip(self.runs[label], self.runs[base],
                                                             strict=True))
