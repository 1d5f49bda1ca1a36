"""`advisor check` output: one renderer per format, each returning text (the CLI prints
it, and maps each format a user can choose to its renderer: advisor.cli.formats)."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from xml.etree import ElementTree as ET

from advisor import __version__
from advisor.format.findings import finding_kinds, reaches
from advisor.gate.check import CheckResult, Finding
from advisor.visible import visible

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


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
    return _dumps(document)


def _dumps(document: object) -> str:
    # A file name that is not UTF-8 holds lone surrogates, which no UTF-8 writer accepts;
    # as JSON escapes they read back the same.
    text = json.dumps(document, indent=2, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _sentence(f: Finding) -> str:
    hint = f.hint[:1].upper() + f.hint[1:]
    return f"{f.message}. {hint}"


def _fingerprints(findings: tuple[Finding, ...]) -> list[str]:
    """One per finding, told apart and stable across runs and line moves: the code, the file
    (from the repository root), the workload and the message with its numbers left out (a
    day count or a line number in a message must not turn one alert into a new one each
    run). Findings that still share all of these (two links to missing ADRs from one file)
    are numbered in file order, so none shares another's fingerprint."""
    seen: Counter[str] = Counter()
    prints = []
    for f in findings:
        message = re.sub(r"\d+", "#", f.message)
        key = f"{f.code}|{f.path}|{f.workload}|{message}"
        seen[key] += 1
        if seen[key] > 1:
            key += f"|{seen[key]}"
        prints.append(hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return prints


def render_sarif(result: CheckResult, fail_on: str) -> str:
    kinds = list(finding_kinds().values())
    index = {k.code: i for i, k in enumerate(kinds)}
    rules = [{
        "id": k.code,
        "name": k.name,
        "shortDescription": {"text": k.title},
        "fullDescription": {"text": k.explain},
        "help": {"text": k.fix},
        "defaultConfiguration": {"level": SARIF_LEVEL[k.severity]},
    } for k in kinds]
    results = []
    for f, fingerprint in zip(result.findings, _fingerprints(result.findings), strict=True):
        # Relative to the repository root (`advisor check` gives root-relative paths for
        # SARIF), which is where code scanning resolves %SRCROOT%.
        artifact = {"uri": f.path} | ({} if os.path.isabs(f.path) else {
            "uriBaseId": "%SRCROOT%"})
        location: dict[str, object] = {"artifactLocation": artifact}
        if f.line > 0:
            location["region"] = {"startLine": f.line, "startColumn": max(1, f.column)}
        results.append({
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": _sentence(f)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"advisorFinding/v2": fingerprint},
        })
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "advisor", "version": __version__,
                                # No informationUri or helpUri: the project has no public
                                # address yet, and an invented one would mislead.
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return _dumps(document)


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
                     f"{_escape_data(_sentence(f))}")
    lines.append(f"advisor check: {summary(result)} (fails on {fail_on})")
    return visible("\n".join(lines)) + "\n"


def render_junit(result: CheckResult, fail_on: str) -> str:
    """One test case per workload and per ADR finding; failures are what reaches fail_on."""
    # XML 1.0 cannot hold most control characters at all, escaped or not: every text
    # from the findings goes through visible().
    suite = ET.Element("testsuite", name="advisor check")
    cases: dict[str, ET.Element] = {}
    for f in result.findings:
        name = visible(f.workload or f.path)
        case = cases.get(name)
        if case is None:
            case = ET.SubElement(suite, "testcase", classname="advisor", name=name)
            cases[name] = case
        if reaches(f.severity, fail_on):
            failure = ET.SubElement(case, "failure", type=f.code,
                                    message=visible(f"{f.where}: {f.message}", True))
            failure.text = visible(f"{f.where}: {f.severity} {f.code} {f.message}\n"
                                   f"hint: {f.hint}")
        else:
            out = ET.SubElement(case, "system-out")
            out.text = visible(f"{f.where}: {f.severity} {f.code} {f.message}")
    for name in map(visible, result.workloads):
        if name not in cases:
            ET.SubElement(suite, "testcase", classname="advisor", name=name)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(sum(1 for c in suite if c.find("failure") is not None)))
    suite.set("errors", "0")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") \
        + "\n"


# ASCII punctuation that Markdown or HTML may act on; CommonMark takes a backslash before any.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_{}\[\]<>()#+!|~&]")


# What GitHub turns into a link without any brackets (its autolink extension): "://" after
# a scheme, an e-mail address's @ (mailto: and xmpp: links have one too), and "www."
# before a domain; escaped, they are text. A line number's colon is left alone.
_AUTOLINKS = re.compile(r":(?=/)|@|(?<=www)\.", re.IGNORECASE)


def _md(text: str) -> str:
    """Text from the findings (which may echo hostile file names) as inert Markdown: no link,
    image, HTML or table cell it could open, nor a bare URL GitHub would link."""
    inert = _MARKDOWN_ACTIVE.sub(lambda m: "\\" + m.group(), visible(text, one_line=True))
    return _AUTOLINKS.sub(lambda m: "\\" + m.group(), inert)


# GitHub takes at most 1 MiB of a job's summary: the rows past these are counted, not listed
# (every finding is in the other reports).
MAX_SUMMARY_ROWS = 200


def render_markdown(result: CheckResult, fail_on: str) -> str:
    """A Markdown summary (for a GitHub job summary or a pull request comment)."""
    failing = sum(1 for f in result.findings if reaches(f.severity, fail_on))
    lines = [f"### advisor check {'failed' if failing else 'passed'}", "",
             f"{summary(result)} (fails on {fail_on}).", ""]
    if result.findings:
        lines += ["| Severity | Code | Where | Finding |", "| --- | --- | --- | --- |"]
        lines += [f"| {f.severity} | {f.code} | {_md(f.where)} | {_md(_sentence(f))} |"
                  for f in result.findings[:MAX_SUMMARY_ROWS]]
        lines.append("")
        more = len(result.findings) - MAX_SUMMARY_ROWS
        if more > 0:
            lines += [f"{more:,} more finding{'s' if more != 1 else ''} not listed here: "
                      "the text, JSON and SARIF reports list every one.", ""]
    return "\n".join(lines)
