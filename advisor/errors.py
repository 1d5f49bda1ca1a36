"""The one exception type for mistakes in a user's files, and its collection."""

from __future__ import annotations

from collections.abc import Iterable


def quoted(value: object, limit: int = 80) -> str:
    """A value as a message quotes it (repr), cut to about `limit` characters: a message
    points at the mistake, it does not echo a file back."""
    text = repr(value)
    if len(text) <= limit:
        return text
    shown = str(value)
    return f"{shown[:limit - 20]!r}... ({len(shown):,} characters)"


class InputError(Exception):
    """A mistake in a user's file: where it is, what is wrong, how to fix it.

    A plain class, not a frozen dataclass: contextlib and pickle assign
    attributes on exceptions.
    """

    def __init__(
        self, path: str, line: int, column: int, message: str, hint: str = ""
    ) -> None:
        super().__init__(path, line, column, message, hint)
        self.path, self.line, self.column = path, line, column  # 1-based; 0 = no position
        self.message, self.hint = message, hint

    @property
    def where(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


MAX_ERRORS = 100  # mistakes reported from one pass


class InputErrors(Exception):
    """Every mistake found in one pass over a file, in file order."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        unique: dict[tuple[str, int, int, str], InputError] = {}
        for error in errors:
            unique.setdefault((error.path, error.line, error.column, error.message), error)
        self.errors = sorted(unique.values(), key=lambda e: (e.path, e.line, e.column))
        super().__init__(self.errors)

    @property
    def shown(self) -> list[InputError]:
        """The errors to report: the first MAX_ERRORS (what a person fixes first; 50,000 bad
        list items must not become 17 MB of messages), then one that counts the rest."""
        if len(self.errors) <= MAX_ERRORS:
            return self.errors
        rest = self.errors[MAX_ERRORS]
        return [*self.errors[:MAX_ERRORS], InputError(
            rest.path, rest.line, rest.column,
            f"and {len(self.errors) - MAX_ERRORS:,} more problems from here on",
            "correct the ones above first")]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.shown)


class InternalError(Exception):
    """A fault in advisor itself or in its bundled data, not in the user's input."""


class PartlyWritten(InputError):
    """A failure after some files were already written: `written` says which (one line
    each), so that the CLI does not claim that nothing was."""

    def __init__(self, path: str, line: int, column: int, message: str, hint: str = "",
                 written: tuple[str, ...] = ()) -> None:
        super().__init__(path, line, column, message, hint)
        self.written = written

    @classmethod
    def after(cls, cause: InputError, written: list[str] | tuple[str, ...]) -> InputError:
        """`cause`, carrying what was written before it; `cause` itself if nothing was."""
        if not written:
            return cause
        done = (*written, *getattr(cause, "written", ()))
        return cls(cause.path, cause.line, cause.column, cause.message, cause.hint, done)


class TemplateBudgetError(Exception):
    """A template went over its render budget (see render/budget.py; its line is found
    from the traceback)."""
