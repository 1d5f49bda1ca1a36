"""The command line's declarations: each command's arguments and help, delegating to the
module that runs it (advisor.cli.<command>), guarded (exit codes: advisor.cli.exits).

Commands import their modules when they run, so that --help and --version stay light.
No `from __future__ import annotations` here: typer reads the commands' annotations,
and string annotations cost it an eval for each parameter (2 ms a run).
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor import __version__
from advisor.cli.app_adr import adr_app
from advisor.cli.app_rules import packs, rules_app
from advisor.cli.choices import CheckFormat, RecommendFormat, Severity
from advisor.cli.dates import decision_date
from advisor.cli.exits import EXIT_OK
from advisor.cli.guard import guarded
from advisor.cli.options import (
    AdrDir,
    AdrDirRead,
    ConfigFile,
    Debug,
    Output,
    Quiet,
    RulePacks,
)
from advisor.cli.outputs import output_file, reported
from advisor.errors import InputError

app = typer.Typer(
    name="advisor",
    help="Recommend push, poll or hybrid delivery for event-driven flows on AWS, "
    "and write the Architecture Decision Record.\n\n"
    "Example:  advisor recommend examples/order-placed.yaml",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"advisor {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Recommend push, poll or hybrid delivery for event-driven flows on AWS."""


@app.command(help="Decide push, poll or hybrid for each workload and write its ADR.\n\n"
             "The ADR goes to ADR_DIR/NNNN-<name>.md under the next free number. Where an ADR "
             "for the same workload already exists, nothing is written unless --force.",
             epilog="Examples:\n\n"
             "  advisor recommend examples/order-placed.yaml\n\n"
             "  advisor recommend workload.yaml --dry-run --format json\n\n"
             "  advisor recommend workload.yaml --adr-dir docs/adr --date 2026-01-31")
