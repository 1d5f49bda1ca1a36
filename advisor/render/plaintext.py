"""The summary's text without rich, for a screen that takes no colour (a pipe, a file, CI):
importing rich and printing through it cost more than the whole recommendation.

`Plain` offers the part of rich's Text that the summary uses, keeping only the characters;
`exact` says whether a text it made is what rich would have printed. rich measures each
character (a wide one takes two columns), strips some control codes and expands tabs;
`Plain` counts characters, so its text is used only when none of that could apply.
"""

from __future__ import annotations

from collections.abc import Iterable

# Characters besides printable ASCII that one column holds, for rich as for
# advisor.render.wrap (tests/render/test_plaintext.py checks both): what the summary itself
# writes (its arrows and bullets) and common punctuation.
ONE_COLUMN = frozenset("•→←…≈≤≥·")
_EXACT = frozenset(map(chr, range(0x20, 0x7F))) | {"\n"} | ONE_COLUMN


class Plain:
    """A string with rich's Text's ways of building one; styles are dropped."""

    __slots__ = ("plain",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text

    def append(self, text: str, style: str = "") -> Plain:
        self.plain += text
        return self

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str]) -> Plain:
        return cls("".join(part if isinstance(part, str) else part[0] for part in parts))

    def __add__(self, other: Plain) -> Plain:
        return Plain(self.plain + other.plain)

    def __getitem__(self, cut: slice) -> Plain:
        return Plain(self.plain[cut])

    def join(self, lines: Iterable[Plain]) -> Plain:
        return Plain(self.plain.join(line.plain for line in lines))

    @property
    def cell_len(self) -> int:
        return len(self.plain)

    def __str__(self) -> str:
        return self.plain


def cell_len(text: str) -> int:
    """Columns, counted as characters: right only for text that `exact` accepts."""
    return len(text)


def exact(text: str) -> bool:
    """Whether rich would print `text` unchanged, each character one column wide."""
    return _EXACT.issuperset(text)
