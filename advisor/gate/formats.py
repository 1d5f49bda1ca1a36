"""`advisor check` output for people and scripts (text, JSON), and what every report shares:
the summary line, the sentence a finding reads as, JSON that any UTF-8 writer takes.

Each format is one renderer returning text (SARIF, GitHub, JUnit and Markdown in modules of
their own); the CLI prints it, and maps each format a user can choose to its renderer in
advisor.cli.formats."""

from __future__ import annotations

import json
import re
from collections import Counter

from advisor import __version__
from advisor.format.findings import finding_kinds, reaches
from advisor.gate.results import CheckResult, Finding
from advisor.visible import visible


def summary(result: CheckResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    # "info" is a mass noun: "0 notes" reads where "0 infos" does not.
    nouns = {"error": "error", "warning": "warning", "info": "note"}
    parts = [f"{counts[s]} {nouns[s]}{'s' if counts[s] != 1 else ''}"
             for s in ("error", "warning", "info")]
    return (f"{', '.join(parts)} in {result.workloads_checked} workload"
            f"{'s' if result.workloads_checked != 1 else ''} and {result.adrs_read} ADR"
            f"{'s' if result.adrs_read != 1 else ''}")


_SEVERITY_STYLE = {"error": "1;31", "warning": "1;33", "info": "1;36"}


def render_text(result: CheckResult, fail_on: str, colour: bool = False,
                columns: int = 0) -> str:
    """One finding per paragraph, wrapped at word boundaries to `columns` (0: not wrapped)
    with a hanging indent; `colour`: ANSI colours, for a terminal."""
    from advisor.render.wrap import hang

    def paint(text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if colour else text

    lines = []
    for f in result.findings:
        # visible() first: paths and messages may echo hostile text, colour codes may not
        head, *rest = hang(visible(f"{f.where}: {f.severity} {f.code} {f.message}", True),
                           columns, 2)
        label = f" {f.severity} {f.code} "
        if colour and label in head:
            head = head.replace(label, f" {paint(f.severity, _SEVERITY_STYLE[f.severity])} "
                                f"{paint(f.code, '1')} ", 1)
        lines += [head, *rest]
        hint = hang(visible(f"  hint: {f.hint}", True), columns, 4)
        lines += [hint[0].replace("hint:", paint("hint:", "2"), 1), *hint[1:]]
    failing = sum(1 for f in result.findings if reaches(f.severity, fail_on))
    verdict = "failed" if failing else "passed"
    last = hang(f"advisor check {verdict}: {visible(summary(result), True)} "
                f"(fails on {fail_on})", columns, 2)
    lines += [last[0].replace(verdict, paint(verdict, "1;31" if failing else "1;32"), 1),
              *last[1:]]
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult, fail_on: str) -> str:
    document = {
        "format_version": 1,
        "advisor_version": __version__,
        "fail_on": fail_on,
        "passed": not any(reaches(f.severity, fail_on) for f in result.findings),
        "workloads_checked": result.workloads_checked,
        "adrs_read": result.adrs_read,
        "findings": [{
            "code": f.code, "name": finding_kinds()[f.code].name, "severity": f.severity,
            "path": f.path, "line": f.line, "column": f.column, "message": f.message,
            "hint": f.hint, "workload": f.workload or None,
        } for f in result.findings],
    }
    return dumps(document)


def dumps(document: object) -> str:
    # A file name that is not UTF-8 holds lone surrogates, which no UTF-8 writer accepts;
    # as JSON escapes they read back the same.
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def sentence(f: Finding) -> str:
    hint = f.hint[:1].upper() + f.hint[1:]
    return f"{f.message}. {hint}"
