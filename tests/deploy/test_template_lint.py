"""Every template `advisor template` writes passes cfn-lint with no error: the template of
every example and of every calibration scenario, linted in-process (cfn-lint's Python
API), its rules loaded once for the session."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.deploy.templates import SOURCES, text

# Warnings that may stand, each with why; anything else is reported by the test.
ALLOWED_WARNINGS: dict[str, str] = {}


@functools.cache
def _linter() -> tuple[Any, Any]:
    """cfn-lint's rules and configuration, loaded once: loading them is most of a lint."""
    from cfnlint.api import ManualArgs
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    config = ManualArgs(regions=["us-east-1"])
    return Runner(ConfigMixIn(**config)).rules, config


def lint(template: str) -> list[Any]:
    from cfnlint.api import lint as cfn_lint

    rules, config = _linter()
    return cfn_lint(template, rules=rules, config=config)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_template_passes_cfn_lint(name: str) -> None:
    matches = lint(text(name))
    errors = [f"{m.rule.id} line {m.linenumber}: {m.message}" for m in matches
              if m.rule.id.startswith("E")]
    assert not errors, "\n".join(errors)
    warnings = [f"{m.rule.id} line {m.linenumber}: {m.message}" for m in matches
                if not m.rule.id.startswith("E") and m.rule.id not in ALLOWED_WARNINGS]
    assert not warnings, "\n".join(warnings)


def test_the_linter_sees_a_broken_template() -> None:
    """The lint is no formality: a queue with a property CloudFormation does not know is
    an error."""
    broken = text("examples/payment-commands").replace("FifoQueue: true",
                                                       "FifoQueue: true\n      Fifo: yes", 1)
    assert any(m.rule.id.startswith("E") for m in lint(broken))
