"""`advisor check`, declared: arguments and help, delegating to advisor.cli.check."""

import os
from pathlib import Path
from typing import Annotated

import typer

from advisor.answers.dates import decision_date
from advisor.cli.choices import CheckFormat, Severity
from advisor.cli.guard import guarded
from advisor.cli.options import AdrDirRead, ConfigFile, Output, Quiet, RulePacks
from advisor.cli.outputs import output_file, reported
from advisor.errors import InputError

commands = typer.Typer()  # app.py takes the command into the app


@commands.command(help="Check that committed ADRs still match what the workloads and advisor's "
                  "rules give today (the pre-design gate for CI).\n\n"
                  "Recomputes the recommendation of every workload (the PATHS given, else the "
                  "config's `workloads` globs, else the files the ADRs record) and compares it "
                  "with the ADR folder. Exit codes: 0 nothing reaches --fail-on, 1 something "
                  "does, 2 bad usage or configuration, 3 an internal error.",
                  epilog="Examples:\n\n"
                  "  advisor check\n\n"
                  "  advisor check workloads/*.yaml --format sarif --output advisor.sarif\n\n"
                  "  advisor check --fail-on warning\n\n"
                  "  advisor check --explain ADV103")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Workload files or folders (searched for *.yaml).", show_default=False)] = None,
    adr_dir: AdrDirRead = None,
    config: ConfigFile = None,
    fmt: Annotated[CheckFormat | None, typer.Option(
        "--format", help="Output format \\[default: github when GITHUB_ACTIONS=true, else "
        "text].", show_default=False)] = None,
    fail_on: Annotated[Severity | None, typer.Option(
        "--fail-on", help="Exit 1 when a finding is at least this severe \\[default: the "
        "config's fail_on, else error].", show_default=False)] = None,
    output: Output = None,
    report: Annotated[list[str] | None, typer.Option(
        "--report", metavar="FORMAT:FILE", help="Also write the report in FORMAT to FILE, "
        "from the same run (repeatable), such as --report sarif:advisor.sarif.",
        show_default=False)] = None,
    quiet: Quiet = False,
    explain: Annotated[str | None, typer.Option(
        "--explain", help="Print what a finding code means and how to fix it, then exit.",
        metavar="CODE", show_default=False)] = None,
    rules: RulePacks = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore every waiver in the workloads.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="Today's date, for waiver expiry and the age of advisor's knowledge "
        "\\[default: SOURCE_DATE_EPOCH, else today].", metavar="YYYY-MM-DD",
        show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Recompute everything: neither read nor write the result advisor "
        "keeps in the user's cache folder for an unchanged repository.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    if explain is not None:
        code = explain

        def explained() -> int:
            from advisor.cli.check import explain_finding

            return explain_finding(code)

        raise typer.Exit(guarded(debug, reported(output, explained, "check", quiet),
                                 writes=False))

    def body() -> int:
        from advisor.cli.check import run_check

        return run_check(list(paths or []), adr_dir, config, chosen,
                         fail_on.value if fail_on else None, output_file(output),
                         tuple(rules or []), decision_date(date), not no_waivers,
                         tuple(_report(r) for r in report or []), quiet, not no_cache)

    chosen = fmt.value if fmt else (
        "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    raise typer.Exit(guarded(debug, body, writes=False))


def _report(given: str) -> tuple[str, Path]:
    kind, colon, file = given.partition(":")
    if kind not in CheckFormat.__members__ or not colon or not file:
        raise InputError("--report", 0, 0, f"{given!r} is not FORMAT:FILE",
                         f"write a format ({', '.join(CheckFormat.__members__)}), a colon and "
                         "a file, such as sarif:advisor.sarif")
    return kind, Path(file)
