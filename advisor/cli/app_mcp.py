"""`advisor mcp`, declared: the MCP server over stdio, delegating to advisor.mcp.

No `from __future__ import annotations` in the declarations: typer reads the annotations.
"""

import sys

import typer

from advisor.cli.exits import EXIT_INPUT, EXIT_OK
from advisor.cli.options import Debug

commands = typer.Typer()  # app.py takes the command into the app

INSTALL = "pip install 'pushpoll-advisor[mcp]'"


@commands.command(help="Serve advisor's answers to coding agents: a Model Context Protocol "
                  "server over standard input and output, with the tools recommend, explain, "
                  "check, schema and rules.\n\n"
                  "Paths and the ADR folder are those of the folder the server runs in; "
                  "register it with the agent (README, \"In coding agents (MCP)\"). Needs the "
                  # not the install command: rich takes its [mcp] for markup, and the escape
                  # shows as typed on rich 13.0, the floor
                  "optional mcp extra; without it, the command says how to install it.",
                  epilog="Example (in an agent's configuration):  \"command\": \"advisor\", "
                  "\"args\": [\"mcp\"]")
def mcp(debug: Debug = False) -> None:
    try:
        import mcp.server  # noqa: F401  (the SDK, an optional extra)
    except ImportError:
        print(f"advisor mcp: the MCP server needs the optional SDK; install it with: "
              f"{INSTALL}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT) from None
    from advisor.cli.guard import guarded

    def body() -> int:
        from advisor.mcp.server import serve

        serve()
        return EXIT_OK

    raise typer.Exit(guarded(debug, body, writes=False))
