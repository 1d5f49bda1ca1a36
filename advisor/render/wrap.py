"""Text for a terminal: as wide as the terminal (or $COLUMNS), wrapped at
word boundaries with a hanging indent, coloured only where a person is looking.

Standard library only: `check` and the rule commands use it on every run.
"""

from __future__ import annotations

import io
import os
import re
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


def segments(text: str, columns: int, indent: int) -> list[tuple[int, int]]:
    """Where to cut `text` (one line) into lines of at most `columns` columns, breaking
    at spaces, every line after the first to be indented by `indent`: (start, end) slices
    of `text`. The first line never breaks within its first `indent` characters (a list
    item's marker, a table's first columns). A word longer than a line is cut, so no line
    is wider; except a link, which stays whole on a line of its own (a link cut in two
    cannot be followed or copied)."""
    out: list[tuple[int, int]] = []
    start, limit = 0, columns
    lead = max(len(text) - len(text.lstrip(" ")), min(indent, columns - 1))
    while (stop := _reach(text, start, limit)) < len(text):
        cut = text.rfind(" ", start + lead, stop + 1)
        if cut <= start + lead:  # the next word alone is longer than the line
            word_end = text.find(" ", start + lead)
            word_end = len(text) if word_end < 0 else word_end
            end = word_end if "://" in text[start + lead:word_end] else max(stop, start + 1)
            after = end
        else:
            end = after = cut
            while end > start + lead and text[end - 1] == " ":
                end -= 1
        while after < len(text) and text[after] == " ":
            after += 1
        if after >= len(text):
            out.append((start, end))
            return out
        out.append((start, end))
        start, limit, lead = after, columns - indent, 0
    out.append((start, len(text)))
    return out


def cells(text: str) -> int:
    """How many terminal columns `text` takes: two for a wide (East Asian) character, none
    for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(_cell(char) for char in text)


def _cell(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _reach(text: str, start: int, limit: int) -> int:
    """The end of the longest slice of `text` from `start` that fits `limit` columns."""
    if text.isascii():
        return min(len(text), start + limit)
    used, end = 0, start
    while end < len(text) and used + _cell(text[end]) <= limit:
        used += _cell(text[end])
        end += 1
    return end


def hang(text: str, columns: int, indent: int | None = None) -> list[str]:
    """`text` (one line) wrapped at word boundaries to `columns`, every line after the first
    indented by `indent` spaces (by default: the text's own indent plus two)."""
    if indent is None:
        indent = len(text) - len(text.lstrip(" ")) + 2
    indent = min(indent, max(columns // 2, columns - 24))  # room for words on every line
    text = text.rstrip()
    if columns <= 0 or cells(text) <= columns:
        return [text]
    return [(" " * indent if i else "") + text[a:b]
            for i, (a, b) in enumerate(segments(text, columns, indent))]


def wrap_block(text: str, columns: int, hanging: bool = True) -> str:
    """Each line of `text` wrapped by `hang`; a list item's continuation lines up with its
    text, any other line's with its own indent plus two (`hanging`), or its own indent
    (paragraphs of prose)."""
    return "\n".join(part for line in text.split("\n") for part in hang(
        line, columns, item_indent(line) if hanging else len(line) - len(line.lstrip(" "))))


_LIST_ITEM = re.compile(r"^(\s*(?:[-+~*•!]|\d+\.)\s)")


def item_indent(line: str) -> int:
    """Where a list item's text starts ("  - text" -> 4), for the hanging indent of its
    continuation; the line's indent plus two for other lines."""
    match = _LIST_ITEM.match(line)
    return len(match.group(1)) if match else len(line) - len(line.lstrip(" ")) + 2


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
