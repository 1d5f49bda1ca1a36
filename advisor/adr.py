"""The ADR folder: find an existing record for a workload, take the next number,
and write files atomically so that no ADR is ever half-written or clobbered."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from advisor.errors import InputError

if TYPE_CHECKING:
    from advisor.yamlnodes import YMap

# Four digits at least: numbers past 9999 are still ADRs (a fifth digit is never dropped).
_ADR_NAME = re.compile(r"^(\d{4,})-(.+)\.md$")
# Spaces and tabs only: `\s` would span lines (and backtrack over every blank line).
_WORKLOAD_LINE = re.compile(r"^[ \t]+workload:[ \t]*(\S+)[ \t\r]*$", re.MULTILINE)
# Provenance sits within the first lines; `existing_adr` reads this much of every ADR.
_HEAD_BYTES = 4096
_ADR_WHAT = "decision record"
_ADR_HINT = "keep an ADR under 1 MiB; move long material into a linked file"


class Existing(Struct, frozen=True):
    """An ADR already in the folder for a workload: its file and number."""

    path: Path
    number: int


def adr_files(adr_dir: Path) -> list[tuple[int, Path]]:
    """(number, path) of every NNNN-*.md entry in the folder, by number then name.

    One listing of the folder. Names that are not UTF-8 (kept by Python as surrogates) are
    no ADR names: they could not be printed or linked to."""
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return []
    found = []
    for name in names:
        match = _ADR_NAME.match(name)
        if match and _utf8(name):
            found.append((int(match.group(1)), adr_dir / name))
    found.sort(key=lambda item: (item[0], item[1].name))
    return found


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def existing_adr(adr_dir: Path, name: str) -> Existing | None:
    """The newest ADR advisor wrote for workload `name` (found by its provenance or file
    name); older ones it superseded are not returned."""
    if not adr_dir.is_dir():
        return None
    found = None
    for number, path in adr_files(adr_dir):
        if path.is_symlink():
            continue
        mine = path.name.split("-", 1)[1][:-3] == name or _workload_of(path) == name
        if mine and (found is None or number >= found.number):
            found = Existing(path, number)
    if found is not None:
        _must_read(found.path, name)
    return found


def _must_read(path: Path, name: str) -> None:
    """Refuse to update a workload's ADR that cannot be read (a FIFO, a device, too big,
    not UTF-8): taking it for one edited by people would keep it silently."""
    from advisor.safeio import MAX_ADR_BYTES, read_text_bounded

    try:
        read_text_bounded(path, MAX_ADR_BYTES, _ADR_WHAT, _ADR_HINT)
    except InputError as exc:
        raise InputError(exc.path, exc.line, exc.column,
                         f"the ADR of workload {name!r} cannot be read: {exc.message}",
                         "replace it with an ordinary Markdown file, or remove it, and run "
                         "again") from None


def _workload_of(path: Path) -> str | None:
    from advisor.safeio import read_bounded

    try:
        data = read_bounded(path, _HEAD_BYTES, _ADR_WHAT, head=True)
    except InputError:  # read_adr reports it; here it is no ADR of this workload
        return None
    # The head may end inside a character; a workload name is never there.
    head = data.decode("utf-8", "replace").removeprefix("\ufeff")
    if head.startswith("---"):
        end = head.find("\n---", 3)
        found = _WORKLOAD_LINE.search(head[:end if end > 0 else None])
        return found.group(1) if found else None
    return None


def next_number(adr_dir: Path) -> int:
    return max((number for number, _ in adr_files(adr_dir)), default=0) + 1


def _temporary(folder: Path, text: str) -> Path:
    """A new, fully written and synced file in `folder`, to be linked or renamed into place.
    Made with O_EXCL as `tempfile.mkstemp` does, but with the mode any editor gives a new
    file (0o666 less the umask): mkstemp's 0o600 made ADRs unreadable to the rest of a
    shared machine."""
    for _ in range(100):
        name = str(folder / f".advisor-{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o666)  # as mkstemp: no CRLF on Windows
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name in {folder}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _unwritable(path: Path, exc: OSError) -> InputError:
    return InputError(str(path), 0, 0, f"cannot write here: {exc.strerror or exc}",
                      "check that the folder exists, is writable and the disk has room; "
                      "nothing was changed")


def write_new(adr_dir: Path, name: str, render: object) -> Path:
    """Write a new ADR under the next free number.

    `render(number) -> text`. Processes racing on one folder claim a number with an
    exclusive lock file, check under the lock that no ADR has taken it meanwhile, and
    publish the finished file by hard-linking it to its final name (never half-written).
    """
    assert callable(render)
    _ensure_dir(adr_dir)
    number = next_number(adr_dir)
    for _ in range(1000):
        lock = _claim(adr_dir, number)
        if lock is None:
            number += 1  # another process is writing this one
            continue
        try:
            if any(n == number for n, _ in adr_files(adr_dir)):
                number = max(number + 1, next_number(adr_dir))  # published meanwhile
                continue
            return _publish(adr_dir, adr_dir / f"{number:04d}-{name}.md", render(number))
        finally:
            lock.unlink(missing_ok=True)
    raise InputError(str(adr_dir), 0, 0, "could not find a free ADR number",
                     "check the folder for stray .advisor-number-* files")


def _claim(adr_dir: Path, number: int) -> Path | None:
    """An exclusive lock on an ADR number, or None if another process holds it. A lock
    older than a minute was left by a process that died, and is taken over."""
    import time

    lock = adr_dir / f".advisor-number-{number:04d}.lock"
    for _ in range(2):
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            return lock
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > 60:
                    lock.unlink()
                    continue
            return None
        except OSError as exc:
            raise _unwritable(adr_dir, exc) from None
    return None


def _publish(adr_dir: Path, target: Path, text: str) -> Path:
    """Write text to target atomically; the target must not exist yet."""
    try:
        temporary = _temporary(adr_dir, text)
    except OSError as exc:
        raise _unwritable(adr_dir, exc) from None
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise InputError(str(target), 0, 0, "an ADR with this name appeared meanwhile",
                         "run the command again") from None
    except OSError:
        # Filesystems without hard links: fall back to an exclusive create.
        try:
            with open(target, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise _unwritable(adr_dir, exc) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def replace(path: Path, text: str) -> None:
    """Atomically replace an ADR's content (for --force)."""
    write_text(path, text)


