"""Find the data advisor ships: the built-in rule pack, templates and catalogue.

The rule pack and templates sit at the top of the source tree (so they read as
data, not code); a wheel carries them inside the package under _bundled/. One
function resolves both layouts: installed wheel, editable install, checkout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder of bundled data called `name` ("rules" or "templates")."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"advisor's {name}/ folder is missing from this installation "
        f"(looked in {_PACKAGE / '_bundled' / name} and {_PACKAGE.parent / name})"
    )

