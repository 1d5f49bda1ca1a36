"""Fixes from the gate review: ADR refresh keeps the template, reports written all or
nothing and independent of the terminal, job summary bounded, rule parameters typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app_for
from tests.conftest import git_repo

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app_for(list(args)), list(args), env=env, catch_exceptions=False)


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
    assert invoke("recommend", WORKLOAD, "--template", "nygard").exit_code == 0
    adr = repo / ADR
    assert front(adr)["advisor"]["template"] == "nygard"
    written = body(adr)
    assert written.startswith("# 1. ") and "Date: " in written
    _change_workload(repo)
    result = invoke("recommend", WORKLOAD)  # this run's template is MADR's
    assert result.exit_code == 0, result.stdout
    assert "front matter refreshed" in result.stdout and "--force" in result.stdout
    assert body(adr) == written  # still the team's layout, byte for byte
    provenance = front(adr)["advisor"]
    assert provenance["template"] == "nygard"
    assert provenance["text_from"]["fingerprint"] != provenance["fingerprint"]
    check = invoke("check")
    assert "ADV116" in check.stdout and "template" in check.stdout
    # Given the template it records, the text is rendered again, still Nygard's.
    _change_workload(repo, "latency: 9s", "latency: 8s")
    result = invoke("recommend", WORKLOAD, "--template", "nygard")
    assert "refreshed, text and all" in result.stdout
    assert body(adr).startswith("# 1. ") and body(adr) != written
    assert "text_from" not in front(adr)["advisor"]


def test_an_adr_without_a_recorded_template_keeps_its_text(repo: Path) -> None:
    invoke("recommend", WORKLOAD, "--template", "nygard")
    adr = repo / ADR
    adr.write_text(adr.read_text().replace("  template: nygard\n", ""))  # as before 1.1
    written = body(adr)
    _change_workload(repo)
    result = invoke("recommend", WORKLOAD, "--template", "nygard")
    assert "front matter refreshed" in result.stdout
    assert body(adr) == written and "template" not in front(adr)["advisor"]


def test_a_custom_template_is_recorded_and_used_again(repo: Path) -> None:
    (repo / "team.md.j2").write_text("# {{ title }}\n\nTeam layout for {{ name }}: "
                                     "{{ fingerprint }}.\n")
    assert invoke("recommend", WORKLOAD, "--template", "team.md.j2").exit_code == 0
    adr = repo / ADR
    assert front(adr)["advisor"]["template"] == "team.md.j2"
    _change_workload(repo)
    result = invoke("recommend", WORKLOAD, "--template", "team.md.j2")
    assert "refreshed, text and all" in result.stdout
    assert "Team layout for payment-commands: " + front(adr)["advisor"]["fingerprint"] \
        in body(adr)


def test_the_template_alone_does_not_rewrite_an_adr(repo: Path) -> None:
    invoke("recommend", WORKLOAD, "--template", "nygard")
    adr = repo / ADR
    text = adr.read_text()
    result = invoke("recommend", WORKLOAD)
    assert "up to date" in result.stdout and adr.read_text() == text


# --- 5. nothing changed: the ADR folder is not listed per ADR ------------------------------


def test_an_unchanged_adr_does_not_look_up_what_it_supersedes(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor import lifecycle

    invoke("recommend", WORKLOAD)
    calls: list[object] = []
    real = lifecycle._supersedes

    def counted(doc: object) -> object:
        calls.append(doc)
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(lifecycle, "_supersedes", counted)
    assert "up to date" in invoke("recommend", WORKLOAD).stdout
    assert calls == []
    _change_workload(repo)
    assert "refreshed, text and all" in invoke("recommend", WORKLOAD).stdout
    assert len(calls) == 1


# --- 6. a quoted ISO date is the ADR's date ----------------------------------------------


def test_a_quoted_date_is_kept_when_the_text_is_rendered_again(repo: Path) -> None:
    invoke("recommend", WORKLOAD, "--template", "nygard", "--date", "2026-01-01")
    adr = repo / ADR
    adr.write_text(adr.read_text().replace("date: 2026-01-01", 'date: "2026-01-01"'))
    _change_workload(repo)
    result = invoke("recommend", WORKLOAD, "--template", "nygard", "--date", "2026-12-01")
    assert "refreshed, text and all" in result.stdout
    assert "Date: 2026-01-01" in body(adr) and "2026-12-01" not in body(adr)
