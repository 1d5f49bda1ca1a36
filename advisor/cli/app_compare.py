"""`advisor compare`, declared: arguments and help, delegating to advisor.cli.compare.

No `from __future__ import annotations` in the declarations: typer reads the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.choices import CompareFormat
from advisor.cli.guard import guarded
from advisor.cli.options import Debug, Output, RulePacks
from advisor.cli.outputs import reported

commands = typer.Typer()  # app.py takes the command into the app


@commands.command(help="Decide one workload on every cloud advisor knows and show the clouds "
                  "side by side: the model with its services and routes, the monthly cost at "
                  "the average rate and at a sustained peak, the limits the peak comes "
                  "closest to, the error handling, and which rules and facts made the clouds "
                  "differ. A cloud the workload cannot be built on is shown with the reason.",
                  epilog="Examples:\n\n  advisor compare examples/order-placed.yaml\n\n"
                  "  advisor compare workload.yaml --format markdown -o compare.md")
def compare(
    workload: Annotated[Path, typer.Argument(
        help="The workload file to compare; - reads it from standard input.",
        metavar="WORKLOAD", show_default=False)],
    fmt: Annotated[CompareFormat, typer.Option(
        "--format", help="text: for people; markdown: for a review or a pull request; "
        "json: the machine-readable document.")] = CompareFormat.text,
    date: Annotated[str | None, typer.Option(
        "--date", help="The day to decide on \\[default: SOURCE_DATE_EPOCH, else today].",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    rules: RulePacks = None,
    output: Output = None,
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.answers.dates import decision_date
        from advisor.cli.app_rules import packs
        from advisor.cli.compare import run_compare

        return run_compare(workload, fmt.value, decision_date(date), packs(rules))

    raise typer.Exit(guarded(debug, reported(output, body, "compare"), writes=False))
