"""Issue 18, items 6 and 7 (output side): nothing a pull request commits injects into an ADR
or reaches the terminal as anything but text, and every kind of broken output exits 2.

Hidden characters (controls, bidirectional overrides, zero-width and other format
characters) are made visible, as `\\x1b` or `\\u202e` escapes, on every output; they are not
refused, so that a title in a right-to-left language or a file name nobody chose still
works.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.rules import RuleSet
from advisor.format.answers import Answers, render
from advisor.format.workload import load_workloads, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY
from advisor.render.markdown import AdrMeta, code_safe, inert, one_line, render_adr
from tests.conftest import run_advisor, run_cli, workload_from

BASE = "version: 1\nname: w\nkind: event\nconsumers: [{name: c, runs_on: container}]\n"
DATE = dt.date(2026, 11, 28)
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Every token that is structure rather than text: what user text must never add.
STRUCTURE = {"heading_open", "fence", "code_block", "html_block", "blockquote_open",
             "bullet_list_open", "ordered_list_open", "table_open", "hr", "link_open",
             "image", "html_inline", "code_inline", "em_open", "strong_open", "s_open"}
BLOCK_OPENERS = ["~~~", "~~~python", "```", "```js", "# heading", "###### h6", "> quote",
                 "> [!WARNING]", "| a | b |", "|---|---|", "<div>", "<script>alert(1)</script>",
                 "<!-- hidden -->", "- item", "* item", "+ item", "1. item", "12) item",
                 "---", "***", "___", "===", "    indented code", "\tcode after a tab",
                 "$$", "$x^2$", ":::warning", "[^1]: footnote", "[ref]: https://evil.example",
                 "[link](javascript:alert(1))", "![image](https://evil.example/x.png)",
                 "<https://evil.example>", "~~struck~~", "*em* _em_ **strong**", "`code`",
                 "{{ 7*7 }} {% if x %}", "&lt;b&gt; &#x3C;", "\\", "a  "]
HIDDEN = "\x1b[31m\x1b]52;c;aGk=\x07\x9b2J\u202eevil\u202c\u2066\u200b\u200d\ufeff\x00\x7f"


def structure(markdown: str) -> list[str]:
    found = []
    for token in MD.parse(markdown):
        found += [token.type] if token.type in STRUCTURE else []
        found += [t.type for t in token.children or [] if t.type in STRUCTURE]
    return found


def adr_parts(text: str) -> tuple[dict[str, object], str]:
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def render_for(workload_text: str, rules: RuleSet, catalogue: Catalogue,
               source: str = "w.yaml", template: str = "madr") -> str:
    rec = advise(workload_from(workload_text), rules, catalogue, DATE, provider=AWS)
    return render_adr(rec, AdrMeta(1, DATE, source), template)


def field(key: str, value: str) -> str:
    return f"{key}: {json.dumps(value)}\n"  # JSON strings are YAML double-quoted scalars


# --- ADRs: user text ------------------------------------------------------------------

@pytest.mark.parametrize("opener", BLOCK_OPENERS)
def test_inert_text_is_one_plain_paragraph(opener: str) -> None:
    for text in (opener, f"words\n{opener}\nmore", f"{opener} then words\n\n{opener}"):
        assert structure(inert(text)) == [], (text, inert(text))
        assert structure(f"# {one_line(text)}") == ["heading_open"]


def _rendered_text(markdown: str) -> list[str]:
    """The text a reader sees, paragraph by paragraph (line breaks as newlines)."""
    paragraphs = []
    for token in MD.parse(markdown):
        if token.type == "inline":
            parts = [c.content if c.type in ("text", "html_inline", "code_inline")
                     else "\n" for c in token.children or []]
            paragraphs.append("".join(parts))
    return paragraphs


MARKUP_TEXT = st.text(st.sampled_from(list("#>|<-*+=_~`$:[]()!{}%&;\\.1) \t\nax")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(MARKUP_TEXT)
def test_any_markup_stays_text_and_reads_as_typed(text: str) -> None:
    markdown = inert(text)
    assert structure(markdown) == [], markdown
    # What a reader sees is what was typed (lines stripped of their indentation and
    # trailing spaces, which Markdown drops; blank lines separate paragraphs).
    lines = [line.strip(" \t") for line in text.split("\n")]
    expected = [p for p in "\n".join(lines).split("\n\n") if p.strip("\n")]
    expected = ["\n".join(line for line in p.split("\n") if line) for p in expected]
    seen = ["\n".join(line.strip(" \t") for line in p.split("\n"))
            for p in _rendered_text(markdown)]
    assert seen == expected


@pytest.mark.parametrize("key", ["title", "description", "ordering_key", "waiver"])
def test_hostile_text_in_every_field_adds_no_structure(key: str, rules: RuleSet,
                                                       catalogue: Catalogue) -> None:
    hostile = HIDDEN + "\n" + "\n".join(BLOCK_OPENERS)

    def workload(value: str) -> str:
        if key == "waiver":
            reason = json.dumps(value)
            return BASE + f"decision: {{waivers: [{{rule: PP303, reason: {reason}}}]}}\n"
        if key == "ordering_key":
            return BASE + "ordering: per-key\n" + field(key, value[:200])
        return BASE + field(key, value if key == "description" else value[:200])

    for template in ("madr", "nygard", "madr-minimal"):
        plain = render_for(workload("plain words"), rules, catalogue, template=template)
        bad = render_for(workload(hostile), rules, catalogue, template=template)
        assert adr_parts(bad)[0].keys() == adr_parts(plain)[0].keys()
        assert structure(adr_parts(bad)[1]) == structure(adr_parts(plain)[1]), template
        for char in "\x1b\x07\x9b\u202e\u202c\u2066\u200b\u200d\ufeff\x00\x7f":
            assert char not in bad
        assert "\\u202eevil" in bad or template != "madr"  # shown, not applied


def test_bidi_and_zero_width_in_a_title_are_shown_as_escapes(rules: RuleSet,
                                                             catalogue: Catalogue) -> None:
    text = render_for(BASE + field("title", "Pay \u202egnp.exe\u202c now\u200b"), rules,
                      catalogue)
    # The workload's title heads the context; the H1 names the decision.
    assert "\n**Pay \\u202egnp.exe\\u202c now\\u200b**\n" in text


HOSTILE_NAMES = ["x](javascript:alert(1))\n# evil.yaml", "a`b`|c|<img src=x>.yaml",
                 "[x](javascript:evil) ~~~ :::.yaml", "\u202egnp.yaml", "e\x1b[2Jx.yaml"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_workload_file_name_is_inert_in_the_adr(name: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.yaml").write_text(BASE)
    (tmp_path / name).write_text(BASE.replace("name: w", "name: h"))
    for file in ("plain.yaml", name):
        result = run_cli(["recommend", file, "--date", "2026-11-28"])
        assert result.exit_code == 0, result.output
    folder = tmp_path / "docs" / "decisions"
    _, plain_body = adr_parts(next(folder.glob("*-w.md")).read_text())
    text = next(folder.glob("*-h.md")).read_text()
    front, body = adr_parts(text)
    assert front["advisor"]["file"] == name  # type: ignore[index]  # exact, for `check`
    assert structure(body) == structure(plain_body)
    assert body.count(f"`{code_safe(name)}`") == 2  # the confirmation and the provenance
    assert "javascript:" not in "".join(t.attrs.get("href", "") or "" for t in _links(body))
    assert "\x1b" not in text and "\u202e" not in body


def _links(body: str) -> list[object]:
    return [c for t in MD.parse(body) for c in t.children or [] if c.type == "link_open"]


def test_a_superseded_file_name_cannot_leave_its_link(rules: RuleSet,
                                                      catalogue: Catalogue) -> None:
    rec = advise(workload_from(BASE), rules, catalogue, DATE, provider=AWS)
    text = render_adr(rec, AdrMeta(2, DATE, "w.yaml", supersedes=(
        "ADR-0001", "0001-x) [a](javascript:alert(1)) <b>.md")))
    links = [t.attrs["href"] for t in _links(adr_parts(text)[1])]  # type: ignore[attr-defined]
    assert "0001-x%29%20%5Ba%5D%28javascript%3Aalert%281%29%29%20%3Cb%3E.md" in links, links
    assert not any(str(href).startswith("javascript") for href in links)


# --- rule packs ----------------------------------------------------------------------

PACK_RULE = """rules:
  - id: TM100
    title: {title}
    when: {{fact: kind, is: event}}
    effect: {{push: 5}}
    rationale: {rationale}
    sources: [{source}]
