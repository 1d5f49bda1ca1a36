"""`advisor adr index | renumber`, declared: arguments and help, delegating to
advisor.cli.adrs."""

import typer

from advisor.cli.guard import guarded
from advisor.cli.options import AdrDir, AdrDirRead, Debug, Quiet

adr_app = typer.Typer(help="Keep the ADR folder in order: its index and its numbering.",
                      no_args_is_help=True)


@adr_app.command("index", help="Rewrite the index (README.md in the ADR folder, between its "
                 "markers): number, title, status, date and model of every ADR. Creates the "
                 "folder when it is missing (inside the repository only).")
def adr_index(adr_dir: AdrDir = None, quiet: Quiet = False, debug: Debug = False) -> None:
    from advisor.cli.adrs import run_index

    raise typer.Exit(guarded(debug, lambda: run_index(adr_dir, quiet)))


@adr_app.command("renumber", help="Give ADRs that share a number with an older one (two "
                 "branches each added an ADR) the next free numbers, and update links to "
                 "them. The ADR committed first keeps its number.")
def adr_renumber(adr_dir: AdrDirRead = None, quiet: Quiet = False, debug: Debug = False) -> None:
    from advisor.cli.adrs import run_renumber

    raise typer.Exit(guarded(debug, lambda: run_renumber(adr_dir, quiet)))
