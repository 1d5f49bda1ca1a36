"""`advisor adr index | renumber`: keep the ADR folder in order, its index and numbering."""

from __future__ import annotations

from pathlib import Path

from advisor.adr.lifecycle import write_index
from advisor.adr.renumber import renumber
from advisor.answers.paths import shown
from advisor.cli.exits import EXIT_OK
from advisor.errors import InputError
from advisor.format.config import contained, load_config, repository_root


def _adr_dir(given: Path | None) -> Path:
    """--adr-dir, else the config's folder; either way inside the repository."""
    if given is not None:  # as before, a broken config does not stand in the way of the flag
        return contained(repository_root(Path.cwd()), given, "--adr-dir", "the ADR folder")
    return load_config(None, Path.cwd()).adr_folder()


def run_index(adr_dir: Path | None, quiet: bool) -> int:
    folder = _adr_dir(adr_dir)  # inside the repository, or refused
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(shown(folder), 0, 0, "cannot create the ADR folder: "
                         f"{exc.strerror or exc}", "choose another folder with --adr-dir, "
                         "or check its permissions") from None
    written = write_index(folder)
    if not quiet:
        print(f"wrote {shown(written)}")
    return EXIT_OK


def run_renumber(adr_dir: Path | None, quiet: bool) -> int:
    folder = _adr_dir(adr_dir)
    moves = renumber(folder, repository_root(Path.cwd()))
    for old, new in moves if not quiet else ():
        print(f"{shown(old)} -> {shown(new)}")
    if moves:
        write_index(folder)
    elif not quiet:
        print("no two ADRs share a number")
    return EXIT_OK
