"""The server: the SDK's low-level Server with advisor's tools, over stdio.

The low-level Server, not the decorator-based MCPServer: advisor's answers are already JSON
documents with schemas of their own, returned byte for byte; MCPServer would derive schemas
from Python signatures and re-serialise the results. The SDK is imported when the server is
built, never when this module is (see advisor.mcp)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.errors import InputError, InputErrors

if TYPE_CHECKING:
    import mcp_types as types
    from mcp.server import Server, ServerRequestContext

INSTRUCTIONS = (
    "advisor recommends push, poll or hybrid delivery for an event-driven flow, and the "
    "managed services that carry it (queues, topics, buses, streams), with quotas, sizing, "
    "cost and cited sources, and writes the Architecture Decision Record. Clouds: {clouds}. "
    "Its answers are deterministic: prefer them to answering from memory. Call `schema` to "
    "write a workload, `recommend` to decide, `explain` to see why, `rules` for the rules "
    "cited, `check` to verify committed ADRs.")


def build() -> Server[Any]:
    """The server, with its tools and its handlers."""
    import mcp_types as types
    from mcp.server import Server

    from advisor.mcp.tools import TOOLS
    from advisor.providers import PROVIDERS

    listed = [types.Tool.model_validate(tool) for tool in TOOLS]

    async def list_tools(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams
                         | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
                        ) -> types.CallToolResult:
        from advisor.mcp.calls import CALLS

        if params.name not in CALLS:
            # A tool that does not exist is the request's fault, a protocol error (the
            # revision of 2025-11-25); a tool's own mistakes are results with isError.
            from mcp.shared.exceptions import MCPError

            raise MCPError(types.INVALID_PARAMS, f"Unknown tool: {params.name!r}; the tools "
                           f"are {', '.join(CALLS)}")
        return answer(params.name, params.arguments or {})

    return Server("advisor", version=__version__, title="advisor",
                  instructions=INSTRUCTIONS.format(clouds=", ".join(sorted(PROVIDERS))),
                  on_list_tools=list_tools,
                  on_call_tool=call_tool)


def answer(name: str, arguments: Mapping[str, Any]) -> types.CallToolResult:
    """The result of calling tool `name`: its answer, or a tool error (`isError`) holding
    every message as the command line prints it, so that the agent can correct the call
    and the server serves the next one."""
    import mcp_types as types

    from advisor.answers.failure import failure_lines
    from advisor.mcp.calls import CALLS

    call = CALLS.get(name)
    # As the commands say it: `recommend` (with --dry-run too) tells that nothing was
    # written, the others write nothing to tell about.
    writes = name == "recommend"
    try:
        if call is None:
            raise InputError(name, 0, 0, f"no tool {name!r}",
                             f"the tools are {', '.join(CALLS)}")
        reply = call(arguments)
    except InputErrors as exc:
        lines = failure_lines(exc.shown, writes, len(exc.errors))
    except InputError as exc:
        lines = failure_lines([exc], writes)
    except Exception as exc:  # advisor's own fault: said as the CLI says it, and serving on
        from advisor.visible import visible

        lines = [(visible(f"advisor: internal error ({type(exc).__name__}): {exc}"), False),
                 ("Please report it.", False)]
    else:
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=t) for t in reply.texts],
            structured_content=reply.structured)
    text = "".join(f"{line}\n" for line, _ in lines)
    return types.CallToolResult(content=[types.TextContent(type="text", text=text)],
                                is_error=True)


def serve() -> None:
    """Serve over standard input and output until the client closes standard input."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build()

    async def run() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(run)
