"""`advisor mcp`, declared: the MCP server over stdio, delegating to advisor.mcp.

No `from __future__ import annotations` in the declarations: typer reads the annotations.
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.exits import EXIT_INPUT, EXIT_OK
from advisor.cli.options import Debug

commands = typer.Typer()  # app.py takes the command into the app

INSTALL = "pip install 'pushpoll-advisor[mcp]'"
SDK_MAJOR = 2  # the SDK's major version the server is written for (pyproject's mcp extra)


@commands.command(help="Serve advisor's answers to coding agents: a Model Context Protocol "
                  "server over standard input and output, with the tools recommend, explain, "
                  "check, schema and rules.\n\n"
                  "Paths and the ADR folder are those of the working folder (--root, else "
                  "the folder the server starts in); register it with the agent (README, "
                  "\"In coding agents (MCP)\"). Needs the "
                  # not the install command: rich takes its [mcp] for markup, and the escape
                  # shows as typed on rich 13.0, the floor
                  "optional mcp extra; without it, the command says how to install it.",
                  epilog="Example (in an agent's configuration):  \"command\": \"advisor\", "
                  "\"args\": [\"mcp\", \"--root\", \"/path/to/repository\"]")
def mcp(
    root: Annotated[Path | None, typer.Option(
        "--root", metavar="<folder>", help="The working folder: every path a tool takes must "
        "stay inside it \\[default: the folder the server starts in, unless that is / or "
        "your home folder].", show_default=False)] = None,
    debug: Debug = False,
) -> None:
    problem = _sdk_problem()
    if problem:
        print(f"advisor mcp: {problem}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT)
    problem = _enter(root)
    if problem:
        print(f"advisor mcp: {problem}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT)
    from advisor.cli.guard import guarded

    def body() -> int:
        from advisor.mcp.server import serve

        serve()
        return EXIT_OK

    raise typer.Exit(guarded(debug, body, writes=False))


def _sdk_problem() -> str:
    """Why the SDK cannot serve (missing, or of another major version); "" when it can. A
    module the SDK itself fails to import is not the user's to install: it is raised."""
    from importlib import metadata

    try:
        version = metadata.version("mcp")
    except metadata.PackageNotFoundError:
        return f"the MCP server needs the optional SDK; install it with: {INSTALL}"
    if version.split(".")[0] != str(SDK_MAJOR):
        return (f"the MCP server needs version {SDK_MAJOR} of the SDK (mcp), and {version} is "
                f"installed; install the extra again: {INSTALL}")
    try:
        import mcp.server.stdio  # noqa: F401
        import mcp_types  # noqa: F401
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in ("mcp", "mcp_types"):
            raise
        return f"the MCP SDK is incomplete ({exc}); install the extra again: {INSTALL}"
    return ""


def _enter(root: Path | None) -> str:
    """Make `root` (else the current folder) the working folder; "" when it will do. Some
    clients start every server in / or the home folder whatever the configuration says: a
    working folder that holds the whole machine, or every project and credential of the
    user, bounds nothing, so it must be named."""
    if root is not None:
        try:
            os.chdir(root)
        except (OSError, ValueError) as exc:
            return (f"--root {str(root)!r} cannot be used as the working folder: "
                    f"{getattr(exc, 'strerror', None) or exc}")
    here = Path.cwd().resolve()
    broad = {Path(here.anchor), Path.home().resolve()}
    if here in broad:
        return (f"the working folder would be {here}, which holds far more than one project; "
                "pass --root with the repository's folder (every path a tool takes stays "
                "inside it)")
    return ""
