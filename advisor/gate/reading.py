"""The workload files `check` reads, each with the answer of every workload in it: in order,
one file after another, or spread over processes where the run is large enough to pay for
them (advisor/processes.py).

What crosses between processes is plain: the workloads, what check compares of each answer
(`Answer`), and the mistakes found (`Problem`); never an exception or a recommendation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from msgspec import Struct

from advisor.errors import InputError, InputErrors
from advisor.format.workload import Workload, load_workloads

if TYPE_CHECKING:
    from advisor.core.cloudkit import Kits
    from advisor.core.recommendation import Recommendation
    from advisor.format.vocabulary import Vocabularies


class Answer(Struct, frozen=True):
    """What `check` compares of a recommendation with the ADR and the workload's decision."""

    model: str
    services: tuple[str, ...]
    scores: dict[str, float]
    fingerprint: str
    rules_version: str
    knowledge_as_of: dt.date
    cloud_name: str


class Problem(Struct, frozen=True):
    """A mistake in a workload file, where it is."""

    line: int
    column: int
    message: str
    hint: str


class FileRead(Struct, frozen=True):
    """One workload file: its problems (then no workloads), or each workload with its
    answer, or the problem that kept it from one (a waiver of a rule that does not exist)."""

    problems: tuple[Problem, ...]
    workloads: tuple[tuple[Workload, Answer | Problem], ...]


class Context(NamedTuple):
    """What answering a workload needs: the same in every process. `kits`: each cloud's
    provider, catalogue and rules, made where a workload first names the cloud."""

    kits: Kits
    today: dt.date | None
    use_waivers: bool
    vocabularies: Vocabularies


def answer_of(rec: Recommendation) -> Answer:
    return Answer(rec.model, tuple(s.id for s in rec.chosen.design.services),
                  dict(rec.decision.scores), rec.fingerprint, rec.rules_version,
                  rec.knowledge_as_of, rec.catalogue.cloud_name)


def read_file(path: Path, shown: str, context: Context) -> FileRead:
    from advisor.core.recommend import quick_recommendation

    try:
        workloads = load_workloads(path, shown, vocabularies=context.vocabularies)
    except InputErrors as exc:
        return FileRead(tuple(_problem(e) for e in exc.shown), ())
    except InputError as exc:
        return FileRead((_problem(exc),), ())
    answered: list[tuple[Workload, Answer | Problem]] = []
    for workload in workloads:
        try:
            kit = context.kits(workload.cloud)
            answer: Answer | Problem = answer_of(quick_recommendation(
                workload, kit.rules, kit.catalogue, context.today,
                context.use_waivers, provider=kit.provider))
        except InputError as exc:  # a waiver of a rule that does not exist
            answer = _problem(exc)
        answered.append((workload, answer))
    return FileRead((), tuple(answered))


def read_files(files: Sequence[tuple[Path, str]], context: Context
               ) -> Iterator[tuple[str, FileRead]]:
    """(shown, what was read) for each file, in the order given, over processes where the
    run is large enough (advisor/processes.py). A caller may stop early (a cap on the run):
    the processes then stop with it."""
    from advisor.processes import spread

    reads = spread(lambda file: read_file(file[0], file[1], context), files)
    for (_, shown), read in zip(files, reads, strict=True):
        yield shown, read


def _problem(exc: InputError) -> Problem:
    return Problem(exc.line, exc.column, exc.message, exc.hint)
