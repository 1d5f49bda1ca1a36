"""`advisor template`, declared: arguments and help, delegating to advisor.cli.template.

No `from __future__ import annotations` in the declarations: typer reads the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.guard import guarded
from advisor.cli.options import AdrDirRead, ConfigFile, Debug, RulePacks
from advisor.cli.outputs import reported

commands = typer.Typer()  # app.py takes the command into the app


@commands.command(help="Write a CloudFormation template (YAML) of the chosen design on AWS: the "
                  "messaging fabric around the team's own compute, with every setting the ADR's "
                  "error handling and sizing state.\n\n"
                  "The team's functions, endpoints, state machines and roles enter as "
                  "parameters. Several workloads give one template, their logical ids prefixed "
                  "by each workload's name. Every resource is tagged with its workload and ADR.",
                  epilog="Examples:\n\n"
                  "  advisor template examples/order-placed.yaml\n\n"
                  "  advisor template workload.yaml -o deploy/order-placed.yaml")
def template(
    workloads: Annotated[list[Path], typer.Argument(
        metavar="WORKLOAD...", help="Workload file(s) to write the template of; - reads one "
        "from standard input.", show_default=False)],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the template to this file (atomically; nothing on an "
        "error) instead of standard output; - for standard output.", show_default=False,
        dir_okay=False)] = None,
    cloud: Annotated[str, typer.Option(
        "--cloud", metavar="CLOUD", help="The cloud to write the template for: aws "
        "(CloudFormation); Bicep and Terraform are later work.")] = "aws",
    adr_dir: AdrDirRead = None,
    config: ConfigFile = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="The date to decide on \\[default: SOURCE_DATE_EPOCH, else today].",
        metavar="YYYY-MM-DD", show_default=False)] = None,
    rules: RulePacks = None,
    debug: Debug = False,
) -> None:
    def body() -> int:
        from advisor.answers.dates import decision_date
        from advisor.cli.app_rules import packs
        from advisor.cli.template import run_template
        from advisor.format.config import load_config

        settings = load_config(config, Path.cwd())
        return run_template(workloads, cloud, decision_date(date), packs(rules, config),
                            settings.adr_folder(adr_dir))

    raise typer.Exit(guarded(debug, reported(output, body, "template"), writes=False))
