"""Make a module the public face of others: it re-exports names from the modules that own
them, and an assignment to one of those names on the face reaches its owner too.

Why: callers and tests have always patched `folder._temporary` or `folder.LOCK_WAIT` to
stage a full disk or a held lock. Since the folder was split, the code that reads those
names lives in their owning modules, so a patch on the face alone would change nothing."""

from __future__ import annotations

import sys
from types import FunctionType, ModuleType


class _Face(ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        owner = self.__dict__.get("_owners", {}).get(name)
        if owner is not None:
            setattr(sys.modules[owner[0]], owner[1], value)
        super().__setattr__(name, value)


def make_face(name: str, constants: dict[str, tuple[ModuleType, str]]) -> None:
    """Turn the module `name` into a face. A function or class it holds from a module of
    the ADR wing is owned by that module under its own name; `constants`: face name ->
    (owning module, name there) for the values that do not say where they come from."""
    face = sys.modules[name]
    owners = {key: (owner.__name__, there) for key, (owner, there) in constants.items()}
    for key, value in vars(face).items():
        if isinstance(value, type | FunctionType) and value.__module__ != name and (
                value.__module__.startswith("advisor.adr.")):
            owners[key] = (value.__module__, value.__name__)
    face.__dict__["_owners"] = owners
    face.__class__ = _Face
