"""What a built-in template's compiled twin runs on, in place of Jinja's runtime: importing
Jinja cost a sixth of a recommendation, and compiling a template with an empty cache (a
fresh CI runner) as much again.

A twin is the Python code Jinja compiles the template to (advisor/render/templatetwin.py).
It runs here on the few operations the built-in templates use, each done as Jinja's
sandbox does it. Anything else, and anything that fails, raises `Unsupported`: the ADR is
then rendered by Jinja itself, which says what a template did wrong. The twin is a short
cut, never an authority; tests/render/test_templatetwin.py renders every example both ways.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any


class Unsupported(Exception):
    """The twin met what only Jinja does (or a template's mistake, which Jinja reports)."""


def _refused(*args: Any, **kwargs: Any) -> Any:
    raise Unsupported


# The names a twin imports from Jinja's runtime. Those the built-in templates' code only
# names (macros, loops with `loop`, escaping) refuse to be called.
LoopContext = Macro = Markup = Namespace = TemplateReference = Undefined = _refused
escape = markup_join = str_join = _refused
TemplateNotFound = TemplateRuntimeError = Unsupported
missing: Any = type("Missing", (), {"__repr__": lambda self: "missing"})()


def identity(value: Any) -> Any:
    return value


internalcode = identity

# Where Jinja's sandbox guards an attribute beyond its name: callables, classes, code,
# frames and generators (jinja2.sandbox.is_internal_attribute).
_GUARDED = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, type,
            types.CodeType, types.TracebackType, types.FrameType, types.GeneratorType,
            types.CoroutineType, types.AsyncGeneratorType)


def _safe(obj: Any, attribute: str) -> None:
    if attribute.startswith("_") or isinstance(obj, _GUARDED):
        raise Unsupported


class _EvalContext:
    autoescape = False


class Environment:
    """The part of Jinja's sandboxed environment a twin's code calls."""

    concat = "".join

    def __init__(self) -> None:
        self.filters: dict[str, Callable[..., Any]] = {
            "join": _join, "length": len, "list": _list, "rejectattr": _rejectattr,
            "int": _int, "upper": _upper}

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                raise Unsupported from None  # Jinja's undefined: an error, strictly
        _safe(obj, attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if not isinstance(argument, str):
                raise Unsupported from None
        _safe(obj, argument)
        try:
            return getattr(obj, argument)
        except AttributeError:
            raise Unsupported from None

    def undefined(self, *args: Any, **kwargs: Any) -> Any:
        raise Unsupported  # strict: any use of an undefined name is the template's error


def _join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    if attribute is not None:
        raise Unsupported
    return str(d).join(map(str, value))


def _list(eval_ctx: Any, value: Iterable[Any]) -> list[Any]:
    return list(value)


def _rejectattr(context: Context, value: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
    """`rejectattr(name, "equalto", other)`, the one form the templates use."""
    if kwargs or len(args) != 3 or args[1] not in ("equalto", "eq", "==") or not isinstance(
            args[0], str) or "." in args[0] or args[0].isdigit():
        raise Unsupported
    name, _, other = args
    if value:
        for item in value:
            # not ==, as Jinja rejects (!= may be defined apart from ==)
            if not ENVIRONMENT.getitem(item, name) == other:  # noqa: SIM201
                yield item


def _int(value: Any, default: int = 0, base: int = 10) -> int:
    try:
        if isinstance(value, str):
            return int(value, base)
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return default
        except OverflowError:  # Jinja's releases differ here
            raise Unsupported from None


def _upper(value: Any) -> str:
    return (value if isinstance(value, str) else str(value)).upper()


ENVIRONMENT = Environment()


class Context:
    """The variables a template is rendered with."""

    eval_ctx = _EvalContext()
    environment = ENVIRONMENT

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self.vars = variables

    def resolve_or_missing(self, key: str) -> Any:
        return self.vars.get(key, missing)
