"""The built-in templates' compiled twins: current, rendering every example as Jinja does,
and never used where stale or where they meet what only Jinja does."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import filters as jinja_filters

from advisor.core.recommendation import Recommendation
from advisor.render import templatetwin, twinrun
from advisor.render.adrcontext import AdrMeta, context
from advisor.render.markdown import render_adr
from advisor.render.templates import BUILTIN_TEMPLATES, environment, resolve_template
from tests.conftest import ROOT
from tests.render.test_plaintext import EXAMPLES, _workload

META = AdrMeta(7, dt.date(2026, 1, 31), "workloads/x.yaml", ("0003-old.md", "old"))
NAMES = sorted(BUILTIN_TEMPLATES.values())


@pytest.fixture(autouse=True)
def _fresh_twins() -> Iterator[None]:
    templatetwin._root.cache_clear()
    yield
    templatetwin._root.cache_clear()


def _by_jinja(name: str, variables: dict[str, Any]) -> str:
    folder, _ = resolve_template("madr")
    text: str = environment(folder, False).get_template(name).render(**variables)
    return text


@pytest.mark.parametrize("name", NAMES)
def test_each_twin_is_current(name: str) -> None:
    """Its key always; its code where this Jinja is the one that wrote it (the floor run
    of CI has an older one, whose output the next test compares)."""
    kept = templatetwin.twin_path(name).read_text(encoding="utf-8")
    fresh = templatetwin.twin_source(name)
    assert kept.splitlines()[-1] == fresh.splitlines()[-1], "run `python -m advisor.twins`"
    if kept.splitlines()[1] == fresh.splitlines()[1]:  # "# code Jinja 3.1.6 compiles ..."
        assert kept == fresh, "stale: run `python -m advisor.twins`"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("name", NAMES)
def test_a_twin_renders_as_jinja_does(
        name: str, path: Path, recommend_text: Callable[[str], Recommendation]) -> None:
    variables = context(recommend_text(_workload(path)), META)
    assert templatetwin.render_twin(name, variables) == _by_jinja(name, variables)


def test_a_stale_or_missing_twin_leaves_the_adr_to_jinja(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        recommend_text: Callable[[str], Recommendation]) -> None:
    rec = recommend_text((ROOT / "examples" / "order-placed.yaml").read_text())
    expected = render_adr(rec, META)
    for name in NAMES:
        source = templatetwin.twin_path(name).read_text(encoding="utf-8")
        stale = source.replace("\nKEY = '", "\nKEY = 'stale")
        (tmp_path / templatetwin.twin_path(name).name).write_text(stale, encoding="utf-8")
    monkeypatch.setattr(templatetwin, "TWINS", tmp_path)
    templatetwin._root.cache_clear()
    assert templatetwin._root("madr.md.j2") is None
    assert render_adr(rec, META) == expected
    shutil.rmtree(tmp_path)
    templatetwin._root.cache_clear()
    assert templatetwin.render_twin("madr.md.j2", context(rec, META)) is None
    assert render_adr(rec, META) == expected


def test_what_a_twin_cannot_run_is_left_to_jinja(
        recommend_text: Callable[[str], Recommendation]) -> None:
    """A variable missing (strictly undefined) or of another shape: Jinja renders, and
    reports the template's mistake as it always did."""
    variables = context(recommend_text((ROOT / "examples" / "clickstream.yaml").read_text()),
                        META)
    assert templatetwin.render_twin("madr.md.j2", variables) is not None
    del variables["title"]
    assert templatetwin.render_twin("madr.md.j2", variables) is None
    with pytest.raises(Exception, match="title"):
        _by_jinja("madr.md.j2", variables)


class _Record:
    status = "verified"
    _secret = "hidden"


def test_the_runtime_refuses_what_the_sandbox_guards() -> None:
    env = twinrun.ENVIRONMENT
    assert env.getattr({"a": 1}, "a") == 1 and env.getattr(_Record(), "status") == "verified"
    assert env.getitem(_Record(), "status") == "verified" and env.getitem([5], 0) == 5
    for attempt in (lambda: env.getattr(_Record(), "_secret"),
                    lambda: env.getattr(len, "__self__"), lambda: env.getattr({}, "nothing"),
                    lambda: env.getitem(_Record(), "_secret"), lambda: env.undefined(name="x"),
                    lambda: twinrun.Undefined("x"), lambda: list(twinrun._rejectattr(
                        twinrun.Context({}), [_Record()], "status", "odd"))):
        with pytest.raises(twinrun.Unsupported):
            attempt()


@pytest.mark.parametrize("value", [3, "42", "4.5", "0x1A", "x", None, 2.9, True, "  7 "])
def test_the_runtimes_filters_are_jinjas(value: Any) -> None:
    assert twinrun._int(value) == jinja_filters.do_int(value)
    assert twinrun._upper(value) == jinja_filters.do_upper(value)
    items = [{"status": "verified"}, {"status": value}]
    assert list(twinrun._rejectattr(twinrun.Context({}), items, "status", "equalto",
                                    "verified")) == [{"status": value}][:value != "verified"]
    assert twinrun._join(None, [value, 1], "; ") == f"{value}; 1"
