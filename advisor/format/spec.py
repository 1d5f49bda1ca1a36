"""The kinds of value the workload format is made of: what each accepts, how it says what is
wrong, and how it reads as JSON Schema. Scalars here; shapes (lists, mappings, one of several
forms) in `shapes`.

Each spec node validates a located YAML value and returns a plain Python value,
appending problems to the shared error list instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from msgspec import Struct

from advisor.errors import InputError, quoted
from advisor.format.yamlnodes import Pos, YNode, YScalar, type_name


class Errors:
    """Problems found so far in one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[InputError] = []

    def add(self, pos: Pos, message: str, hint: str = "") -> None:
        self.items.append(InputError(self.path, pos.line, pos.column, message, hint))


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f'did you mean "{lowered[close[0]]}"? ' if close else ""


def _listing(choices: tuple[str, ...]) -> str:
    return " | ".join(choices)


class Spec:
    """One kind of value in the format."""

    __slots__ = ()  # so that the Struct subclasses stay slotted
    doc: str = ""

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        raise NotImplementedError

    def expected(self) -> str:
        raise NotImplementedError

    def json(self) -> dict[str, object]:
        """This value as JSON Schema (draft 2020-12)."""
        raise NotImplementedError


class Const(Spec, Struct, frozen=True):
    """A number that must be exactly this value (the format version)."""

    value: int
    doc: str = ""

    def expected(self) -> str:
        return str(self.value)

    def json(self) -> dict[str, object]:
        return {"const": self.value}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and node.value == self.value and not isinstance(
            node.value, bool
        ):
            return self.value
        errors.add(node.pos, f"{where} must be {self.value}, not {type_name(node)}",
                   f"only format version {self.value} exists today; write `{where}: {self.value}`")
        return None


class Text(Spec, Struct, frozen=True):
    """A text value, optionally matching a pattern, of bounded length."""

    pattern: str = ""
    max_length: int = 10_000
    explain: str = ""
    doc: str = ""

    def expected(self) -> str:
        return self.explain or "text"

    def json(self) -> dict[str, object]:
        schema: dict[str, object] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            errors.add(node.pos, f"{where} must be text, not {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        text = node.value
        if len(text) > self.max_length:
            errors.add(node.pos, f"{where} is {len(text):,} characters long; "
                       f"at most {self.max_length:,} are allowed", "shorten it")
            return None
        if self.pattern and not re.fullmatch(self.pattern, text):
            errors.add(node.pos, f"{where} {quoted(text)} is not {self.expected()}",
                       f"expected {self.expected()}")
            return None
        return text


class Enum(Spec, Struct, frozen=True):
    """One of a fixed set of words."""

    choices: tuple[str, ...]
    doc: str = ""

    def expected(self) -> str:
        return _listing(self.choices)

    def json(self) -> dict[str, object]:
        return {"enum": list(self.choices)}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if node.value in self.choices:
                return node.value
            errors.add(node.pos, f"{where} {quoted(node.value)} is not one of the accepted values",
                       f"{suggest(node.value, self.choices)}expected {self.expected()}")
            return None
        errors.add(node.pos, f"{where} must be one of {self.expected()}, not {type_name(node)}",
                   f"expected {self.expected()}")
        return None


class Unit(Spec, Struct, frozen=True):
    """A rate, size or duration written in workload syntax."""

    parse: Callable[[object], float]
    forms: str
    noun: str
    pattern: str = ""
    doc: str = ""

    def expected(self) -> str:
        return f"{self.noun}: {self.forms}"

    def json(self) -> dict[str, object]:
        # A JSON Schema cannot check the upper bounds of units; the validator does.
        # One schema for both forms, not an anyOf: `pattern` applies only to text and
        # `exclusiveMinimum` only to numbers, so "fast" gets the single message that it is not
        # a duration, where an anyOf led editors with "expected a number".
        # `patternErrorMessage` (a pattern) and `errorMessage` (a type: `latency: true`) are
        # the messages VS Code's and the YAML language server's validators show; other
        # validators ignore the keywords.
        forms = self.forms.replace('"', "")
        such_as = f"{self.noun} such as {forms}"
        return {"description": such_as, "type": ["string", "number"], "pattern": self.pattern,
                "exclusiveMinimum": 0, "patternErrorMessage": f"expected {such_as}",
                "errorMessage": f"expected {such_as}",
                "examples": [f.strip('"') for f in re.findall(r'"[^"]+"', self.forms)]}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
            errors.add(node.pos, f"{where} must be {self.noun}, not {type_name(node)}",
                       f"write {self.forms}")
            return None
        try:
            return self.parse(node.value)
        except ValueError as exc:
            errors.add(node.pos, f"{where}: {exc}", f"write {self.forms}")
            return None


class Date(Spec, Struct, frozen=True):
    """A calendar date written YYYY-MM-DD."""

    doc: str = ""

    def expected(self) -> str:
        return "a date, YYYY-MM-DD"

    def json(self) -> dict[str, object]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        import datetime as dt

        value = node.value if isinstance(node, YScalar) else None
        try:
            return dt.date.fromisoformat(str(value)) if isinstance(value, str) else _no()
        except ValueError:
            errors.add(node.pos, f"{where} must be a date, not {type_name(node)}",
                       "write it as YYYY-MM-DD, such as 2027-03-31")
            return None


def _no() -> object:
    raise ValueError


class Count(Spec, Struct, frozen=True):
    """A whole number within bounds."""

    minimum: int = 1
    maximum: int = 1_000_000
    doc: str = ""

    def expected(self) -> str:
        return f"a whole number from {self.minimum:,} to {self.maximum:,}"

    def json(self) -> dict[str, object]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, int) or isinstance(value, bool):
            errors.add(node.pos, f"{where} must be a whole number, not {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        if not self.minimum <= value <= self.maximum:
            errors.add(node.pos, f"{where} is {value:,}; it must be from {self.minimum:,} "
                       f"to {self.maximum:,}", f"expected {self.expected()}")
            return None
        return value

