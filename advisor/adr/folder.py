"""The ADR folder: find an existing record for a workload, take the next number,
and write files atomically so that no ADR is ever half-written or clobbered."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from advisor.errors import InputError, PartlyWritten, quoted
from advisor.render.marks import GENERATED_MARK
from advisor.safeio import require_utf8_name

if TYPE_CHECKING:
    from advisor.format.yamlnodes import YMap

# advisor writes about 1 KB of front matter and people add a few keys; the located YAML
# reader takes about 2 s a megabyte, so a long one is refused unread.
MAX_FRONT_MATTER = 64 * 1024
# The line below the H1 of every ADR body advisor writes (render/markdown.py; the first
# line in ADRs written before it moved); an ADR that has it but no provenance lost what
# `check` compares it by.


def generated(body: str) -> bool:
    """Whether a body carries advisor's marker: on its first line (older ADRs) or on the
    line after its H1."""
    first, _, rest = body.partition("\n")
    return first == GENERATED_MARK or (first.startswith("# ")
                                       and rest.partition("\n")[0] == GENERATED_MARK)
# Four digits at least: numbers past 9999 are still ADRs (a fifth digit is never dropped).
# Nine at most: a billion ADRs is more than any folder holds, and Python refuses to read a
# number of more than 4,300 digits, which a hostile name could otherwise carry.
_ADR_NAME = re.compile(r"^(\d{4,9})-(.+)\.md$")
MAX_NUMBER = 999_999_999
_ADR_WHAT = "decision record"
_ADR_HINT = "keep an ADR under 1 MiB; move long material into a linked file"


class Existing(Struct, frozen=True):
    """An ADR already in the folder for a workload: its file and number."""

    path: Path
    number: int


def adr_files(adr_dir: Path) -> list[tuple[int, Path]]:
    """(number, path) of every NNNN-*.md entry in the folder, by number then name: one
    listing of the folder. A name that is not UTF-8 is refused (passed over, it would
    hide an ADR from `check`)."""
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return []
    found = [(number, adr_dir / name) for number, name in _matches(adr_dir, names)]
    found.sort(key=lambda item: (item[0], item[1].name))
    return found


def _matches(adr_dir: Path, names: list[str]) -> Iterator[tuple[int, str]]:
    for name in names:
        match = _ADR_NAME.match(name)
        if match:
            require_utf8_name(adr_dir, name, "this ADR's file name")
            yield int(match.group(1)), name


def existing_in(docs: list[AdrDoc]) -> dict[str, Existing]:
    """The newest ADR of every workload (by provenance or file name), from the ADRs a run
    read once (in folder order, symbolic links left out, as `read_adrs` gives them)."""
    found: dict[str, Existing] = {}
    for doc in docs:
        recorded = doc.provenance.get("workload")
        names = {doc.path.name.split("-", 1)[1][:-3]}
        if isinstance(recorded, str):
            names.add(recorded)
        for name in names:
            if name not in found or doc.number >= found[name].number:
                found[name] = Existing(doc.path, doc.number)
    return found


def _numbers(adr_dir: Path) -> set[int]:
    """The numbers `adr_files` would list, without building and sorting its list: a run
    that writes hundreds of ADRs asks this for each."""
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return set()
    return {number for number, _ in _matches(adr_dir, names)}


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
                      "check that the folder exists, is writable and the disk has room")


def write_new(adr_dir: Path, name: str, render: object,
              replacing: Callable[[int], tuple[Path, str]] | None = None) -> Path:
    """Write a new ADR under the next free number; the caller holds the folder's lock
    (`folder_lock`), so no other run takes a number meanwhile.

    `render(number) -> text`. The finished file is published by hard-linking it to its
    final name, so it is never seen half-written. `replacing(number) -> (path, text)`: a
    file rewritten together with the new ADR (a supersede sets the old ADR's status), as
    `_publish_pair` says.
    """
    assert callable(render)
    _ensure_dir(adr_dir)
    number = max(_numbers(adr_dir), default=0) + 1
    if number > MAX_NUMBER:
        raise InputError(str(adr_dir), 0, 0, f"no free ADR number: the next would be "
                         f"{number:,}, past {MAX_NUMBER:,}",
                         "renumber the ADRs by hand from a lower number")
    target = adr_dir / f"{number:04d}-{name}.md"
    if replacing is None:
        return _publish(adr_dir, target, render(number))
    return _publish_pair(adr_dir, target, render(number), *replacing(number))


def _publish(adr_dir: Path, target: Path, text: str) -> Path:
    """Write text to target atomically; the target must not exist yet."""
    try:
        temporary = _temporary(adr_dir, text)
    except OSError as exc:
        raise _unwritable(adr_dir, exc) from None
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise InputError(str(target), 0, 0, "an ADR with this name exists already",
                         "another run may have written it: run the command again") from None
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


def _publish_pair(adr_dir: Path, target: Path, text: str, other: Path, other_text: str
                  ) -> Path:
    """Publish the new ADR `target` and rewrite `other` as one change, as far as a file
    system allows. Both are written and synced to temporary files before either shows, so
    a full disk fails with nothing changed; then the new ADR is linked into place and the
    other renamed over, and if that rename fails the new ADR is removed again. Only a kill
    between link and rename leaves one without the other: `advisor check` reports that
    (ADV112) and the next `advisor recommend` finishes it."""
    try:
        staged = _temporary(other.parent, other_text)
    except OSError as exc:
        raise _unwritable(other, exc) from None
    try:
        with contextlib.suppress(OSError):  # the rewritten file keeps its permissions
            os.chmod(staged, other.stat().st_mode & 0o7777)
        _publish(adr_dir, target, text)
        try:
            os.replace(staged, other)
        except OSError as exc:
            raise _undo(target, other, exc) from None
    finally:
        staged.unlink(missing_ok=True)
    return target


def _undo(published: Path, other: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    try:
        published.unlink()
    except OSError:
        return PartlyWritten(
            str(other), 0, 0, f"cannot rewrite it: {reason}; the new ADR {published.name} "
            "was written, but could not be removed again, so this ADR does not say yet that "
            "it is superseded", "free the space or fix the permissions, then run the same "
            "`advisor recommend` again: it finishes the supersede",
            (f"{published} (a new ADR; its supersede is unfinished)",))
    return InputError(str(other), 0, 0, f"cannot rewrite it: {reason}; the new ADR "
                      f"{published.name} was removed again",
                      "check that the folder is writable and the disk has room")


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
_TARGET = re.compile(r"(\./)?(\d{4,9})-")  # the numbers of _ADR_NAME


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
    """Every NNNN-*.md in the folder; symbolic links are passed over (they may lead out of
    it), and the bodies read may add up to safeio.MAX_ADR_FOLDER_BYTES characters."""
    from advisor.safeio import MAX_ADR_FOLDER_BYTES

    if not adr_dir.is_dir():
        return []
    docs = []
    total = 0
    for _, path in adr_files(adr_dir):
        doc = read_adr(path)
        if doc is not None:
            docs.append(doc)
            total += len(doc.body)
            if total > MAX_ADR_FOLDER_BYTES:
                raise InputError(str(adr_dir), 0, 0, f"the ADRs in this folder hold more than "
                                 f"{MAX_ADR_FOLDER_BYTES:,} characters, more than advisor "
                                 "reads in one run", "keep ADRs short, or split the decisions "
                                 "over several ADR folders")
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
    except OSError as exc:  # a folder in the file's place, say
        raise _unwritable(path, exc) from None
    finally:
        temporary.unlink(missing_ok=True)


def write_output(path: Path, text: str) -> None:
    """Write a file the user named for output (a report). A device or a FIFO there
    (/dev/null, /dev/stdout, a named pipe) is written into, as a shell redirection does;
    replacing it would turn /dev/null into a regular file for everyone. Anything else is
    written atomically by `write_text`."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        info = None
    if info is None or stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        write_text(path, text)
        return
    # Not blocking on open: a FIFO nobody reads would otherwise wait forever.
    flags = (os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise InputError(str(path), 0, 0, "nothing is reading from this FIFO or socket",
                             "start the reader first, or name an ordinary file") from None
        raise _unwritable(path, exc) from None
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(fd, True)  # a reader is there: wait for it as any pipe writer
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        os.close(fd)


# --- one run at a time in a folder ------------------------------------------------------

LOCK_NAME = ".advisor.lock"
LOCK_WAIT = 60.0  # seconds a run waits for another to finish with the folder, then stops
_STALE = 60.0  # seconds after which a lock or temporary file was left by a run that died
# Temporary files of runs that died, and the per-number locks earlier versions took.
_STRAY = re.compile(r"^\.advisor-(?:[0-9a-f]{12}\.tmp|number-\d{4,}\.lock)$")
_held: set[str] = set()


@contextlib.contextmanager
def folder_lock(adr_dir: Path) -> Iterator[None]:
    """Hold the ADR folder for a run, so that finding the existing ADRs, writing,
    superseding and updating the index are one step no other advisor interleaves with.

    With `flock` (POSIX) the lock dies with its process: a run that crashed leaves at most
    the file, which the next run locks and reuses. Elsewhere the file is created
    exclusively, and one older than a minute is taken over. A run waits at most LOCK_WAIT
    seconds, then stops with a message. The file is removed as the lock is let go, and
    temporaries that dead runs left are swept. Re-entrant within one process."""
    key = os.path.realpath(adr_dir)
    if key in _held:
        yield
        return
    _ensure_dir(adr_dir)
    release = _acquire(adr_dir / LOCK_NAME)
    _held.add(key)
    try:
        _sweep(adr_dir)
        yield
    finally:
        _held.discard(key)
        release()


def _flock() -> object | None:
    """The fcntl module where `flock` exists, else None."""
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl if hasattr(fcntl, "flock") else None


def _acquire(lock: Path) -> Callable[[], None]:
    import time

    deadline = time.monotonic() + LOCK_WAIT
    pause = 0.002
    while True:
        fcntl = _flock()
        release = _try_flock(lock, fcntl) if fcntl is not None else _try_create(lock)
        if release is not None:
            return release
        if time.monotonic() > deadline:
            raise InputError(str(lock), 0, 0, "another advisor run has been writing to this "
                             f"ADR folder for more than {LOCK_WAIT:g} seconds",
                             "let it finish, then run the command again; if no advisor is "
                             "running, delete this file")
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _try_flock(lock: Path, fcntl: object) -> Callable[[], None] | None:
    flags = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(lock, flags, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise _unwritable(lock, exc) from None
        _clear(lock)  # a symbolic link in the lock's place is not followed
        return None
    try:
        mine = os.fstat(fd)
        if not stat.S_ISREG(mine.st_mode):  # a FIFO or device put in its place
            os.close(fd)
            _clear(lock)
            return None
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
        # The run before let go by removing the file first: a lock on a file no longer
        # in the folder locks nothing, so start again with the one there now.
        now = os.stat(lock, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            os.close(fd)
            return None
    except (BlockingIOError, FileNotFoundError):
        os.close(fd)
        return None
    except OSError as exc:
        os.close(fd)
        raise _unwritable(lock, exc) from None

    def release() -> None:
        lock.unlink(missing_ok=True)
        os.close(fd)

    return release


def _clear(lock: Path) -> None:
    try:
        lock.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(str(lock), 0, 0, "this is not an ordinary lock file, and it cannot "
                         f"be removed: {exc.strerror or exc}", "delete it") from None


def _try_create(lock: Path) -> Callable[[], None] | None:
    import time

    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - lock.stat(follow_symlinks=False).st_mtime > _STALE:
                lock.unlink()  # left by a run that died: take it over
        return None
    except OSError as exc:
        raise _unwritable(lock, exc) from None
    return lambda: lock.unlink(missing_ok=True)


def _sweep(adr_dir: Path) -> None:
    """Remove the temporary files of runs that died, and old number locks (older than a minute;
    a live run is done with them in well under that). Nothing else is touched."""
    import time

    now = time.time()
    try:
        names = os.listdir(adr_dir)
    except OSError:
        return
    for name in names:
        if _STRAY.match(name):
            path = adr_dir / name
            with contextlib.suppress(OSError):
                info = path.lstat()
                if now - info.st_mtime > _STALE and not stat.S_ISDIR(info.st_mode):
                    path.unlink()
