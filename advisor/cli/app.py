"""The command line: the typer app, which declares every command (here, or in an app_*.py
module of its own) and delegates to the module that runs it (advisor.cli.<command>),
guarded (exit codes: advisor.cli.exits). `main` is the `advisor` command.

Commands import their modules when they run, so that --help and --version stay light.
No `from __future__ import annotations` here: typer reads the commands' annotations,
and string annotations cost it an eval for each parameter (2 ms a run).
"""

from pathlib import Path
from typing import Annotated

import typer

from advisor import __version__
from advisor.cli import app_check, app_init, app_recommend
from advisor.cli.app_adr import adr_app
from advisor.cli.app_rules import packs, rules_app
from advisor.cli.exits import EXIT_OK
from advisor.cli.guard import guarded
from advisor.cli.options import Debug, Output, RulePacks
from advisor.cli.outputs import reported

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


# Commands declared in their own modules join the app in the order help lists them.
app.registered_commands += [*app_recommend.commands.registered_commands,
                            *app_check.commands.registered_commands]
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


app.registered_commands += app_init.commands.registered_commands
app.add_typer(adr_app, name="adr")


def main() -> None:
    """The `advisor` command. It ends the process (typer exits with the command's code)."""
    from advisor.cli.process import run

    run(app_for)


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


