"""A render budget for ADR templates.

A template is code that a pull request can commit, so its render has a budget. The sandbox
keeps it from Python's internals and caps one range() at 100,000 items, but nested loops
multiply, and `'x' * 10**9`, `[1] * 10**9`, `'%999999999s'`, `(s ~ s)` doubled thirty times
or a join of joins each take gigabytes from a few bytes of template; and a loop over a sum,
a sort or a comparison of a long list repeats its work each time. So every step is counted,
and so is every character or item a step reads or builds. The built-in templates take at
most 46,000 steps and 1.3 Mi of work, and write 1.2 MB, for 1,000 distinct consumers; a step
costs at most about 15 microseconds (a macro call), so any template stops within seconds.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, ValuesView
from functools import cache
from typing import Any

from advisor.errors import TemplateBudgetError

TEMPLATE_STEPS = 200_000  # loop iterations, calls, filters, tests and operators
# Sizes in bytes, about: a character is one, an item of a list eight (see _size).
TEMPLATE_VALUE = 1 << 20  # any one string or list it builds
TEMPLATE_WORK = 32 << 20  # everything all steps read or build, together
TEMPLATE_OUTPUT = 4 << 20  # characters of the ADR body
TEMPLATE_NUMBER_BITS = 4096  # a whole number it computes (about 1,233 digits)


class _Budget:
    def __init__(self) -> None:
        self.steps = 0
        self.work = 0

    def step(self, *operands: Any) -> None:
        """Charge one step, and the sizes of the operands it reads."""
        self.steps += 1
        if self.steps > TEMPLATE_STEPS:
            raise TemplateBudgetError(f"the template takes more than {TEMPLATE_STEPS:,} steps "
                                      "(loop iterations, calls and operations)")
        self.charge(sum(map(_size, operands)))

    def charge(self, amount: int) -> None:
        self.work += amount
        if self.work > TEMPLATE_WORK:
            raise TemplateBudgetError(f"the template reads or builds more than "
                                      f"{TEMPLATE_WORK:,} bytes in all")

    def made(self, value: Any) -> Any:
        """Charge a value the template built, refusing one too large."""
        size = _size(value)
        _fits(size)
        self.charge(size)
        return value


_SIZED = (str, bytes, list, tuple, dict, set, frozenset, range, KeysView, ValuesView,
          ItemsView)


def _size(value: Any) -> int:
    """About the bytes a value holds: a character each, 8 (a reference) an item. Not an
    Undefined's: it raises on len()."""
    if isinstance(value, str | bytes):
        return len(value)
    return 8 * len(value) if isinstance(value, _SIZED) else 0


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("template_budget")


def _budget() -> _Budget:
    try:
        return _BUDGET.get()
    except LookupError:  # compile-time constant folding: a throwaway budget
        return _Budget()


def _fits(size: int, what: str = "a value") -> None:
    if size > TEMPLATE_VALUE:
        raise TemplateBudgetError(f"{what} needs about {size:,} bytes; a template may build "
                                  f"at most {TEMPLATE_VALUE:,}")


def _number(bits: int) -> None:
    """Whole numbers grow without bound, and multiplying big ones costs more than their size:
    an ADR needs none past a few dozen digits."""
    if bits > TEMPLATE_NUMBER_BITS:
        raise TemplateBudgetError(f"a number of about {bits * 0.30103:,.0f} digits; a template "
                                  f"may compute with at most {TEMPLATE_NUMBER_BITS * 0.30103:,.0f}")


_FORMAT_NUMBER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_widths(widths: Iterable[str], args: Iterable[Any]) -> None:
    """Widths and precisions in a format string, and numbers a `*` takes from the args."""
    starred = False
    for width in widths:
        if width == "*" or "{" in width:
            starred = True
        for digits in re.findall(r"\d+", width):
            _fits(int(digits) if len(digits) < 12 else TEMPLATE_VALUE + 1, "a format width")
    if starred:
        for arg in args:
            if isinstance(arg, int) and not isinstance(arg, bool):
                _fits(abs(arg), "a format width")


def _percent_widths(text: str, args: Any) -> None:
    widths = [w for m in _FORMAT_NUMBER.finditer(text) for w in m.groups() if w]
    values = args.values() if isinstance(args, dict) else (
        args if isinstance(args, tuple) else (args,))
    _check_widths(widths, values)


