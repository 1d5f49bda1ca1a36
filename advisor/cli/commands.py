"""What `advisor recommend` does, kept apart from argument parsing so it imports
its heavy dependencies only when it runs."""

from __future__ import annotations

import datetime as dt
import errno
import glob
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.adr import folder as adr
from advisor.adr import lifecycle
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet, builtin_pack, load_rules
from advisor.errors import InputError, InputErrors, InternalError, PartlyWritten
from advisor.format.workload import RunTotals, Workload, load_workloads
from advisor.providers import provider
from advisor.providers.aws.vocabulary import VOCABULARY
from advisor.visible import visible

if TYPE_CHECKING:
    from advisor.format.config import Config


def builtin_rules(catalogue: Catalogue, packs: tuple[Path, ...] = ()) -> RuleSet:
    """The built-in rule pack, then each team pack in order (a pack may `replaces:` a rule)."""
    known = catalogue.facts.__contains__
    try:
        builtin = load_rules([builtin_pack(VOCABULARY)], known, catalogue.facts, VOCABULARY)
    except (InputError, InputErrors) as exc:
        raise InternalError(f"the built-in rules are broken:\n{exc}") from None
    if not packs:
        return builtin
    from advisor.format.config import shown_path

    for pack in packs:
        if not os.path.isdir(pack):  # never raises, unlike Path.is_dir on a name too long
            raise InputError(shown_path(pack), 0, 0, "no such rule pack folder",
                             "--rules and the config's `rules:` name folders of *.yaml rule "
                             "files")
    return load_rules([builtin_pack(VOCABULARY), *packs], known, catalogue.facts, VOCABULARY)


def read_all(paths: list[Path]) -> list[tuple[str, Workload]]:
    """Every workload of every file, or every mistake of every file."""
    from advisor.cli.app import display_path

    found: list[tuple[str, Workload]] = []
    errors: list[InputError] = []
    totals = RunTotals()
    if sum(map(_is_stdin, paths)) > 1:
        raise InputError(STDIN, 0, 0, "standard input (-) is named more than once",
                         "name - once; it holds one file")
    for path in paths:
        shown = STDIN if _is_stdin(path) else display_path(path)
        try:
            for w in (_stdin_workloads() if _is_stdin(path) else load_workloads(
                    path, shown, vocabularies=VOCABULARY)):
                totals.add(w, shown)
                found.append((shown, w))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
            if totals.over:
                break  # over a run's cap: reading on is the work the cap bounds
    names: dict[str, str] = {}
    for shown, workload in found:
        if workload.name in names and names[workload.name] != shown:
            pos = workload.position("name")
            errors.append(InputError(shown, pos.line, pos.column,
                                     f"workload {workload.name!r} is also defined in "
                                     f"{names[workload.name]}",
                                     "workload names name ADRs, so they must be unique"))
        names.setdefault(workload.name, shown)
    if errors:
        raise InputErrors(errors)
    return found


STDIN = "<stdin>"  # how messages name a workload read from standard input (`-`)


def _is_stdin(path: Path) -> bool:
    return str(path) == "-"


def _stdin_workloads() -> list[Workload]:
    """The workloads of the YAML on standard input, read as a workload file is: bounded,
    UTF-8, every mistake located at `<stdin>:line:column`."""
    from advisor.format.workload import parse_workloads
    from advisor.format.yamlnodes import MAX_FILE_BYTES, parse_yaml
    from advisor.safeio import decode_utf8

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(STDIN, 0, 0, "standard input is closed",
                         "pipe a workload into advisor, or name its file")
    try:
        data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(STDIN, 0, 0, f"standard input cannot be read: {exc.strerror or exc}",
                         "pipe a workload into advisor, or name its file") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(STDIN, 0, 0, f"more than {MAX_FILE_BYTES:,} bytes; a workload file "
                         f"may be at most {MAX_FILE_BYTES:,}", "split the workloads over "
                         "several files")
    text = decode_utf8(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, Path(STDIN),
                       "workload")
    found: list[InputError] = []
    return parse_workloads(parse_yaml(text, STDIN, found), STDIN, found, vocabularies=VOCABULARY)


