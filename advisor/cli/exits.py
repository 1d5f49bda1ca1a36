"""The exit codes every command shares: the contract with scripts and CI."""

from typing import Final

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1  # check only: something reaches --fail-on
EXIT_INPUT: Final = 2  # a user mistake: bad input, usage, configuration or output
EXIT_INTERNAL: Final = 3  # advisor's own fault
EXIT_INTERRUPTED: Final = 130  # Ctrl-C, as shells report it
