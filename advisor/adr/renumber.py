"""Renumber the ADRs that share a number (two branches each took the next one): the later
one moves to the next free number, and links by file name follow it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from advisor.adr.atomic import write_text
from advisor.adr.doc import AdrDoc
from advisor.adr.links import file_links
from advisor.adr.locks import folder_lock
from advisor.adr.names import MAX_NUMBER
from advisor.adr.reading import read_adrs, read_stored, stored_front_end
from advisor.errors import InputError, PartlyWritten


def _first_commit_time(path: Path, top: Path) -> float:
    """When the file was first committed; files not committed yet come last.

    git runs from the repository top that advisor found, never from inside the ADR folder:
    there git would discover a bare repository a pull request committed, apply its config
    and run the programs it names. Bare-repository discovery, signature display (which runs
    gpg.program) and optional locks are off; the file is a literal pathspec."""
    if not os.path.lexists(top / ".git"):
        return float("inf")  # not a repository: nothing was committed
    try:
        relative = path.resolve().relative_to(top).as_posix()
    except (OSError, ValueError):
        return float("inf")
    command = ["git", "-c", "safe.bareRepository=explicit", "-c", "core.fsmonitor=false",
               "-c", "log.showSignature=false", "--no-optional-locks",
               "--git-dir", str(top / ".git"), "--work-tree", str(top),
               "log", "--no-show-signature", "--no-textconv", "--no-ext-diff",
               "--diff-filter=A", "--format=%ct", "--", f":(literal){relative}"]
    try:
        out = subprocess.run(command, cwd=top, capture_output=True, text=True, timeout=10,
                             check=False, stdin=subprocess.DEVNULL).stdout.split()
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return float("inf")
    return float(out[-1]) if out and out[-1].isdigit() else float("inf")


def renumber(adr_dir: Path, top: Path) -> list[tuple[Path, Path]]:
    """Give every ADR that shares its number with an older one the next free number, and
    point links by file name at the new names. Returns (old, new) paths. `top`: the
    repository root, the only place git is run from (see `_first_commit_time`).

    Holds the folder's lock, so that no other run writes an ADR between what this reads
    and what it writes."""
    if not adr_dir.is_dir():
        return []
    with folder_lock(adr_dir):
        return _renumber(adr_dir, top)


def _renumber(adr_dir: Path, top: Path) -> list[tuple[Path, Path]]:
    docs = read_adrs(adr_dir)
    by_number: dict[int, list[AdrDoc]] = {}
    for doc in docs:
        by_number.setdefault(doc.number, []).append(doc)
    moves: list[tuple[Path, Path, int, int]] = []
    taken = {doc.number for doc in docs}
    for number, same in sorted(by_number.items()):
        if len(same) < 2:
            continue
        ordered = sorted(same, key=lambda d: (_first_commit_time(d.path, top), str(d.front and
                                                                               d.front.get("date")),
                                              d.path.name))
        for doc in ordered[1:]:
            new_number = max(taken) + 1
            if new_number > MAX_NUMBER:
                raise InputError(str(adr_dir), 0, 0, f"no free ADR number: the next would be "
                                 f"{new_number:,}, past {MAX_NUMBER:,}",
                                 "renumber the ADRs by hand from a lower number")
            taken.add(new_number)
            target = doc.path.with_name(f"{new_number:04d}-{doc.path.name.split('-', 1)[1]}")
            moves.append((doc.path, target, number, new_number))
    if not moves:
        return []
    # Read every file first: one that cannot be read stops the run before anything moved.
    # Symbolic links are not followed out of the folder.
    texts = {path: read_stored(path) for path in sorted(adr_dir.glob("*.md"))
             if not path.is_symlink()}
    renamed = {old.name: new.name for old, new, _, _ in moves}
    done: list[str] = []
    try:
        for old, new, old_number, new_number in moves:
            text = _relink(_own_number(texts.pop(old), old_number, new_number), renamed)
            write_text(new, text)
            old.unlink()
            done.append(f"{old} -> {new}")
        for path, text in texts.items():
            changed = _relink(text, renamed)
            if changed != text:
                write_text(path, changed)
                done.append(f"{path} (links updated)")
    except InputError as exc:
        raise PartlyWritten.after(exc, done) from None
    return [(old, new) for old, new, _, _ in moves]


def _relink(text: str, renamed: dict[str, str]) -> str:
    """Links `](NNNN-name.md)` and `](./NNNN-name.md)` pointed at the renamed files."""
    parts = []
    done = 0
    for _, end, target in file_links(text, least=4):
        name = text[target.start(2):end - 1]
        if name in renamed:
            parts += [text[done:target.start(2)], renamed[name], ")"]
            done = end
    return "".join(parts) + text[done:]


_SELF_KEYS = re.compile(r"^((?:id|number|adr):[ \t]*['\"]?(?:ADR[- ]?)?)(\d+)(?!\d)",
                        re.MULTILINE | re.IGNORECASE)
_HEADING = re.compile(r"^#[ \t][^\r\n]*", re.MULTILINE)
_HEADING_NUMBER = re.compile(r"^(#[ \t]+(?:ADR[- ]?)?)(\d+)(?!\d)", re.IGNORECASE)


def _own_number(text: str, old: int, new: int) -> str:
    """The moved ADR's text with its number changed only where the ADR names itself: the
    number its first heading starts with ("# 3. Title" as the nygard template writes it,
    "# ADR-0003: Title") and front matter keys `id`, `number` or `adr`. Other mentions of
    the old number are kept: they refer to the ADR that kept it."""
    def renumbered(match: re.Match[str]) -> str:
        digits = match.group(2)
        if len(digits) > 9 or int(digits) != old:  # no ADR number is longer (names.ADR_NAME)
            return match.group(0)
        return match.group(1) + (f"{new:0{len(digits)}d}" if digits.startswith("0")
                                 else str(new))

    split = stored_front_end(text)
    front = _SELF_KEYS.sub(renumbered, text[:split])
    body = text[split:]
    heading = _HEADING.search(body)
    if heading:
        line = _HEADING_NUMBER.sub(renumbered, heading.group(0), count=1)
        body = body[:heading.start()] + line + body[heading.end():]
    return front + body
