"""The command line: parse, call the library, write, and return an exit code.

Exit codes: 0 done, 1 findings (check), 2 bad input or usage, 3 an internal error.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advisor import __version__
from advisor.errors import InputError, InputErrors, InternalError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="advisor",
    help="Recommend push, poll or hybrid delivery for event-driven flows on AWS, "
    "and write the Architecture Decision Record.\n\n"
    "Example:  advisor recommend examples/order-placed.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


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


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(errors: list[InputError]) -> int:
    console = _stderr()
    for error in errors:
        console.print(str(error), markup=False, highlight=False)
    count = len(errors)
    if count > 1:
        console.print(f"{count} problems found; nothing was written.", markup=False)
    else:
        console.print("Nothing was written.", markup=False)
    return EXIT_INPUT


def guarded(debug: bool, body: Callable[[], int]) -> int:
    """Run a command: user mistakes exit 2, advisor's own faults exit 3."""
    try:
        return body()
    except InputErrors as exc:
        return _fail(exc.errors)
    except InputError as exc:
        return _fail([exc])
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debug:
            traceback.print_exc()
        kind = "internal error" if isinstance(exc, InternalError) else (
            f"internal error ({type(exc).__name__})")
        print(f"advisor: {kind}: {exc}", file=sys.stderr)
        if not debug:
            print("Rerun with --debug for the traceback, and please report it.",
                  file=sys.stderr)
        return EXIT_INTERNAL


def decision_date(given: str | None) -> dt.date:
    """--date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise InputError("--date", 0, 0, f"{given!r} is not a date",
                             "write the date as YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError("SOURCE_DATE_EPOCH", 0, 0, f"{epoch!r} is not a Unix time",
                             "set it to whole seconds since 1970-01-01, or unset it") from None
    return dt.date.today()


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder where possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@app.command(help="Decide push, poll or hybrid for each workload and write its ADR.\n\n"
             "The ADR goes to ADR_DIR/NNNN-<name>.md under the next free number. Where an ADR "
             "for the same workload already exists, nothing is written unless --force.",
             epilog="Examples:\n\n"
             "  advisor recommend examples/order-placed.yaml\n\n"
             "  advisor recommend workload.yaml --dry-run --format json\n\n"
             "  advisor recommend workload.yaml --adr-dir docs/adr --date 2026-01-31")
def recommend(
    workloads: Annotated[list[Path], typer.Argument(
        help="Workload file(s) to decide for.", metavar="WORKLOAD...", show_default=False)],
    adr_dir: Annotated[Path, typer.Option(
        "--adr-dir", help="Folder of ADRs, created if missing.")] = Path("docs/decisions"),
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="text: a summary for people; json: the machine-readable document "
        "on stdout.")] = OutputFormat.text,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Decide and report, but write no file.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing ADR for the same workload in place.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", help="ADR date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).",
        show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal "
                                        "errors.")] = False,
) -> None:
    """Decide push, poll or hybrid for each workload and write its ADR."""
    from advisor.commands import run_recommend

    code = guarded(debug, lambda: run_recommend(
        workloads, adr_dir, fmt.value, dry_run, force, decision_date(date)))
    raise typer.Exit(code)


def main() -> None:
    app()
