"""The ADR trail over time: supersede without losing human edits, refresh provenance,
keep the index current, and renumber after two branches took the same number."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from advisor.adr import folder as adr
from advisor.errors import InputError, PartlyWritten
from advisor.format.yamlnodes import safe_dump, safe_load

if TYPE_CHECKING:
    import datetime as dt

    from advisor.core.recommendation import Recommendation
    from advisor.render.markdown import AdrMeta

INDEX_NAME = "README.md"
BEGIN, END = "<!-- advisor:index:begin -->", "<!-- advisor:index:end -->"
_STATUS = re.compile(r"^status:[^\r\n]*", re.MULTILINE)  # the line, without its CR LF
_FRONT_END = re.compile(r"\n---\r?\n")
_ENDED = ("superseded", "deprecated", "rejected")  # MADR statuses of a decision no longer live


def body_digest(body: str) -> str:
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:16]


def untouched(doc: adr.AdrDoc) -> bool:
    """Whether the ADR's body is exactly what advisor generated."""
    return bool(doc.provenance) and doc.provenance.get("body") == body_digest(doc.body)


def _read(path: Path, what: str = "decision record", limit: int = 0) -> str:
    """A file's text exactly as stored: byte-order mark and line endings (CR LF) kept."""
    from advisor.safeio import MAX_ADR_BYTES, decode_utf8, read_bounded

    limit = limit or MAX_ADR_BYTES
    return decode_utf8(read_bounded(path, limit, what, f"keep it under {limit:,} bytes"),
                       path, what)


# A row is about 150 bytes: room for 100,000 ADRs, far more than the folder may hold
# (safeio.MAX_ADR_FOLDER_BYTES), so an index advisor wrote is always one it can read.
MAX_INDEX_BYTES = 16 * 1024 * 1024


def with_status(path: Path, status: str) -> str:
    """The ADR's text with only the `status:` line of its front matter changed (added, if
    the front matter has none); every other byte is kept, line endings too."""
    text = _read(path)
    end = _FRONT_END.search(text, 3) if text.lstrip("\ufeff").startswith("---") else None
    if end is None:
        return text
    front, body = text[:end.end()], text[end.end():]
    quoted = safe_dump(status, default_style=None).strip().removesuffix("...").strip()
    if _STATUS.search(front):
        front = _STATUS.sub(lambda _: f"status: {quoted}", front, count=1)
    else:
        first = front.index("\n") + 1
        newline = "\r\n" if front[:first].endswith("\r\n") else "\n"
        front = f"{front[:first]}status: {quoted}{newline}{front[first:]}"
    return front + body


def set_status(path: Path, status: str) -> None:
    """Change only the `status:` line of the front matter; every other byte is kept."""
    adr.write_text(path, with_status(path, status))


def live(doc: adr.AdrDoc) -> bool:
    """Whether the ADR's decision still holds: not superseded, deprecated or rejected."""
    return not str((doc.front or {}).get("status", "")).strip().lower().startswith(_ENDED)


def workload_of(doc: adr.AdrDoc) -> str:
    """The workload an ADR records (its provenance), else the one its file name gives."""
    name = doc.provenance.get("workload")
    return name if isinstance(name, str) else doc.path.name.split("-", 1)[1][:-3]


def unfinished_supersedes(docs: list[adr.AdrDoc]) -> list[tuple[adr.AdrDoc, adr.AdrDoc]]:
    """(old, new) for every ADR advisor wrote that supersedes an ADR of the same workload
    which is still live: a run stopped between writing the new ADR and the old one's
    status."""
    by_number: dict[int, list[adr.AdrDoc]] = {}
    for doc in docs:
        by_number.setdefault(doc.number, []).append(doc)
    found: list[tuple[adr.AdrDoc, adr.AdrDoc]] = []
    for new in docs:
        listed = (new.front or {}).get("supersedes")
        if not new.provenance or not isinstance(listed, list):
            continue
        numbers = set()  # each once: a list that repeats one must not multiply findings
        for ref in listed:
            match = re.fullmatch(r"ADR-(\d{4,9})", str(ref).strip())  # as adr._ADR_NAME
            if match:
                numbers.add(int(match.group(1)))
        for number in sorted(numbers):
            olds = by_number.get(number, [])
            found.extend((old, new) for old in olds
                         if old is not new and live(old) and workload_of(old) == workload_of(new))
    return found


