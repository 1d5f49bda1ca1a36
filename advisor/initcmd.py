"""The interactive side of `advisor init`: ask, check each answer, write the file."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.errors import InputError
from advisor.init import CONSUMER_QUESTIONS, QUESTIONS, Answers, check_name, render
from advisor.schema import ADDRESSED
from advisor.visible import visible


def _ask(question: str, explanation: str, check: object, default: str) -> str:
    assert callable(check)
    typer.secho(f"  {explanation}", dim=True, err=True)

    def proc(value: str) -> str:
        try:
            return str(check(value))
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    answer: str = typer.prompt(question, default=default, value_proc=proc,
                               show_default=bool(default), err=True)
    return answer


def interview(answers: Answers) -> Answers:
    for field_, question, explanation, check in QUESTIONS:
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
        name = _ask("Its name", "lower-case words joined by dashes", check_name,
                    f"consumer-{index + 1}")
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


def _empty() -> str:
    raise ValueError("an answer is needed")


def _count(text: str) -> str:
    if text.strip().isdigit() and 1 <= int(text) <= 50:
        return text.strip()
    raise ValueError("a whole number from 1 to 50")


def write_workload(path: Path, answers: Answers, interactive: bool, force: bool) -> int:
    from advisor.adr import write_output
    from advisor.workload import parse_workloads
    from advisor.yamlnodes import parse_yaml

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
    parse_workloads(parse_yaml(text, str(path)), str(path))  # what we write must be valid
    write_output(path, text)  # into a device or FIFO named for it, never replacing one
    typer.echo(visible(f"Wrote {path}. Next: advisor recommend {path}"), err=True)
    return 0
