"""The built-in ADR templates' compiled twins: for each, the Python code Jinja compiles it
to, kept in advisor/data/template_<name>.py and run on advisor.render.twinrun, so that an
ADR from a built-in template needs neither Jinja nor a warm cache of compiled templates.

Like the other twins (advisor/twins.py), each is keyed on the digest of its template,
advisor's version and the settings Jinja compiles with, and is used only while they match;
a stale or missing twin, or one that meets something only Jinja does, leaves the ADR to
Jinja: slower, never different. Being a .py file, a twin is compiled to bytecode when
advisor is installed. tests/render/test_templatetwin.py fails while a twin is stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from advisor.resources import data_dir

TWINS = Path(__file__).resolve().parent.parent / "data"
_JINJA_RUNTIME = "from jinja2.runtime import "
_HEADER = ("# The compiled twin of templates/{name}, written by `python -m advisor.twins`: the\n"
           "# code Jinja {jinja} compiles the template to, run by advisor.render.twinrun.\n"
           "# Do not edit.\n# ruff: noqa\n# mypy: ignore-errors\n")


def twin_path(name: str) -> Path:
    """Where the twin of the built-in template file `name` (madr.md.j2) is kept."""
    return TWINS / f"template_{name.removesuffix('.md.j2').replace('-', '_')}.py"


def twin_key(template: bytes) -> str:
    """What a twin is valid for: its template's text, advisor's version, Jinja's settings."""
    from advisor import __version__
    from advisor.render.templates import SETTINGS

    return hashlib.sha256(b"\0".join((template, __version__.encode(),
                                      repr(sorted(SETTINGS.items())).encode()))).hexdigest()


def twin_source(name: str) -> str:
    """The twin of the built-in template file `name`, as `python -m advisor.twins` writes
    it: Jinja's code for it, importing its runtime from advisor.render.twinrun. Another
    release of Jinja may write other code, which the twin's key does not track: advisor's
    runtime runs either the same."""
    from importlib.metadata import version

    from advisor.render.templates import environment

    folder = data_dir("templates")
    template = (folder / name).read_bytes()
    code: str = environment(str(folder), False).compile(template.decode("utf-8"), name,
                                                        raw=True)
    first, rest = code.split("\n", 1)
    if not first.startswith(_JINJA_RUNTIME):
        raise RuntimeError(f"Jinja's code for {name} no longer starts with its imports: "
                           "advisor.render.templatetwin needs updating")
    return (_HEADER.format(name=name, jinja=version("jinja2"))
            + f"from advisor.render.twinrun import {first.removeprefix(_JINJA_RUNTIME)}\n"
            f"{rest.rstrip()}\n\n"
            f"KEY = {twin_key(template)!r}\n")


def write_twins() -> list[Path]:
    """Write the twin of every built-in template; the paths written."""
    from advisor.render.templates import BUILTIN_TEMPLATES

    written = []
    for name in BUILTIN_TEMPLATES.values():
        path = twin_path(name)
        path.write_text(twin_source(name), encoding="utf-8")
        written.append(path)
    return written


@cache
def _root(name: str) -> Callable[[Any], Iterator[str]] | None:
    """The twin's render function, or None where it is missing, unreadable or stale."""
    from importlib.machinery import SourceFileLoader

    from advisor.render.twinrun import ENVIRONMENT

    path = twin_path(name)
    try:
        template = (data_dir("templates") / name).read_bytes()
        # The loader reads the bytecode compiled at installation, where it is current.
        module = f"advisor_twin_{path.stem}"
        code = SourceFileLoader(module, str(path)).get_code(module)
        if code is None:
            return None
        namespace: dict[str, Any] = {"environment": ENVIRONMENT, "__name__": path.stem}
        exec(code, namespace)  # defines `root`; the code is advisor's own, as the template
    except (OSError, ImportError, SyntaxError, ValueError, EOFError):
        return None
    if namespace.get("KEY") != twin_key(template) or not callable(namespace.get("root")):
        return None
    root: Callable[[Any], Iterator[str]] = namespace["root"]
    return root


def render_twin(name: str, variables: Mapping[str, Any]) -> str | None:
    """The built-in template `name` rendered with `variables` by its twin; None where Jinja
    must render it (no current twin, or a template the twin cannot run)."""
    from advisor.render.twinrun import Context

    root = _root(name)
    if root is None:
        return None
    try:
        return "".join(root(Context(variables)))
    except Exception:  # Jinja renders it again, and says what went wrong, if anything did
        return None
