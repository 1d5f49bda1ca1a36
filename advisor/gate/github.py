"""`advisor check --format github`: GitHub Actions workflow commands, one annotation per
finding, every property and message escaped as the runner reads them."""

from __future__ import annotations

from advisor.gate.formats import sentence, summary
from advisor.gate.results import CheckResult
from advisor.visible import visible

GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, fail_on: str) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for f in result.findings:
        props = [f"file={_escape_property(f.path)}"]
        if f.line > 0:
            props += [f"line={f.line}", f"col={max(1, f.column)}"]
        props.append(f"title={_escape_property(f'advisor {f.code}')}")
        lines.append(f"::{GITHUB_COMMAND[f.severity]} {','.join(props)}::"
                     f"{_escape_data(sentence(f))}")
    lines.append(f"advisor check: {summary(result)} (fails on {fail_on})")
    return visible("\n".join(lines)) + "\n"