def run_recommend(paths: list[Path], adr_dir: Path, fmt: str, dry_run: bool, force: bool,
                  date: dt.date, max_knowledge_age: int = 365, template: str = "madr",
                  packs: tuple[Path, ...] = (), use_waivers: bool = True,
                  root: Path | None = None, quiet: bool = False) -> int:
    """`root`: the repository root, which workload files are recorded relative to (as
    `check` reads them); the current folder's, by default. `quiet`: print nothing but the
    JSON document (with --format json) and errors."""
    from advisor.cli.app import display_path
    from advisor.format.config import repository_root
    from advisor.render.markdown import BUILTIN_TEMPLATES, AdrMeta, render_adr

    if not dry_run and any(_is_stdin(path) for path in paths):
        raise InputError(STDIN, 0, 0, "a workload read from standard input has no file for "
                         "its ADR to record, and `advisor check` reads that file again",
                         "add --dry-run (with --format json for the document), or save the "
                         "workload to a file and pass its path")
    workloads = read_all(paths)
    aws = provider("aws")  # the only cloud the format accepts yet
    catalogue = aws.catalogue()
    rules = builtin_rules(catalogue, packs)
    recommendations: list[tuple[str, Recommendation]] = [
        (shown, advise(w, rules, catalogue, date, max_knowledge_age, use_waivers, provider=aws))
        for shown, w in workloads]
    if template not in BUILTIN_TEMPLATES and not dry_run:
        for shown, rec in recommendations:  # a broken template fails before anything is written
            render_adr(rec, AdrMeta(0, date, shown), template)
    results: list[tuple[str | None, str]] = [(None, "written")] * len(recommendations)
    messages: list[str] = []
    repaired: list[str] = []
    index = None
    if not dry_run:
        lifecycle.read_index(adr_dir)  # an index that cannot be rewritten fails before a write
        root = root or repository_root(Path.cwd())
        recorded = [(_from_root(shown, root), rec) for shown, rec in recommendations]
        results, repaired, messages, index = _write_all(adr_dir, recorded, date,
                                                        template, force)
    # Every file is written before anything is printed: a stdout that is closed or full
    # fails the printing, never the writing.
    age = (date - catalogue.as_of).days
    # The text summary lists it with the rest.
    if age > max_knowledge_age and fmt == "json" and not quiet:
        from advisor.render.wrap import width, wrap_block

        print(wrap_block(f"advisor: warning: its AWS knowledge dates from "
                         f"{catalogue.as_of.isoformat()}, {age} days before "
                         f"{date.isoformat()}; upgrade advisor or check the sources.",
                         width(sys.stderr)), file=sys.stderr)
    entries = []
    console = None
    columns = 0
    if fmt == "text" and not quiet:
        from rich.console import Console

        from advisor.render.wrap import hang, width

        # soft_wrap: the summary wraps its own lines, with a hanging indent
        console = Console(highlight=False, soft_wrap=True, emoji=False)
        columns = width()
        for line in repaired:
            for part in hang(visible(line, one_line=True), columns):
                console.print(part, markup=False)
    for number, ((shown, rec), (written, note)) in enumerate(
            zip(recommendations, results, strict=True)):
        if fmt == "json":
            from advisor.render.jsondoc import workload_entry

            entries.append(workload_entry(rec, shown, written))
        if console is not None:
            from advisor.render.terminal import print_summary

            print_summary(console, rec, written, note, number == 0, columns)
    if index is not None:
        messages.append(f"index updated: {display_path(index)}")
        if console is not None:
            from advisor.render.wrap import hang

            for part in hang(visible(f"  index updated: {display_path(index)}"), columns):
                console.print(part, markup=False)
    if fmt == "json":
        from advisor.render.jsondoc import render_json

        sys.stdout.write(render_json(entries, catalogue))
        from advisor.render.wrap import width, wrap_block

        for message in messages if not quiet else ():
            print(wrap_block(visible(message), width(sys.stderr)), file=sys.stderr)
    return 0


def _from_root(shown: str, root: Path) -> str:
    """The workload file as the ADR records it: relative to the repository root, where
    `check` looks for it whatever folder it runs from (as typed, when outside it)."""
    path = Path(os.path.abspath(shown))
    try:
        return (Path(os.path.realpath(path.parent)) / path.name).relative_to(root).as_posix()
    except (OSError, ValueError):
        return shown


