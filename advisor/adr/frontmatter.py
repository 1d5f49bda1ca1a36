"""Parse an ADR's text into its front matter and body, saying what is wrong with front
matter that `check` cannot trust (misplaced, too long, not YAML, a bad status or date)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from advisor.adr.doc import AdrDoc
from advisor.errors import InputError, quoted

if TYPE_CHECKING:
    from advisor.format.yamlnodes import YMap

# advisor writes about 1 KB of front matter and people add a few keys; the located YAML
# reader takes about 2 s a megabyte, so a long one is refused unread.
MAX_FRONT_MATTER = 64 * 1024

# The keys `check` reads from front matter: one of them after a later `---` means the front
# matter is there but misplaced, not a Markdown rule.
FrontKey = Literal["status", "date", "advisor"]


def parse(path: Path, number: int, text: str) -> AdrDoc:
    """The ADR `path` (numbered `number`) from its whole text."""
    from advisor.errors import InputErrors
    from advisor.format.yamlnodes import YMap, parse_yaml

    if text.startswith("---\r\n"):  # a CRLF checkout: read it as the LF file it was
        text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        line, problem = _misplaced_front(text)
        return AdrDoc(path, number, None, problem, line, text, 1)
    end = text.find("\n---\n", 3)
    if end < 0:
        return AdrDoc(path, number, None, "the front matter is not closed by a `---` line", 1,
                      text, 1)
    raw = text[4:end + 1]
    body = text[end + 5:]
    body_line = raw.count("\n") + 3
    if len(raw) > MAX_FRONT_MATTER:
        return AdrDoc(path, number, None, f"the front matter is {len(raw):,} characters; "
                      f"at most {MAX_FRONT_MATTER:,} are read", 1, body, body_line)
    try:
        # The bounded, located reader workloads go through (an alias bomb stops at its
        # limit). An empty line stands for the opening `---`, so every line it reports,
        # in its messages too, is the file's.
        root = parse_yaml("\n" + raw, str(path))
    except InputErrors as exc:  # a duplicate key, a tag, a key that is not text
        first = exc.errors[0]
        return AdrDoc(path, number, None, first.message, max(first.line, 1), body, body_line)
    except InputError as exc:  # a syntax error, aliases that expand too far, deep nesting
        return AdrDoc(path, number, None, exc.message, max(exc.line, 1), body, body_line)
    if not isinstance(root, YMap):
        return AdrDoc(path, number, None, "the front matter is not a mapping", 2, body,
                      body_line)
    try:
        front = _front_values(root)
    except _BadValue as exc:  # a date such as 2026-13-01
        return AdrDoc(path, number, None, f"unreadable value: {exc.message}", exc.line, body,
                      body_line)
    problem, line = _front_problem(front, raw)
    return AdrDoc(path, number, front, problem, line, body, body_line)


def _front_problem(front: dict[str, object], raw: str) -> tuple[str, int]:
    import datetime as dt

    problem = ""
    status = front.get("status")
    if not isinstance(status, str) or not status.strip():
        problem = "`status` is missing or not text"
    elif "date" in front and not isinstance(front["date"], dt.date):
        problem = f"`date` {quoted(front['date'])} is not a YYYY-MM-DD date"
    elif "advisor" in front and not isinstance(front["advisor"], dict):
        problem = "advisor's provenance block (`advisor:`) is not a mapping"
    line = _line_of(raw, problem.split("`")[1] if "`" in problem else "") if problem else 1
    return problem, line


class _BadValue(Exception):
    """A value the located reader kept as text that does not convert."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line, self.message = line, message


def _front_values(root: YMap) -> dict[str, object]:
    """The front matter as `yaml.safe_load` gave it: plain values, with dates as
    `datetime.date` (the located reader keeps them as the text written)."""
    import yaml

    from advisor.format.yamlnodes import YMap, YNode, YScalar, YSeq

    constructor = yaml.SafeLoader("")

    def value(node: YNode) -> object:
        if isinstance(node, YMap):
            return {key: value(item) for key, (_, item) in node.items.items()}
        if isinstance(node, YSeq):
            return [value(item) for item in node.items]
        assert isinstance(node, YScalar)
        if node.tag != "tag:yaml.org,2002:timestamp":
            return node.value
        try:
            return constructor.construct_yaml_timestamp(yaml.ScalarNode(node.tag,
                                                                        str(node.value)))
        except ValueError as exc:
            raise _BadValue(node.pos.line, str(exc)) from None

    return {key: value(item) for key, (_, item) in root.items.items()}


_FRONT_KEY = re.compile(rf"({'|'.join(get_args(FrontKey))})[ \t]*:")
_DASHES = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def _misplaced_front(text: str) -> tuple[int, str]:
    """(line, problem) when front matter is there but does not start the file (blank
    lines, invisible characters or other text before its `---`, or more on its line),
    which would make `check` pass the ADR over as one without front matter; (1, "") when
    there is none. A `---` after text is a Markdown rule, unless a front matter key
    follows it."""
    import unicodedata

    for index, line in enumerate(text.split("\n", 64)[:64]):
        if index == 0 and line.rstrip("\r") == "---":  # the whole file is this line
            return 1, "the front matter is not closed by a `---` line"
        visible = "".join(c for c in line if unicodedata.category(c) != "Cf").strip()
        if visible == "---":
            if index == 0:
                return 1, ("the front matter must open with a first line of exactly `---`; "
                           "this one holds other, perhaps invisible, characters too")
            return index + 1, (f"the front matter does not start the file: its `---` is "
                               f"on line {index + 1}, after blank lines or invisible "
                               "characters")
        if visible:
            break
    dashes = _DASHES.search(text)
    if dashes and _FRONT_KEY.match(text, dashes.end() + 1):
        number = text.count("\n", 0, dashes.start()) + 1
        return number, (f"the front matter does not start the file: its `---` is on line "
                        f"{number}, after other text")
    return 1, ""


def _line_of(raw: str, key: str) -> int:
    for index, line in enumerate(raw.splitlines()):
        if key and line.startswith(f"{key}:"):
            return index + 2
    return 2
