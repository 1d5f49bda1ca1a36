"""`advisor check --format sarif`: SARIF 2.1.0 for code scanning, one result per finding
with a fingerprint that survives reruns and moved lines."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter

from advisor import __version__
from advisor.format.findings import finding_kinds
from advisor.gate.formats import dumps, sentence
from advisor.gate.results import CheckResult, Finding

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


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
            "message": {"text": sentence(f)},
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
    return dumps(document)
