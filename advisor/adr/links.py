"""The references from one ADR to others: `ADR-0042` words and links to `0042-name.md`
files, found in time linear in the text (hostile ADRs are read too)."""

from __future__ import annotations

import re

from advisor.adr.doc import AdrDoc

# References to other ADRs: `ADR-0042` as a whole word, and Markdown links to a file
# `](0042-name.md)` or `](./0042-name.md)`. Found without a pattern that backtracks: one
# hostile line of 175 KB took a single regular expression 24 s.
_ADR_REF = re.compile(r"ADR-(\d+)")
_WORD = re.compile(r"\w")
_STOP = re.compile(r"[)\s]")  # what ends a link target
_TARGET = re.compile(r"(\./)?(\d{4,9})-")  # the numbers of names.ADR_NAME


def file_links(text: str, least: int = 3) -> list[tuple[int, int, re.Match[str]]]:
    """(start, end, target) of every `](NNNN-name.md)` link in text, left to right: start
    at its `]`, end after its `)`; target's group 1 is the `./` if any, group 2 the number.
    `least`: the fewest characters after `NNNN-`, `.md` included.

    A target runs to the first `)` or space, so every `](` before that place ends there
    too: the place is found once for all of them, and the first `](` that names a numbered
    file is the link (any later one is inside it). Linear in the text."""
    found = []
    at = text.find("](")
    while at >= 0:
        stop = _STOP.search(text, at + 2)
        end = stop.start() if stop else len(text)
        if end < len(text) and text[end] == ")" and text.endswith(".md", at, end):
            while at >= 0:
                target = _TARGET.match(text, at + 2, end)
                if target and end - target.end() >= least:
                    found.append((at, end + 1, target))
                    break
                at = text.find("](", at + 1, end)
        at = text.find("](", end)
    return found


def links(doc: AdrDoc) -> list[tuple[int, int, int]]:
    """(number, line, column) of every reference to another ADR in the body."""
    if doc.summary:
        return list(doc.summary.refs)
    found: list[tuple[int, int, int]] = []
    body = doc.body
    # A link to another ADR ends in `.md)`: most lines, links to the sources included, name
    # no ADR, and substring tests (in C) pass them over.
    if "ADR-" not in body and ".md" not in body:
        return found
    for offset, line in enumerate(body.splitlines()):
        if "ADR-" not in line and ("](" not in line or ".md" not in line):
            continue
        named = file_links(line)
        hits = [(at, int(target.group(2))) for at, _, target in named]
        spans = [(at, end) for at, end, _ in named]
        inside = 0  # the first link span that does not end before the current match
        for match in _ADR_REF.finditer(line):
            start, end = match.span()
            while inside < len(spans) and spans[inside][1] <= start:
                inside += 1
            if (not 4 <= len(match.group(1)) <= 9 or (start and _WORD.match(line, start - 1))
                    or _WORD.match(line, end)
                    or (inside < len(spans) and spans[inside][0] <= start)):
                continue  # not a whole word, or part of a link's file name
            hits.append((start, int(match.group(1))))
        seen: set[int] = set()
        for start, number in sorted(hits):
            if number not in seen:  # "[ADR-0042](0042-x.md)" is one reference
                seen.add(number)
                found.append((number, doc.body_line + offset, start + 1))
    return found
