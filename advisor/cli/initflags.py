"""`advisor init` with its options: the answers the flags give, each checked (with
--no-input nothing is asked, so every mistake is reported at once), then the file written."""

from __future__ import annotations

from pathlib import Path

from advisor.errors import InputError, InputErrors
from advisor.format.answers import Answers


def run_init(file: Path, interactive: bool, force: bool, name: str | None,
             consumers: list[str], cloud: str = "aws", **fields: str) -> int:
    """`fields`: the other answers, by the names of Answers' fields; a `region` left empty
    is the cloud's default region."""
    from advisor.cli.init import write_workload

    _check_cloud(cloud)  # before anything is asked: the questions use its words
    answers = Answers(name=name or _stem_name(file), cloud=cloud,
                      consumers=[_consumer(c) for c in consumers], **fields)
    if not interactive:
        from advisor.cli.init import vocabulary_of

        answers.region = answers.region or vocabulary_of(cloud).default_region
        _check_answers(answers)
    return write_workload(file, answers, interactive, force)


def _check_cloud(cloud: str) -> None:
    from advisor.format.answers import cloud_question
    from advisor.providers import PROVIDERS

    _, _, explanation, check = cloud_question(tuple(PROVIDERS))
    try:
        check(cloud)
    except ValueError as exc:
        raise InputError("--cloud", 0, 0, f"{cloud!r}: {exc}", explanation) from None


def _stem_name(file: Path) -> str:
    import re

    stem = re.sub(r"[^a-z0-9-]+", "-", file.stem.lower()).strip("-")
    return stem if stem and stem != "workload" else "my-flow"


CONSUMER_FORM = "NAME[:RUNS_ON[:MAX_RATE[:MAX_CONCURRENCY[:RECIPIENTS]]]]"


def _consumer(text: str) -> tuple[str, str, str, str, str]:
    parts = text.split(":")
    if len(parts) > 5:
        raise InputError("--consumer", 0, 0, f"{text!r} has {len(parts)} parts; at most 5",
                         f"write {CONSUMER_FORM}, such as codes:sms:::per-message")
    parts += [""] * (5 - len(parts))
    return parts[0], parts[1], parts[2], parts[3], parts[4]


def _check_answers(answers: Answers) -> None:
    from advisor.cli.init import vocabulary_of
    from advisor.format.answers import (
        CONSUMER_QUESTIONS,
        check_name,
        consumer_parts,
        peak_problem,
        questions,
    )

    errors = []
    for field_, _, explanation, check in questions(vocabulary_of(answers.cloud)):
        try:
            check(str(getattr(answers, field_)))
        except ValueError as exc:
            errors.append(InputError(f"--{field_.replace('_', '-')}", 0, 0,
                                     f"{getattr(answers, field_)!r}: {exc}", explanation))
    for given in answers.consumers:
        parts = consumer_parts(given)
        checks = (check_name, *(q[2] for q in CONSUMER_QUESTIONS))
        for check, value in zip(checks, parts, strict=True):
            try:
                check(value)
            except ValueError as exc:
                errors.append(InputError(
                    "--consumer", 0, 0, f"{':'.join(parts).rstrip(':')}: {value!r}: {exc}",
                    f"write {CONSUMER_FORM}, such as billing:lambda:100/s"))
    problem = peak_problem(answers.average, answers.peak)
    if problem:  # across answers: said of the options, as no file exists yet
        errors.append(InputError("--peak", 0, 0, problem, "raise --peak, or lower --average"))
    if answers.ordering_key and answers.ordering.strip().lower() != "per-key":
        errors.append(InputError("--ordering-key", 0, 0, "a key is given but --ordering is "
                                 f"{answers.ordering!r}, not per-key",
                                 "add --ordering per-key, or leave out --ordering-key"))
    from collections import Counter

    names = [consumer_parts(given)[0] for given in answers.consumers]
    errors.extend(InputError("--consumer", 0, 0, f"two consumers are named {name!r}",
                             "give each consumer its own name")
                  for name, count in sorted(Counter(names).items()) if count > 1)
    if errors:
        raise InputErrors(errors)
