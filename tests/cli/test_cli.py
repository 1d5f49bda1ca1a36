from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor import __version__
from advisor.cli.app import app_for
from tests.conftest import EXAMPLES, ROOT, run_advisor, run_cli

EXAMPLE = ROOT / "examples" / "order-placed.yaml"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def test_version() -> None:
    result = run_cli(["--version"])
    assert (result.exit_code, result.stdout) == (0, f"advisor {__version__}\n")


def test_help_shows_examples() -> None:
    assert "advisor recommend examples/order-placed.yaml" in run_cli(["--help"]).stdout
    assert "--dry-run --format json" in run_cli(["recommend", "--help"]).stdout


def test_recommend_writes_the_adr_and_summarises(in_tmp: Path) -> None:
    result = run_cli(["recommend", str(EXAMPLE), "--date", "2026-01-31"])
    assert result.exit_code == 0, result.stderr
    adr = in_tmp / "docs" / "decisions" / "0001-order-placed.md"
    assert adr.is_file()
    assert "order-placed  →  HYBRID" in result.stdout
    assert "ADR written: docs/decisions/0001-order-placed.md" in result.stdout
    text = adr.read_text()
    assert text.startswith("---\nstatus: proposed\ndate: 2026-01-31\n")


def test_the_next_workload_takes_the_next_number(in_tmp: Path) -> None:
    run_cli(["recommend", str(EXAMPLE)])
    run_cli(["recommend", str(ROOT / "examples" / "password-reset.yaml")])
    names = sorted(p.name for p in (in_tmp / "docs" / "decisions").iterdir())
    assert names == ["0001-order-placed.md", "0002-password-reset.md", "README.md"]


def test_an_existing_adr_is_left_alone_unless_forced(in_tmp: Path) -> None:
    run_cli(["recommend", str(EXAMPLE), "--date", "2026-01-31"])
    adr = in_tmp / "docs" / "decisions" / "0001-order-placed.md"
    adr.write_text(adr.read_text() + "\nA person's note.\n")
    result = run_cli(["recommend", str(EXAMPLE), "--date", "2026-02-01"])
    assert result.exit_code == 0
    assert "ADR edited by people, kept: docs/decisions/0001-order-placed.md" in result.stdout
    assert "A person's note." in adr.read_text()
    result = run_cli(["recommend", str(EXAMPLE), "--date", "2026-02-01", "--force"])
    assert result.exit_code == 0 and "replaced" in result.stdout
    assert "date: 2026-02-01" in adr.read_text()
    assert sorted(p.name for p in adr.parent.iterdir()) == ["0001-order-placed.md", "README.md"]


