"""The Jinja environments an ADR is rendered in: the built-in templates by name, a team's
template file read through safeio, and the sandbox (with a render budget for a template
from the repository)."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from advisor.errors import InputError
from advisor.resources import data_dir


def _bytecode_cache(budgeted: bool) -> Any:
    """Jinja's own cache of compiled templates (in the temp folder, per user): compiling the
    ADR template costs more than rendering it. None where the folder cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    try:
        # Code compiled for the budget carries its checks (see render/budget.py), so it is
        # named apart, by the digest of the code that compiles them: code compiled without
        # them, or with older ones, is never loaded in their place.
        digest = hashlib.sha256(b"".join(
            (Path(__file__).parent / name).read_bytes() for name in ("templates.py", "budget.py")
        )).hexdigest()[:16] if budgeted else "plain"
        return FileSystemBytecodeCache(pattern=f"__advisor_{digest}_%s.cache")
    except (OSError, RuntimeError):  # Jinja refuses a cache folder another user owns
        return None


# How Jinja reads a template, which the code it compiles depends on: the compiled twins of
# the built-in templates (render/templatetwin.py) are keyed on it.
SETTINGS: dict[str, bool] = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "autoescape": False,  # the output is Markdown, escaped field by field (render/escape.py)
}

BUILTIN_TEMPLATES = {"madr": "madr.md.j2", "madr-minimal": "madr-minimal.md.j2",
                     "nygard": "nygard.md.j2"}


MAX_TEMPLATE_BYTES = 1024 * 1024


def _loader(folder: str) -> Any:
    """Jinja's FileSystemLoader, but every template file (and every file one includes) is
    read through safeio: a FIFO, a device or a huge file is refused, not read forever; and
    a file an include reaches through a symbolic link out of the template's folder is
    refused, so a template cannot copy a file from elsewhere into an ADR."""
    from jinja2 import FunctionLoader
    from jinja2.loaders import split_template_path

    from advisor.safeio import inside, read_text_bounded

    def load(name: str) -> tuple[str, str, Any] | None:
        parts = split_template_path(name)  # refuses ".." as Jinja does
        path = os.path.join(folder, *parts)
        if not os.path.lexists(path):
            return None  # Jinja raises TemplateNotFound
        if any(part.startswith(".") for part in parts):  # .git/config holds the CI's token
            raise InputError(path, 0, 0, "a template includes no hidden file or folder",
                             "keep a template and the files it includes in one folder")
        if not inside(Path(folder), Path(path)):
            raise InputError(path, 0, 0, "this template file is a symbolic link that leads "
                             "out of the template's folder, so it is not read",
                             "keep a template and the files it includes in one folder")
        text = read_text_bounded(Path(path), MAX_TEMPLATE_BYTES, "template")
        try:
            mtime = os.path.getmtime(path)
        except OSError:
            mtime = -1.0

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return text, os.path.normpath(path), uptodate

    return FunctionLoader(load)


@cache
def environment(folder: str, budgeted: bool) -> Any:
    """Jinja's sandbox for the built-in templates, which are advisor's own code; the
    sandbox with a render budget for a template from the repository, which a pull request
    may have written (the budget's counting costs a few milliseconds a render)."""
    from jinja2 import StrictUndefined

    if budgeted:
        from advisor.render.budget import budgeted_environment

        kind = budgeted_environment()
    else:
        from jinja2.sandbox import SandboxedEnvironment

        kind = SandboxedEnvironment
    return kind(loader=_loader(folder), bytecode_cache=_bytecode_cache(budgeted),
                undefined=StrictUndefined, **SETTINGS)


def resolve_template(choice: str) -> tuple[str, str]:
    """(folder, file name) of a built-in template by name, or of a team's template file."""
    if choice in BUILTIN_TEMPLATES:
        return str(data_dir("templates")), BUILTIN_TEMPLATES[choice]
    path = Path(choice)
    if not os.path.lexists(path):  # a FIFO, a device, a folder: the loader says why not
        raise InputError(choice, 0, 0, "no such template",
                         f"use one of {', '.join(BUILTIN_TEMPLATES)}, or the path of a Jinja "
                         "template file")
    # The folder the name is in, not the one a symbolic link points into: the loader
    # looks the name up there, and reads (and checks) whatever it is.
    return os.path.dirname(os.path.abspath(path)), path.name