def recommend(
    workloads: Annotated[list[Path], typer.Argument(
        help="Workload file(s) to decide for; - reads one from standard input (with "
        "--dry-run: an ADR records its workload's file, which check reads again).",
        metavar="WORKLOAD...", show_default=False)],
    adr_dir: AdrDir = None,
    config: ConfigFile = None,
    fmt: Annotated[RecommendFormat, typer.Option(
        "--format", help="text: a summary for people; json: the machine-readable document "
        "on stdout.")] = RecommendFormat.text,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Decide and report, but write no file.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing ADR for the same workload in place.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="ADR date \\[default: SOURCE_DATE_EPOCH, else today].",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore every waiver in the workloads.")] = False,
    template: Annotated[str, typer.Option(
        "--template", metavar="NAME|FILE", help="ADR template: madr, madr-minimal, nygard, "
        "or the path of your own Jinja template.")] = "madr",
    rules: RulePacks = None,
    max_knowledge_age: Annotated[int | None, typer.Option(
        "--max-knowledge-age", min=1, metavar="DAYS",
        help="Warn when advisor's AWS knowledge is older than this \\[default: the config's "
        "knowledge_max_age_days, else 365].", show_default=False)] = None,
    output: Output = None,
    quiet: Quiet = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    """Decide push, poll or hybrid for each workload and write its ADR."""
    def body() -> int:
        from advisor.cli.recommend import run_recommend
        from advisor.format.config import load_config

        settings = load_config(config, Path.cwd())
        folder = settings.adr_folder(adr_dir)
        age = max_knowledge_age or settings.knowledge_max_age_days
        packs = (*settings.rule_packs, *(rules or []))
        return run_recommend(workloads, folder, fmt.value, dry_run, force, decision_date(date),
                             age, template, packs, not no_waivers, settings.root, quiet)

    raise typer.Exit(guarded(debug, reported(output, body, "recommend", quiet,
                                             writes=not dry_run)))


@app.command(help="Check that committed ADRs still match what the workloads and advisor's "
             "rules give today (the pre-design gate for CI).\n\n"
             "Recomputes the recommendation of every workload (the PATHS given, else the "
             "config's `workloads` globs, else the files the ADRs record) and compares it with "
             "the ADR folder. Exit codes: 0 nothing reaches --fail-on, 1 something does, 2 "
             "bad usage or configuration, 3 an internal error.",
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
                         tuple(_report(r) for r in report or []), quiet)

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


app.add_typer(rules_app, name="rules")


@app.command(help="Print the JSON Schema (draft 2020-12) of the workload format, for editors "
             "and other tools.\n\nIt is generated from the same definition as advisor's own "
             "validator. In an editor with the YAML language server, put this first line in a "
             "workload file:\n\n"
             "# yaml-language-server: $schema=./workload.schema.json",
             epilog="Example:  advisor schema > workload.schema.json")
def schema(output: Output = None, debug: Debug = False) -> None:
    def body() -> int:
        from advisor.cli.schema import run_schema

        return run_schema()

    raise typer.Exit(guarded(debug, reported(output, body, "schema"), writes=False))


@app.command(help="Show the whole trace behind a recommendation: every fact with its value, "
             "every rule with whether it fired and why, the scores, the constraints and the "
             "chosen services.",
             epilog="Example:  advisor explain examples/order-placed.yaml")
def explain(
    workloads: Annotated[list[Path], typer.Argument(
        metavar="WORKLOAD...", help="Workload file(s) to explain; - reads one from standard "
        "input.", show_default=False)],
    rules: RulePacks = None,
    output: Output = None,
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.cli.explain import explain_file

        return explain_file(workloads, packs(rules))

    raise typer.Exit(guarded(debug, reported(output, body, "explain"), writes=False))


@app.command(help="Write a workload file by answering plain-language questions (each with a "
             "default and a one-line explanation). Never overwrites a file without asking.\n\n"
             "With --no-input nothing is asked: the options (or their defaults) fill the file, "
             "for scripts.",
             epilog="Examples:\n\n  advisor init orders.yaml\n\n"
             "  advisor init orders.yaml --no-input --name orders --kind event "
             "--peak 200/s --consumer billing:lambda --consumer ledger:container:50/s")
def init(
    file: Annotated[Path, typer.Argument(help="The workload file to write.", dir_okay=False)
                    ] = Path("workload.yaml"),
    no_input: Annotated[bool, typer.Option("--no-input", help="Ask nothing; use the options "
                                           "and defaults.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")
                     ] = False,
    name: Annotated[str | None, typer.Option(
        metavar="NAME", help="Name of the flow \\[default: from FILE].",
        show_default=False)] = None,
    description: Annotated[str, typer.Option(
        metavar="TEXT", help="What flows, in a sentence.")] = "",
    kind: Annotated[str, typer.Option(metavar="KIND", help="event | command")] = "event",
    average: Annotated[str, typer.Option(
        metavar="RATE", help="Average rate, such as 50/s.")] = "",
    peak: Annotated[str, typer.Option(metavar="RATE", help="Peak rate, such as 2000/s.")] = "",
    payload: Annotated[str, typer.Option(
        metavar="SIZE", help="Typical message size, such as 2KB.")] = "",
    latency: Annotated[str, typer.Option(
        metavar="DURATION", help="Latency target, such as 1s.")] = "",
    ordering: Annotated[str, typer.Option(
        metavar="ORDERING", help="none | per-key | global")] = "none",
    ordering_key: Annotated[str, typer.Option(
        metavar="KEY", help="What groups the messages (per-key).")] = "",
    duplicates: Annotated[str, typer.Option(
        metavar="DUPLICATES", help="tolerated | must-deduplicate")] = "tolerated",
    replay: Annotated[str, typer.Option(
        metavar="DURATION", help="none, or how far back, such as 7d.")] = "none",
    batching: Annotated[str, typer.Option(
        metavar="BATCHING", help="none | preferred | required")] = "none",
    expires_after: Annotated[str, typer.Option(
        metavar="DURATION", help="Age after which a message is worthless, such as 30s.")
                             ] = "",
    delay: Annotated[str, typer.Option(
        metavar="DURATION", help="The longest a message waits before delivery, such as "
        "30d.")] = "",
    consumer: Annotated[list[str] | None, typer.Option(
        "--consumer", metavar="CONSUMER", help="A consumer: its NAME, then optionally "
        ":RUNS_ON, :MAX_RATE, :MAX_CONCURRENCY and :RECIPIENTS in that order; repeatable. "
        "Leave a part empty to skip it, such as resize:function::50 or "
        "codes:sms:::per-message.", show_default=False)] = None,
    source: Annotated[str, typer.Option(
        metavar="SERVICE", help="The AWS service that emits the messages.")] = "",
    region: Annotated[str, typer.Option(metavar="REGION", help="AWS Region.")] = "us-east-1",
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.cli.initflags import run_init

        return run_init(file, not no_input, force, name, consumer or [],
                        description=description, kind=kind, average=average, peak=peak,
                        payload=payload, latency=latency, ordering=ordering,
                        ordering_key=ordering_key, duplicates=duplicates, replay=replay,
                        batching=batching, expires_after=expires_after, delay=delay,
                        source=source, region=region)

    raise typer.Exit(guarded(debug, body))


app.add_typer(adr_app, name="adr")


def main() -> None:
    """The `advisor` command. It ends the process (typer exits with the command's code)."""
    import gc
    import signal

    from advisor.cli.streams import OutputError, output_failed, prepare_output

    # A run allocates many small objects and little cyclic garbage, and ends in well under
    # a second: the collector's default (a pass every 700 allocations) spent about a tenth
    # of a recommendation walking live objects. (mypy tunes its collector the same way.)
    gc.set_threshold(100_000, 50, 100)

    # Behave like other command-line tools when the reader goes away (`advisor ... | head`).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    prepare_output()
    try:
        try:
            app_for(sys.argv[1:])()
        except SystemExit:
            sys.stdout.flush()  # a buffered write to a full disk fails only here
            raise
    except OutputError as exc:  # from the command, or from that last flush
        raise SystemExit(output_failed(exc)) from None
    finally:
        # Everything still alive dies with the process: spare the interpreter's final
        # collection from walking it (15 to 25 ms, more than a whole recommendation's
        # rules). Files are closed and streams flushed as usual; only the walk is skipped.
        gc.freeze()


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` names, where they name one.

    Typer turns every command's signature into click parameters before it parses anything
    (about 11 ms for advisor's 13 commands); a run needs one. `advisor --help` and a
    mistyped command still get the whole app."""
    import copy

    wanted = next((arg for arg in args if not arg.startswith("-")), None)
    if wanted is None or "--help" in args[:args.index(wanted)]:
        return app  # `advisor --help recommend` lists every command, as `advisor --help` does
    commands = [c for c in app.registered_commands if wanted == (
        c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else ""))]
    groups = [g for g in app.registered_groups if wanted == g.name]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


