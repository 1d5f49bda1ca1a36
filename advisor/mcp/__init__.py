"""`advisor mcp`: a Model Context Protocol server over stdio, whose tools give an agent the
same answers as the command line (they call the same functions, in advisor.answers).

The SDK (`mcp`) is an optional extra: no module here imports it at module level, so that
the package imports without it and `advisor mcp` can say how to install it."""
