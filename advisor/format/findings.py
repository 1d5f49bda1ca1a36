"""The kinds of finding `advisor check` reports: stable codes, default severities,
explanations and fixes, all read from advisor/data/findings.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec import Struct

from advisor.format.yamlnodes import safe_load

SEVERITIES = ("error", "warning", "info")  # most to least severe


class FindingKind(Struct, frozen=True):
    """A finding code of `advisor check`, its severity and how to fix it."""

    code: str
    name: str
    severity: str
    title: str
    explain: str
    fix: str


# Read once a process: the file ships with advisor and never changes during a run.
@cache
def finding_kinds() -> dict[str, FindingKind]:
    path = Path(__file__).resolve().parent.parent / "data" / "findings.yaml"
    data = safe_load(path.read_text(encoding="utf-8"))
    kinds = {}
    for entry in data["findings"]:
        kind = FindingKind(entry["code"], entry["name"], entry["severity"], entry["title"],
                           " ".join(entry["explain"].split()), " ".join(entry["fix"].split()))
        assert kind.severity in SEVERITIES, kind
        kinds[kind.code] = kind
    return kinds


def finding_codes() -> tuple[str, ...]:
    return tuple(finding_kinds())


def reaches(severity: str, threshold: str) -> bool:
    """Whether a finding of `severity` meets a --fail-on `threshold`."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)
