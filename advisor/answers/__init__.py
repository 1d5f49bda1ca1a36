"""What each command answers, computed without printing: the workloads read, the
recommendations and the ADRs written, the trace, the check, a mistake's messages. The two
edges, the command line (cli/) and the MCP server (mcp/), call the same functions here, so
that they give the same answers byte for byte."""