def test_dry_run_writes_nothing(in_tmp: Path) -> None:
    result = run_cli(["recommend", str(EXAMPLE), "--dry-run", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["workloads"][0]["adr"] is None
    assert list(in_tmp.iterdir()) == []


def test_json_is_the_documented_shape(in_tmp: Path) -> None:
    result = run_cli(["recommend", str(ROOT / "examples" / "checkout-system.yaml"),
                    "--format", "json", "--adr-dir", "adrs"])
    doc = json.loads(result.stdout)
    assert set(doc) == {"format_version", "advisor_version", "knowledge_as_of", "workloads"}
    assert doc["format_version"] == 1
    assert [w["name"] for w in doc["workloads"]] == [
        "cart-abandoned", "ledger-entry-posted", "receipt-stored"]
    for entry in doc["workloads"]:
        assert {"name", "source", "model", "scores", "margin", "services", "rules",
                "warnings", "adr"} <= set(entry)
        assert entry["model"] in ("push", "poll", "hybrid")
        assert set(entry["scores"]) == {"push", "poll", "hybrid"}
        best = entry["scores"][entry["model"]]
        assert entry["margin"] <= best
        assert all({"id", "role", "why"} <= set(s) for s in entry["services"])
        assert all({"id", "title", "effect", "rationale"} <= set(r) for r in entry["rules"])
        assert entry["adr"].startswith("adrs/")
    assert "ADR written" in result.stderr


def test_output_is_byte_identical_for_the_same_input(in_tmp: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01
    run_cli(["recommend", str(EXAMPLE), "--adr-dir", "one"], env=env)
    run_cli(["recommend", str(EXAMPLE), "--adr-dir", "two"], env=env)
    one = (in_tmp / "one" / "0001-order-placed.md").read_bytes()
    two = (in_tmp / "two" / "0001-order-placed.md").read_bytes()
    assert one == two
    assert b"\ndate: 2026-01-01\n" in one


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_recommends(example: Path) -> None:
    result = run_cli(["recommend", str(example), "--dry-run"])
    assert result.exit_code == 0, result.stderr


def test_bad_input_exits_2_with_every_problem_and_writes_nothing(in_tmp: Path) -> None:
    bad = in_tmp / "bad.yaml"
    bad.write_text("version: 1\nname: a\nkind: evnt\nlatency: fast\nordering: random\n")
    result = run_cli(["recommend", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("bad.yaml:")]
    assert [line.split(": ")[0] for line in lines] == ["bad.yaml:3:7", "bad.yaml:4:10",
                                                       "bad.yaml:5:11"]
    assert "3 problems found; nothing was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in in_tmp.iterdir()) == ["bad.yaml"]


def test_one_bad_file_stops_every_file(in_tmp: Path) -> None:
    bad = in_tmp / "bad.yaml"
    bad.write_text("version: 1\nname: a\n")
    result = run_cli(["recommend", str(EXAMPLE), str(bad)])
    assert result.exit_code == 2
    assert not (in_tmp / "docs").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["recommend", "missing.yaml"], "missing.yaml: no such file"),
    (["recommend", str(EXAMPLE), "--date", "31/01/2026"], "--date: '31/01/2026' is not a date"),
])
def test_usage_mistakes_exit_2(args: list[str], message: str) -> None:
    result = run_cli([*args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_source_date_epoch_is_named() -> None:
    result = run_cli(["recommend", str(EXAMPLE)], env={"SOURCE_DATE_EPOCH": "soon"})
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr


def test_an_internal_error_exits_3_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.answers.recommend

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(advisor.answers.recommend, "advise", broken)
    result = run_cli(["recommend", str(EXAMPLE)])
    assert result.exit_code == 3
    assert "internal error (RuntimeError): boom" in result.stderr
    assert "--debug" in result.stderr and "Traceback" not in result.stderr
    result = run_cli(["recommend", str(EXAMPLE), "--debug"])
    assert result.exit_code == 3 and "Traceback" in result.stderr


def test_runs_as_a_module() -> None:
    result = run_advisor("--version")
    assert result.stdout == f"advisor {__version__}\n"


def test_help_shows_bracketed_defaults_verbatim() -> None:
    text = run_cli(["check", "--help"]).stdout
    assert "[tool.advisor]" in text and "[default:" in text


def test_user_text_in_messages_is_printed_verbatim(in_tmp: Path) -> None:
    bad = in_tmp / "bad.yaml"
    bad.write_text("version: 1\nname: a\nkind: ':moon: [red]x[/red]'\n")
    result = run_cli(["recommend", str(bad)])
    assert "kind ':moon: [red]x[/red]' is not one of" in result.stderr


def test_the_summary_names_ruled_out_models() -> None:
    result = run_cli(["recommend", str(ROOT / "examples" / "payment-commands.yaml"), "--dry-run"])
    assert "push ruled out by PP303" in result.stdout


def test_init_without_enough_input_is_a_clean_error(in_tmp: Path) -> None:
    result = run_cli(["init", "w.yaml"], input="my-flow\n")
    assert result.exit_code == 2
    assert "the input ended before every question was answered" in result.stderr
    assert not (in_tmp / "w.yaml").exists()


def test_check_of_a_missing_path_is_a_usage_error() -> None:
    result = run_cli(["check", "nowhere.yaml"])
    assert result.exit_code == 2 and "nowhere.yaml: no such file or folder" in result.stderr


def test_a_missing_rule_pack_in_the_config_is_located(in_tmp: Path) -> None:
    (in_tmp / ".advisor.yaml").write_text("adr_dir: docs\nrules: [team-rules]\n")
    result = run_cli(["rules", "list"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{in_tmp}/.advisor.yaml:2:8: the rule pack folder")


def _every_command() -> list[list[str]]:
    from advisor.cli.app import app

    paths: list[list[str]] = [[]]
    for command in app.registered_commands:
        assert command.callback is not None
        paths.append([command.name or command.callback.__name__.replace("_", "-")])
    for group in app.registered_groups:
        assert group.name and group.typer_instance
        paths.append([group.name])
        paths += [[group.name, sub.name or ""] for sub in group.typer_instance.registered_commands]
    return paths


@pytest.mark.parametrize("path", _every_command(), ids=lambda p: " ".join(p) or "advisor")
def test_the_one_command_app_answers_as_the_whole_app(path: list[str]) -> None:
    """`advisor` builds only the command it runs (`app_for`); help must not tell."""
    from advisor.cli.app import app

    for args in ([*path, "--help"], ["--help", *path]):
        whole = run_cli(args, app=app)
        alone = run_cli(args)
        assert (alone.exit_code, alone.stdout) == (whole.exit_code, whole.stdout), args
        assert whole.exit_code == 0 and "Usage: " in whole.stdout


def test_only_the_named_command_is_built() -> None:
    from advisor.cli.app import app

    alone = app_for(["recommend", "w.yaml", "--dry-run"])
    assert [c.callback.__name__ for c in alone.registered_commands if c.callback] == [
        "recommend"]
    assert not alone.registered_groups
    assert [g.name for g in app_for(["adr", "index"]).registered_groups] == ["adr"]
    for args in ([], ["--version"], ["--help"], ["recomend", "w.yaml"], ["--help", "check"]):
        assert app_for(args) is app  # help and "No such command" need every command
    assert len(app.registered_commands) > 1  # app_for copied, it did not prune the app
    # app_for takes the first word that is not an option for the command's name, which holds
    # while no option before the command takes a value.
    import typer.main

    group = typer.main.get_command(app)
    assert all(getattr(p, "is_flag", False) for p in group.params), group.params


def test_written_files_get_ordinary_permissions(in_tmp: Path) -> None:
    """New files follow the umask, as an editor's would; a replaced file keeps its mode."""
    old = os.umask(0o022)
    try:
        run_cli(["recommend", str(EXAMPLE), "--date", "2026-01-31"])
        adr = in_tmp / "docs" / "decisions" / "0001-order-placed.md"
        index = adr.parent / "README.md"
        assert adr.stat().st_mode & 0o777 == 0o644
        assert index.stat().st_mode & 0o777 == 0o644
        adr.chmod(0o664)
        run_cli(["recommend", str(EXAMPLE), "--date", "2026-02-01", "--force"])
        assert "date: 2026-02-01" in adr.read_text()
        assert adr.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)


def test_no_help_text_is_turned_into_an_emoji() -> None:
    """Rich renders `:name:` as an emoji in help text: `reset:email:::x` once printed as
    `reset✉::x`."""
    import re

    from rich._emoji_codes import EMOJI


    for command in ("recommend", "init", "check", "explain", "adr", "rules", "schema"):
        shown = run_cli([command, "--help"], env={"COLUMNS": "200"}).stdout
        assert not any(ord(ch) > 0x2000 and ch not in "─│╭╮╰╯┌┐└┘├┤┬┴┼━┃…"
                       for ch in shown), command
        assert not [m for m in re.findall(r":([a-z_]+):", shown) if m in EMOJI], command
