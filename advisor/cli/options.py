"""The options several commands share, as typer reads them: one wording everywhere."""

from pathlib import Path
from typing import Annotated

import typer

AdrDir = Annotated[Path | None, typer.Option(
    "--adr-dir", help="Folder of ADRs, created if missing \\[default: the config's adr_dir, "
    "else docs/decisions].", show_default=False)]
ConfigFile = Annotated[Path | None, typer.Option(
    "--config", help="Config file \\[default: the nearest .advisor.yaml or pyproject.toml with "
    "\\[tool.advisor]].", show_default=False, dir_okay=False)]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
AdrDirRead = Annotated[Path | None, typer.Option(
    "--adr-dir", help="Folder of ADRs \\[default: the config's adr_dir, else docs/decisions].",
    show_default=False)]
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print nothing but errors (and, for check, the report when it "
    "fails).")]
Output = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the report to this file (atomically; nothing on an error) "
    "instead of standard output; - for standard output.", show_default=False,
    dir_okay=False)]
RulePacks = Annotated[list[Path] | None, typer.Option(
    "--rules", help="A folder of rule files to load after the built-in pack (repeatable; "
    "the config's `rules:` folders are loaded too).", file_okay=False, show_default=False)]
