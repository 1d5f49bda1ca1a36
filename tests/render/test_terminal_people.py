"""Issue 14, the terminal and the help: every command fits 80 columns, wrapped at word
boundaries; summary labels alone in bold; colour where a person looks; an honest cost line;
`advisor init` checks answers as they come; help texts that say what is true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import CLOUD_ANSWER, ROOT, git_repo, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NARROW = {"COLUMNS": "80"}
# Every question of `advisor init` before the consumers, answered with its default or a
# simple value: name, description, kind, average, peak, payload, latency, ordering,
# duplicates, replay, expires_after, delay, batching, source, region, consumer count.
FLOW = ["flow", "", "event", "10/s", "100/s", "", "", "none", "", "none", "", "", "none", "",
        "us-east-1", "1"]


def _too_wide(text: str, limit: int = 80) -> list[str]:
    """The lines wider than `limit` cells, colour codes aside. A line that is one link
    alone (a list item's, perhaps) is allowed: a link cut in two cannot be followed or
    copied."""
    return [line for line in ANSI.sub("", text).splitlines()
            if cell_len(line) > limit and not re.fullmatch(r"\s*(- )?\S*://\S*", line)]


def _asked(text: str) -> str:
    """`advisor init`'s stderr as a terminal shows it: the test's input is not echoed, so
    a prompt and what follows it share a line unless it is broken where Enter was."""
    return re.sub(r":( ?)(?=  \S|Error: |Consumer \d|Wrote )", ":\n", text)


def _help_paths() -> list[list[str]]:
    from tests.cli.test_cli import _every_command

    return _every_command()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    names = [p.stem for p in sorted((ROOT / "examples").glob("*.yaml"))]
    return git_repo(tmp_path, monkeypatch, *names)


def test_every_command_fits_80_columns(repo: Path) -> None:
    """Machine formats are exempt, as a parser reads them: `schema`, `--format json`,
    sarif, github and junit. Everything a person reads is held to 80 columns, stdout and
    stderr alike."""
    runs: list[tuple[list[str], str | None]] = [
        (["recommend", *sorted(str(p) for p in (repo / "workloads").glob("*.yaml")),
          "--date", "2026-01-01"], None),
        (["recommend", "workloads/order-placed.yaml", "--dry-run"], None),
        (["check", "--date", "2026-01-01"], None),
        (["check", "--date", "2027-06-01", "--fail-on", "info"], None),
        (["check", "--explain", "ADV104"], None),
        (["explain", "workloads/order-placed.yaml", "workloads/clickstream.yaml"], None),
        (["rules", "list"], None),
        (["rules", "test"], None),
        (["adr", "index"], None),
        (["adr", "renumber"], None),
        (["init", "new.yaml"], CLOUD_ANSWER + "\n".join(
            [*FLOW[:4], "5/s", "2000/sec", "2000/s", *FLOW[5:], "ledger", "on-prem",
             "lamda", "lambda", "", ""]) + "\n"),
        (["init", "bad.yaml", "--no-input", "--peak", "2000/sec",
          "--consumer", "a:lamda", "--consumer", "b:on-prem"], None),
        (["recommend", "nowhere.yaml"], None),
    ]
    rule_ids = re.findall(r"^([A-Z]+\d+) ", run_cli(["rules", "list"]).stdout, re.M)
    assert len(rule_ids) > 40
    runs += [(["rules", "explain", rule_id], None) for rule_id in rule_ids]
    runs += [([*path, "--help"], None) for path in _help_paths()]
    for args, given in runs:
        result = run_cli(args, env=NARROW, input=given)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.stdout.strip() or result.stderr.strip(), args
        for stream in (result.stdout, _asked(result.stderr)):
            assert not _too_wide(stream), (args, _too_wide(stream))


def test_recommend_wraps_at_word_boundaries_with_a_hanging_indent(tmp_path: Path) -> None:
    workload = str(ROOT / "examples" / "order-placed.yaml")
    wide = run_cli(["recommend", workload, "--dry-run"], env={"COLUMNS": "1000"})
    narrow = run_cli(["recommend", workload, "--dry-run"], env=NARROW)
    assert wide.exit_code == narrow.exit_code == 0
    assert max(map(len, wide.stdout.splitlines())) > 150  # the lines are long ...
    assert narrow.stdout.split() == wide.stdout.split()  # ... and no word is cut
    lines = narrow.stdout.splitlines()
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  • PP"))
    assert lines[bullet + 1].startswith("    ") and lines[bullet + 1][4] != " "


def test_piped_output_keeps_a_line_per_finding(repo: Path) -> None:
    """No terminal and no COLUMNS: nothing to fit, and grep finds a finding on one line."""
    assert run_cli(["recommend", "workloads/order-placed.yaml", "--date", "2026-01-01"]
                   ).exit_code == 0
    found = run_cli(["check", "--date", "2027-06-01"])
    assert re.search(r"^docs/decisions/0001-order-placed\.md:1:1: warning ADV115 .*changed$",
                     found.stdout, re.M), found.stdout


def test_summary_labels_alone_are_bold() -> None:
    result = run_cli(["recommend", str(ROOT / "examples" / "order-placed.yaml"), "--dry-run"],
                     env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    out = result.stdout
    for label in ("services:", "cost:", "would change:"):
        # the label in bold, then a reset: the value after it is plain
        assert re.search(rf"\x1b\[1m  {label}\x1b\[0m [^\x1b]+$", out, re.M), (label, out)


def test_no_stray_blank_line() -> None:
    one = run_cli(["recommend", str(ROOT / "examples" / "order-placed.yaml"), "--dry-run"])
    assert one.stdout.strip() and not one.stdout.endswith("\n\n") and "\n\n" not in one.stdout
    two = run_cli(["recommend", str(ROOT / "examples" / "order-placed.yaml"),
                   str(ROOT / "examples" / "clickstream.yaml"), "--dry-run"])
    assert two.stdout.count("\n\n") == 1 and not two.stdout.endswith("\n\n")
    assert two.stdout.split("\n\n")[1].startswith("clickstream  →  POLL")


def test_the_cost_line_leads_with_the_expected_cost_and_says_what_it_leaves_out() -> None:
    result = run_cli(["recommend", str(ROOT / "examples" / "order-placed.yaml"), "--dry-run"])
    line = next(line for line in result.stdout.splitlines() if line.startswith("  cost: "))
    # Step Functions has no price here, so the figure is the priced parts'.
    assert re.match(r"  cost: \$[\d,]+/month expected for the priced parts, at the average "
                    r"rate \(\$[\d,]+ if the peak lasted all month\)", line), line
    assert "sustained peak" not in line
    # poll is ruled out by PP205 in this flow, push is not
    assert re.search(r"poll \$[\d,]+ \(ruled out\)", line) and "push $" in line
    assert not re.search(r"push \$[\d,]+ \(ruled out\)", line)
    # What is left out comes from the cost itself (issue 13 review, item 5): the unpriced
    # part with its quantity, then what no figure covers; no fixed "data transfer".
    assert "not priced: Step Functions: 54.8M executions a month" in line, line
    assert line.endswith("the DynamoDB lease table of each KCL reader (analytics-loader)"), line


def test_check_is_coloured_for_a_terminal_only(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/order-placed.yaml", "--date", "2026-01-01"]
                   ).exit_code == 0
    args = ["check", "--date", "2027-06-01"]
    coloured = run_cli(args, env={"FORCE_COLOR": "1"})
    assert "\x1b[1;33mwarning\x1b[0m \x1b[1mADV115\x1b[0m" in coloured.stdout
    assert "\x1b[1;32mpassed\x1b[0m" in coloured.stdout
    assert ANSI.sub("", coloured.stdout) == run_cli(args).stdout
    assert "\x1b" not in run_cli(args).stdout  # not a terminal: no colour
    assert "\x1b" not in run_cli(args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    to_file = run_cli([*args, "--output", "report.txt"], env={"FORCE_COLOR": "1"})
    assert to_file.exit_code == 0
    assert "\x1b" not in (repo / "report.txt").read_text() and "ADV115" in (
        repo / "report.txt").read_text()


def test_rules_list_shows_each_rules_kind_not_a_dash() -> None:
    result = run_cli(["rules", "list"], env=NARROW)
    assert result.exit_code == 0
    assert "severity" not in result.stdout and " - " not in result.stdout
    # PP101 is a limit that rules out push; PP203 a preference for hybrid
    assert re.search(r"^\s+limit poll \+3; rules out push; sources:", result.stdout, re.M)
    block = result.stdout.split("PP203  ", 1)[1].split("\nPP", 1)[0]
    assert re.search(r"^\s+weight ", block, re.M) and "limit" not in block
    assert "48 rules" in result.stdout


def test_help_texts_are_specific() -> None:
    for command in (["recommend"], ["check"]):
        text = run_cli([*command, "--help"], env=NARROW).stdout
        assert "YYYY-MM-DD" in text and "<str>" not in text.split("--date")[1].split("\n")[0]
    explained = run_cli(["rules", "explain", "--help"], env=NARROW).stdout
    assert "A rule id, such as PP303" in explained
    init_help = run_cli(["init", "--help"], env=NARROW).stdout
    assert "<str>" not in init_help and "…" not in init_help
    assert "created if missing" not in run_cli(["check", "--help"], env=NARROW).stdout


def test_adr_index_creates_the_folder_it_promises(repo: Path) -> None:
    assert "Creates the folder" in " ".join(run_cli(["adr", "index", "--help"]).stdout.split())
    result = run_cli(["adr", "index", "--adr-dir", "docs/new/adrs"])
    assert result.exit_code == 0, result.output
    assert (repo / "docs" / "new" / "adrs" / "README.md").is_file()
    outside = run_cli(["adr", "index", "--adr-dir", str(repo.parent / "elsewhere")])
    assert outside.exit_code == 2 and not (repo.parent / "elsewhere").exists()


def test_init_asks_again_with_a_suggestion(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answers = [*FLOW[:4], "5/s", "2000/sec", "2000/s", *FLOW[5:], "ledger", "on-prem",
               "lamda", "lambda", "", ""]
    result = run_cli(["init", "f.yaml"], input=CLOUD_ANSWER + "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "the peak (5/s) is below the average (10/s)" in said
    assert 'did you mean "2000/s"?' in said
    assert 'did you mean "on-premises"?' in said and 'did you mean "lambda"?' in said
    written = (tmp_path / "f.yaml").read_text()
    assert "peak: 2000/s" in written and "runs_on: lambda" in written


def test_init_asks_again_for_a_consumer_name_already_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answers = [*FLOW[:-1], "2", "ledger", "", "", "", "ledger", "audit", "", "", ""]
    result = run_cli(["init", "f.yaml"], input=CLOUD_ANSWER + "\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "another consumer is already named 'ledger'" in result.stderr
    assert "name: audit" in (tmp_path / "f.yaml").read_text()


def test_init_without_input_names_the_options_not_a_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["init", "f.yaml", "--no-input", "--average", "20/s", "--peak", "10/s",
                      "--consumer", "a", "--consumer", "a:lamda"])
    assert result.exit_code == 2
    assert "--peak: the peak (10/s) is below the average (20/s)" in result.stderr
    assert "--consumer: two consumers are named 'a'" in result.stderr
    assert 'did you mean "lambda"?' in result.stderr
    assert "f.yaml:" not in result.stderr and not (tmp_path / "f.yaml").exists()
    keyed = run_cli(["init", "f.yaml", "--no-input", "--ordering-key", "customerId"])
    assert keyed.exit_code == 2 and "--ordering-key: a key is given but --ordering is 'none'" \
        in keyed.stderr and not (tmp_path / "f.yaml").exists()


def test_typed_units_people_use_get_the_accepted_form() -> None:
    from advisor.format import units
    from advisor.format.answers import unit_suggestion

    assert unit_suggestion("2000/sec", units.parse_rate) == "2000/s"
    assert unit_suggestion("2k per second", units.parse_rate) == "2K/s"
    assert unit_suggestion("5 mins", units.parse_duration) == "5m"
    assert unit_suggestion("3 days", units.parse_duration) == "3d"
    assert unit_suggestion("2 kb", units.parse_size) == "2KB"
    assert unit_suggestion("fast", units.parse_duration) == ""
    assert unit_suggestion("2000/fortnight", units.parse_rate) == ""


def test_init_fits_the_terminal_while_it_asks(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answers = [*FLOW[:-1], "1", "reset", "email", "", "", "per-message"]
    result = run_cli(["init", "f.yaml"], input=CLOUD_ANSWER + "\n".join(answers) + "\n",
                     env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    asked = _asked(result.stderr)
    assert asked.count("\n") > 20 and not _too_wide(asked, 60), _too_wide(asked, 60)
    assert (tmp_path / "f.yaml").is_file()


def test_wrapping_counts_columns_not_characters() -> None:
    """A wide character takes two columns; a link is never cut; a long word is."""
    from advisor.render.wrap import hang

    text = "支払い 処理 の イベント を 受け取る サービス " * 5 + "https://example.com/" + "x" * 60
    lines = hang(text, 40, 2)
    assert len(lines) > 4 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= 40 for line in lines if "://" not in line)
    assert lines[-1].strip() == "https://example.com/" + "x" * 60
    assert hang("a" * 100, 30, 2) == ["a" * 30, "  " + "a" * 28, "  " + "a" * 28,
                                      "  " + "a" * 14]


def test_answers_that_clash_never_cite_a_line_of_the_unwritten_file(tmp_path: Path) -> None:
    """The last check before writing, for answers no earlier check caught (here: given to
    the library directly), names the file as not written and no line in it."""
    from advisor.cli.init import write_workload
    from advisor.errors import InputErrors
    from advisor.format.answers import Answers

    target = tmp_path / "f.yaml"
    with pytest.raises(InputErrors) as caught:
        write_workload(target, Answers(average="20/s", peak="10/s"), interactive=False,
                       force=False)
    (error,) = caught.value.errors
    assert (error.path, error.line) == (f"{target} (not written)", 0)
    assert "the answers do not make a valid workload: throughput.peak is below" in error.message
    assert not target.exists()
