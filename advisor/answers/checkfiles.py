"""What `advisor check` reads: the paths given, else the config's globs, else the files the
ADRs record; never a file outside the repository or inside a hidden folder."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.adr import folder as adr
from advisor.answers.paths import STDIN, display_path, is_stdin
from advisor.errors import InputError, InputErrors

if TYPE_CHECKING:
    from advisor.format.config import Config


def _expand(paths: list[Path], root: Path) -> list[Path]:
    from advisor.format.config import contained, shown_path

    files: list[Path] = []
    errors: list[InputError] = []
    for path in paths:
        if is_stdin(path):
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


def hidden(parts: tuple[str, ...]) -> bool:
    """Whether a path's parts name a hidden file or folder (`.git`, `.env`)."""
    return any(part.startswith(".") and part not in (".", "..") for part in parts)


def _hidden_name(root: Path, path: Path) -> bool:
    """Whether the path as written (symbolic links not followed) names a hidden file or
    folder within the repository."""
    lexical = os.path.normpath(os.path.abspath(path))
    try:
        return hidden(Path(os.path.relpath(lexical, root)).parts)
    except ValueError:  # another drive (Windows): refused as outside in any case
        return False


def _refusal(root: Path, path: Path, named_hidden: bool, real_root: str | None = None) -> str:
    """Why `check` may not read `path`; "" when it may. Outside the repository is refused,
    and so is a hidden file or folder (.git holds the CI's credentials) that the path
    reaches through a symbolic link rather than naming it."""
    from advisor.format.config import path_problem

    real_root = real_root or os.path.realpath(root)
    try:
        real_path = os.path.realpath(path)  # once, for both questions below
    except (OSError, ValueError):  # a NUL byte: path_problem names it
        real_path = None
    problem = path_problem(root, path, real_root=real_root, real_path=real_path)
    if problem:
        return problem
    real = Path(os.path.relpath(real_path or os.path.realpath(path), real_root)).parts
    # .git holds the repository's own data and the CI's credentials: never a workload, even
    # where a path names it.
    if ".git" in real or (hidden(real) and not named_hidden):
        return "leads into a hidden file or folder (such as .git)"
    return ""


def _globbed(settings: Config) -> list[Path]:
    """The files the config's globs match, inside the repository. Hidden files and folders
    are passed over (.git, .github and the like hold no workloads); a match that leads out
    of the repository is refused."""
    from advisor.format.config import shown_path

    where = shown_path(settings.source or "")
    line, column = settings.workloads_at
    real_root = os.path.realpath(settings.root)  # once, not once per match
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
            if hidden(match.relative_to(settings.base).parts) or not os.path.isfile(match):
                continue
            refusal = _refusal(settings.root, match, named_hidden=False, real_root=real_root)
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