# The provenance key of an edited ADR whose front matter advisor refreshed: the inputs its
# text was generated from, which its figures (rates, sizing, costs) still describe.
TEXT_FROM = "text_from"
_INPUTS = ("fingerprint", "rules", "knowledge", "version")
_COMPARED = ("fingerprint", "rules", "knowledge")  # what a text's figures depend on


def stale_text(provenance: dict[str, object]) -> dict[str, object] | None:
    """The inputs an ADR's text was generated from, where they are not the ones its
    provenance now records (advisor refreshed the front matter of an edited ADR); else
    None."""
    text_from = provenance.get(TEXT_FROM)
    if not isinstance(text_from, dict):
        return None
    if all(str(text_from.get(k)) == str(provenance.get(k)) for k in _COMPARED):
        return None
    return text_from


def refresh(doc: adr.AdrDoc, rec: Recommendation, shown: str, template: str,
            today: dt.date) -> str:
    """Bring the ADR of an answer that still holds up to date with its inputs; what was
    done, or "" when nothing was. Its status, date and any keys people added are kept.

    An ADR nobody edited is rendered again, text and all, so no figure in it describes
    earlier inputs. In an ADR people edited only advisor's own front matter is refreshed
    and the body is kept byte for byte; the provenance then records what the text was
    generated from (`text_from`), and `check` reports that text as stale (ADV116) until
    someone updates it or `--force` rewrites it. A hand-written ADR is left alone."""
    from advisor.render.markdown import AdrMeta, front_matter, render_adr

    old = doc.provenance
    if doc.front is None or not old:
        return ""
    front = dict(doc.front)
    meta = AdrMeta(doc.number, _date(front.get("date"), today), shown)
    # The provenance alone first: rendering every unchanged ADR again would cost a run
    # over many workloads a template render each. The template is not an input: an ADR
    # is not rewritten because this run was given another one.
    recorded = old.get("template")
    kept = recorded if isinstance(recorded, str) else ""
    fresh = safe_load(_split(front_matter(rec, meta, "", kept))[0])["advisor"]
    if {k: v for k, v in fresh.items() if k not in ("body", "template")} == {
            k: v for k, v in old.items() if k not in ("body", "template", TEXT_FROM)}:
        return ""  # nothing the ADR rests on changed
    if untouched(doc) and recorded == template:
        # Rendered again only with the template it was written with: one recorded nowhere
        # (an ADR from before advisor recorded it) or other than this run's would turn a
        # team's layout into another one silently.
        # The reason it superseded another ADR is not rendered by the template: kept.
        meta = AdrMeta(meta.number, meta.date, shown, _supersedes(doc))
        why = next((line for line in doc.body.split("\n") if line.startswith(_WHY)), "")
        text = superseding(rec, meta, template, why) if why else render_adr(rec, meta, template)
        fresh_front, body = _split(text)
        fresh = safe_load(fresh_front)["advisor"]
        front["advisor"] = fresh
        _write_front(doc.path, front, body)
        return "refreshed, text and all, for the new inputs (nobody had edited it)"
    # Today's provenance (a waiver removed since is no longer listed), but the digest of
    # the body advisor generated, by which check still tells that people edited it.
    updated = {k: old.get("body") if k == "body" else v for k, v in fresh.items()
               if k != "body" or "body" in old}
    previous = old.get(TEXT_FROM)
    updated[TEXT_FROM] = previous if isinstance(previous, dict) else {
        k: old.get(k) for k in _INPUTS}
    if stale_text(updated) is None:
        del updated[TEXT_FROM]  # the inputs are back to those the text describes
    if updated == old:
        return ""
    front["advisor"] = updated
    _write_front(doc.path, front, doc.body)
    # (committed text: shown bounded, and printed through `visible` like every note)
    written_with = (f"it records ({kept[:80]})" if kept else
                    "it records (none, in an ADR from before advisor recorded it)")
    note = ("front matter refreshed, people's edits kept" if not untouched(doc) else
            f"front matter refreshed; its text was kept, as this run's template is not the one "
            f"{written_with}; `--force` renders it again")
    return (f"{note}; its figures describe the earlier inputs (check: ADV116)"
            if TEXT_FROM in updated else note)


