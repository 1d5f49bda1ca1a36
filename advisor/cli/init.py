"""The interactive side of `advisor init`: ask, check each answer, write the file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from advisor.errors import InputError, InputErrors
from advisor.format.answers import (
    CONSUMER_QUESTIONS,
    Answers,
    check_name,
    cloud_question,
    peak_problem,
    questions,
    render,
)
from advisor.format.schema import ADDRESSED
from advisor.format.vocabulary import Vocabulary
from advisor.visible import visible


def _ask(question: str, explanation: str, check: object, default: str) -> str:
    assert callable(check)
    from advisor.cli.screen import width
    from advisor.render.wrap import hang

    columns = width(sys.stderr)
    for line in hang(f"  {explanation}", columns, 2):
        typer.secho(line, dim=True, err=True)

    def proc(value: str) -> str:
        try:
            return str(check(value))
        except ValueError as exc:
            # click prints "Error: " and the message: wrapped to fit beside it
            raise typer.BadParameter("\n".join(
                hang(str(exc), columns - len("Error: ") if columns else 0, 2))) from None

    answer: str = typer.prompt(question, default=default, value_proc=proc,
                               show_default=bool(default), err=True)
    return answer


def interview(answers: Answers) -> Answers:
    """Ask every question, each answer checked as it is given: alone, and against the
    answers before it (a peak below the average, a consumer's name twice), so that a
    mistake is asked again rather than found after the last question. The cloud comes
    first, where there is a choice: the later questions use its words."""
    from advisor.providers import PROVIDERS

    clouds = tuple(PROVIDERS)
    if len(clouds) > 1:  # a question with one possible answer is not asked
        field_, question, explanation, check = cloud_question(clouds)
        answers.cloud = _ask(question, explanation, check, answers.cloud)
    vocabulary = vocabulary_of(answers.cloud)
    answers.region = answers.region or vocabulary.default_region
    for field_, question, explanation, check in questions(vocabulary):
        if field_ == "peak":
            check = _peak_check(answers.average, check)
        value = _ask(question, explanation, check, str(getattr(answers, field_)))
        setattr(answers, field_, value)
        if field_ == "ordering" and value == "per-key":
            answers.ordering_key = _ask("What groups the messages (the ordering key)",
                                        "such as customerId or accountId",
                                        lambda s: s.strip() or _empty(), answers.ordering_key
                                        or "id")
    count = int(_ask("How many consumers", "each consumer is a separate team or service that "
                     "reacts to the messages", _count, "1"))
    consumers: list[tuple[str, ...]] = []
    for index in range(count):
        typer.secho(f"Consumer {index + 1} of {count}", bold=True, err=True)
        taken = [c[0] for c in consumers]
        name = _ask("Its name", "lower-case words joined by dashes", _new_name(taken),
                    _free(f"consumer-{index + 1}", taken))
        runs_on = _ask(*CONSUMER_QUESTIONS[0][:2], CONSUMER_QUESTIONS[0][2], "")
        max_rate = _ask(*CONSUMER_QUESTIONS[1][:2], CONSUMER_QUESTIONS[1][2], "")
        max_concurrency = _ask(*CONSUMER_QUESTIONS[2][:2], CONSUMER_QUESTIONS[2][2], "")
        # Whether each message names its own recipient only changes the design for people,
        # devices and clients.
        recipients = _ask(*CONSUMER_QUESTIONS[3][:2], CONSUMER_QUESTIONS[3][2], "fixed") \
            if runs_on in ADDRESSED else ""
        consumers.append((name, runs_on, max_rate, max_concurrency, recipients))
    answers.consumers = consumers
    return answers


def vocabulary_of(cloud: str) -> Vocabulary:
    """The words of `cloud`, which the answers were checked to name a registered cloud."""
    from advisor.providers import PROVIDERS

    return next(make() for known, make in PROVIDERS.items() if known == cloud).vocabulary


def _peak_check(average: str, check: Callable[[str], str]) -> Callable[[str], str]:
    def both(text: str) -> str:
        value = check(text)
        problem = peak_problem(average, value)
        if problem:
            raise ValueError(problem)
        return value
    return both


def _new_name(taken: list[str]) -> Callable[[str], str]:
    def check(text: str) -> str:
        name = check_name(text)
        if name in taken:
            raise ValueError(f"another consumer is already named {name!r}; each needs its "
                             "own name")
        return name
    return check


def _free(name: str, taken: list[str]) -> str:
    """`name`, or a numbered variant no earlier consumer has."""
    number = len(taken) + 1
    while name in taken:
        number += 1
        name = f"consumer-{number}"
    return name


def _empty() -> str:
    raise ValueError("an answer is needed")


def _count(text: str) -> str:
    if text.strip().isdigit() and 1 <= int(text) <= 50:
        return text.strip()
    raise ValueError("a whole number from 1 to 50")


def write_workload(path: Path, answers: Answers, interactive: bool, force: bool) -> int:
    from advisor.adr.folder import write_output
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import parse_yaml

    if path.exists() and not force:
        if not interactive:
            raise InputError(str(path), 0, 0, "the file already exists",
                             "choose another file name, or pass --force to overwrite it")
        if not typer.confirm(f"{path} exists. Overwrite it?", default=False, err=True):
            typer.echo("Nothing was written.", err=True)
            return 0
    if interactive:
        answers = interview(answers)
    if not answers.consumers:
        answers.consumers = [("consumer", "", "", "", "")]
    text = render(answers)
    try:  # what we write must be valid
        parse_workloads(parse_yaml(text, str(path)), str(path),
                        vocabularies=vocabulary_of(answers.cloud))
    except (InputError, InputErrors) as exc:
        # The file does not exist: no line of it to cite. Say which answers clash.
        raise InputErrors([InputError(f"{path} (not written)", 0, 0,
                                      f"the answers do not make a valid workload: {e.message}",
                                      e.hint) for e in getattr(exc, "errors", [exc])]) from None
    write_output(path, text)  # into a device or FIFO named for it, never replacing one
    typer.echo(visible(f"Wrote {path}. Next: advisor recommend {path}"), err=True)
    return 0