def _brace_widths(text: str, args: Iterable[Any]) -> None:
    import string

    try:
        specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
    except ValueError:
        return  # not a format string: str.format raises the same error itself
    _check_widths(specs, args)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, a result a template may not build."""
    ints = (isinstance(left, int) and not isinstance(left, bool),
            isinstance(right, int) and not isinstance(right, bool))
    if operator == "*":
        if ints[1] and isinstance(left, str | list | tuple):
            _fits(_size(left) * max(right, 0))
        elif ints[0] and isinstance(right, str | list | tuple):
            _fits(_size(right) * max(left, 0))
        elif all(ints):
            _number(left.bit_length() + right.bit_length())
    elif operator == "**" and all(ints) and right > 0 and abs(left) > 1:
        _number(right * left.bit_length())
    elif operator == "+":
        _fits(_size(left) + _size(right))
    elif operator == "%" and isinstance(left, str):
        _percent_widths(left, right)


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Methods of strings that build from a number or from other strings."""
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    values = (*args, *kwargs.values())
    if isinstance(owner, int) and name == "to_bytes":
        _fits(max((v for v in values if isinstance(v, int)), default=1))
    if not isinstance(owner, str | bytes):
        return
    if name in ("center", "ljust", "rjust", "zfill"):
        _fits(max((v for v in values if isinstance(v, int)), default=0))
    elif name == "expandtabs":
        tab = max((v for v in values if isinstance(v, int)), default=8)
        _fits(len(owner) * max(tab, 1))
    elif name in ("format", "format_map") and isinstance(owner, str):
        _brace_widths(owner, values if name == "format" else (
            args[0].values() if args and isinstance(args[0], dict) else ()))
    elif name == "join" and args and isinstance(owner, str):
        _check_join(owner, args[0])
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])


def _check_join(separator: str, items: Any) -> None:
    if isinstance(items, list | tuple):
        _fits(len(separator) * max(len(items) - 1, 0) + sum(_size(i) for i in items))


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and (
            len(new) > len(old)):
        hits = len(text) + 1 if not old else text.count(old)
        _fits(len(text) + hits * (len(new) - len(old)))


