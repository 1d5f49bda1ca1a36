"""A tool's arguments as the server takes them: only those its schema names, each of its
type, and every path inside the server's working folder. The SDK's low-level server does
not check arguments against the schema, and an agent's arguments are as hostile as any
committed file: each mistake is an InputError located at the argument."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from advisor.errors import InputError


def known(args: Mapping[str, Any], *names: str) -> None:
    """Refuse an argument the tool does not take (a misspelt one would be ignored)."""
    for name in args:
        if name not in names:
            from advisor.format.schema import suggest

            taken = ", ".join(names) or "no arguments"
            raise InputError(str(name), 0, 0, f"unknown argument {name!r}",
                             f"{suggest(str(name), list(names))}this tool takes {taken}")


def one_of(args: Mapping[str, Any], first: str, second: str) -> None:
    """Exactly one of two arguments that say the same thing two ways."""
    if (first in args) == (second in args):
        raise InputError(first, 0, 0, f"give either `{first}` or `{second}`, "
                         f"{'not both' if first in args else 'one of them'}",
                         f"`{first}` holds the YAML text; `{second}` names a file inside "
                         "the server's working folder")


def text(args: Mapping[str, Any], name: str) -> str:
    value = args[name]
    if not isinstance(value, str):
        raise InputError(name, 0, 0, f"`{name}` must be a string, not "
                         f"{type(value).__name__}", "pass it as a JSON string")
    return value


def flag(args: Mapping[str, Any], name: str) -> bool:
    value = args.get(name, False)
    if not isinstance(value, bool):
        raise InputError(name, 0, 0, f"`{name}` must be true or false", "pass a JSON boolean")
    return value


def working_path(args: Mapping[str, Any], name: str, what: str) -> Path:
    """The path argument `name`, refused where it leads out of the working folder, or names
    or leads into a hidden file or folder: .git holds credentials and .env secrets, and a
    message about a file that is not a workload quotes some of its text back to the agent."""
    import os

    from advisor.answers.checkfiles import hidden

    path = inside_working_folder(Path(text(args, name)), name, what)
    here = Path.cwd()
    seen = (os.path.relpath(os.path.normpath(os.path.abspath(path)), here),
            os.path.relpath(os.path.realpath(path), os.path.realpath(here)))
    if any(hidden(Path(place).parts) for place in seen):
        from advisor.format.config import shown_path

        raise InputError(name, 0, 0, f"{what} {shown_path(path)!r} is, or lies in, a hidden "
                         "file or folder (such as .git or .env), which the server never reads",
                         "name a workload file outside hidden folders")
    return path


def inside_working_folder(path: Path, where: str, what: str) -> Path:
    """`path`, or an InputError when, every symbolic link resolved, it leads out of the
    server's working folder (its current folder): the repository guard of the command
    line, with the working folder for the repository."""
    from advisor.format.config import contained

    return contained(Path.cwd(), path, where, what, place="the server's working folder")
