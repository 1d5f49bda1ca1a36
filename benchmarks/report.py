"""The benchmark's rows, each target judged met or not met, as a plain table or as the README's."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass, field


@dataclass
class Target:
    """`value` must be at most `limit`; `text` says against what (`<= 4x floor`)."""

    text: str
    value: float
    limit: float

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def shown(self) -> str:
        return f"{self.text}: {'met' if self.met else 'not met'}"


@dataclass
class Row:
    label: str
    seconds: float
    peak_mb: float
    ratios: str = ""  # what the median is in the same run's terms: "1.18x floor"
    targets: list[Target] = field(default_factory=list)


def plain(rows: list[Row], notes: list[str]) -> str:
    width = max(len(row.label) for row in rows)
    lines = [f"{'measurement'.ljust(width)}  median s  peak MB  ratios; targets"]
    for row in rows:
        said = "; ".join(filter(None, [row.ratios, *(t.shown() for t in row.targets)]))
        lines.append(f"{row.label.ljust(width)}  {row.seconds:8.3f}  {row.peak_mb:7.1f}  {said}")
    return "\n".join([*lines, "", *notes, machine()])


def markdown(rows: list[Row], notes: list[str]) -> str:
    lines = ["| Measurement | Median | Peak memory | Target |", "| --- | --- | --- | --- |"]
    for row in rows:
        median = f"{row.seconds:.3f} s" + (f" ({row.ratios})" if row.ratios else "")
        target = "; ".join(t.shown() for t in row.targets)
        lines.append(f"| {row.label} | {median} | {row.peak_mb:.0f} MB | {target} |")
    return "\n".join([*lines, "", *notes, machine()])


def machine() -> str:
    return (f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {platform.platform()}, "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.")
