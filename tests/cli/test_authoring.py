"""Authoring: rule packs, rule tests as data, templates, explain and init."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import CLOUD_ANSWER, ROOT, run_cli

EXAMPLE = ROOT / "examples" / "payment-commands.yaml"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pack(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "team.yaml").write_text(text)
    return folder


TEAM_RULE = """rules:
  - id: TM101
    title: Payments always go through a queue we can pause
    when: {fact: kind, is: command}
    effect: {poll: 10}
    rationale: Our runbooks pause a queue during incidents; {kind}s must be queued.
    sources: [https://example.com/runbooks/pausing]
    examples:
      - fires: true
        workload: {kind: command}
      - fires: false
        workload: {kind: event}
"""


def test_rules_list_and_explain() -> None:
    listed = run_cli(["rules", "list"])
    assert listed.exit_code == 0
    assert "PP103" in listed.stdout and "48 rules" in listed.stdout
    explained = run_cli(["rules", "explain", "pp303"])
    assert explained.exit_code == 0
    for expected in ("fires when: ordered is true", "rules out push", "sources:",
                     "kinesis-ordering", "Fires for", "Does not fire for"):
        assert expected in explained.stdout
    unknown = run_cli(["rules", "explain", "PP330"])
    assert unknown.exit_code == 2 and 'did you mean "PP3' in unknown.stderr


def test_every_builtin_rule_passes_its_examples() -> None:
    result = run_cli(["rules", "test"])
    assert result.exit_code == 0, result.stderr
    passed = int(result.stdout.split()[0])
    assert passed >= 2 * 34 and result.stdout.strip().endswith("0 failed")


def test_a_team_pack_changes_a_recommendation(in_tmp: Path) -> None:
    folder = pack(in_tmp / "team-rules", TEAM_RULE)
    # A command that would otherwise be pushed (internal handoff) is now queued.
    handoff = in_tmp / "handoff.yaml"
    handoff.write_text("version: 1\nname: handoff\nkind: command\n"
                       "consumers: [{name: notifier, runs_on: lambda}]\n")
    plain = run_cli(["recommend", str(handoff), "--dry-run"])
    assert "handoff  →  PUSH" in plain.stdout
    with_pack = run_cli(["recommend", str(handoff), "--dry-run", "--rules", str(folder)])
    assert "→  POLL" in with_pack.stdout
    tested = run_cli(["rules", "test", str(folder)])
    assert tested.exit_code == 0 and tested.stdout.strip() == "2 passed, 0 failed"


def test_a_pack_is_also_read_from_the_config(in_tmp: Path) -> None:
    pack(in_tmp / "team-rules", TEAM_RULE)
    (in_tmp / ".advisor.yaml").write_text("rules: [team-rules]\n")
    assert "TM101" in run_cli(["rules", "list"]).stdout


def test_silent_id_clashes_are_errors_and_replaces_is_explicit(in_tmp: Path) -> None:
    clash = pack(in_tmp / "clash", TEAM_RULE.replace("TM101", "PP504"))
    result = run_cli(["rules", "list", "--rules", str(clash)])
    assert result.exit_code == 2
    assert "duplicate rule id PP504" in result.stderr and "replaces: PP504" in result.stderr
    replacing = pack(in_tmp / "replacing", TEAM_RULE.replace(
        "  - id: TM101\n", "  - id: TM504\n    replaces: PP504\n"))
    listed = run_cli(["rules", "list", "--rules", str(replacing)])
    assert listed.exit_code == 0 and "TM504" in listed.stdout and "PP504 " not in listed.stdout
    missing = pack(in_tmp / "missing", TEAM_RULE.replace(
        "  - id: TM101\n", "  - id: TM999\n    replaces: PP999\n"))
    result = run_cli(["rules", "list", "--rules", str(missing)])
    assert result.exit_code == 2 and "replaces PP999, which no earlier rule pack" in (
        result.stderr)


def test_a_failing_rule_example_is_reported(in_tmp: Path) -> None:
    folder = pack(in_tmp / "wrong", TEAM_RULE.replace("fires: false", "fires: true"))
    result = run_cli(["rules", "test", str(folder)])
    assert result.exit_code == 1
    assert "TM101 should fire, but it did not fire" in result.stderr
    assert "facts: kind='event'" in result.stderr
    assert "has no non-firing example" in result.stderr


@pytest.mark.parametrize(("template", "heading"), [
    ("madr", "## Decision Drivers"), ("madr-minimal", "## Considered Options"),
    ("nygard", "## Status"),
])
def test_builtin_templates_keep_front_matter_and_provenance(template: str, heading: str,
                                                            in_tmp: Path) -> None:
    result = run_cli(["recommend", str(EXAMPLE), "--template", template, "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    text = next((in_tmp / "docs" / "decisions").glob("*.md")).read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["status"] == "proposed" and front["advisor"]["workload"] == "payment-commands"
    assert heading in text


def test_a_team_template(in_tmp: Path) -> None:
    template = in_tmp / "ours.md.j2"
    template.write_text("# {{ title }}\n\nWe chose {{ chosen.model }}.\n{% for f in facts %}"
                        "- {{ f.id }}\n{% endfor %}")
    result = run_cli(["recommend", str(EXAMPLE), "--template", str(template)])
    assert result.exit_code == 0, result.stderr
    text = next((in_tmp / "docs" / "decisions").glob("*.md")).read_text()
    assert "We chose poll." in text and "fingerprint: sha256:" in text


@pytest.mark.parametrize(("body", "line", "message"), [
    ("# {{ title }}\n\n{% for x in options %}\n{{ x.nope }}\n{% endfor %}\n", 4,
     "template error"),
    ("# {{ title }\n", 1, "template syntax error"),
    ("# ok\n\n{{ ''.__class__.__mro__ }}\n", 3, "template error"),
])
def test_a_broken_template_is_located_and_writes_nothing(body: str, line: int, message: str,
                                                         in_tmp: Path) -> None:
    template = in_tmp / "broken.md.j2"
    template.write_text(body)
    result = run_cli(["recommend", str(EXAMPLE), "--template", str(template)])
    assert result.exit_code == 2
    assert f"{template}:{line}:1: {message}" in result.stderr
    assert not (in_tmp / "docs").exists()


def test_explain_shows_the_whole_trace() -> None:
    result = run_cli(["explain", str(EXAMPLE)])
    assert result.exit_code == 0
    out = result.stdout
    assert "ordering = per-key" in out
    assert "+ PP303 fired (poll +3, hybrid +1, rules out push)" in out
    assert "- PP301 did not fire: needs latency <= immediate (1s); here latency = 10s" in out
    assert "Decision: poll (score; margin " in out
    assert "payment-service (poll): sqs-fifo -> lambda-esm" in out


def test_init_without_input_writes_a_valid_workload(in_tmp: Path) -> None:
    result = run_cli(["init", "orders.yaml", "--no-input", "--kind", "event", "--peak", "200/s",
                    "--consumer", "billing:lambda", "--consumer", "ledger:container:50/s"])
    assert result.exit_code == 0, result.stderr
    assert run_cli(["recommend", "orders.yaml", "--dry-run"]).exit_code == 0
    again = run_cli(["init", "orders.yaml", "--no-input"])
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = run_cli(["init", "other.yaml", "--no-input", "--peak", "fast"])
    assert bad.exit_code == 2 and "--peak: 'fast'" in bad.stderr
    assert not (in_tmp / "other.yaml").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_init_as_a_person_uses_it(in_tmp: Path) -> None:
    """Drive the real prompts in a pseudo-terminal, as a person would."""
    import pexpect

    advisor = Path(sys.executable).parent / "advisor"
    child = pexpect.spawn(str(advisor), ["init", "flow.yaml"], cwd=str(in_tmp),
                          encoding="utf-8", timeout=20, dimensions=(40, 200))
    answers = [
        *([("Which cloud", "")] if CLOUD_ANSWER else []),
        ("Name of the flow", "order-shipped"),
        ("What flows", "Warehouse publishes OrderShipped when a parcel leaves."),
        ("Event or command", "evnt"),  # a typo first: asked again
        ("Event or command", "event"),
        ("Average rate", "20/s"),
        ("Peak rate", "400/s"),
        ("Typical message size", "2KB"),
        ("How fast", "2s"),
        ("in order", "none"),
        ("duplicates", ""),
        ("re-read", "none"),
        ("worthless", ""),
        ("wait before", ""),
        ("batches", "none"),
        ("AWS service", ""),
        ("AWS Region", "eu-west-1"),
        ("How many consumers", "2"),
        ("Its name", "tracking"),
        ("Where does it run", "lambda"),
        ("absorb", ""),
        ("at once", ""),
        ("Its name", "invoicing"),
        ("Where does it run", "container"),
        ("absorb", "30/s"),
        ("at once", ""),
    ]
    for prompt, answer in answers:
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Wrote flow.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (in_tmp / "flow.yaml").read_text()
    assert "kind: event" in text and "max_rate: 30/s" in text
    result = run_cli(["recommend", "flow.yaml", "--dry-run"])
    assert result.exit_code == 0 and "order-shipped  →  HYBRID" in result.stdout

    # It never overwrites without asking.
    child = pexpect.spawn(str(advisor), ["init", "flow.yaml"], cwd=str(in_tmp),
                          encoding="utf-8", timeout=20)
    child.expect("Overwrite it")
    child.sendline("n")
    child.expect("Nothing was written")
    child.expect(pexpect.EOF)
    assert (in_tmp / "flow.yaml").read_text() == text
