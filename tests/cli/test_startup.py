"""The --version and --help paths stay light: modules known to be slow to import (the rule
engine's stack, Jinja, YAML) are not loaded until a command needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SLOW = ("jinja2", "yaml", "advisor.core.report", "advisor.providers.aws.catalogue",
        "advisor.core.rules", "advisor.core.flips", "advisor.cli.recommend", "advisor.cli.check",
        "advisor.gate.formats", "pydantic", "msgspec", "advisor.cli.template", "advisor.deploy",
        # only `advisor mcp` loads its server and the SDK (the mcp extra)
        "advisor.mcp", "advisor.mcp.server", "mcp", "mcp.server")


def imported(*args: str) -> set[str]:
    code = ("import sys; sys.argv = ['advisor', *sys.argv[1:]]\n"
            "from advisor.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("recommend", "--help"),
                                  ("template", "--help")])
def test_slow_modules_stay_unimported(args: tuple[str, ...]) -> None:
    loaded = imported(*args)
    assert "advisor.cli.app" in loaded
    assert not loaded & set(SLOW), sorted(loaded & set(SLOW))


def test_record_types_are_structs_not_dataclasses() -> None:
    """Creating a frozen dataclass costs about 0.46 ms at import (it compiles six methods);
    a msgspec Struct about 0.013 ms. advisor defines some fifty record types and imports
    most of them on every run, so one slipped-in `@dataclass` costs more than its share."""
    import dataclasses
    import importlib
    import inspect
    import pkgutil

    import advisor

    found = []
    for info in pkgutil.walk_packages(advisor.__path__, "advisor."):
        if info.name == "advisor.__main__":
            continue
        module = importlib.import_module(info.name)
        found += [f"{info.name}.{name}" for name, value in vars(module).items()
                  if inspect.isclass(value) and value.__module__ == info.name
                  and dataclasses.is_dataclass(value)]
    assert not found, found


def test_the_command_tunes_and_freezes_the_collector() -> None:
    """`advisor` raises the collector's threshold for its short run and freezes it at exit,
    so the interpreter's final collection does not walk every live object (about 20 ms)."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print(gc.get_threshold()[0], gc.get_freeze_count() > 0))\n"
            "sys.argv = ['advisor', '--version']\n"
            "from advisor.cli.app import main\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "100000 True"


def test_recommend_to_a_pipe_imports_neither_rich_nor_jinja(tmp_path: Path) -> None:
    """Where standard output takes no colour the summary is made without rich, and a
    built-in template's ADR comes from its compiled twin without Jinja: importing the two
    cost about a quarter of a recommendation. (A typer that imports rich itself, as typer's
    floor release does, leaves rich nothing to check.)"""
    code = ("import sys; sys.argv = ['advisor', *sys.argv[1:]]\n"
            "import typer\n"
            "typer_rich = 'rich' in sys.modules\n"
            "from advisor.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(typer_rich, 'rich' in sys.modules, 'jinja2' in sys.modules, file=sys.stderr)\n")
    env = {key: value for key, value in os.environ.items()
           if key not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run(
        [sys.executable, "-c", code, "recommend", str(ROOT / "examples" / "order-placed.yaml"),
         "--adr-dir", str(tmp_path / "adr")], capture_output=True, text=True, check=True,
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)})
    assert "order-placed" in result.stdout and (tmp_path / "adr" / "README.md").is_file()
    typer_rich, rich, jinja = result.stderr.split()
    assert jinja == "False", result.stderr
    assert rich == typer_rich, result.stderr