"""
EVIL_TITLE = "[red]Red[/red] | <img src=x onerror=alert(1)> [a](javascript:1) ~~~ \x1b[2J"


def write_pack(folder: Path, title: str, rationale: str, source: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "r.yaml").write_text(PACK_RULE.format(
        title=json.dumps(title), rationale=json.dumps(rationale), source=json.dumps(source)))
    return folder


def test_rule_pack_text_and_urls_are_inert_in_the_adr(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text(BASE)
    plain = write_pack(tmp_path / "plain", "Plain title", "Plain words.",
                       "https://docs.example/plain")
    evil = write_pack(tmp_path / "evil", EVIL_TITLE, "Because\n# not a heading " + HIDDEN,
                      "https://docs.example/a_(b)'c*d[e]")
    bodies = []
    for pack in (plain, evil):
        result = run_cli(["recommend", "w.yaml", "--dry-run", "--rules", str(pack)])
        assert result.exit_code == 0, result.output
        out = tmp_path / pack.name
        assert run_cli(["recommend", "w.yaml", "--adr-dir", str(out / "adr"), "--rules",
                        str(pack)]).exit_code == 0
        bodies.append(adr_parts(next((out / "adr").glob("0001-*.md")).read_text())[1])
    assert structure(bodies[1]) == structure(bodies[0])
    assert "TM100" in bodies[1] and "javascript" not in "".join(
        str(t.attrs.get("href")) for t in _links(bodies[1]))  # type: ignore[attr-defined]
    assert "(https://docs.example/a_%28b%29%27c*d%5Be%5D)" in bodies[1]
    assert "\x1b" not in bodies[1] and "\\x1b" in bodies[1]


@pytest.mark.parametrize("source", [
    "http://docs.example/x", "javascript:alert(1)", "https://docs.example/x) [a](javascript:1)",
    "https://docs.example/`x`", "https://docs.example/<x>", 'https://docs.example/"x"',
    "https://docs.example/\u00e9", "https://", "https://docs.example/\x1b", "data:text/html,x",
])
def test_rule_pack_urls_are_https_and_fit_in_a_link(source: str, tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", "Title", "Words.", source)
    result = run_cli(["rules", "list", "--rules", str(pack)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{pack}/r.yaml:7:15: source "), result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr


def test_rules_list_and_explain_show_pack_text_as_text(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", EVIL_TITLE, "Why " + HIDDEN, "https://docs.example/x")
    listed = run_cli(["rules", "list", "--rules", str(pack)], env={"COLUMNS": "400"})
    assert listed.exit_code == 0, listed.output
    assert "[red]Red[/red]" in listed.stdout  # markup shown, not applied
    explained = run_cli(["rules", "explain", "TM100", "--rules", str(pack)])
    assert explained.exit_code == 0 and "[red]Red[/red]" in explained.stdout
    for output in (listed.stdout, explained.stdout):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]",
                             output), output
        assert "\\x1b" in output


# --- terminal, errors, check reports -------------------------------------------------

def test_recommend_summary_shows_hidden_characters(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text(BASE)
    pack = write_pack(tmp_path / "pack", "Title", "[bold]Why[/bold] " + HIDDEN,
                      "https://docs.example/x")
    result = run_cli(["recommend", "w.yaml", "--dry-run", "--rules", str(pack)])
    assert result.exit_code == 0, result.output
    assert "[bold]Why[/bold]" in result.stdout and "\\u202eevil" in result.stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\u200b]", result.stdout)


def test_error_messages_show_hidden_characters_and_markup_as_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "[bold]x[red]\x1b[2J\u202e.yaml"
    (tmp_path / name).write_text("version: 1\nname: BAD\nkind: event\n")
    result = run_cli(["recommend", name])
    assert result.exit_code == 2
    assert result.stderr.startswith("[bold]x[red]\\x1b[2J\\u202e.yaml:2:7: name 'BAD'"), \
        result.stderr


CHECK_NAME = "w\x1b[31m\u202e\x0c\x01.yaml"


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "json", "sarif"])
def test_check_reports_stay_valid_and_show_hidden_characters(
        fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / CHECK_NAME).write_text(BASE)
    result = run_cli(["check", CHECK_NAME, "--format", fmt])
    assert result.exit_code == 1, result.output  # the workload has no ADR
    out = result.stdout
    if fmt == "junit":
        suite = ET.fromstring(out)[0]  # XML 1.0 forbids most control characters
        assert suite[0].get("name") == "w"
        assert "w\\x1b[31m\\u202e\\x0c\\x01.yaml" in suite[0][0].get("message", "")
    elif fmt in ("json", "sarif"):
        document = json.loads(out)  # exact data: JSON escapes what it must itself
        assert any(CHECK_NAME in text for text in strings(document))
    else:
        assert "w\\x1b[31m\\u202e\\x0c\\x01.yaml" in out
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out)


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def test_check_reports_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"w\xff.yaml")
    (tmp_path / name).write_text(BASE)
    for fmt in ("text", "github", "junit", "json", "sarif"):
        result = advisor("check", name, "--format", fmt, "--output", f"r.{fmt}", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        report = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
        if fmt in ("json", "sarif"):
            assert any(name in text for text in strings(json.loads(report)))
        elif fmt == "junit":
            ET.fromstring(report)
        assert "w\\udcff.yaml" in report


# --- advisor init --------------------------------------------------------------------

def as_written(text: str) -> str:
    """What was typed, as the file can hold it: bytes that are not UTF-8 (lone surrogates)
    cannot be in a YAML file, so they read back as the text of their escape."""
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _answers(text: str) -> Answers:
    return Answers(description=text, ordering="per-key", ordering_key=text or "k",
                   consumers=[("c", "", "")])


@pytest.mark.parametrize("text", ["\\x41", "a # not a comment", "key: not a key", "*alias",
                                  "&anchor", "!tag", "%directive", "@at", "`tick", "yes",
                                  "No", "null", "~", "123", "1e3", "0x1F", "12:30", ".inf",
                                  '"quoted" and \\ back', "two\nlines", "tab\there",
                                  " leading and trailing ", "- a list?", "[a, b]", "{a: b}",
                                  "\x1b[31m\u202e\x85\u2028\ufeff\x00", "\udcff lone",
                                  "\U0001f600 \U000e0041", "---", "...", "> folded", "| lit"])
def test_init_writes_each_answer_as_typed(text: str) -> None:
    written = render(_answers(text))
    data = yaml.safe_load(written)
    # Bytes typed that are not UTF-8 cannot be in a YAML file: they read back as an escape.
    text = as_written(text)
    assert data["ordering_key"] == text
    assert data["description"] in (text, text + "\n")  # a folded block ends in a newline
    workload = parse_workloads(parse_yaml(written, "w.yaml"), "w.yaml", vocabularies=VOCABULARY)[0]
    assert workload.ordering_key == text and workload.description == text.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=80))
def test_init_round_trips_any_text(text: str) -> None:
    written = render(_answers(text))
    data = yaml.safe_load(written)
    text = as_written(text)
    assert data["ordering_key"] == text
    assert data["description"] in (text, text + "\n")
    # advisor's reader
    workload = parse_workloads(parse_yaml(written, "w.yaml"), "w.yaml", vocabularies=VOCABULARY)[0]
    assert workload.ordering_key == text


def test_init_command_writes_escapes_literally(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["init", "w.yaml", "--no-input", "--description", "\\x41 # x: y",
                      "--ordering", "per-key", "--ordering-key", "*a: b"])
    assert result.exit_code == 0, result.output
    workload = load_workloads(tmp_path / "w.yaml", vocabularies=VOCABULARY)[0]
    assert workload.description == "\\x41 # x: y" and workload.ordering_key == "*a: b"


# --- broken output: real processes ---------------------------------------------------

def advisor(*args: str, cwd: Path, env: dict[str, str] | None = None,
            close_stdout: bool = False, stdout: object = subprocess.PIPE
            ) -> subprocess.CompletedProcess[str]:
    encoding = (env or {}).get("PYTHONIOENCODING", "utf-8")
    return run_advisor(*args, cwd=cwd, env={"SOURCE_DATE_EPOCH": "1795000000", **(env or {})},
                       stdout=stdout, encoding=encoding,
                       preexec_fn=(lambda: os.close(1)) if close_stdout else None)


@pytest.fixture
def euro(tmp_path: Path) -> Path:
    (tmp_path / "w.yaml").write_text(BASE + field("title", "Prices in \u20ac \u2192 out"))
    return tmp_path


def test_a_cp1252_stdout_gets_escapes_not_a_crash(euro: Path) -> None:
    env = {"PYTHONIOENCODING": "cp1252"}
    text = advisor("recommend", "w.yaml", "--dry-run", cwd=euro, env=env)
    assert text.returncode == 0, text.stderr
    assert "w  \\u2192  " in text.stdout and "\u2022" in text.stdout  # cp1252 has the bullet
    utf8 = advisor("recommend", "w.yaml", "--dry-run", "--format", "json", cwd=euro)
    cp1252 = advisor("recommend", "w.yaml", "--dry-run", "--format", "json", cwd=euro, env=env)
    assert cp1252.returncode == 0
    assert json.loads(cp1252.stdout) == json.loads(utf8.stdout)  # still valid, same data
    missing = advisor("recommend", "pr\u00efx\u2192.yaml", cwd=euro, env=env)
    assert missing.returncode == 2 and missing.stderr.startswith("pr\u00efx\\u2192.yaml")
    adr = advisor("recommend", "w.yaml", cwd=euro, env=env)
    assert adr.returncode == 0, adr.stderr
    written = next((euro / "docs" / "decisions").glob("0001-*.md")).read_text("utf-8")
    assert "**Prices in \u20ac \u2192 out**" in written  # files stay UTF-8


COMMANDS = [("recommend", "w.yaml", "--dry-run"), ("recommend", "w.yaml", "--dry-run",
            "--format", "json"), ("check", "w.yaml"), ("schema",), ("rules", "list"),
            ("rules", "explain", "PP101"), ("explain", "w.yaml"), ("--version",), ("--help",)]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_or_closed_stdout_exits_2_with_a_message(args: tuple[str, ...],
                                                        euro: Path) -> None:
    with open("/dev/full", "w") as full:
        result = advisor(*args, cwd=euro, stdout=full)
    assert result.returncode == 2, result.stderr
    assert result.stderr.endswith("advisor: cannot write to standard output: No space left "
                                  "on device\n"), result.stderr
    closed = advisor(*args, cwd=euro, close_stdout=True)
    assert closed.returncode == 2, closed.stderr
    assert "cannot write to standard output: it is closed" in closed.stderr
    assert "Traceback" not in result.stderr + closed.stderr


def test_a_closed_stdout_is_no_error_when_nothing_is_printed(euro: Path) -> None:
    result = advisor("check", "w.yaml", "--output", "report.txt", cwd=euro, close_stdout=True)
    assert result.returncode == 1, result.stderr  # the finding: the workload has no ADR
    assert "ADV102" in (euro / "report.txt").read_text()


def test_a_full_stderr_still_exits_2(euro: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run_advisor("recommend", "nope.yaml", cwd=euro, stderr=full)
    assert result.returncode == 2


@pytest.mark.parametrize("columns", ["0", "-5", "999999999", "abc", "1" * 40, ""])
def test_absurd_columns(columns: str, euro: Path) -> None:
    for args in (("recommend", "w.yaml", "--dry-run"), ("rules", "list"), ("--help",),
                 ("recommend", "--help"), ("recommend", "nope.yaml")):
        result = advisor(*args, cwd=euro, env={"COLUMNS": columns})
        assert result.returncode == (2 if "nope.yaml" in args else 0), result.stderr
        assert "Traceback" not in result.stderr
        assert max(map(len, (result.stdout + result.stderr).splitlines())) <= 1000


def test_a_hostile_adr_cannot_inject_into_the_index(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text(BASE)
    assert run_cli(["recommend", "w.yaml"]).exit_code == 0
    folder = tmp_path / "docs" / "decisions"
    (folder / "0002-x) [a](javascript:alert(1)).md").write_text(
        '---\nstatus: "<script>alert(1)</script>\\n| a | b |"\ndate: "2026 <b>x</b>"\n'
        'advisor: {workload: evil, model: "push <img src=x>"}\n---\n'
        "# Title <img src=x onerror=alert(1)> | pipe \x1b[2J\u202e\n")
    result = run_cli(["adr", "index"])
    assert result.exit_code == 0, result.output
    index = (folder / "README.md").read_text()
    tokens = MD.parse(index)
    assert sum(t.type == "tr_open" for t in tokens) == 3  # the header and one row per ADR
    table = index.split("-->", 1)[1].split("<!--", 1)[0]  # between the markers
    assert not {"html_inline", "html_block"} & set(structure(table))
    assert "javascript:" not in "".join(str(t.attrs.get("href")) for t in _links(index))
    assert "\x1b" not in index and "\u202e" not in index and "\\x1b[2J" in index


def test_a_long_value_is_quoted_cut_not_echoed_whole(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A message points at the mistake; it does not echo a file back."""
    monkeypatch.chdir(tmp_path)
    long = "q" * 20_000
    (tmp_path / "w.yaml").write_text(
        f"version: 1\nname: w\nkind: {long}\nconsumers: [{{name: a}}]\n"
        f"{long[:900]}: 1\n")  # YAML keys stop at 1,024 characters
    result = run_cli(["recommend", "--dry-run", "w.yaml"])
    assert result.exit_code == 2
    assert "w.yaml:3:7: kind 'qqqqqqqqqq" in result.stderr
    assert "... (20,000 characters) is not one of the accepted values" in result.stderr
    assert "unknown key 'qqqq" in result.stderr and "... (900 characters)" in result.stderr
    assert len(result.stderr) < 3000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_init_writes_into_a_fifo_it_is_given_rather_than_replacing_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stat

    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "w.yaml")
    result = run_cli(["init", "w.yaml", "--no-input", "--force", "--name", "w"])
    assert result.exit_code == 2
    assert "w.yaml: nothing is reading from this FIFO or socket" in result.stderr
    assert stat.S_ISFIFO(os.stat(tmp_path / "w.yaml").st_mode)
