"""`advisor check --format junit`: a JUnit XML test suite for CI test reports."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from advisor.format.findings import reaches
from advisor.gate.results import CheckResult
from advisor.visible import visible


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
