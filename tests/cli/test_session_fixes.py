"""What a new user met after the people-first work: each case through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git_repo, run_cli


def test_deleting_the_only_adr_leaves_a_stale_index_that_check_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = git_repo(tmp_path, monkeypatch, "payment-commands")
    workload = repo / "workloads" / "payment-commands.yaml"
    assert run_cli(["recommend", str(workload), "--date", "2026-11-30"]).exit_code == 0
    (repo / "docs" / "decisions" / "0001-payment-commands.md").unlink()
    workload.unlink()
    result = run_cli(["check", "--date", "2026-11-30"])
    assert "ADV110" in result.output, result.output  # the index still lists ADR-0001


def test_a_folder_with_no_adrs_and_no_index_has_nothing_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    result = run_cli(["check", "--date", "2026-11-30"])
    assert result.exit_code == 0 and "ADV110" not in result.output, result.output


def test_the_stale_knowledge_and_stale_text_hints_lead_somewhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(["check", "--explain", "ADV116"])
    assert "--adr-dir /tmp" not in result.output  # a folder outside the repository is refused
    assert "recommend --dry-run" in " ".join(result.output.split())
    explained = " ".join(run_cli(["check", "--explain", "ADV115"]).output.split())
    assert "newest advisor" in explained and "knowledge_max_age_days" in explained


def test_each_ruling_cites_only_its_own_evidence(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text("""\
version: 1
name: erp-sync
kind: event
throughput: {average: 5/s, peak: 20/s}
ordering: per-key
ordering_key: orderId
consumers:
  - {name: erp-a, runs_on: on-premises}
  - {name: erp-b, runs_on: on-premises}
""")
    push = next(o for o in rec.options if o.model == "push")
    ordered = next(b for b in push.bad if "ruled out by PP303" in b)
    assert "erp-a" not in ordered and "erp-b" not in ordered, ordered
    unreachable = [b for b in push.bad if "ruled out by PP101" in b or "ruled out by PP204" in b]
    assert unreachable and all("erp-a" in b and "erp-b" in b for b in unreachable), unreachable


def test_the_terminal_cost_line_marks_an_option_that_cannot_be_built() -> None:
    from tests.conftest import ROOT

    result = run_cli(["recommend", str(ROOT / "examples" / "clickstream.yaml"), "--dry-run"],
                     env={"COLUMNS": "200"})
    line = next(x for x in result.output.splitlines() if "cost:" in x)
    assert "hybrid $2,102 (cannot be built)" in line and "push $29,784 (ruled out)" in line


@pytest.mark.parametrize("template", ["madr", "madr-minimal", "nygard"])
def test_no_dollar_sign_in_an_adr_is_left_for_githubs_mathematics(
        template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    # The examples with the most prices in their text: SES, SMS, Step Functions, API
    # destinations, a cross-account bus.
    repo = git_repo(tmp_path, monkeypatch, "order-placed", "password-reset", "partner-webhooks")
    result = run_cli(["recommend", *sorted(str(p) for p in (repo / "workloads").iterdir()),
                      "--date", "2026-11-30", "--template", template])
    assert result.exit_code in (0, 1), result.output
    for adr in (repo / "docs" / "decisions").glob("0*.md"):
        text = re.sub(r"```.*?```", "", adr.read_text(), flags=re.S)  # fenced code
        text = re.sub(r"`[^`\n]*`", "", text)  # code spans
        bare = [line for line in text.splitlines() if re.search(r"(?<!\\)\$", line)]
        assert not bare, (adr.name, bare[:2])


def test_a_delay_aws_describes_in_words_is_quoted_not_called_unstated(recommend_text) -> None:  # type: ignore[no-untyped-def]
    from advisor.render.latency import summary
    rec = recommend_text("""\
version: 1
name: receipt
kind: event
producer: aws-service
source: s3
throughput: {average: 20/s, peak: 100/s}
latency: 10s
consumers: [{name: attacher, runs_on: lambda}]
""")
    said = summary(rec.delays, rec.workload)
    assert "s3 delivers typically within seconds, sometimes a minute or longer" in said, said
    assert "states no delivery latency for s3" not in said


def test_readers_of_one_stream_share_it_while_queues_are_each_ones_own(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text("""\
version: 1
name: positions
kind: event
throughput: {average: 500/s, peak: 2000/s}
consumers:
  - {name: alerts, runs_on: container, replay: 2d}
  - {name: loader, runs_on: container, replay: 2d}
  - {name: partner, runs_on: https}
""")
    assert rec.model == "hybrid"
    said = " ".join(rec.chosen.good)
    assert "alerts and loader reading the Kinesis stream they share" in said, said


def test_devices_of_an_iot_core_source_are_not_routed_out_and_back_by_push(recommend_text) -> None:  # type: ignore[no-untyped-def]
    # Found by the property in test_design_fixes.py: with an SNS topic already in place, the
    # push design sent the devices' messages out through the topic and a function and back
    # into IoT Core, where the devices already subscribe.
    rec = recommend_text("""\
version: 1
name: x
kind: event
producer: device
source: iot-core
existing: [sns]
throughput: {average: 10/s, peak: 50/s}
consumers: [{name: d, runs_on: device}]
""")
    push = next(o for o in rec.options if o.model == "push")
    assert [p.hops.count("iot-core") for p in push.design.paths] == [1]


_UNBUILDABLE = """\
version: 1
name: dash
kind: event
producer: device
source: iot-core
throughput: {average: 10/s, peak: 50/s}
ordering: per-key
ordering_key: deviceId
duplicates: must-deduplicate
consumers:
  - {name: board, runs_on: client}
  - {name: store, runs_on: container}
"""


def test_a_chosen_design_that_cannot_be_built_says_so_first(recommend_text) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text(_UNBUILDABLE)
    assert not rec.chosen.design.feasible
    assert rec.warnings[0].startswith("No option can be built as a whole for this workload")
    assert not any(g.startswith("it satisfies what rules out") for g in rec.chosen.good)


def test_a_delay_asked_for_is_still_said_when_the_rest_is_said_once(recommend_text) -> None:  # type: ignore[no-untyped-def]
    from advisor.render.latency import summary
    rec = recommend_text("""\
version: 1
name: reminders
kind: event
throughput: {average: 5/s, peak: 20/s}
latency: 1m
delay: 10m
consumers:
  - {name: a, runs_on: https}
  - {name: b, runs_on: https}
""")
    assert "plus the 10m delay asked for" in summary(rec.delays, rec.workload)
