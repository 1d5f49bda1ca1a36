"""The edge: the typer app, one module per command, exit codes. Nothing imports cli."""
