"""The workloads a run reads: every file named, standard input (`-`) or YAML handed over as
bytes (a tool's argument), every mistake of every file reported together."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.paths import STDIN as STDIN
from advisor.answers.paths import display_path
from advisor.answers.paths import is_stdin as is_stdin
from advisor.errors import InputError, InputErrors
from advisor.format.workload import RunTotals, Workload, load_workloads
from advisor.providers import vocabularies

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


def read_all(paths: list[Path], given: bytes | None = None, cloud: Cloud | None = None
             ) -> list[tuple[str, Workload]]:
    """Every workload of every file, or every mistake of every file. `given`: the YAML that
    `-` stands for when it was handed over (a tool's argument) rather than piped. `cloud`:
    every workload is read as if it named this cloud (`--cloud`)."""
    found: list[tuple[str, Workload]] = []
    errors: list[InputError] = []
    totals = RunTotals()
    if sum(map(is_stdin, paths)) > 1:
        raise InputError(STDIN, 0, 0, "standard input (-) is named more than once",
                         "name - once; it holds one file")
    for path in paths:
        shown = STDIN if is_stdin(path) else display_path(path)
        try:
            for w in (_stdin_workloads(given, cloud) if is_stdin(path) else load_workloads(
                    path, shown, vocabularies=vocabularies(), **_forced(cloud))):
                totals.add(w, shown)
                found.append((shown, w))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
            if totals.over:
                break  # over a run's cap: reading on is the work the cap bounds
    names: dict[str, str] = {}
    for shown, workload in found:
        if workload.name in names and names[workload.name] != shown:
            pos = workload.position("name")
            errors.append(InputError(shown, pos.line, pos.column,
                                     f"workload {workload.name!r} is also defined in "
                                     f"{names[workload.name]}",
                                     "workload names name ADRs, so they must be unique"))
        names.setdefault(workload.name, shown)
    if errors:
        raise InputErrors(errors)
    return found


def _forced(cloud: Cloud | None) -> dict[str, Cloud]:
    """The format's keyword that reads every workload as if it named `cloud`, where given."""
    return {"cloud": cloud} if cloud is not None else {}


def _stdin_workloads(given: bytes | None, cloud: Cloud | None) -> list[Workload]:
    """The workloads of the YAML on standard input (or `given` for it), read as a workload
    file is."""
    if given is not None:
        return workloads_of(given, STDIN, cloud)
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(STDIN, 0, 0, "standard input is closed",
                         "pipe a workload into advisor, or name its file")
    from advisor.format.yamlnodes import MAX_FILE_BYTES

    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(STDIN, 0, 0, f"standard input cannot be read: {exc.strerror or exc}",
                         "pipe a workload into advisor, or name its file") from None
    return workloads_of(data, STDIN, cloud)


def workloads_of(data: bytes, shown: str, cloud: Cloud | None = None) -> list[Workload]:
    """The workloads of YAML given as bytes (standard input, a tool's argument), read as a
    workload file is: bounded, UTF-8, every mistake located at `shown:line:column`."""
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import MAX_FILE_BYTES, parse_yaml
    from advisor.safeio import decode_utf8

    if len(data) > MAX_FILE_BYTES:
        raise InputError(shown, 0, 0, f"more than {MAX_FILE_BYTES:,} bytes; a workload file "
                         f"may be at most {MAX_FILE_BYTES:,}", "split the workloads over "
                         "several files")
    text = decode_utf8(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, Path(shown),
                       "workload")
    found: list[InputError] = []
    return parse_workloads(parse_yaml(text, shown, found), shown, found,
                           vocabularies=vocabularies(), **_forced(cloud))
