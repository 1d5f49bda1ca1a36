"""`advisor template` on the command line: the template on standard output or in a file
written whole, the ADR's number found in the folder, and every bad input refused with
exit 2, a located message and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, git_repo, run_cli

ORDER = str(ROOT / "examples" / "order-placed.yaml")


def test_template_on_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    result = run_cli(["template", ORDER, "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert "OrderPlacedLoyaltyPointsQueue" in data["Resources"]
    assert "ADR not yet written" in data["Description"]


def test_template_names_the_adr_recommend_wrote(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch, "order-placed", "payment-commands")
    for name in ("payment-commands", "order-placed"):
        done = run_cli(["recommend", f"workloads/{name}.yaml", "--date", "2026-11-28", "-q"])
        assert done.exit_code == 0, done.stderr
    result = run_cli(["template", "workloads/order-placed.yaml", "-o", "deploy/t.yaml"])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "deploy" / "t.yaml").read_text()
    assert "Value: ADR-0002" in text and "not yet written" not in text


def test_another_cloud_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    result = run_cli(["template", ORDER, "--cloud", "azure", "-o", "t.yaml"])
    assert result.exit_code == 2
    assert "Bicep and Terraform are later work" in result.stderr
    assert not (tmp_path / "t.yaml").exists()


def test_a_workload_on_another_cloud_is_refused(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    text = (ROOT / "examples" / "order-placed.yaml").read_text()
    (tmp_path / "w.yaml").write_text(text.replace("version: 1\n", "version: 1\ncloud: gcp\n"))
    result = run_cli(["template", "w.yaml", "-o", "t.yaml"])
    assert result.exit_code == 2
    assert "w.yaml:" in result.stderr  # located, whether the format or template refuses it
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "t.yaml").exists()


def test_a_bad_workload_is_located_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    (tmp_path / "t.yaml").write_text("kept\n")
    (tmp_path / "w.yaml").write_text("version: 1\nname: x\nkind: event\nconsumers: 3\n"
                                     "latency: fast\n")
    result = run_cli(["template", "w.yaml", "-o", "t.yaml"])
    assert result.exit_code == 2
    assert "w.yaml:5:" in result.stderr
    assert (tmp_path / "t.yaml").read_text() == "kept\n"


def test_standard_input_gives_the_same_template(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    git_repo(tmp_path, monkeypatch)
    by_file = run_cli(["template", ORDER])
    by_stdin = run_cli(["template", "-"], input=Path(ORDER).read_text())
    assert by_stdin.exit_code == 0, by_stdin.stderr
    assert by_stdin.stdout == by_file.stdout