def _write_all(adr_dir: Path, recommendations: list[tuple[str, Recommendation]],
               date: dt.date, template: str, force: bool
               ) -> tuple[list[tuple[str | None, str]], list[str], list[str], Path | None]:
    """Write every workload's ADR and the index, holding the folder's lock throughout, so
    that concurrent runs neither write two ADRs for one workload nor lose an index row.

    The folder is read once, and the ADRs read are kept current as files are written.
    Returns (shown path, what happened) per workload, the supersedes it finished that
    earlier runs left undone, every message, and the index if it was written. A failure
    says what was written before it."""
    from advisor.cli.app import display_path

    results: list[tuple[str | None, str]] = []
    messages: list[str] = []
    done: list[str] = []  # what was written, for the message if a later write fails
    try:
        with adr.folder_lock(adr_dir):
            docs = {doc.path: doc for doc in adr.read_adrs(adr_dir)}
            existing = adr.existing_in(list(docs.values()))

            def reread(paths: list[Path]) -> None:
                for changed in paths:
                    doc = adr.read_adr(changed)
                    if doc is not None:
                        docs[changed] = doc
                        for name, found in adr.existing_in([doc]).items():
                            if name not in existing or found.number >= existing[name].number:
                                existing[name] = found

            for old, new in lifecycle.unfinished_supersedes(list(docs.values())):
                lifecycle.set_status(old.path, f"superseded by ADR-{new.number:04d}")
                reread([old.path])
                done.append(f"ADR-{old.number:04d}: status set to superseded by "
                            f"ADR-{new.number:04d}, finishing a supersede an earlier run "
                            f"left undone: {display_path(old.path)}")
            repaired = list(done)
            messages.extend(repaired)
            for shown, rec in recommendations:
                found = existing.get(rec.workload.name)
                path, note, changed = _write_adr(adr_dir, rec, shown, date, template, force,
                                                 found, docs.get(found.path) if found else None)
                reread(changed)
                message = f"{rec.workload.name}: ADR {note}: {display_path(path)}"
                messages.append(message)
                if changed:
                    done.append(message)
                results.append((display_path(path), note))
            ordered = sorted(docs.values(), key=lambda d: (d.number, d.path.name))
            index = lifecycle.update_index(adr_dir, ordered)
    except InputError as exc:
        raise PartlyWritten.after(exc, done) from None
    return results, repaired, messages, index


def _write_adr(adr_dir: Path, rec: Recommendation, shown: str, date: dt.date, template: str,
               force: bool, existing: adr.Existing | None, doc: adr.AdrDoc | None = None
               ) -> tuple[Path, str, list[Path]]:
    """Write, refresh, supersede or leave the workload's ADR (`doc`: the existing one as
    the run read it); returns the path, what happened and the files written. People's
    edits are never overwritten without --force."""
    from advisor.render.markdown import AdrMeta, render_adr

    if existing is None:
        path = adr.write_new(adr_dir, rec.workload.name, lambda n: render_adr(
            rec, AdrMeta(n, date, shown), template))
        return path, "written", [path]
    if force:
        adr.replace(existing.path, render_adr(rec, AdrMeta(existing.number, date, shown),
                                              template))
        return existing.path, "replaced", [existing.path]
    assert doc is not None  # the run read every ADR it found (_write_all)
    if doc.front_problem.startswith("unreadable:"):
        # A FIFO, a device, a huge or undecodable file: taking it for an ADR people edited
        # would keep it silently.
        from advisor.cli.app import display_path

        raise InputError(display_path(existing.path), 0, 0,
                         f"the ADR of workload {rec.workload.name!r} cannot be read: "
                         f"{doc.front_problem.removeprefix('unreadable: ')}",
                         "replace it with an ordinary Markdown file, or remove it, and run "
                         "again")
    recorded = doc.provenance
    services = [s.id for s in rec.chosen.design.services]
    listed = recorded.get("services")
    same = recorded.get("model") == rec.model and (
        [str(s) for s in listed] if isinstance(listed, list) else None) == services
    if same or not recorded:
        done = lifecycle.refresh(doc, rec, shown, template, date)
        if done:
            return existing.path, done, [existing.path]
        return existing.path, ("up to date" if lifecycle.untouched(doc)
                               else "edited by people, kept"), []
    old = f"ADR-{existing.number:04d}"
    reason = lifecycle.supersede_reason(recorded, rec, old)
    # The old ADR's new status goes to disk with the new ADR, as one change (write_new).
    path = adr.write_new(adr_dir, rec.workload.name, lambda n: lifecycle.superseding(
        rec, AdrMeta(n, date, shown, supersedes=(old, existing.path.name)), template, reason),
        replacing=lambda n: (existing.path, lifecycle.with_status(
            existing.path, f"superseded by ADR-{n:04d}")))
    return path, f"supersedes {old}", [path, existing.path]


