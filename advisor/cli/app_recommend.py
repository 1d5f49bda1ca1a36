"""`advisor recommend`, declared: arguments and help, delegating to advisor.cli.recommend.

No `from __future__ import annotations` in the declarations: typer reads the annotations.
"""

from pathlib import Path
from typing import Annotated

import typer

from advisor.answers.dates import decision_date
from advisor.cli.choices import RecommendFormat
from advisor.cli.cloudoption import CloudOption
from advisor.cli.guard import guarded
from advisor.cli.options import AdrDir, ConfigFile, Output, Quiet, RulePacks
from advisor.cli.outputs import reported

commands = typer.Typer()  # app.py takes the command into the app


@commands.command(help="Decide push, poll or hybrid for each workload and write its ADR.\n\n"
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
    cloud: CloudOption = None,
    max_knowledge_age: Annotated[int | None, typer.Option(
        "--max-knowledge-age", min=1, metavar="DAYS",
        help="Warn when advisor's knowledge of the cloud is older than this \\[default: the "
        "config's knowledge_max_age_days, else 365].", show_default=False)] = None,
    output: Output = None,
    quiet: Quiet = False,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Search anew for the changes that would alter each answer: "
        "neither read nor write what advisor keeps of them in the user's cache "
        "folder.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    """Decide push, poll or hybrid for each workload and write its ADR."""
    def body() -> int:
        from advisor.cli.cloudoption import chosen_cloud
        from advisor.cli.recommend import run_recommend
        from advisor.format.config import load_config

        settings = load_config(config, Path.cwd())
        folder = settings.adr_folder(adr_dir)
        age = max_knowledge_age or settings.knowledge_max_age_days
        packs = (*settings.rule_packs, *(rules or []))
        return run_recommend(workloads, folder, fmt.value, dry_run, force, decision_date(date),
                             age, template, packs, not no_waivers, settings.root, quiet,
                             not no_cache, chosen_cloud(cloud))

    raise typer.Exit(guarded(debug, reported(output, body, "recommend", quiet,
                                             writes=not dry_run)))
