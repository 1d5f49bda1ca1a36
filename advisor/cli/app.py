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
from advisor.cli.cloudoption import CloudOption
from advisor.cli.exits import EXIT_OK
from advisor.cli.guard import guarded
from advisor.cli.options import Debug, Output, RulePacks
from advisor.cli.outputs import reported

# The app's root: its callback and the commands declared here. The commands declared in
# app_*.py modules join it in `whole()`, or one at a time in `app_for`, so that a run imports
# the declaration of its own command only.
_root = typer.Typer(
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


@_root.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Recommend push, poll or hybrid delivery for event-driven flows on AWS, Azure and
    Google Cloud."""




@_root.command(help="Print the JSON Schema (draft 2020-12) of the workload format, for editors "
             "and other tools.\n\nIt is generated from the same definition as advisor's own "
             "validator. In an editor with the YAML language server, put this first line in a "
             "workload file:\n\n"
             "# yaml-language-server: $schema=./workload.schema.json",
             epilog="Example:  advisor schema > workload.schema.json")
def schema(cloud: CloudOption = None, output: Output = None, debug: Debug = False) -> None:
    def body() -> int:
        from advisor.cli.cloudoption import chosen_cloud
        from advisor.cli.schema import run_schema

        return run_schema(chosen_cloud(cloud) or "aws")

    raise typer.Exit(guarded(debug, reported(output, body, "schema"), writes=False))


@_root.command(help="Show the whole trace behind a recommendation: every fact with its value, "
             "every rule with whether it fired and why, the scores, the constraints and the "
             "chosen services.",
             epilog="Example:  advisor explain examples/order-placed.yaml")
def explain(
    workloads: Annotated[list[Path], typer.Argument(
        metavar="WORKLOAD...", help="Workload file(s) to explain; - reads one from standard "
        "input.", show_default=False)],
    rules: RulePacks = None,
    cloud: CloudOption = None,
    output: Output = None,
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.cli.app_rules import packs
        from advisor.cli.cloudoption import chosen_cloud
        from advisor.cli.explain import explain_file

        return explain_file(workloads, packs(rules), chosen_cloud(cloud))

    raise typer.Exit(guarded(debug, reported(output, body, "explain"), writes=False))




def main() -> None:
    """The `advisor` command. It ends the process (typer exits with the command's code)."""
    from advisor.cli.process import run

    run(app_for)


_WHOLE: list[typer.Typer] = []
_GROUPS = ("rules", "adr")  # declared as groups of subcommands


def _declared(name: str) -> typer.Typer:
    """The Typer that declares `name` in its own module (app_<name>.py), imported now."""
    if name == "recommend":
        from advisor.cli.app_recommend import commands
    elif name == "check":
        from advisor.cli.app_check import commands
    elif name == "init":
        from advisor.cli.app_init import commands
    elif name == "mcp":
        from advisor.cli.app_mcp import commands
    elif name == "rules":
        from advisor.cli.app_rules import rules_app as commands
    elif name == "adr":
        from advisor.cli.app_adr import adr_app as commands
    else:
        return typer.Typer()  # declared here, in _root, or no command at all
    return commands


def whole() -> typer.Typer:
    """The app with every command, in the order help lists them."""
    if not _WHOLE:
        import copy

        full = copy.copy(_root)
        here = list(_root.registered_commands)  # schema, explain
        full.registered_commands = [*_declared("recommend").registered_commands,
                                    *_declared("check").registered_commands, *here,
                                    *_declared("init").registered_commands,
                                    *_declared("mcp").registered_commands]
        full.registered_groups = []
        full.add_typer(_declared("rules"), name="rules")
        full.add_typer(_declared("adr"), name="adr")
        _WHOLE.append(full)
    return _WHOLE[0]


def __getattr__(name: str) -> object:
    if name == "app":  # the whole app, for tests and tools that import it
        return whole()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` names, where they name one.

    Typer turns every command's signature into click parameters before it parses anything
    (about 11 ms for advisor's 13 commands), and each command's declaration is a module to
    import; a run needs one. `advisor --help` and a mistyped command still get the whole
    app."""
    import copy

    wanted = next((arg for arg in args if not arg.startswith("-")), None)
    if wanted is None or "--help" in args[:args.index(wanted)]:
        return whole()  # `advisor --help recommend` lists every command, as `advisor --help`
    only = copy.copy(_root)
    only.registered_groups = []
    if wanted in _GROUPS:
        only.registered_commands = []
        only.add_typer(_declared(wanted), name=wanted)
        return only
    commands = [c for c in (*_declared(wanted).registered_commands,
                            *_root.registered_commands) if wanted == (
        c.name or typer.main.get_command_name(c.callback.__name__ if c.callback else ""))]
    if not commands:
        return whole()
    only.registered_commands = commands
    return only
