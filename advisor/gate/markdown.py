"""`advisor check --format markdown`: a summary for a GitHub job summary or a pull request
comment, every text from the findings inert Markdown."""

from __future__ import annotations

import re

from advisor.format.findings import reaches
from advisor.gate.formats import sentence, summary
from advisor.gate.results import CheckResult
from advisor.visible import visible

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
        lines += [f"| {f.severity} | {f.code} | {_md(f.where)} | {_md(sentence(f))} |"
                  for f in result.findings[:MAX_SUMMARY_ROWS]]
        lines.append("")
        more = len(result.findings) - MAX_SUMMARY_ROWS
        if more > 0:
            lines += [f"{more:,} more finding{'s' if more != 1 else ''} not listed here: "
                      "the text, JSON and SARIF reports list every one.", ""]
    return "\n".join(lines)