def explain_finding(code: str) -> int:
    from advisor.format.findings import finding_kinds
    from advisor.format.schema import suggest

    kinds = finding_kinds()
    kind = kinds.get(code.upper())
    if kind is None:
        raise InputError("--explain", 0, 0, f"unknown finding code {code!r}",
                         f"{suggest(code.upper(), list(kinds))}codes: {', '.join(kinds)}")
    from advisor.render.wrap import width, wrap_block

    print(wrap_block(f"{kind.code} {kind.name} (default severity: {kind.severity})\n\n"
                     f"{kind.title}.\n\n{kind.explain}\n\nHow to fix it: {kind.fix}\n\n"
                     "More: the README's table of findings.", width(), hanging=False))
    return 0


def _expand(paths: list[Path], root: Path) -> list[Path]:
    from advisor.format.config import contained, shown_path

    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if _is_stdin(path):
            raise InputError(STDIN, 0, 0, "check reads workload files, not standard input: it "
                             "compares each ADR with the file it records",
                             "name the workload files, or run `advisor explain -` or "
                             "`advisor recommend - --dry-run` on standard input")
        contained(root, path, str(path), "the workload path")
        if not os.path.exists(path):  # never raises, unlike Path.exists on odd names
            raise InputError(shown_path(path), 0, 0, "no such file or folder",
                             "check the path")
        found = _yaml_files_below(path) if os.path.isdir(path) else [path]
        for file in found:
            refusal = _refusal(root, file, _hidden_name(root, file))
            if refusal:
                errors.append(InputError(shown_path(file), 0, 0,
                                         f"the workload file {refusal}; it is not read",
                                         _INSIDE_HINT))
            else:
                files.append(file)
    if errors:
        raise InputErrors(errors)
    return list(dict.fromkeys(files))


_INSIDE_HINT = ("workload files must lie inside the repository (the folder holding .git), "
                "outside hidden folders; a symbolic link that leads elsewhere is refused")


def _yaml_files_below(folder: Path) -> list[Path]:
    """The *.yaml and *.yml files below `folder`, sorted, hidden files and folders left out:
    never a walk through .git, which can be most of a repository."""
    found: list[Path] = []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(top, name) for name in files
                     if name.endswith((".yaml", ".yml")) and not name.startswith("."))
    return sorted(found)


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in parts)


def _hidden_name(root: Path, path: Path) -> bool:
    """Whether the path as written (symbolic links not followed) names a hidden file or
    folder within the repository."""
    lexical = os.path.normpath(os.path.abspath(path))
    try:
        return _hidden(Path(os.path.relpath(lexical, root)).parts)
    except ValueError:  # another drive (Windows): refused as outside in any case
        return False


def _refusal(root: Path, path: Path, named_hidden: bool) -> str:
    """Why `check` may not read `path`; "" when it may. Outside the repository is refused,
    and so is a hidden file or folder (.git holds the CI's credentials) that the path
    reaches through a symbolic link rather than naming it."""
    from advisor.format.config import path_problem

    problem = path_problem(root, path)
    if problem:
        return problem
    real = Path(os.path.relpath(os.path.realpath(path), os.path.realpath(root))).parts
    # .git holds the repository's own data and the CI's credentials: never a workload, even
    # where a path names it.
    if ".git" in real or (_hidden(real) and not named_hidden):
        return "leads into a hidden file or folder (such as .git)"
    return ""


def _globbed(settings: Config) -> list[Path]:
    """The files the config's globs match, inside the repository. Hidden files and folders
    are passed over (.git, .github and the like hold no workloads); a match that leads out
    of the repository is refused."""
    from advisor.cli.app import display_path
    from advisor.format.config import shown_path

    where = shown_path(settings.source or "")
    line, column = settings.workloads_at
    found: set[Path] = set()
    errors: list[InputError] = []
    for pattern in settings.workloads:
        try:
            # glob.glob, unlike Path.glob, does not descend into hidden folders for `**`.
            matches = [settings.base / name for name in glob.glob(
                pattern, root_dir=settings.base, recursive=True)]
        except (OSError, ValueError, NotImplementedError) as exc:
            raise InputError(where, line, column, f"the glob {shown_path(pattern)!r} cannot "
                             f"be expanded: {exc}", "write globs relative to the config's "
                             "folder, such as workloads/*.yaml") from None
        for match in matches:
            # Hidden files and folders are passed over even where the glob names them: the
            # config is a file a pull request can change, and .git holds the CI's token.
            if _hidden(match.relative_to(settings.base).parts) or not os.path.isfile(match):
                continue
            refusal = _refusal(settings.root, match, named_hidden=False)
            if refusal:
                errors.append(InputError(where, line, column,
                                         f"{display_path(match)}, matched by {pattern!r}, "
                                         f"{refusal}; it is not read", _INSIDE_HINT))
            else:
                found.add(match)
    if errors:
        raise InputErrors(errors)
    return sorted(found)