def _ensure_dir(adr_dir: Path) -> None:
    try:
        adr_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(adr_dir), 0, 0, f"cannot create the ADR folder: {exc.strerror}",
                         "choose another folder with --adr-dir, or check its permissions"
                         ) from None
    if not os.access(adr_dir, os.W_OK):
        raise InputError(str(adr_dir), 0, 0, "the ADR folder is not writable",
                         "choose another folder with --adr-dir, or check its permissions")


class AdrDoc(Struct, frozen=True):
    """An ADR file as `check` reads it."""

    path: Path
    number: int
    front: dict[str, object] | None  # None when there is no front matter or it is broken
    front_problem: str  # why the front matter is invalid; "" when it is fine
    front_line: int  # line of the problem (1-based)
    body: str  # everything after the front matter
    body_line: int  # the line the body starts on

    @property
    def provenance(self) -> dict[str, object]:
        block = (self.front or {}).get("advisor")
        return block if isinstance(block, dict) else {}


# References to other ADRs: `ADR-0042` as a whole word, and Markdown links to a file
# `](0042-name.md)` or `](./0042-name.md)`. Found without a pattern that backtracks: one
# hostile line of 175 KB took a single regular expression 24 s.
_ADR_REF = re.compile(r"ADR-(\d+)")
_WORD = re.compile(r"\w")
_STOP = re.compile(r"[)\s]")  # what ends a link target
_TARGET = re.compile(r"(\./)?(\d{4,})-")


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


def read_adrs(adr_dir: Path) -> list[AdrDoc]:
    """Every NNNN-*.md in the folder (symlinks are not followed out of it)."""
    if not adr_dir.is_dir():
        return []
    docs = []
    for _, path in adr_files(adr_dir):
        doc = read_adr(path)
        if doc is not None:
            docs.append(doc)
    return docs


def read_adr(path: Path) -> AdrDoc | None:
    """One ADR file; None for a name that is not NNNN-*.md or a symbolic link. A file that
    cannot be read (a FIFO, a device, over MAX_ADR_BYTES, not UTF-8) gives an AdrDoc whose
    front_problem says why."""
    from advisor.safeio import MAX_ADR_BYTES, read_text_bounded

    match = _ADR_NAME.match(path.name)
    if not match or path.is_symlink():
        return None
    try:
        text = read_text_bounded(path, MAX_ADR_BYTES, _ADR_WHAT, _ADR_HINT)
    except InputError as exc:
        return AdrDoc(path, int(match.group(1)), None, f"unreadable: {exc.message}",
                      max(exc.line, 1), "", 1)
    return _parse(path, int(match.group(1)), text)


def _parse(path: Path, number: int, text: str) -> AdrDoc:
    from advisor.errors import InputErrors
    from advisor.yamlnodes import YMap, parse_yaml

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
        problem = f"`date` {front['date']!r} is not a YYYY-MM-DD date"
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

    from advisor.yamlnodes import YMap, YNode, YScalar, YSeq

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


_FRONT_KEY = re.compile(r"(status|date|advisor)[ \t]*:")
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


def links(doc: AdrDoc) -> list[tuple[int, int, int]]:
    """(number, line, column) of every reference to another ADR in the body."""
    found = []
    for offset, line in enumerate(doc.body.splitlines()):
        named = file_links(line)
        hits = [(at, int(target.group(2))) for at, _, target in named]
        spans = [(at, end) for at, end, _ in named]
        inside = 0  # the first link span that does not end before the current match
        for match in _ADR_REF.finditer(line):
            start, end = match.span()
            while inside < len(spans) and spans[inside][1] <= start:
                inside += 1
            if (len(match.group(1)) < 4 or (start and _WORD.match(line, start - 1))
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


def write_text(path: Path, text: str) -> None:
    """Atomically write any file advisor produces (reports, indexes)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = _temporary(folder, text)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
