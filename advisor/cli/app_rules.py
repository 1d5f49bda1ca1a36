"""`advisor rules list | explain | test`, declared: arguments and help, delegating to
advisor.cli.rules."""

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.cloudoption import CloudOption
from advisor.cli.guard import guarded
from advisor.cli.options import Debug, Output, RulePacks
from advisor.cli.outputs import reported

rules_app = typer.Typer(help="Read, explain and test the rules (the built-in pack and your "
                        "own packs).", no_args_is_help=True)


def packs(given: list[Path] | None, config: Path | None = None) -> tuple[Path, ...]:
    """The config's rule packs, then those given with --rules."""
    from advisor.format.config import load_config

    settings = load_config(config, Path.cwd())
    return (*settings.rule_packs, *(given or []))


@rules_app.command("list", help="List every rule: id, title, scope, kind (limit or weight) "
                   "with its weights and what it rules out, and sources.")
def rules_list(rules: RulePacks = None, cloud: CloudOption = None, output: Output = None,
               debug: Debug = False) -> None:
    from advisor.cli.cloudoption import chosen_cloud
    from advisor.cli.rules import list_rules

    raise typer.Exit(guarded(debug, reported(
        output, lambda: list_rules(packs(rules), chosen_cloud(cloud) or "aws"), "rules list"),
        writes=False))


@rules_app.command("explain", help="Explain one rule: its condition in words, effect, "
                   "rationale, sources and examples.")
def rules_explain(rule_id: Annotated[str, typer.Argument(
        metavar="ID", help="A rule id, such as PP303 (in any case), as `advisor rules list` "
        "shows it.", show_default=False)],
                  rules: RulePacks = None, cloud: CloudOption = None, output: Output = None,
                  debug: Debug = False) -> None:
    from advisor.cli.cloudoption import chosen_cloud
    from advisor.cli.rules import explain_rule

    raise typer.Exit(guarded(debug, reported(
        output, lambda: explain_rule(rule_id, packs(rules), chosen_cloud(cloud) or "aws"),
        "rules explain"), writes=False))


@rules_app.command("test", help="Run every rule's examples (exit 1 on a failure or a rule "
                   "without both a firing and a non-firing example). With folders, test only "
                   "the rules of those packs.")
def rules_test(folders: Annotated[list[Path] | None, typer.Argument(
        metavar="[DIR]...", file_okay=False, show_default=False)] = None,
        rules: RulePacks = None, cloud: CloudOption = None, output: Output = None,
        debug: Debug = False) -> None:
    from advisor.cli.cloudoption import chosen_cloud
    from advisor.cli.rules import test_rules

    chosen = (*packs(rules), *(folders or []))
    raise typer.Exit(guarded(debug, reported(
        output, lambda: test_rules(chosen, bool(folders), chosen_cloud(cloud)), "rules test"),
        writes=False))
