"""Issue 14, people first: a diagram that reads on its own, an index that tells
superseded ADRs apart, and an ADR trail whose refreshes never leave stale text silent nor
a hint that loops back on itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import git_repo, run_cli


def front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text().split("---\n")[1])  # type: ignore[no-any-return]


def diagram(adr: Path) -> str:
    return adr.read_text().split("```mermaid\n", 1)[1].split("```", 1)[0]


def edges(chart: str) -> list[str]:
    return [line for line in chart.splitlines() if "-->" in line or ".->" in line
            or "-.-" in line]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git_repo(tmp_path, monkeypatch, "order-placed", "payment-commands")
    (tmp_path / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    return tmp_path


# --- 5. the diagram reads on its own ------------------------------------------------------


def test_every_buffer_is_named_and_every_edge_says_what_happens(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/order-placed.yaml", "--date", "2026-11-28"]
                   ).exit_code == 0
    chart = diagram(repo / "docs" / "decisions" / "0001-order-placed.md")
    assert '["SQS queue: loyalty-points"]' in chart
    assert '["Kinesis stream: order-placed"]' in chart
    assert not re.search(r'\["SQS queue"\]', chart)
    for edge in edges(chart):  # a label on every arrow: -->|verb| or -. verb .->
        assert re.search(r"-->\|[a-z][a-z ]+\||-\. [a-z][a-z ]+ \.->", edge), edge
    assert "-->|puts events| s_eventbridge" in chart
    assert "-. polls .-> c_loyalty_points" in chart
    # The legend is a node GitHub draws, not a comment nobody sees.
    assert re.search(r'key\["Legend: solid arrow = push .*dotted arrow = poll', chart)


def test_a_function_sending_through_sns_makes_no_loop_back_into_the_topic(
        repo: Path) -> None:
    run_cli(["recommend", str(Path(__file__).parents[2] / "examples" / "password-reset.yaml"),
             "--date", "2026-11-28"])
    chart = diagram(next((repo / "docs" / "decisions").glob("0001-*.md")))
    assert "--> s_sns\n" not in chart.replace("producer -->|publishes| s_sns\n", "")


def _many(consumers: int, kinds: int = 1) -> str:
    lines = ["version: 1", "name: fan-out", "title: Many consumers", "kind: event",
             "producer: application", "throughput: {average: 10/s, peak: 50/s}",
             "payload: {average: 1KB, max: 10KB}", "latency: 5s", "ordering: none",
             "duplicates: tolerated", "consumers:"]
    runs = ["container", "lambda", "on-premises", "workflow"][:kinds]
    lines += [f"  - {{name: c{i:03d}, runs_on: {runs[i % kinds]}}}" for i in range(consumers)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kinds", [1, 4])
def test_hundreds_of_consumers_are_summarised_under_mermaids_edge_limit(
        repo: Path, kinds: int) -> None:
    (repo / "workloads" / "fan-out.yaml").write_text(_many(260, kinds))
    result = run_cli(["recommend", "workloads/fan-out.yaml", "--date", "2026-11-28"])
    assert result.exit_code == 0, result.output
    chart = diagram(next((repo / "docs" / "decisions").glob("0001-*.md")))
    # GitHub's Mermaid errors past maxEdges (500 by default; 280 in Mermaid 10.6 to 10.8).
    assert len(edges(chart)) < 280
    assert chart.count("([") <= 20 + 8 + 1
    summaries = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) more consumers", chart)]
    drawn = len(re.findall(r'c_c\d{3}\(\["c\d{3} ', chart))
    assert drawn == 20 and drawn + sum(summaries) == 260, chart
    assert "240 more consumers like c000" in chart if kinds == 1 else " like c00" in chart


# --- 1. the index never shows two identical titles ------------------------------------------


def _rows(index: Path) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")[1:-1]]
            for line in index.read_text().splitlines() if line.startswith("| [ADR-")]


def test_after_a_supersede_the_index_tells_the_two_titles_apart(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    assert run_cli(["recommend", str(workload), "--date", "2026-11-28"]).exit_code == 0
    workload.write_text(workload.read_text().replace("ordering: per-key", "ordering: none")
                        .replace("ordering_key: paymentId\n", "")
                        .replace("duplicates: must-deduplicate", "duplicates: tolerated"))
    result = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "supersedes ADR-0001" in result.output
    # Titles name the design, so a supersede usually changes the title; people may still
    # give two ADRs the same one.
    first = repo / "docs" / "decisions" / "0001-payment-commands.md"
    second = repo / "docs" / "decisions" / "0002-payment-commands.md"
    title = next(line for line in first.read_text().splitlines() if line.startswith("# "))
    second.write_text("\n".join(title if line.startswith("# ") else line
                                for line in second.read_text().splitlines()) + "\n")
    assert run_cli(["adr", "index"]).exit_code == 0
    rows = _rows(repo / "docs" / "decisions" / "README.md")
    titles = [row[1] for row in rows]
    assert len(rows) == 2 and len(set(titles)) == 2, titles
    assert titles[0].endswith("(superseded by ADR-0002, 2026-11-28)")
    assert titles[1].endswith("(2026-12-01)")
    # Two ADRs of one title and one date still differ, by their numbers.
    second.write_text(second.read_text().replace("date: 2026-12-01", "date: 2026-11-28"))
    first.write_text(first.read_text().replace("status: superseded by ADR-0002",
                                               "status: proposed"))
    assert run_cli(["adr", "index"]).exit_code == 0
    titles = [row[1] for row in _rows(repo / "docs" / "decisions" / "README.md")]
    assert len(set(titles)) == 2 and "(ADR-0001, 2026-11-28)" in titles[0], titles


# --- 7 and 13: refreshes leave no stale text silent and no hint looping -------------------

DECISIONS = Path("docs") / "decisions"
PAYMENTS = "workloads/payment-commands.yaml"


def check(*more: str):  # type: ignore[no-untyped-def]
    return run_cli(["check", PAYMENTS, "--date", "2026-12-01", *more])


def _codes(output: str) -> set[str]:
    return set(re.findall(r"\bADV1\d\d\b", output))


def _faster(workload: Path) -> None:
    """A rate change that keeps the answer (poll through SQS FIFO)."""
    workload.write_text(workload.read_text().replace("peak: 6000/min", "peak: 7200/min"))


def test_an_untouched_adr_is_rendered_again_with_the_new_rates(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    assert run_cli(["recommend", str(workload), "--date", "2026-11-28"]).exit_code == 0
    adr = repo / DECISIONS / "0001-payment-commands.md"
    adr.write_text(adr.read_text().replace("status: proposed", "status: accepted"))
    assert "100/s peak" in adr.read_text()
    _faster(workload)
    before = check()
    assert "ADV104" in before.output
    result = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "refreshed, text and all" in result.output
    text = adr.read_text()
    assert "120/s peak" in text and "100/s peak" not in text
    assert front(adr)["status"] == "accepted"  # people's acceptance and the date are kept
    assert front(adr)["date"].isoformat() == "2026-11-28"
    after = check()
    assert after.exit_code == 0, after.output
    assert not _codes(after.output) & {"ADV104", "ADV109", "ADV116"}


def test_an_edited_adr_keeps_its_text_and_check_says_its_figures_are_stale(
        repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    adr = repo / DECISIONS / "0001-payment-commands.md"
    adr.write_text(adr.read_text().replace("## Decision Drivers",
                                           "Agreed with the payments team.\n\n## Decision Drivers"))
    body = adr.read_text().split("\n---\n", 1)[1]
    _faster(workload)
    warned = check()
    assert warned.exit_code == 0 and "ADV104" in warned.output
    assert "run `advisor recommend workloads/payment-commands.yaml`" in warned.output
    # The hint is followed: the front matter is refreshed, the people's text kept byte for byte.
    result = run_cli(["recommend", "workloads/payment-commands.yaml", "--date", "2026-12-01"])
    assert result.exit_code == 0
    assert "front matter refreshed, people's edits kept" in result.output
    assert "ADV116" in result.output
    assert adr.read_text().split("\n---\n", 1)[1] == body
    provenance = front(adr)["advisor"]
    assert provenance["text_from"]["fingerprint"] != provenance["fingerprint"]
    # ADV104 is gone, and the stale figures are not silent: ADV116, a warning.
    after = check()
    assert after.exit_code == 0, after.output
    assert "ADV104" not in after.output and "ADV116" in after.output
    assert "figures (rates, sizing, costs)" in after.output
    assert check("--fail-on", "warning").exit_code == 1
    # No hint loops back: ADV116's does not send the reader to the `recommend` just run.
    explained = run_cli(["check", "--explain", "ADV116"]).output
    assert "--force" in explained and "text_from" in explained
    again = run_cli(["recommend", "workloads/payment-commands.yaml", "--date", "2026-12-01"])
    assert "edited by people, kept" in again.output  # nothing more to refresh
    # A person brings the figures up to date and drops `text_from:`: check is quiet.
    text = adr.read_text().replace("100/s peak", "120/s peak")
    head, rest = text.split("  text_from:\n", 1)
    adr.write_text(head + rest.split("\n", 4)[4])
    assert "text_from" not in adr.read_text()
    quiet = check()
    assert quiet.exit_code == 0 and not _codes(quiet.output) & {"ADV104", "ADV116"}


def test_the_workload_changed_back_leaves_no_stale_text(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    original = workload.read_text()
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    adr = repo / DECISIONS / "0001-payment-commands.md"
    adr.write_text(adr.read_text() + "\nA note.\n")
    _faster(workload)
    run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "text_from" in adr.read_text()
    workload.write_text(original)
    result = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "people's edits kept" in result.output and "ADV116" not in result.output
    assert "text_from" not in adr.read_text() and adr.read_text().endswith("A note.\n")
    assert "ADV116" not in check().output


def _as_if_written_by(adr: Path, version: str, rules: str, **recorded: str) -> None:
    """The ADR as an earlier advisor wrote it: its version and rules digest (and, where
    given, its answer) in the provenance; the body and so its digest unchanged."""
    text = adr.read_text()
    head, body = text.split("\n---\n", 1)
    data = yaml.safe_load(head[4:])
    data["advisor"].update(version=version, rules=rules, **recorded)
    adr.write_text("---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body)


def test_an_upgrade_that_changes_the_answer_is_a_warning_naming_both_versions(
        repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    adr = repo / DECISIONS / "0001-payment-commands.md"
    # Advisor 0.0.9 answered push for the very same workload (same fingerprint).
    _as_if_written_by(adr, "0.0.9", "sha256:0123456789abcdef", model="push",
                      services=["sns", "lambda"])
    result = check()
    assert result.exit_code == 0, result.output  # an upgrade does not turn CI red
    assert "ADV117" in result.output and "ADV103" not in result.output
    message = " ".join(result.output.split())
    assert "advisor 0.0.9 (rules sha256:0123456789abcdef" in message
    assert re.search(r"advisor 0\.1\.0 \(rules [0-9a-f]{12}, AWS knowledge of 20", message)
    assert "records, push (sns, lambda), to poll" in message
    assert check("--fail-on", "warning").exit_code == 1
    (repo / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n'
                                        "severity: {ADV117: error}\n")
    assert check().exit_code == 1  # a team may choose red
    # recommend supersedes it, and the new ADR says why: advisor changed, not the workload.
    written = run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    assert "supersedes ADR-0001" in written.output
    new = (repo / DECISIONS / "0002-payment-commands.md").read_text()
    said = " ".join(new.split())
    assert "Why a new ADR: the workload did not change, advisor did." in said
    assert "advisor's release notes (its CHANGELOG.md) list the answers that changed" in said
    assert "generated by advisor 0.0.9" in said and "changes the answer from push" in said
    assert new.index("Supersedes [ADR-0001]") < new.index("Why a new ADR")
    after = check()
    assert after.exit_code == 0 and not _codes(after.output) & {"ADV117", "ADV109"}


def test_an_upgrade_that_keeps_the_answer_is_reported_then_refreshed(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    adr = repo / DECISIONS / "0001-payment-commands.md"
    _as_if_written_by(adr, "0.0.9", "sha256:0123456789abcdef")
    result = check()
    assert result.exit_code == 0 and "ADV117" in result.output and "ADV104" not in result.output
    assert "is still poll" in " ".join(result.output.split())
    assert "refreshed, text and all" in run_cli(
        ["recommend", str(workload), "--date", "2026-12-01"]).output
    assert front(adr)["advisor"]["version"] == "0.1.0"
    assert "ADV117" not in check().output


def test_a_supersede_after_a_workload_change_says_so(repo: Path) -> None:
    workload = repo / "workloads" / "payment-commands.yaml"
    run_cli(["recommend", str(workload), "--date", "2026-11-28"])
    workload.write_text(workload.read_text().replace("ordering: per-key", "ordering: none")
                        .replace("ordering_key: paymentId\n", "")
                        .replace("duplicates: must-deduplicate", "duplicates: tolerated"))
    run_cli(["recommend", str(workload), "--date", "2026-12-01"])
    said = " ".join((repo / DECISIONS / "0002-payment-commands.md").read_text().split())
    assert "Why a new ADR: the workload changed since ADR-0001 was written" in said
    assert "the answer changed from poll (sqs-fifo, lambda-esm) to push" in said
    # Rendered again for a rate change, the superseding ADR keeps its reason, and is still
    # the text advisor wrote (no ADV109).
    _faster(workload)
    assert "refreshed, text and all" in run_cli(
        ["recommend", str(workload), "--date", "2026-12-02"]).output
    again = (repo / DECISIONS / "0002-payment-commands.md").read_text()
    assert "Why a new ADR: the workload changed since ADR-0001" in " ".join(again.split())
    assert "120/s" in again
    after = check()
    assert after.exit_code == 0, after.output
    assert not _codes(after.output) & {"ADV104", "ADV109", "ADV112", "ADV116"}


def test_alike_consumers_given_as_a_count_are_one_node_that_says_how_many(repo: Path) -> None:
    workload = repo / "workloads" / "fan-out.yaml"
    workload.write_text(_many(0).replace("consumers:\n", "consumers: 240\n"))
    assert run_cli(["recommend", str(workload), "--date", "2026-11-28"]).exit_code == 0
    chart = diagram(next((repo / "docs" / "decisions").glob("0001-*.md")))
    assert '(["240 consumers (' in chart and len(edges(chart)) < 10


def test_consumers_on_many_routes_stay_countable_and_under_the_limit(repo: Path) -> None:
    runs = ["lambda", "container", "workflow", "https", "on-premises", "client", "email",
            "sms", "mobile-push", "device", "store"]
    extras = ["", ", max_rate: 5/s", ", batching: {size: 100, window: 1m}", ", replay: 7d"]
    text = _many(0).replace("name: fan-out", "name: zoo") + "".join(
        f"  - {{name: c{i:03d}, runs_on: {runs[i % 11]}{extras[i // 11 % 4]}}}\n"
        for i in range(300))
    (repo / "workloads" / "zoo.yaml").write_text(text)
    assert run_cli(["recommend", "workloads/zoo.yaml", "--date", "2026-11-28"]).exit_code == 0
    chart = diagram(next((repo / "docs" / "decisions").glob("0001-*.md")))
    assert len(edges(chart)) < 100
    counted = sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) more consumers", chart))
    assert counted + 20 == 300 and "more consumers on other routes" in chart
    assert chart.count('["IoT Core"]') == 1  # one for the flow, however many reach it
