"""What `advisor check` returns: its findings and what it read. Plain records, read by every
report format and kept by the cache, without the engine that produced them."""

from __future__ import annotations

from msgspec import Struct


class Finding(Struct, frozen=True):
    """One thing `advisor check` found, located where the user can fix it."""

    code: str
    severity: str
    path: str  # where it points, as the user would type it
    line: int
    column: int
    message: str
    hint: str
    workload: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


class CheckResult(Struct, frozen=True):
    """The findings of one `advisor check` run and what it read."""

    findings: tuple[Finding, ...]
    workloads: tuple[str, ...]  # names of the workloads checked, in file order
    adrs_read: int
    # The templates the run read (path, repository root, what was read: gate/conformance/
    # run.py), so that the cache serves the result only while each reads the same.
    templates: tuple[tuple[str, str, str], ...] = ()

    @property
    def workloads_checked(self) -> int:
        return len(self.workloads)
