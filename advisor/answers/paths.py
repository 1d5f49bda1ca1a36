"""Paths as messages show them: as the user would type them, never as a link's target."""

from __future__ import annotations

import os
from pathlib import Path

STDIN = "<stdin>"  # how messages name a workload read from standard input (`-`)


def is_stdin(path: Path) -> bool:
    return str(path) == "-"


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the current folder where possible.
    A symbolic link is shown by its own name, not where it leads (a committed link to a
    secret must not be named by its target). Never raises: a NUL byte is shown as \\0."""
    try:
        if os.sep == "/":  # strings first: check shows thousands of paths
            here = os.getcwd()
            plain = os.path.normpath(os.path.join(here, path))
            if plain == here:
                return "."
            prefix = here if here.endswith("/") else here + "/"
            if plain.startswith(prefix):
                return plain[len(prefix):].replace("\0", "\\0")
        cwd = Path.cwd()
        lexical = Path(os.path.normpath(os.path.abspath(path)))
        if lexical.is_relative_to(cwd):
            shown = lexical.relative_to(cwd).as_posix()
        else:
            shown = path.resolve().relative_to(cwd.resolve()).as_posix()
    except (OSError, ValueError, RuntimeError):
        shown = path.as_posix()
    return shown.replace("\0", "\\0")


def shown(path: Path) -> str:
    """`display_path` on one line, safe to print (a file name may hold escape codes)."""
    from advisor.visible import visible

    return visible(display_path(path), one_line=True)


def from_root(shown: str, root: Path) -> str:
    """The workload file as the ADR records it: relative to the repository root, where
    `check` looks for it whatever folder it runs from (as typed, when outside it)."""
    path = Path(os.path.abspath(shown))
    try:
        return (Path(os.path.realpath(path.parent)) / path.name).relative_to(root).as_posix()
    except (OSError, ValueError):
        return shown
