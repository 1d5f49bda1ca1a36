"""The --version and --help paths stay light: modules known to be slow to import (the rule
engine's stack, Jinja, YAML) are not loaded until a command needs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SLOW = ("jinja2", "yaml", "advisor.report", "advisor.catalogue", "advisor.rules",
        "advisor.flips", "advisor.commands", "pydantic")


def imported(*args: str) -> set[str]:
    code = ("import sys; sys.argv = ['advisor', *sys.argv[1:]]\n"
            "from advisor.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n")
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code, *args],
                            capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("recommend", "--help")])
def test_slow_modules_stay_unimported(args: tuple[str, ...]) -> None:
    loaded = imported(*args)
    assert "advisor.cli" in loaded
    assert not loaded & set(SLOW), sorted(loaded & set(SLOW))
