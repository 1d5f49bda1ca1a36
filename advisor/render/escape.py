"""Text made safe for Markdown: user text as inert data, names between backticks, link
destinations, clauses that follow "because", and dollar signs GitHub would read as maths."""

from __future__ import annotations

import re

from advisor.visible import visible

_MARKUP = re.compile(r"([\\`*_\[\]|{}~$])")


# What opens a block when it starts a line (after the markup above is escaped): headings,
# lists, setext underlines, block quotes, containers (`:::`), numbered lists.
_BLOCK_OPENER = re.compile(r"[#+=:-]|(\d+)([.)])(?=\s|$)")


def inert(text: str) -> str:
    """User text as plain Markdown data: no HTML, no headings, lists, quotes or fences, no
    indented code, no tables, links, maths or containers, and no hidden characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = visible(_MARKUP.sub(r"\\\1", text))
    lines = []
    for line in text.split("\n"):
        line = line.lstrip(" \t")  # four spaces or a tab would start a code block
        opener = _BLOCK_OPENER.match(line)
        if opener and opener.group(1):
            line = f"{opener.group(1)}\\{line[opener.end(1):]}"
        elif opener:
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)


def one_line(text: str) -> str:
    return inert(" ".join(text.split()))


def code_safe(text: str) -> str:
    """A file name or other user text written between backticks by the templates, and safe
    outside them too: one line, hidden characters visible, and the characters that would
    end the code span or start a link, HTML or a table cell written as escapes."""
    return _CODE_BREAKERS.sub(lambda m: f"\\x{ord(m.group()):02x}", visible(text, True))


_CODE_BREAKERS = re.compile(r"[`\[\]<>|]")


def url_safe(url: str, file: bool = False) -> str:
    """A URL fit for a Markdown link destination: whatever could end the destination or the
    link (parentheses, brackets, quotes, spaces, angle brackets, backslashes, hidden or
    non-ASCII characters) percent-encoded; rule packs accept https URLs only. A `file` name
    is a relative link: every character of it is data (a colon would make a scheme)."""
    from urllib.parse import quote

    return quote(url, safe="-._~" if file else "/:?#@!$&+,;=%-._~*", errors="surrogateescape")


def clause(sentence: str) -> str:
    """A sentence fit to follow "because": first letter lowered unless it starts a name."""
    first = sentence.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or first == "A"):
        sentence = sentence[0].lower() + sentence[1:]
    return sentence.rstrip(".")


def cash(text: str) -> str:
    """Generated text with its dollar signs escaped: GitHub reads `$...$` on one line (a
    price, then another in parentheses) as mathematics."""
    if "$" not in text:  # most are: an ADR asks for some 150
        return text
    return _DOLLAR.sub(r"\\$", text)


_DOLLAR = re.compile(r"(?<!\\)\$")