def _recorded(docs: list[adr.AdrDoc], root: Path) -> list[Path]:
    """The workload files the ADRs record (relative to the repository root), each inside
    the repository and outside hidden folders: an ADR is as hostile as any committed file,
    and a path it records must never make `check` read, or quote, a file elsewhere."""
    from advisor.cli.app import display_path
    from advisor.format.config import shown_path

    recorded: list[Path] = []
    errors: list[InputError] = []
    for doc in docs:
        file = doc.provenance.get("file")
        if not isinstance(file, str):
            continue
        path = root / file
        refusal = _refusal(root, path, named_hidden=False)
        if refusal:
            line, column = _recorded_at(doc.path)
            errors.append(InputError(
                display_path(doc.path), line, column,
                f"the recorded workload file {shown_path(file)!r} {refusal}; it is not read",
                "an ADR records its workload file relative to the repository root; run "
                "`advisor recommend` on the workload file to record it again"))
        else:
            recorded.append(path)
    if errors:
        raise InputErrors(errors)
    return list(dict.fromkeys(recorded))


def _recorded_at(path: Path) -> tuple[int, int]:
    """Line and column of the `file:` in an ADR's provenance block (read again only for
    this error); the front matter's first line when it cannot be found."""
    from advisor.safeio import MAX_ADR_BYTES, read_text_bounded

    try:
        lines = read_text_bounded(path, MAX_ADR_BYTES, "ADR").splitlines()
    except InputError:
        return 1, 1
    block = 0
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            break
        if line.startswith("advisor:"):
            block = number
            column = line.find("file:")
            if column >= 0:  # a flow mapping: advisor: {file: ...}
                return number, column + 1
        elif block and line[:1] in (" ", "\t"):
            stripped = line.lstrip()
            if stripped.startswith("file:"):
                return number, len(line) - len(stripped) + 1
        elif line.strip():
            block = 0
    return 1, 1


def workload_files(paths: list[Path], settings: Config, docs: list[adr.AdrDoc]
                   ) -> list[Path]:
    """What to check: the paths given, else the config's globs, else what the ADRs (`docs`)
    record; never a file outside the repository."""
    if paths:
        return _expand(paths, settings.root)
    if settings.workloads:
        return _globbed(settings)
    return _recorded(docs, settings.root)


def check_output(output: Path, flag: str = "--output") -> None:
    """Refuse a report path no file system takes before the run, not after it (the write
    would fail with an OSError that is no user mistake to the reader): a folder, a file
    where one of its folders should be, a NUL byte, a name too long. `flag`: the option
    that named it, for the message."""
    from advisor.format.config import shown_path

    try:
        os.lstat(output)
    except ValueError:
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} holds a NUL "
                         "byte", "name the file to write the report to") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is too "
                             "long for a file name", "name a shorter file") from None
    if os.path.isdir(output):
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is a folder",
                         "name the file to write the report to, such as "
                         f"{shown_path(output / 'advisor.txt')}")
    # Missing folders are made when the report is written; one that is a file cannot be.
    folder = output.parent
    while not os.path.lexists(folder) and folder.parent != folder:
        folder = folder.parent
    if not os.path.isdir(folder):
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is not in a "
                         f"folder: {shown_path(folder)} is a file",
                         "name a file in a folder, or remove the file in its way")


def _distinct_outputs(wanted: list[tuple[str, Path | None]]) -> None:
    """Refuse a file named for two reports: the second would replace the first."""
    from advisor.format.config import shown_path

    seen: dict[str, str] = {}
    for flag, file in wanted:
        if file is None:
            continue
        key = os.path.normcase(os.path.realpath(file))
        if key in seen:
            raise InputError(flag, 0, 0, f"the report path {shown_path(file)} is named "
                             f"twice ({seen[key]}, then {flag}): the second report would "
                             "replace the first", "name a different file for each report")
        seen[key] = flag


