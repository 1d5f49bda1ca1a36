"""Hostile and broken input: a corpus of bad files, each with its expected outcome.

Every case runs the real CLI in-process and must: exit 2 with a message naming the file
(and line and column where there is one), or give a correct result; never print a
traceback; leave the ADR folder byte for byte as it was; and stay within a generous memory
bound. Time is not measured: the costly cases (20 MB, deep nesting, billion laughs) must stop
at the limit their message names, which bounds the work; test_hostile_scale counts the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from advisor.errors import InputError, InputErrors
from advisor.format.workload import load_workloads
from advisor.providers.aws.vocabulary import VOCABULARY
from tests.conftest import ROOT, describe, finish, run_cli, start_advisor

BASE = "version: 1\nname: a\nkind: event\n"
MEMORY_LIMIT = 200 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes | Callable[[], bytes]
    exit: int
    message: str  # the start of the first message after "f.yaml", or "" for exit 0


def text(body: str) -> bytes:
    return body.encode()


def bomb() -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(10)) + "]")
    return ("\n".join(lines) + "\n").encode()


NASTY = ("# Heading\n---\nstatus: accepted\n---\n<script>alert(1)</script> {{ 7*7 }} {% if x %}"
         "\n```mermaid\nflowchart LR\n  evil-->x\n```\n| a | b |\n[link](javascript:x) "
         "<!-- hidden --> *bold* _em_ \\ end")

CASES = [
    Case("tab indentation", text("version: 1\nname: a\n\tkind: event\n"), 2, ":3:1: YAML syntax"),
    Case("unclosed quote", text(BASE + 'title: "never closed\n'), 2, ":5:1: YAML syntax"),
    Case("unclosed bracket", text(BASE + "existing: [sns, sqs\n"), 2, ":5:1: YAML syntax"),
    Case("bad indentation", text("version: 1\nname: a\n  kind: event\n"), 2, ":3:7: YAML"),
    Case("duplicate key", text(BASE + "kind: command\n"), 2, ":4:1: duplicate key 'kind'"),
    Case("wrong type: kind", text("version: 1\nname: a\nkind: [event]\n"), 2,
         ":3:7: kind must be one of"),
    Case("wrong type: throughput", text(BASE + "throughput: 5\n"), 2, ":4:13: throughput must"),
    Case("wrong type: consumers", text(BASE + "consumers: {name: x}\n"), 2,
         ":4:12: consumers cannot be a mapping"),
    Case("wrong type: version", text("version: '1'\nname: a\nkind: event\n"), 2,
         ":1:10: version must be 1"),
    Case("wrong type: boolean rate", text(BASE + "throughput: {average: true}\n"), 2,
         ":4:23: throughput.average must be a rate"),
    Case("unknown key", text(BASE + "latencyy: 1s\n"), 2, ":4:1: unknown key 'latencyy'"),
    Case("negative", text(BASE + "latency: -1s\n"), 2, ":4:10: latency: '-1s' is not"),
    Case("zero", text(BASE + "throughput: {average: 0}\n"), 2,
         ":4:23: throughput.average: a rate must be greater than zero"),
    Case("1e308", text(BASE + "latency: 1.0e+308\n"), 2, ":4:10: latency: a duration of at most"),
    Case("nan", text(BASE + "latency: .nan\n"), 2, ":4:10: latency: a duration must be finite"
         .replace("must be finite", "must be a finite number")),
    Case("inf", text(BASE + "latency: .inf\n"), 2, ":4:10: latency: a duration must be a finite"),
    Case("'.inf' quoted", text(BASE + "latency: '.inf'\n"), 2, ":4:10: latency: '.inf' is not"),
    Case("huge integer", text(BASE + "consumers: 1" + "0" * 400 + "\n"), 2, ":4:12: consumers is"),
    Case("unknown unit", text(BASE + "latency: 5 fortnights\n"), 2, ":4:10: latency: '5"),
    Case("mixed units", text(BASE + "throughput: {average: 5KB}\n"), 2,
         ":4:23: throughput.average: '5KB' is not a rate"),
    Case("empty file", b"", 2, ":1:1: the file is empty"),
    Case("only comments", text("# nothing here\n"), 2, ":1:1: the file is empty"),
    Case("a list", text("- version: 1\n"), 2, ":1:1: a workload file must be a mapping"),
    Case("a scalar", text("just text\n"), 2, ":1:1: a workload file must be a mapping"),
    Case("non-UTF-8", b"version: 1\nname: a\xff\nkind: event\n", 2, ":2:8: the file is not valid"),
    Case("UTF-16", "version: 1\n".encode("utf-16"), 2, ":1:1: the file is not valid UTF-8"),
    Case("BOM", b"\xef\xbb\xbf" + text(BASE), 0, ""),
    Case("CRLF", text(BASE).replace(b"\n", b"\r\n"), 0, ""),
    Case("20 MB", lambda: text(BASE + "description: " + "x" * 20_000_000 + "\n"), 2,
         ": the file is 20,000,"),
    Case("nested thousands deep", text(BASE + "x: " + "[" * 5000 + "]" * 5000 + "\n"), 2,
         ":4:1003: YAML syntax error: exceeded maximum nesting depth"),
    Case("nested mappings deep", text(BASE + "x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
         2, ":4:4000: YAML syntax error"),
    Case("billion laughs", bomb, 2, ":1:1: aliases expand to more than 100,000 values"),
    Case("python tag", text(BASE.replace("kind: event", "kind: !!python/object:os.system x")),
         2, ":3:7: the YAML tag"),
    Case("custom tag", text(BASE + "region: !Ref Region\n"), 2, ":4:9: the YAML tag '!Ref'"),
    Case("binary tag", text(BASE + "title: !!binary aGVsbG8=\n"), 2, ":4:8: the YAML tag"),
    Case("path traversal name", text("version: 1\nname: ../../etc/passwd\nkind: event\n"), 2,
         ":2:7: name '../../etc/passwd' is not"),
    Case("absolute path name", text("version: 1\nname: /tmp/x\nkind: event\n"), 2,
         ":2:7: name '/tmp/x' is not"),
    Case("reserved-looking name", text("version: 1\nname: con\nkind: event\n"), 0, ""),
    Case("name too long", text("version: 1\nname: " + "a" * 65 + "\nkind: event\n"), 2,
         ":2:7: name is 65 characters long"),
    Case("very long description", text(BASE + "description: " + "y" * 30_000 + "\n"), 2,
         ":4:14: description is 30,000 characters long"),
    Case("hostile description", text(BASE + "description: " + yaml.safe_dump(NASTY)), 0, ""),
    Case("hostile title", text(BASE + "title: " + yaml.safe_dump(NASTY.replace("\n", " "))),
         0, ""),
    Case("hostile ordering key", text(BASE + "ordering: per-key\nordering_key: " + yaml.safe_dump(
        "</td>|`x`|{{ y }}\n---") + "consumers: [{name: c, runs_on: container}]\n"), 0, ""),
    Case("two documents", text(BASE + "---\n" + BASE), 2, ":5:1: the file holds more than one"),
    Case("complex key", text("? [a, b]\n: c\n"), 2, ":1:3: keys must be plain text"),
    Case("numeric key", text(BASE + "1: x\n"), 2, ":4:1: keys must be plain text"),
    Case("null byte", b"version: 1\nname: a\x00\nkind: event\n", 2, ": YAML syntax error"),
    Case("control characters", b"version: 1\nname: a\x07\nkind: event\n", 2,
         ": YAML syntax error"),
    Case("empty workloads", text("version: 1\nworkloads: []\n"), 2,
         ":2:12: `workloads` must be a non-empty list"),
    Case("workloads of scalars", text("version: 1\nworkloads: [1, 2]\n"), 2,
         ":2:13: workloads[0] must be a mapping"),
    Case("duplicate workload names", text("version: 1\nworkloads:\n  - {name: a, kind: event}\n"
                                          "  - {name: a, kind: event}\n"), 2,
         ":4:12: two workloads are named 'a'"),
    Case("waiver without reason", text(BASE + "decision: {waivers: [{rule: PP303}]}\n"), 2,
         ":4:22: missing required key 'decision.waivers[0].reason'"),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = run_cli(["recommend", str(ROOT / "examples" / "password-reset.yaml"),
                                 "--date", "2026-11-28"])
    assert result.exit_code == 0
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_corpus(case: Case, project: Path) -> None:
    content = case.content() if callable(case.content) else case.content
    path = project / "f.yaml"
    path.write_bytes(content)
    decisions = project / "docs" / "decisions"
    before = snapshot(decisions)
    tracemalloc.start()
    result = run_cli(["recommend", "f.yaml", "--date", "2026-11-28"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == case.exit, result.stderr
    assert peak < MEMORY_LIMIT, f"{peak / 1e6:.0f} MB"
    if case.exit == 2:
        located = [line for line in result.stderr.splitlines() if line.startswith("f.yaml")]
        assert any(line.startswith("f.yaml" + case.message) for line in located), located
        assert snapshot(decisions) == before
    else:
        assert "ADR written" in result.stdout


def _parse_adr(text: str) -> tuple[dict[str, object], list[str]]:
    assert text.startswith("---\n")
    front_text, body = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(front_text)
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    return front, [t.type for t in tokens]


@pytest.mark.parametrize("field", ["description", "title"])
def test_user_text_is_inert_in_the_adr(field: str, project: Path) -> None:
    value = NASTY if field == "description" else NASTY.replace("\n", " ")
    plain = project / "plain.yaml"
    plain.write_text(BASE.replace("name: a", "name: plain"))
    hostile = project / "hostile.yaml"
    hostile.write_text(BASE.replace("name: a", "name: hostile") + f"{field}: "
                       + yaml.safe_dump(value))
    for path in (plain, hostile):
        assert run_cli(["recommend", str(path), "--date", "2026-11-28"]
                             ).exit_code == 0
    folder = project / "docs" / "decisions"
    good_front, good_tokens = _parse_adr(next(folder.glob("*-plain.md")).read_text())
    bad_text = next(folder.glob("*-hostile.md")).read_text()
    bad_front, bad_tokens = _parse_adr(bad_text)
    assert bad_front["status"] == "proposed" and set(bad_front) == set(good_front)
    # The document's structure is the same: no heading, fence, HTML or table sneaks in.
    structural = {"heading_open", "fence", "html_block", "html_inline", "table_open",
                  "hr", "code_block"}
    bad_kinds = [t for t in bad_tokens if t in structural]
    good_kinds = [t for t in good_tokens if t in structural]
    assert bad_kinds == good_kinds
    assert bad_text.count("```mermaid") == 1
    # The body before the drivers holds the description; the front matter's digests may hold
    # any digits, so a rendered {{ 7*7 }} is looked for in the body only.
    body = bad_text.split("\n---\n", 2)[-1]
    assert "<script>" not in bad_text and "49" not in body.split("## Decision Drivers")[0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.yaml"
    path.write_bytes(data)
    with contextlib.suppress(InputError, InputErrors):
        load_workloads(path, vocabularies=VOCABULARY)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=10), children, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["version", "name", "kind", "throughput", "payload",
                                        "latency", "consumers", "ordering", "batching",
                                        "replay", "decision", "workloads", "defaults", "x"]),
                       yaml_values, max_size=8))
def test_random_yaml_never_crashes(tmp_path: Path, data: dict[str, object]) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(yaml.safe_dump(data))
    with contextlib.suppress(InputError, InputErrors):
        load_workloads(path, vocabularies=VOCABULARY)


def test_hostile_rule_packs_config_and_templates(project: Path) -> None:
    pack = project / "pack"
    pack.mkdir()
    cases = [
        ("rules:\n\t- id: TM100\n", "pack/r.yaml:2:1: YAML syntax error"),
        ("rules: !!python/object:os.system x\n", "pack/r.yaml:1:8: the YAML tag"),
        (bomb().decode(), "pack/r.yaml:1:1: aliases expand"),
        ("- just a list\n", "pack/r.yaml:1:1: a rule file is a mapping"),
        ("rules:\n  - id: TM100\n    title: t\n    when: {fact: kind, is: event}\n"
         "    effect: {push: .inf}\n    rationale: r\n    sources: [https://x.example]\n",
         "pack/r.yaml:5:20: the weight for push must be a finite number"),
    ]
    for body, expected in cases:
        (pack / "r.yaml").write_text(body)
        result = run_cli(["rules", "list", "--rules", "pack"])
        assert result.exit_code == 2, body
        assert "Traceback" not in result.stderr
        assert result.stderr.replace(f"{project}/", "").startswith(expected), result.stderr
    config = project / ".advisor.yaml"
    for body, expected in [("fail_on: !!python/name:os.system\n", ".advisor.yaml:1:10: the YAML"),
                           ("\t", ".advisor.yaml:1:1: YAML syntax error"),
                           ("- a\n", ".advisor.yaml:1:1: the config must be a mapping")]:
        config.write_text(body)
        result = run_cli(["check"])
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert result.stderr.replace(f"{project}/", "").startswith(expected), result.stderr
    config.unlink()
    template = project / "t.md.j2"
    for body in ("{% for i in range(999999999) %}x{% endfor %}",
                 "{{ ''.__class__.__mro__[1].__subclasses__() }}",
                 "{{ title.__init__.__globals__ }}", "{% include '/etc/passwd' %}"):
        template.write_text(body)
        before = snapshot(project / "docs")
        result = run_cli(["recommend", str(ROOT / "examples" / "live-scores.yaml"),
                                     "--template", str(template)])
        assert result.exit_code == 2, body
        assert result.stderr.startswith(f"{template}:"), result.stderr
        assert snapshot(project / "docs") == before


def test_unwritable_places_give_a_clear_message(project: Path) -> None:
    example = str(ROOT / "examples" / "live-scores.yaml")
    blocker = project / "a-file"
    blocker.write_text("x")
    outside = Path("/proc/1/advisor-decisions")  # now refused before any write is tried
    for folder, start in ((blocker / "decisions", str(blocker / "decisions")),
                          (outside, f"--adr-dir: the ADR folder {outside} leads outside")):
        result = run_cli(["recommend", example, "--adr-dir", str(folder)])
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith(start) and "Traceback" not in result.stderr


def test_a_full_disk_leaves_nothing_partial(project: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import advisor.adr.folder

    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(advisor.adr.folder.os, "fsync", full)
    before = snapshot(project / "docs")
    result = run_cli(["recommend", str(ROOT / "examples" / "live-scores.yaml")])
    monkeypatch.setattr(advisor.adr.folder.os, "fsync", real)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert snapshot(project / "docs") == before
    assert not list((project / "docs" / "decisions").glob(".advisor-*"))


def test_symlinks_are_not_followed_out_of_the_adr_folder(project: Path) -> None:
    outside = project / "outside.md"
    outside.write_text("---\nstatus: accepted\nadvisor: {workload: live-scores}\n---\n# x\n")
    folder = project / "docs" / "decisions"
    (folder / "0005-live-scores.md").symlink_to(outside)
    result = run_cli(["recommend", str(ROOT / "examples" / "live-scores.yaml")])
    assert result.exit_code == 0
    assert outside.read_text().startswith("---\nstatus: accepted")
    written = [p for p in folder.glob("*-live-scores.md") if not p.is_symlink()]
    assert len(written) == 1 and written[0].name != "0005-live-scores.md"


def test_racing_processes_never_share_a_number(project: Path) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    examples = [p for p in examples if "workloads:" not in p.read_text()][:6]
    assert len(examples) == 6
    folder = project / "race"
    # Dated, so that the children's ADRs do not depend on the clock while they run.
    runs = finish([start_advisor("recommend", str(path), "--adr-dir", str(folder),
                                 "--date", "2026-11-28", lock_wait=600)
                   for path in examples], timeout=600)  # generous: only a hang comes near
    assert all(run.returncode == 0 for run in runs), describe(runs)
    names = sorted(p.name for p in folder.glob("0*.md"))
    assert [name[:4] for name in names] == [f"{n:04d}" for n in range(1, 7)], (
        names, describe(runs))
    assert sorted(name[5:-3] for name in names) == sorted(p.stem for p in examples)
    assert not list(folder.glob(".advisor-*")), describe(runs)