def _date(value: object, today: dt.date) -> dt.date:
    """The ADR's date as its front matter gives it: a quoted ISO date is one too."""
    import datetime as dt

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return today
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else today


def _split(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of an ADR text advisor rendered."""
    front, body = text[4:].split("\n---\n", 1)
    return front, body


def _write_front(path: Path, front: dict[str, object], body: str) -> None:
    dumped = safe_dump(front, sort_keys=False, default_flow_style=False, width=1000)
    adr.write_text(path, f"---\n{dumped}---\n{body}")


def _supersedes(doc: adr.AdrDoc) -> tuple[str, str] | None:
    """(ADR-NNNN, its file name) of the ADR this one supersedes, for rendering it again."""
    listed = (doc.front or {}).get("supersedes")
    if not isinstance(listed, list) or not listed:
        return None
    match = re.fullmatch(r"ADR-(\d{4,9})", str(listed[0]).strip())
    if match is None:
        return None
    number = int(match.group(1))
    name = next((path.name for n, path in adr.adr_files(doc.path.parent) if n == number),
                f"{number:04d}.md")
    return match.group(0), name


_WHY = "Why a new ADR:"  # how the paragraph a supersede adds to the new ADR starts


def supersede_reason(recorded: dict[str, object], rec: Recommendation, old: str) -> str:
    """Why a new ADR supersedes `old`: the workload changed, or only advisor did (its
    version, rules or AWS knowledge), which a reader of the new ADR must be told."""
    from advisor import __version__

    was = f"{recorded.get('model')} ({', '.join(map(str, _listed(recorded)))})"
    now = f"{rec.model} ({', '.join(s.id for s in rec.chosen.design.services)})"
    if str(recorded.get("fingerprint")) != rec.fingerprint:
        return (f"{_WHY} the workload changed since {old} was written (fingerprint "
                f"`{recorded.get('fingerprint')}`, now `{rec.fingerprint}`), and the answer "
                f"changed from {was} to {now}.")
    then = advisor_said(recorded.get("version"), recorded.get("rules"),
                        recorded.get("knowledge"))
    return (f"{_WHY} the workload did not change, advisor did. {old} was generated by "
            f"{then}; {advisor_said(__version__, rec.rules_version, rec.knowledge_as_of)} "
            "changes the "
            f"answer from {was} to {now}. advisor's release notes (its CHANGELOG.md) list "
            "the answers that changed.")


def _listed(recorded: dict[str, object]) -> list[object]:
    services = recorded.get("services")
    return services if isinstance(services, list) else []


def advisor_said(version: object, rules: object, knowledge: object) -> str:
    """"advisor 0.1.0 (rules ..., AWS knowledge of ...)": the advisor that wrote an ADR."""
    return f"advisor {version} (rules {rules}, AWS knowledge of {knowledge})"


def superseding(rec: Recommendation, meta: AdrMeta, template: str, reason: str) -> str:
    """The new ADR of a supersede, with `reason` as a paragraph after the line that names
    the ADR it supersedes (its "Supersedes" line), else after its first heading. The
    provenance's body digest is the body's with the paragraph, so it is not an edit."""
    from advisor.render.markdown import front_matter, render_adr

    text = render_adr(rec, meta, template)
    lines = _split(text)[1].split("\n")
    old = f"[{meta.supersedes[0]}](" if meta.supersedes else "\0"
    at = next((i for i, line in enumerate(lines) if old in line), None)
    if at is None:
        at = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    apart = [""] if at + 1 < len(lines) and lines[at + 1].strip() else []
    body = "\n".join([*lines[:at + 1], "", reason, *apart, *lines[at + 1:]])
    return front_matter(rec, meta, body, template) + body


# --- the index ----------------------------------------------------------------------------


class Entry(Struct, frozen=True):
    """One row of the ADR index."""

    number: int
    file: str
    title: str
    status: str
    date: str
    model: str


def entries(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> list[Entry]:
    rows = []
    for doc in adr.read_adrs(adr_dir) if docs is None else docs:
        front = doc.front or {}
        title = next((line[2:].strip() for line in doc.body.splitlines()
                      if line.startswith("# ")), doc.path.stem)
        rows.append(Entry(doc.number, doc.path.name, title, str(front.get("status", "")),
                          str(front.get("date", "")), str(doc.provenance.get("model", ""))))
    return _distinct(rows)


def _distinct(rows: list[Entry]) -> list[Entry]:
    """The rows with every title told apart: a title that several ADRs share (a decision
    and the one that superseded it) says the status of ended ones and each one's date, and
    the ADR's number where even that is shared."""
    from collections import Counter

    def told(entry: Entry, number: bool) -> str:
        ended = entry.status.strip().lower().startswith(_ENDED)
        said = [f"ADR-{entry.number:04d}" if number else "",
                entry.status.strip() if ended else "", entry.date]
        return f"{entry.title} ({', '.join(filter(None, said))})"

    shared = {t for t, n in Counter(e.title for e in rows).items() if n > 1}
    if not shared:
        return rows
    titles = [told(e, False) if e.title in shared else e.title for e in rows]
    again = {t for t, n in Counter(titles).items() if n > 1}
    return [Entry(e.number, e.file, told(e, True) if t in again else t, e.status, e.date,
                  e.model) for e, t in zip(rows, titles, strict=True)]


def _cell(text: str) -> str:
    """Text from a committed ADR as one table cell: its own Markdown kept (a title advisor
    wrote is escaped already), but no HTML, no second row and no hidden characters."""
    from advisor.visible import visible

    return visible(text.replace("\n", " "), one_line=True).replace("|", "\\|").replace(
        "<", "&lt;")


def index_block(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> str:
    from urllib.parse import quote

    lines = [BEGIN, "| ADR | Title | Status | Date | Model |", "| --- | --- | --- | --- | --- |"]
    lines.extend(f"| [ADR-{e.number:04d}]({quote(e.file, safe='-._~', errors='surrogateescape')})"
                 f" | {_cell(e.title)} | {_cell(e.status)} | {_cell(e.date)} | "
                 f"{_cell(e.model) or '-'} |" for e in entries(adr_dir, docs))
    lines.append(END)
    return "\n".join(lines)


def index_text(adr_dir: Path, docs: list[adr.AdrDoc] | None = None,
               current: str | None = None) -> str:
    """The index file as it should be: the current one (`current`, the text `read_index`
    gives) with the block between the markers replaced, or a new file. `docs`: the ADRs,
    where the caller has read them already."""
    block = index_block(adr_dir, docs)
    if current is not None:
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            return head + block + rest.split(END, 1)[1]
        return current.rstrip("\n") + "\n\n" + block + "\n"
    return ("# Architecture decisions\n\nThe table between the markers is kept current by "
            "`advisor recommend` and `advisor adr index`; write anything else around it.\n\n"
            + block + "\n")


def read_index(adr_dir: Path) -> str | None:
    """The index file's text; None when there is none. A symbolic link counts as none (it
    may point out of the folder; writing the index replaces the link). An index that is a
    folder, a FIFO, a device or over the size cap raises InputError: the index is
    rewritten in place, so it must be an ordinary file."""
    path = adr_dir / INDEX_NAME
    if path.is_symlink() or not os.path.lexists(path):
        return None
    try:
        return _read(path, "decision index", MAX_INDEX_BYTES)
    except InputError as exc:
        raise InputError(exc.path, exc.line, exc.column, f"the ADR index: {exc.message}",
                         f"advisor rewrites {INDEX_NAME} in the ADR folder; make it an "
                         "ordinary text file, or remove it") from None


def index_is_stale(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> bool:
    current = read_index(adr_dir)
    return (current or "") != index_text(adr_dir, docs, current)


def write_index(adr_dir: Path) -> Path:
    path = adr_dir / INDEX_NAME
    with adr.folder_lock(adr_dir):  # so that no ADR another run is writing goes missing
        adr.write_text(path, index_text(adr_dir, current=read_index(adr_dir)))
    return path


def update_index(adr_dir: Path, docs: list[adr.AdrDoc] | None = None) -> Path | None:
    """Rewrite the index if it is out of date; the path when it was written. `docs`: the
    ADRs as they are now, where the caller has read them (under the folder lock)."""
    current = read_index(adr_dir)  # once: for the text around the markers, and to compare
    wanted = index_text(adr_dir, docs, current)
    if (current or "") == wanted:
        return None
    path = adr_dir / INDEX_NAME
    adr.write_text(path, wanted)
    return path


# --- renumbering -------------------------------------------------------------------------


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
    with adr.folder_lock(adr_dir):
        return _renumber(adr_dir, top)


def _renumber(adr_dir: Path, top: Path) -> list[tuple[Path, Path]]:
    docs = adr.read_adrs(adr_dir)
    by_number: dict[int, list[adr.AdrDoc]] = {}
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
            if new_number > adr.MAX_NUMBER:
                raise InputError(str(adr_dir), 0, 0, f"no free ADR number: the next would be "
                                 f"{new_number:,}, past {adr.MAX_NUMBER:,}",
                                 "renumber the ADRs by hand from a lower number")
            taken.add(new_number)
            target = doc.path.with_name(f"{new_number:04d}-{doc.path.name.split('-', 1)[1]}")
            moves.append((doc.path, target, number, new_number))
    if not moves:
        return []
    # Read every file first: one that cannot be read stops the run before anything moved.
    # Symbolic links are not followed out of the folder.
    texts = {path: _read(path) for path in sorted(adr_dir.glob("*.md")) if not path.is_symlink()}
    renamed = {old.name: new.name for old, new, _, _ in moves}
    done: list[str] = []
    try:
        for old, new, old_number, new_number in moves:
            text = _relink(_own_number(texts.pop(old), old_number, new_number), renamed)
            adr.write_text(new, text)
            old.unlink()
            done.append(f"{old} -> {new}")
        for path, text in texts.items():
            changed = _relink(text, renamed)
            if changed != text:
                adr.write_text(path, changed)
                done.append(f"{path} (links updated)")
    except InputError as exc:
        raise PartlyWritten.after(exc, done) from None
    return [(old, new) for old, new, _, _ in moves]


def _relink(text: str, renamed: dict[str, str]) -> str:
    """Links `](NNNN-name.md)` and `](./NNNN-name.md)` pointed at the renamed files."""
    parts = []
    done = 0
    for _, end, target in adr.file_links(text, least=4):
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
        if len(digits) > 9 or int(digits) != old:  # no ADR number is longer (adr._ADR_NAME)
            return match.group(0)
        return match.group(1) + (f"{new:0{len(digits)}d}" if digits.startswith("0")
                                 else str(new))

    end = _FRONT_END.search(text, 3) if text.lstrip("\ufeff").startswith("---") else None
    split = end.end() if end else 0
    front = _SELF_KEYS.sub(renumbered, text[:split])
    body = text[split:]
    heading = _HEADING.search(body)
    if heading:
        line = _HEADING_NUMBER.sub(renumbered, heading.group(0), count=1)
        body = body[:heading.start()] + line + body[heading.end():]
    return front + body