def _write_reports(texts: list[tuple[str, Path]]) -> None:
    """Every report or none: each is written to a temporary file beside its target first,
    and only once all were written are they renamed into place. A device or FIFO (such
    as /dev/null) cannot be renamed onto: it is written into last."""
    import contextlib
    import stat

    from advisor.adr.atomic import temporary_file, unwritable
    from advisor.adr.folder import write_output

    special: list[tuple[str, Path]] = []
    ready: list[tuple[Path, Path]] = []
    try:
        for text, file in texts:
            try:
                info = os.stat(file)
            except (OSError, ValueError):
                info = None
            if info is not None and not stat.S_ISREG(info.st_mode):
                special.append((text, file))
                continue
            folder = file.parent if str(file.parent) else Path(".")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                ready.append((temporary_file(folder, text), file))
            except OSError as exc:
                raise unwritable(file, exc) from None
        for temporary, file in ready:
            with contextlib.suppress(OSError):  # a replaced file keeps its permissions
                os.chmod(temporary, file.stat().st_mode & 0o7777)
            try:
                os.replace(temporary, file)
            except OSError as exc:
                raise unwritable(file, exc) from None
    finally:
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
    for text, file in special:
        write_output(file, text)


def run_check(paths: list[Path], adr_dir: Path | None, config: Path | None, fmt: str,
              fail_on: str | None, output: Path | None, packs: tuple[Path, ...] = (),
              today: dt.date | None = None, use_waivers: bool = True,
              reports: tuple[tuple[str, Path], ...] = (), quiet: bool = False) -> int:
    """`reports`: further (format, file) pairs written from the same run. `quiet`: the text
    report only when the check fails, and no notes."""
    from advisor.cli.app import display_path
    from advisor.format.config import load_config
    from advisor.format.findings import reaches
    from advisor.gate.check import check
    from advisor.gate.formats import RENDERERS

    settings = load_config(config, Path.cwd())
    folder = settings.adr_folder(adr_dir)
    threshold = fail_on or settings.fail_on
    wanted = [(fmt, output), *reports]
    flags = ["--output", *(["--report"] * len(reports))]
    for flag, (_, file) in zip(flags, wanted, strict=True):
        if file is not None:  # before any work: a report that cannot be written is exit 2
            check_output(file, flag)
    _distinct_outputs([(flag, file) for flag, (_, file) in zip(flags, wanted, strict=True)])
    docs = adr.read_adrs(folder)  # once: for the files they record, and to check them
    files = workload_files(paths, settings, docs)
    if not files and not quiet:
        # Not a failure: a repository that has no workloads yet, or whose workloads were all
        # removed, has nothing out of date; the ADRs are still checked.
        print(visible(f"advisor check: no workloads to check ({display_path(folder)} has "
                      f"{len(docs)} ADR{'' if len(docs) == 1 else 's'}); pass workload files, "
                      "set `workloads:` globs in .advisor.yaml, or write ADRs with "
                      "`advisor recommend`"), file=sys.stderr)
    aws = provider("aws")  # the only cloud the format accepts yet
    catalogue = aws.catalogue()
    rules = builtin_rules(catalogue, (*settings.rule_packs, *packs))
    shown = display_path
    if any(kind != "text" for kind, _ in wanted):
        # Reports for machines (code scanning, annotations, job summaries) name files from the
        # repository root, whatever folder the check ran in; text, for a person at a prompt,
        # names them as typed from there.
        def shown(path: Path) -> str:
            return _from_root(display_path(path), settings.root)
    result = check([(p, shown(p)) for p in files], folder, rules, catalogue,
                   settings.severity, shown, today, use_waivers, complete=not paths,
                   docs=docs, max_knowledge_age=settings.knowledge_max_age_days,
                   vocabularies=VOCABULARY, provider=aws)
    failed = any(reaches(f.severity, threshold) for f in result.findings)
    # Every report is rendered before one is written: a fault in one leaves no file behind.
    # A file is the same whatever terminal the run had: text is wrapped only for stdout.
    from advisor.gate.formats import render_text

    texts = [(render_text(result, threshold, columns=0) if kind == "text" and file
              else RENDERERS[kind](result, threshold), file) for kind, file in wanted]
    if fmt == "text" and output is None:  # a person at a terminal may read it: colour
        from advisor.render.wrap import wants_colour

        texts[0] = (render_text(result, threshold, colour=wants_colour(sys.stdout)), None)
    written = [(text, file) for text, file in texts if file is not None]
    _write_reports(written)
    if not quiet:
        for _, file in written:
            print(visible(f"advisor check: report written to {display_path(file)}"),
                  file=sys.stderr)
    for text, file in texts:  # standard output last: after every file was written
        if file is None and (failed or not quiet or fmt != "text"):
            sys.stdout.write(text)
    return 1 if failed else 0
