"""Text laid out for a terminal of a given width: wrapped at word boundaries with a hanging
indent. How wide the terminal is, and whether it takes colour, the CLI finds out
(advisor.cli.screen) and passes in.

Standard library only: `check` and the rule commands use it on every run.
"""

from __future__ import annotations

import re


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
