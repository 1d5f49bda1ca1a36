"""What the terminal is: how wide, and whether a person there wants colour. Only the CLI
asks; renderers are given the answers.

Standard library only: every command asks on every run.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

FALLBACK = 80  # a terminal that does not say how wide it is
NARROWEST = 20


class FileBuffer(io.StringIO):
    """Standard output captured to be written to a file (--output): never wrapped, whatever
    $COLUMNS says, so that the file does not depend on the terminal the run had."""


def width(stream: Any = None) -> int:
    """The width to wrap to: $COLUMNS, else the terminal's where `stream` (stdout) is one;
    0 (no wrapping) when it is neither, so that piped output keeps a line per finding for
    grep and CI logs, which wrap on their own, and for a file (a `FileBuffer`)."""
    stream = sys.stdout if stream is None else stream
    if isinstance(stream, FileBuffer):
        return 0
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), NARROWEST)
    try:
        if stream.isatty():
            found = os.get_terminal_size(stream.fileno()).columns
            # some pseudo-terminals report 0 columns: assume the common 80
            return max(found, NARROWEST) if found > 0 else FALLBACK
    except (AttributeError, OSError, ValueError):
        pass
    return 0


def wants_colour(stream: Any) -> bool:
    """Colour for a person at a terminal: never with NO_COLOR (https://no-color.org) or
    TERM=dumb, always with FORCE_COLOR, as rich decides for `recommend`."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def colour_system() -> str | None:
    """The colour system of standard output as rich finds it (None: no colour), for the
    summaries rich renders: the same colours rich would print there itself."""
    if _plainly_no_terminal(sys.stdout):
        return None  # what rich finds, without importing it (a tenth of a run)
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, emoji=False).color_system


def _plainly_no_terminal(stream: Any) -> bool:
    """Whether rich would find no terminal at `stream` whatever its version: not a TTY, and
    none of the settings that make rich take one for a terminal anyway (FORCE_COLOR,
    TTY_COMPATIBLE) nor a notebook (which rich gives colour). Where unsure, rich decides."""
    import builtins

    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ or hasattr(
            builtins, "get_ipython"):
        return False
    try:
        return not stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False
