"""The behaviour recording (tests/behaviour.py) that issue 15's redesign is held to: two
recordings of one checkout are identical, and a change of a byte, a file or the advisor
itself is found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import behaviour

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/order-placed"


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("behaviour") / "recorded"
    assert behaviour.main(["record", str(folder), "--only", "order-placed"]) == 0
    return folder


def compare(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = behaviour.main(["compare", str(folder), *args])
    return code, capsys.readouterr().out


def test_a_recording_holds_every_output_of_every_command(recording: Path) -> None:
    workload = recording / EXAMPLE
    assert behaviour.recorded(recording) == [EXAMPLE]
    steps = [name for phase in behaviour.phases("w.yaml", behaviour.DATE) for name, _ in phase]
    for step in steps:
        assert (workload / f"{step}.exit").read_text() == "0\n", step
        assert (workload / f"{step}.stderr").exists()
    assert json.loads((workload / "recommend-json.stdout").read_bytes())
    assert json.loads((workload / "check-json.stdout").read_bytes())["passed"] is True
    assert json.loads((workload / "check-sarif.stdout").read_bytes())["version"] == "2.1.0"
    for folder in ("decisions", "madr-minimal", "nygard"):
        adr = workload / "tree" / "docs" / folder / "0001-order-placed.md"
        assert f"\ndate: {behaviour.DATE}\n" in adr.read_text()
        assert "0001-order-placed.md" in (adr.parent / "README.md").read_text()
    # Paths are relative, or named: nothing of a temporary folder is kept.
    for name in behaviour.files(recording):
        text = (recording / name).read_bytes()
        assert b"advisor-behaviour" not in text and b"/tmp" not in text, name


def test_two_recordings_of_one_checkout_are_identical(
        recording: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = compare(recording, capsys)
    assert code == 0, out
    assert out == f"identical: {len(list(behaviour.files(recording)))} files in 1 workload(s)\n"


def test_a_different_date_is_found_with_its_diff(
        recording: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = compare(recording, capsys, "--date", "2026-12-01")
    assert code == 1
    assert f"differs: {EXAMPLE}/tree/docs/nygard/0001-order-placed.md" in out
    assert "+date: 2026-12-01" in out.replace("    ", "")
    assert "file(s) differ in 1 workload(s)" in out.splitlines()[-1]


def test_another_checkout_is_the_one_recorded(
        recording: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The advisor of the checkout given is run, not this one: a line added to its nygard
    template shows in its nygard ADR, and only there."""
    checkout = tmp_path / "checkout"
    for part in ("advisor", "rules", "templates"):
        shutil.copytree(ROOT / part, checkout / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    template = checkout / "templates" / "nygard.md.j2"
    template.write_text(template.read_text() + "\nA line the redesign added.\n")
    code, out = compare(recording, capsys, str(checkout))
    assert code == 1
    differing = [line for line in out.splitlines() if line.startswith("differs: ")]
    assert differing == [f"differs: {EXAMPLE}/tree/docs/nygard/0001-order-placed.md"], out
    assert "+A line the redesign added." in out


def test_an_edited_a_missing_and_an_extra_file_are_each_reported(
        recording: Path, tmp_path: Path) -> None:
    now = tmp_path / "now"
    shutil.copytree(recording, now)
    adr = now / EXAMPLE / "tree" / "docs" / "decisions" / "0001-order-placed.md"
    adr.write_text(adr.read_text().replace("proposed", "accepted", 1))
    (now / EXAMPLE / "check-sarif.stdout").unlink()
    (now / EXAMPLE / "check-text.exit").write_text("1\n")
    index = now / EXAMPLE / "tree" / "docs" / "nygard" / "README.md"
    index.write_bytes(index.read_bytes().replace(b"\n", b"\r\n"))
    (now / EXAMPLE / "tree" / "stray.md").write_text("left behind\n")
    report = behaviour.diff(recording, now, [EXAMPLE])
    headers = [line for line in report if not line.startswith("    ")]
    assert headers == [
        f"only in the recording: {EXAMPLE}/check-sarif.stdout",
        f"differs: {EXAMPLE}/check-text.exit",
        f"differs: {EXAMPLE}/tree/docs/decisions/0001-order-placed.md",
        f"differs: {EXAMPLE}/tree/docs/nygard/README.md",
        f"only in this run: {EXAMPLE}/tree/stray.md",
    ]
    assert "    -0" in report and "    +1" in report
    assert any("same lines, different bytes" in line for line in report)
    assert behaviour.diff(recording, recording, [EXAMPLE]) == []


def test_a_long_diff_is_cut_short(recording: Path, tmp_path: Path) -> None:
    now = tmp_path / "now"
    shutil.copytree(recording, now)
    explain = now / EXAMPLE / "explain.stdout"
    explain.write_text(explain.read_text().upper())
    report = behaviour.diff(recording, now, [EXAMPLE], show=5)
    assert report[0] == f"differs: {EXAMPLE}/explain.stdout"
    assert len(report) == 7 and report[-1].startswith("    ... ")


def test_mistakes_in_the_command_line_exit_2(
        recording: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert behaviour.main(["record", str(recording)]) == 2  # not empty: nothing is replaced
    assert "not an empty folder" in capsys.readouterr().err
    assert behaviour.main(["record", str(tmp_path / "x"), "--only", "no-such"]) == 2
    assert "no such workload: no-such" in capsys.readouterr().err
    assert behaviour.main(["compare", str(tmp_path)]) == 2
    assert "no recording here" in capsys.readouterr().err
    assert behaviour.main(["compare", str(recording), "--only", "clickstream"]) == 2
    with pytest.raises(SystemExit) as exit_:
        behaviour.main(["compare", str(recording), str(tmp_path)])
    assert exit_.value.code == 2


def test_every_workload_is_recorded_under_a_name_of_its_own() -> None:
    names = behaviour.workloads()
    assert len(names) == len(list(ROOT.glob("examples/*.yaml"))) + len(
        list(ROOT.glob("tests/cases/*.yaml"))) + len(list(ROOT.glob("tests/scenarios/*.yaml")))
    assert {name.split("/")[0] for name in names} == {"examples", "cases", "scenarios"}
    case = behaviour.input_text(names["cases/browsers-fast"])
    assert "fires:" not in case and "name: prices" in case
    scenario = behaviour.input_text(names["scenarios/01-serverlesspresso-order-updates"])
    assert "expected:" not in scenario and "serverlesspresso" in scenario


@pytest.mark.slow
def test_a_case_and_a_scenario_record_identically_twice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The workloads rewritten from a case and a scenario, and an example of several
    workloads, record the same twice over."""
    only = ["--only", "browsers-fast", "--only", "01-serverlesspresso-order-updates",
            "--only", "checkout-system"]
    assert behaviour.main(["record", str(tmp_path / "rec"), *only]) == 0
    assert "3 workload(s)" in capsys.readouterr().out
    assert len(list((tmp_path / "rec" / "examples/checkout-system/tree/docs/decisions").glob(
        "000*.md"))) == 3
    code, out = compare(tmp_path / "rec", capsys)
    assert code == 0, out
