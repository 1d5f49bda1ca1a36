"""The CLI wing: every output format a user can choose has exactly one renderer in one table
(advisor.cli.formats), renderers return text and never print, and the edge turns mistakes
and faults into one message and an exit code."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer

from advisor.cli.app import app
from advisor.cli.app_check import _report
from advisor.cli.choices import CheckFormat, RecommendFormat
from advisor.cli.exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from advisor.cli.formats import CHECK, RECOMMEND, TABLE, Decided, Outcome, Screen
from advisor.cli.guard import guarded
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.errors import InputError, InputErrors, InternalError
from advisor.format.findings import finding_kinds
from advisor.gate.check import CheckResult, Finding
from advisor.providers.aws.provider import AWS
from tests.conftest import ROOT, run_cli, workload_from

ADVISOR = ROOT / "advisor"


def _format_choices() -> dict[str, list[str]]:
    """Every command of the app (subcommands as "group name") that takes a --format, with
    the choices its --help offers, read from the click command typer builds."""
    found: dict[str, list[str]] = {}

    def walk(command: Any, name: str) -> None:
        for param in command.params:
            if "--format" in getattr(param, "opts", ()):
                found[name] = [str(choice) for choice in param.type.choices]
        for sub_name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{name} {sub_name}".strip())

    walk(typer.main.get_command(app), "")
    return found


# --- the one table ----------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(TABLE))
def test_each_format_of_a_command_has_one_renderer_and_each_renderer_a_format(
        command: str) -> None:
    choices, renderers = TABLE[command]
    assert set(renderers) == set(choices), (
        f"{command}: formats without a renderer {set(choices) - set(renderers)}, "
        f"renderers without a format {set(renderers) - set(choices)}")
    assert all(callable(render) for render in renderers.values())


def test_the_table_covers_every_format_the_help_offers() -> None:
    """A --format added to a command, or a choice added to one, without a row in the table
    fails here; so does a row for a format the command line does not offer."""
    offered = _format_choices()
    assert set(offered) == set(TABLE), (set(offered), set(TABLE))
    for command, choices in offered.items():
        assert sorted(choices) == sorted(member.value for member in TABLE[command][0]), command


def test_the_tables_are_the_commands_own() -> None:
    assert TABLE["recommend"] == (RecommendFormat, RECOMMEND)
    assert TABLE["check"] == (CheckFormat, CHECK)


@pytest.mark.parametrize("fmt", list(CheckFormat))
def test_every_check_format_is_a_report_format(fmt: CheckFormat) -> None:
    assert _report(f"{fmt.value}:out/report") == (fmt.value, Path("out/report"))


def test_a_report_of_no_format_names_every_format() -> None:
    with pytest.raises(InputError) as raised:
        _report("pdf:report.pdf")
    assert raised.value.hint.startswith(f"write a format ({', '.join(CHECK)})")


def test_a_format_loads_only_its_own_renderer(tmp_path: Path) -> None:
    """The table imports a renderer when its format is chosen: the JSON document does not
    load the check's reports (SARIF's hashing, JUnit's XML) or the terminal summary."""
    import os
    import subprocess
    import sys

    shutil.copy(ROOT / "examples" / "order-placed.yaml", tmp_path)
    code = ("import sys; sys.argv = ['advisor', *sys.argv[1:]]\n"
            "from advisor.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('advisor.', 'xml'))))")
    result = subprocess.run(
        [sys.executable, "-c", code, "recommend", "order-placed.yaml", "--dry-run",
         "--format", "json"], capture_output=True, text=True, check=True, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    loaded = result.stdout.splitlines()[-1]
    assert "'advisor.render.jsondoc'" in loaded
    for unwanted in ("advisor.gate.formats", "advisor.gate.sarif", "advisor.gate.junit",
                     "advisor.render.terminal", "xml.etree"):
        assert f"'{unwanted}'" not in loaded, unwanted


# --- renderers return text, and only the CLI prints ---------------------------------------


@pytest.fixture
def decided(rules: RuleSet, catalogue: Catalogue) -> Decided:
    text = (ROOT / "examples" / "order-placed.yaml").read_text()
    rec = advise(workload_from(text, "order-placed.yaml"), rules, catalogue,
                 dt.date(2026, 11, 30), provider=AWS)
    return Decided([Outcome("order-placed.yaml", rec, "docs/decisions/0001-x.md", "written")],
                   ["ADR-0001: status set to superseded by ADR-0002"], "docs/decisions/README.md",
                   catalogue)


def _result() -> CheckResult:
    codes = list(finding_kinds())
    findings = tuple(
        Finding(code, severity, "workloads/orders.yaml", line, 3, f"the {severity} message "
                "that is long enough to be wrapped on a narrow terminal", "do the fix",
                "orders")
        for code, severity, line in ((codes[0], "error", 4), (codes[1], "warning", 0),
                                     (codes[2], "info", 7)))
    return CheckResult(findings, ("orders",), 1)


@pytest.mark.parametrize("fmt", list(RecommendFormat))
def test_recommend_renderers_return_text_and_print_nothing(
        fmt: RecommendFormat, decided: Decided, capsys: pytest.CaptureFixture[str]) -> None:
    text = RECOMMEND[fmt](decided, Screen(40, "standard"))
    assert isinstance(text, str) and text.endswith("\n")
    assert "order-placed" in text
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("fmt", list(CheckFormat))
def test_check_renderers_return_text_and_print_nothing(
        fmt: CheckFormat, capsys: pytest.CaptureFixture[str]) -> None:
    text = CHECK[fmt](_result(), "warning", Screen(40, "standard"))
    assert isinstance(text, str) and "orders" in text
    assert capsys.readouterr() == ("", "")


def test_the_summary_takes_the_screen_it_is_given(decided: Decided) -> None:
    plain = RECOMMEND[RecommendFormat.text](decided, Screen())
    coloured = RECOMMEND[RecommendFormat.text](decided, Screen(0, "truecolor"))
    narrow = RECOMMEND[RecommendFormat.text](decided, Screen(40, None))
    assert "\x1b[" not in plain and "\x1b[" not in narrow and "\x1b[1m" in coloured
    assert max(map(len, plain.splitlines())) > 40 >= max(map(len, narrow.splitlines()))
    assert plain.startswith("ADR-0001: status set to superseded")
    assert plain.endswith("  index updated: docs/decisions/README.md\n")


def test_the_check_text_takes_the_screen_it_is_given() -> None:
    render = CHECK[CheckFormat.text]
    plain, coloured = render(_result(), "warning", Screen()), render(
        _result(), "warning", Screen(0, "standard"))
    assert "\x1b[" not in plain and "\x1b[1;31m" in coloured
    assert max(map(len, render(_result(), "warning", Screen(30)).splitlines())) <= 30
    assert max(map(len, plain.splitlines())) > 30


def test_the_command_prints_what_the_renderer_returns(decided: Decided) -> None:
    """What `advisor recommend --dry-run` prints is the table's text renderer's text."""
    result = run_cli(["recommend", str(ROOT / "examples" / "order-placed.yaml"), "--dry-run",
                      "--date", "2026-11-30"], env={"COLUMNS": "", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    alone = decided._replace(outcomes=[decided.outcomes[0]._replace(adr=None)], repaired=[],
                             index_shown=None)
    assert result.stdout == RECOMMEND[RecommendFormat.text](alone, Screen())


_PRINTERS = {"print", "write", "echo", "secho", "print_json", "log"}


def _printing(source: str) -> list[str]:
    """Where `source` prints, asks the terminal, or takes a console or stream to print on.
    (A rich console that writes into a string, as the summary's does, is allowed: its
    `print` is on a console built over io.StringIO.)"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) else ""
            if name in _PRINTERS and owner in ("", "sys", "typer", "click"):
                found.append(f"{node.lineno}: calls {name}")
            if name in ("isatty", "get_terminal_size"):
                found.append(f"{node.lineno}: asks the terminal ({name})")
        if isinstance(node, ast.arg) and node.arg in ("console", "stream"):
            found.append(f"{node.lineno}: takes a {node.arg} to print on")
        if isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr"):
            found.append(f"{node.lineno}: reaches sys.{node.attr}")
    if "Console(" in source and "Console(file=" not in source:
        found.append("builds a console that prints")
    return found


@pytest.mark.parametrize("module", [
    *sorted((ADVISOR / "render").glob("*.py")),
    *(ADVISOR / "gate" / f"{name}.py" for name in ("formats", "sarif", "github", "junit",
                                                   "markdown"))],
    ids=lambda p: p.relative_to(ADVISOR).as_posix())
def test_renderers_never_print_nor_ask_the_terminal(module: Path) -> None:
    """Only the CLI prints, and only it asks how wide the terminal is or whether it takes
    colour; a renderer is given both."""
    assert not _printing(module.read_text()), module


@pytest.mark.parametrize("source", [
    "def summary(console, rec):\n    console.print(rec)\n",
    "import sys\ndef width():\n    return sys.stdout.isatty()\n",
    "def report(text):\n    print(text)\n",
    "from rich.console import Console\ndef show(t):\n    Console().print(t)\n",
])
def test_the_printing_check_finds_a_renderer_that_prints(source: str) -> None:
    assert _printing(source)


# --- the edge: one message and one exit code ------------------------------------------------


def _raise(exc: BaseException) -> int:
    raise exc


def test_guarded_turns_mistakes_into_exit_2_and_faults_into_exit_3(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert guarded(False, lambda: EXIT_OK) == EXIT_OK
    mistake = InputError("w.yaml", 3, 5, "peak is not a rate", "write it as 200/s")
    assert guarded(False, lambda: _raise(mistake)) == EXIT_INPUT
    assert capsys.readouterr().err == ("w.yaml:3:5: peak is not a rate\n"
                                       "  hint: write it as 200/s\nNothing was written.\n")
    two = InputErrors([mistake, InputError("w.yaml", 4, 1, "no name", "add one")])
    assert guarded(False, lambda: _raise(two), writes=False) == EXIT_INPUT
    assert capsys.readouterr().err.endswith("2 problems found.\n")
    assert guarded(False, lambda: _raise(InternalError("broken pack"))) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("advisor: internal error: broken pack\n") and "--debug" in err
    assert guarded(False, lambda: _raise(KeyError("x"))) == EXIT_INTERNAL
    assert "internal error (KeyError)" in capsys.readouterr().err


def test_nothing_outside_cli_imports_cli() -> None:
    """The import contract, read from the source as well (function-level imports too)."""
    offenders = [
        f"{module.relative_to(ADVISOR)}:{node.lineno}"
        for module in ADVISOR.rglob("*.py")
        if module.parent.name != "cli" and module.name != "__main__.py"
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("advisor.cli")]
    assert not offenders, offenders