def _check_filter(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    given = (*args, *kwargs.values())
    numbers = [v for v in given if isinstance(v, int) and not isinstance(v, bool)]
    if name == "center":
        _fits(max(numbers, default=0))
    elif name in ("batch", "slice"):  # lists of that many items, or that many lists
        _fits(8 * max(numbers, default=0))
    elif name == "indent":  # the width is a number of spaces or a string, on every line
        width = max([*numbers, *(len(v) for v in given if isinstance(v, str))], default=0)
        lines = value.count("\n") + 1 if isinstance(value, str) else 1
        _fits(_size(value) + lines * width)
    elif name == "format" and isinstance(value, str):
        _percent_widths(value, tuple(args) if args else dict(kwargs))
    elif name == "join":
        items = list(value) if isinstance(value, list | tuple) else None
        separator = args[0] if args and isinstance(args[0], str) else ""
        if items is not None:
            _check_join(separator, items)
    elif name == "replace" and len(args) >= 2:
        _check_replace(value, args[0], args[1])
    elif name == "wordwrap" and isinstance(value, str):
        wrap = kwargs.get("wrapstring", args[2] if len(args) > 2 else None)
        if isinstance(wrap, str):  # at worst a wrap after every character
            _fits(len(value) * (len(wrap) + 1))
    elif name == "tojson" and numbers:  # an indent repeats on every line, at every depth
        _check_json(value, max(numbers))
    elif name == "round":  # a precision far past a float's is a power of ten to compute
        precision = max(numbers, key=abs, default=0)
        if abs(precision) > 400:
            raise TemplateBudgetError(f"a precision of {precision:,}; a float has at most "
                                      "about 400 digits")
    elif name == "sum" and isinstance(value, list | tuple) and not isinstance(
            kwargs.get("start", args[1] if len(args) > 1 else 0), int | float):
        # lists summed: each addition copies everything so far
        _budget().charge(len(value) * sum(map(_size, value)))


def _check_json(value: Any, indent: int) -> None:
    """Measure the indented JSON piece by piece, stopping as soon as it is too long."""
    import json

    _fits(indent, "an indent")
    size = 0
    try:
        for piece in json.JSONEncoder(indent=indent, sort_keys=True).iterencode(value):
            size += len(piece)
            _fits(size)
    except (TypeError, ValueError, RecursionError):
        return  # the filter itself says what is wrong with the value


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    budget = _budget()
    for item in items:
        budget.step()
        yield item


@cache
def budgeted_environment() -> type:
    """SandboxedEnvironment, with every loop, call, filter, test, operator, comparison,
    slice, concatenation and output of a template charged to the render's budget (see
    TEMPLATE_STEPS)."""
    from jinja2 import nodes, pass_context
    from jinja2.runtime import LoopContext
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.visitor import NodeTransformer

    def charge_filter(name: str) -> nodes.Filter:
        return nodes.Filter(None, name, [], [], None, None)

    class Charge(NodeTransformer):
        """Route the template's loops, `~` and output through the budget's filters."""

        def wrap(self, node: Any, name: str) -> Any:
            charged = charge_filter(name)
            charged.node = node
            return charged.set_lineno(node.lineno or 1)

        def visit_For(self, node: Any) -> Any:
            self.generic_visit(node)
            node.iter = self.wrap(node.iter, "_advisor_items")
            return node

        def visit_Concat(self, node: Any) -> Any:
            self.generic_visit(node)
            listed = nodes.List(node.nodes).set_lineno(node.lineno or 1)
            return self.wrap(listed, "_advisor_concat")

        def visit_Getitem(self, node: Any) -> Any:
            self.generic_visit(node)
            if isinstance(node.arg, nodes.Slice):  # a copy, made without the sandbox's getitem
                return self.wrap(node, "_advisor_made")
            return node

        def visit_Compare(self, node: Any) -> Any:  # `in` and `==` read whole operands
            self.generic_visit(node)
            node.expr = self.wrap(node.expr, "_advisor_operand")
            for operand in node.ops:
                operand.expr = self.wrap(operand.expr, "_advisor_operand")
            return node

        def visit_Output(self, node: Any) -> Any:
            self.generic_visit(node)
            node.nodes = [self.wrap(nodes.Const(n.data).set_lineno(n.lineno or 1)
                                    if isinstance(n, nodes.TemplateData) else n,
                                    "_advisor_out") for n in node.nodes]
            return node

    @pass_context
    def items(_context: Any, value: Any) -> Any:
        return _counted(value)

    @pass_context
    def concat(_context: Any, parts: list[Any]) -> str:
        texts = [str(p) for p in parts]
        _fits(sum(map(len, texts)))
        joined = "".join(texts)
        _budget().made(joined)
        return joined

    @pass_context
    def made(_context: Any, value: Any) -> Any:
        budget = _budget()
        budget.step()
        return budget.made(value)

    @pass_context
    def operand(_context: Any, value: Any) -> Any:
        _budget().step(value)
        return value

    @pass_context
    def out(context: Any, value: Any) -> Any:  # what is written is text: charge it as such
        return made(context, value if isinstance(value, str) else str(value))

    def bounded(name: str, func: Any) -> Callable[..., Any]:
        kind = getattr(getattr(func, "jinja_pass_arg", None), "name", None)

        @pass_context
        def run(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
            budget = _budget()
            budget.step(value, *args, *kwargs.values())
            _check_filter(name, value, args, kwargs)
            if kind == "context":
                result = func(context, value, *args, **kwargs)
            elif kind == "eval_context":
                result = func(context.eval_ctx, value, *args, **kwargs)
            elif kind == "environment":
                result = func(context.environment, value, *args, **kwargs)
            else:
                result = func(value, *args, **kwargs)
            return budget.made(result)
        return run

    class Budgeted(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.filters = {name: bounded(name, f) for name, f in self.filters.items()}
            self.filters.update({"_advisor_items": items, "_advisor_concat": concat,
                                 "_advisor_out": out, "_advisor_operand": operand,
                                 "_advisor_made": made})
            self.tests = {name: bounded(name, f) for name, f in self.tests.items()}
            self.globals.pop("lipsum", None)  # n paragraphs of filler for any n

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            return Charge().visit(super()._parse(source, name, filename))

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            budget = _budget()
            budget.step(left, right)
            _check_binop(operator, left, right)
            return budget.made(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any,
                 **kwargs: Any) -> Any:
            budget = _budget()
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            budget.step(owner, *args, *kwargs.values())
            _check_call(__obj, args, kwargs)
            if isinstance(__obj, LoopContext) and args:  # a recursive loop's next level
                args = (_counted(args[0]), *args[1:])
            return budget.made(super().call(__context, __obj, *args, **kwargs))

    return Budgeted


def render_budgeted(template: Any, data: dict[str, Any]) -> str:
    """The template's output, rendered within a fresh budget."""
    token = _BUDGET.set(_Budget())
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(**data):
            size += len(chunk)
            if size > TEMPLATE_OUTPUT:
                raise TemplateBudgetError(f"the template writes more than "
                                          f"{TEMPLATE_OUTPUT:,} characters")
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        _BUDGET.reset(token)
