"""Fixes from the gate review: ADR refresh keeps the template, reports written all or
nothing and independent of the terminal, job summary bounded, rule parameters typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import git_repo, run_cli


def front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text().split("---\n")[1])  # type: ignore[no-any-return]


def body(path: Path) -> str:
    return path.read_text().split("\n---\n", 1)[1]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git_repo(tmp_path, monkeypatch, "payment-commands")
    (tmp_path / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    return tmp_path


WORKLOAD = "workloads/payment-commands.yaml"
ADR = Path("docs/decisions/0001-payment-commands.md")


def _change_workload(repo: Path, old: str = "latency: 10s", new: str = "latency: 9s") -> None:
    path = repo / WORKLOAD
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


# --- 1. an unedited ADR is rendered again with the template it was written with ----------


def test_a_nygard_adr_is_not_turned_into_madr_by_a_refresh(repo: Path) -> None:
    assert run_cli(["recommend", WORKLOAD, "--template", "nygard"]).exit_code == 0
    adr = repo / ADR
    assert front(adr)["advisor"]["template"] == "nygard"
    written = body(adr)
    assert written.startswith("# 1. ") and "Date: " in written
    _change_workload(repo)
    result = run_cli(["recommend", WORKLOAD])  # this run's template is MADR's
    assert result.exit_code == 0, result.stdout
    assert "front matter refreshed" in result.stdout and "--force" in result.stdout
    assert body(adr) == written  # still the team's layout, byte for byte
    provenance = front(adr)["advisor"]
    assert provenance["template"] == "nygard"
    assert provenance["text_from"]["fingerprint"] != provenance["fingerprint"]
    check = run_cli(["check"])
    assert "ADV116" in check.stdout and "template" in check.stdout
    # Given the template it records, the text is rendered again, still Nygard's.
    _change_workload(repo, "latency: 9s", "latency: 8s")
    result = run_cli(["recommend", WORKLOAD, "--template", "nygard"])
    assert "refreshed, text and all" in result.stdout
    assert body(adr).startswith("# 1. ") and body(adr) != written
    assert "text_from" not in front(adr)["advisor"]


def test_an_adr_without_a_recorded_template_keeps_its_text(repo: Path) -> None:
    run_cli(["recommend", WORKLOAD, "--template", "nygard"])
    adr = repo / ADR
    adr.write_text(adr.read_text().replace("  template: nygard\n", ""))  # as before 1.1
    written = body(adr)
    _change_workload(repo)
    result = run_cli(["recommend", WORKLOAD, "--template", "nygard"])
    assert "front matter refreshed" in result.stdout
    assert body(adr) == written and "template" not in front(adr)["advisor"]


def test_a_custom_template_is_recorded_and_used_again(repo: Path) -> None:
    (repo / "team.md.j2").write_text("# {{ title }}\n\nTeam layout for {{ name }}: "
                                     "{{ fingerprint }}.\n")
    assert run_cli(["recommend", WORKLOAD, "--template", "team.md.j2"]).exit_code == 0
    adr = repo / ADR
    assert front(adr)["advisor"]["template"] == "team.md.j2"
    _change_workload(repo)
    result = run_cli(["recommend", WORKLOAD, "--template", "team.md.j2"])
    assert "refreshed, text and all" in result.stdout
    assert "Team layout for payment-commands: " + front(adr)["advisor"]["fingerprint"] \
        in body(adr)


def test_the_template_alone_does_not_rewrite_an_adr(repo: Path) -> None:
    run_cli(["recommend", WORKLOAD, "--template", "nygard"])
    adr = repo / ADR
    text = adr.read_text()
    result = run_cli(["recommend", WORKLOAD])
    assert "up to date" in result.stdout and adr.read_text() == text


# --- 5. nothing changed: the ADR folder is not listed per ADR ------------------------------


def test_an_unchanged_adr_does_not_look_up_what_it_supersedes(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.adr import refresh

    run_cli(["recommend", WORKLOAD])
    calls: list[object] = []
    real = refresh._supersedes

    def counted(doc: object) -> object:
        calls.append(doc)
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh, "_supersedes", counted)
    assert "up to date" in run_cli(["recommend", WORKLOAD]).stdout
    assert calls == []
    _change_workload(repo)
    assert "refreshed, text and all" in run_cli(["recommend", WORKLOAD]).stdout
    assert len(calls) == 1


# --- 6. a quoted ISO date is the ADR's date ----------------------------------------------


def test_a_quoted_date_is_kept_when_the_text_is_rendered_again(repo: Path) -> None:
    run_cli(["recommend", WORKLOAD, "--template", "nygard", "--date", "2026-01-01"])
    adr = repo / ADR
    adr.write_text(adr.read_text().replace("date: 2026-01-01", 'date: "2026-01-01"'))
    _change_workload(repo)
    result = run_cli(["recommend", WORKLOAD, "--template", "nygard", "--date", "2026-12-01"])
    assert "refreshed, text and all" in result.stdout
    assert "Date: 2026-01-01" in body(adr) and "2026-12-01" not in body(adr)


# --- 2. the reports of one check run: all or none ----------------------------------------


def _failing(repo: Path) -> None:
    assert run_cli(["recommend", WORKLOAD]).exit_code == 0
    path = repo / WORKLOAD
    path.write_text(path.read_text() + "decision: {model: push}\n")


def test_a_folder_as_a_report_is_refused_before_any_report_is_written(repo: Path) -> None:
    _failing(repo)
    (repo / "outdir").mkdir()
    result = run_cli(["check", "-q", "--report", "json:ok.json", "--report", "sarif:outdir"])
    assert result.exit_code == 2
    assert "--report" in result.stderr and "outdir is a folder" in result.stderr
    assert not (repo / "ok.json").exists() and list((repo / "outdir").iterdir()) == []
    result = run_cli(["check", "--report", "json:outdir"])
    assert result.exit_code == 2 and "--report: the report path outdir is a folder" \
        in result.stderr


def test_a_file_in_the_way_of_a_report_folder_is_refused(repo: Path) -> None:
    _failing(repo)
    (repo / "notes").write_text("a file\n")
    result = run_cli(["check", "--report", "json:ok.json", "--report", "sarif:notes/r.sarif"])
    assert result.exit_code == 2 and "--report" in result.stderr
    assert "notes is a file" in result.stderr and not (repo / "ok.json").exists()
    # A folder that is missing is made, as before.
    assert run_cli(["check", "--report", "json:new/deeper/ok.json"]).exit_code == 1
    assert (repo / "new" / "deeper" / "ok.json").is_file()


def test_one_file_named_for_two_reports_is_refused(repo: Path) -> None:
    _failing(repo)
    result = run_cli(["check", "-o", "r.txt", "--report", "sarif:r.txt"])
    assert result.exit_code == 2, result.output
    assert "named twice (--output, then --report)" in result.stderr
    assert not (repo / "r.txt").exists()
    result = run_cli(["check", "--report", "json:a/r.json", "--report", "sarif:a/../a/r.json"])
    assert result.exit_code == 2 and not (repo / "a").exists()


def test_every_report_is_written_or_none(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    _failing(repo)
    (repo / "old.json").write_text("before\n")
    made: list[Path] = []
    from advisor.adr import atomic

    real = atomic.temporary_file

    def second_fails(folder: Path, text: str) -> Path:
        if made:
            raise OSError(28, "No space left on device")
        made.append(real(folder, text))
        return made[-1]

    monkeypatch.setattr(atomic, "temporary_file", second_fails)
    result = run_cli(["check", "--report", "json:old.json", "--report", "sarif:r.sarif"])
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert (repo / "old.json").read_text() == "before\n" and not (repo / "r.sarif").exists()
    assert not made[0].exists()  # the first report's temporary file is gone too
    assert "report written" not in result.stderr


# --- 3. a report file does not depend on the terminal ------------------------------------


def test_a_text_report_file_is_not_wrapped_to_the_terminal(repo: Path) -> None:
    _failing(repo)
    files = {}
    for columns in ("40", "300"):
        result = run_cli(["check", "-o", f"r{columns}.txt"], env={"COLUMNS": columns})
        assert result.exit_code == 1
        files[columns] = (repo / f"r{columns}.txt").read_text()
    assert files["40"] == files["300"]
    assert max(len(line) for line in files["40"].splitlines()) > 100
    shown = run_cli(["check"], env={"COLUMNS": "40"}).stdout  # the terminal is still wrapped
    assert max(len(line) for line in shown.splitlines()) <= 40


def test_a_command_report_file_is_not_wrapped_to_the_terminal(repo: Path) -> None:
    texts = []
    for columns in ("40", "300"):
        result = run_cli(["explain", WORKLOAD, "-o", "e.txt"], env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        texts.append((repo / "e.txt").read_text())
    assert texts[0] == texts[1]
    assert max(len(line) for line in texts[0].splitlines()) > 100
    shown = run_cli(["explain", WORKLOAD], env={"COLUMNS": "40"}).stdout
    assert max(len(line) for line in shown.splitlines()) <= 40


# --- 4. the job summary: bounded, and no bare links ----------------------------------------


def _result(findings: int, message: str = "out of date"):  # type: ignore[no-untyped-def]
    from advisor.gate.check import CheckResult, Finding

    return CheckResult(tuple(Finding("ADV103", "error", f"w{i}.yaml", 3, 1, message,
                                     "run advisor recommend") for i in range(findings)),
                       ("w",), 1)


def test_the_job_summary_lists_at_most_so_many_rows() -> None:
    from advisor.gate.markdown import MAX_SUMMARY_ROWS, render_markdown

    text = render_markdown(_result(MAX_SUMMARY_ROWS + 5_000), "error")
    rows = [line for line in text.splitlines() if line.startswith("| error |")]
    assert len(rows) == MAX_SUMMARY_ROWS
    assert "5,000 more findings not listed here" in text
    assert len(text.encode()) < 1024 * 1024
    few = render_markdown(_result(3), "error")
    assert "more finding" not in few and few.count("| error |") == 3


@pytest.mark.parametrize("hostile", [
    "see https://evil.example/x", "HTTP://evil.example", "ftp://evil.example",
    "www.evil.example", "WWW.evil.example", "mail me@evil.example",
    "mailto:me@evil.example", "xmpp:me@evil.example"])
def test_the_job_summary_links_no_bare_url(hostile: str) -> None:
    from advisor.gate.markdown import render_markdown

    row = next(line for line in render_markdown(_result(1, hostile), "error").splitlines()
               if line.startswith("| error |"))
    assert not re.search(r"(?<!\\)(?:://|@)", row) and "www." not in row.lower()
    assert "w0.yaml:3:1" in row  # a place keeps its colons


# --- 7. a rule parameter is one kind of fact ----------------------------------------------

REUSED = """rules:
  - id: TT201
    title: A test rule
    parameters:
      big:
        value: 2000/s
        why: a rate one shard cannot take
        source: https://example.com/shards
    when:
      all:
        - {fact: rate_peak, at_least: {param: big}}
        - {fact: consumer_count, at_least: {param: big}}
    effect: {poll: 1}
    rationale: Big.
    sources: [https://example.com/shards]
"""


def test_a_parameter_compared_with_two_kinds_of_fact_is_refused(tmp_path: Path) -> None:
    from advisor.core.rules import load_rules
    from advisor.errors import InputErrors
    from advisor.providers.aws.catalogue import load_catalogue
    from advisor.providers.aws.vocabulary import VOCABULARY

    catalogue = load_catalogue()
    (tmp_path / "pack.yaml").write_text(REUSED)
    with pytest.raises(InputErrors) as caught:
        load_rules([tmp_path], catalogue.facts.__contains__, catalogue.facts, VOCABULARY)
    found = [str(e).replace(f"{tmp_path}/", "") for e in caught.value.errors]
    assert any(e.startswith("pack.yaml:12:52: parameter 'big' is compared with rate_peak, a "
                            "rate, and cannot also be compared with consumer_count, a count")
               for e in found), found
    # The same kind of fact twice is one parameter, as before.
    (tmp_path / "pack.yaml").write_text(REUSED.replace("consumer_count", "rate_average"))
    (rule,) = load_rules([tmp_path], catalogue.facts.__contains__, catalogue.facts,
                         VOCABULARY).rules
    assert rule.when.words() == "rate_peak >= big (2,000/s) and rate_average >= big (2,000/s)"


# --- 8. a mapping's batch limit is its own source's ------------------------------------------

MSK = (Path(__file__).parents[1] / "scenarios" / "34-msk-clickstream-backup.yaml").read_text(
).split("\nexpected:", 1)[0] + "\nthroughput: {average: 50/s, peak: 200/s}\n"


@pytest.mark.parametrize(("existing", "fact"), [("msk", "lambda-esm-batch-size-kafka"),
                                                 ("mq", "lambda-esm-batch-size-mq")])
def test_a_broker_mapping_cites_its_own_batch_limit(
        recommend_text, existing: str, fact: str) -> None:  # type: ignore[no-untyped-def]
    rec = recommend_text(MSK.replace("existing: [msk]", f"existing: [{existing}]"))
    assert existing in rec.chosen.design.service_ids
    (figure,) = [f for f in rec.chosen.sizing.figures if f.key == "esm_batch_size.s3-backup"]
    assert fact in figure.facts and "lambda-esm-batch-size-streams" not in figure.facts
    assert f"{existing} maximum 10,000" in figure.formula


def test_a_mapping_source_without_batch_facts_is_an_internal_error(
        recommend_text, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from advisor.errors import InternalError
    from advisor.providers.aws.sizing import lambdas as sizing

    monkeypatch.setattr(sizing, "_BATCH_FACTS", {
        k: v for k, v in sizing._BATCH_FACTS.items() if k != "msk"})
    with pytest.raises(InternalError, match="reading msk"):
        recommend_text(MSK)
