"""How the Google Cloud provider says a count and a catalogue title inside a sentence."""

from __future__ import annotations


def count(n: int, noun: str, many: str | None = None) -> str:
    """'1 queue', '2 queues', '20,000 tokens': the number with its noun agreeing."""
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"


def inline(title: str) -> str:
    """A title inside a sentence: its first letter lowered, its names kept
    ('Pull and StreamingPull ...' -> 'pull and StreamingPull ...')."""
    return title[:1].lower() + title[1:]
