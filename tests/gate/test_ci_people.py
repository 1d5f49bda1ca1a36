"""CI without papercuts (issue 14, items 14 to 18): paths from the repository root whatever
folder a command ran in, SARIF fingerprints that tell findings apart, the pre-commit hook,
the GitHub Action, and the conventions of other CI tools (--quiet, --output, `-`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT, git, git_repo, run_cli

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
DATE = "2026-11-28"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_repo(tmp_path, monkeypatch, "payment-commands")


def sarif_results(*args: str) -> list[dict[str, object]]:
    result = run_cli(["check", "--format", "sarif", "--date", DATE, *args])
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SARIF_SCHEMA)
    results: list[dict[str, object]] = document["runs"][0]["results"]
    return results


def uri(result: dict[str, object]) -> str:
    location = result["locations"][0]["physicalLocation"]  # type: ignore[index]
    return str(location["artifactLocation"]["uri"])


def fingerprint(result: dict[str, object]) -> str:
    return str(result["partialFingerprints"]["advisorFinding/v2"])  # type: ignore[index]


# -- 14: paths from the repository root ----------------------------------------------------


def test_recommend_in_a_subfolder_then_check_from_the_root_passes(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "workloads")
    result = run_cli(["recommend", "payment-commands.yaml", "--date", DATE])
    assert result.exit_code == 0, result.output
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    assert adr.is_file() and not (repo / "workloads" / "docs").exists()
    text = adr.read_text()
    assert "  file: workloads/payment-commands.yaml\n" in text
    assert "from `workloads/payment-commands.yaml`" in text  # the closing line
    monkeypatch.chdir(repo)
    result = run_cli(["check", "--date", DATE])
    assert result.exit_code == 0, result.output
    assert "in 1 workload and 1 ADR" in result.stdout
    # And from another subfolder, which holds neither.
    (repo / "elsewhere").mkdir()
    monkeypatch.chdir(repo / "elsewhere")
    assert run_cli(["check", "--date", DATE]).exit_code == 0


def test_sarif_and_annotations_name_files_from_the_root_whatever_the_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision: {model: push}\n")
    (repo / "deep" / "er").mkdir(parents=True)
    seen = []
    for folder in (repo, repo / "workloads", repo / "deep" / "er"):
        monkeypatch.chdir(folder)
        results = sarif_results()
        seen.append(sorted((r["ruleId"], uri(r), fingerprint(r)) for r in results))
        assert {uri(r) for r in results} == {"workloads/payment-commands.yaml",
                                             "docs/decisions/0001-payment-commands.md"}
        annotations = run_cli(["check", "--format", "github", "--date", DATE]).stdout
        files = set(re.findall(r"^::\w+ file=([^,]+),", annotations, re.MULTILINE))
        assert files == {"workloads/payment-commands.yaml",
                         "docs/decisions/0001-payment-commands.md"}, annotations
        # The text report stays as the user would type the path from where they are.
        text = run_cli(["check", "--date", DATE]).stdout
        assert "payment-commands.yaml" in text
    assert seen[0] == seen[1] == seen[2]  # the same alerts from any folder


# -- 15: SARIF fingerprints ----------------------------------------------------------------


def test_two_findings_of_one_code_on_one_workload_have_their_own_fingerprints(
        repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    original = workload.read_text()
    # Both the recorded model and the services disagree: two ADV105 on one workload.
    workload.write_text(original + "decision: {model: push, services: [sns]}\n")
    results = sarif_results()
    disagree = [r for r in results if r["ruleId"] == "ADV105"]
    assert len(disagree) == 2
    prints = [fingerprint(r) for r in results]
    assert len(set(prints)) == len(prints)
    # Stable across runs, and across a line move (a comment above everything).
    assert [fingerprint(r) for r in sarif_results()] == prints
    workload.write_text("# moved down a line\n" + original
                        + "decision: {model: push, services: [sns]}\n")
    moved = sarif_results()
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]  # type: ignore[index]
            for r in moved if r["ruleId"] == "ADV105"] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]  # type: ignore[index]
        for r in disagree]
    assert sorted(fingerprint(r) for r in moved) == sorted(prints)


def test_findings_identical_but_for_a_number_are_still_told_apart(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    adr = repo / "docs" / "decisions" / "0001-payment-commands.md"
    adr.write_text(adr.read_text() + "\nSee ADR-0007 and ADR-0008.\n")
    broken = [r for r in sarif_results() if r["ruleId"] == "ADV107"]
    assert len(broken) == 2 and fingerprint(broken[0]) != fingerprint(broken[1])


# -- 16: the pre-commit hook ---------------------------------------------------------------


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    found: dict[str, object] = next(h for h in hooks if h["id"] == "advisor-check")
    return found


def test_the_hook_runs_on_every_commit_and_finds_its_own_files() -> None:
    declared = hook()
    assert declared["always_run"] is True and declared["pass_filenames"] is False
    assert "files" not in declared and "types" not in declared


def test_a_commit_that_only_deletes_an_adr_runs_the_hook(repo: Path) -> None:
    """pre-commit itself decides whether the hook runs: the hook as declared (with the
    installed advisor as a system command, so that no environment is built)."""
    advisor = Path(sys.executable).parent / "advisor"
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    (repo / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    local = {**hook(), "language": "system", "entry": f"{advisor} check --date {DATE}"}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(
        {"repos": [{"repo": "local", "hooks": [local]}]}))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Record the decision")
    git(repo, "rm", "-q", "docs/decisions/0001-payment-commands.md")
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
           "HOME": str(repo.parent), "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "A", "GIT_COMMITTER_NAME": "A"}
    assert shutil.which("git", path=env["PATH"])
    ran = subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=repo, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "advisor check" in ran.stdout and "Failed" in ran.stdout
    assert "ADV102" in ran.stdout  # the workload's ADR is gone


# -- 17: the GitHub Action -----------------------------------------------------------------

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS: list[dict[str, object]] = ACTION["runs"]["steps"]


def check_step() -> dict[str, object]:
    return next(step for step in STEPS if step.get("id") == "check")


def test_no_expression_reaches_a_run_script() -> None:
    """The runner pastes ${{ }} into a script's text before the shell reads it (zizmor's
    template-injection): every value reaches `run:` through `env:`."""
    scripts = [str(step["run"]) for step in STEPS if "run" in step]
    assert len(scripts) == 2
    for script in scripts:
        assert "${{" not in script, script
    for step in STEPS:
        for value in dict(step.get("env", {})).values():  # type: ignore[call-overload]
            assert str(value).startswith("${{") or "${{" not in str(value)


def test_inputs_outputs_and_one_run_in_its_own_venv() -> None:
    assert {"args", "sarif", "working-directory", "python-version"} <= set(ACTION["inputs"])
    assert check_step()["working-directory"] == "${{ inputs.working-directory }}"
    outputs = ACTION["outputs"]
    assert outputs["findings"]["value"] == "${{ steps.check.outputs.findings }}"
    assert outputs["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"
    setup = next(step for step in STEPS if str(step.get("uses", "")).startswith(
        "actions/setup-python"))
    assert setup["with"]["update-environment"] is False  # type: ignore[index]
    for step in STEPS:  # a tag can be moved to other code; a commit cannot
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", str(step["uses"])), step
    install = next(step for step in STEPS if "pip install" in str(step.get("run", "")))
    assert install["env"]["ADVISOR_VENV"] == "${{ runner.temp }}/advisor-venv"  # type: ignore[index]
    assert "python -m pip" not in str(install["run"]).replace('"$bin/python" -m pip', "")
    runs = sum(str(step.get("run", "")).count('"$bin/advisor" check') for step in STEPS)
    assert runs == 1
    assert "GITHUB_STEP_SUMMARY" in str(check_step()["run"])


@pytest.fixture
def action_env(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The check step's environment as the runner gives it, with advisor's venv standing for
    the one the install step makes."""
    temp = tmp_path_factory.mktemp("runner-temp")
    venv = temp / "advisor-venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "advisor").symlink_to(Path(sys.executable).parent / "advisor")
    (venv / "python").symlink_to(sys.executable)
    (temp / "output").touch()
    (temp / "summary").touch()
    return {"PATH": os.environ["PATH"], "HOME": str(temp), "RUNNER_TEMP": str(temp),
            "ADVISOR_VENV": str(temp / "advisor-venv"), "ADVISOR_SARIF": "",
            "GITHUB_OUTPUT": str(temp / "output"), "GITHUB_STEP_SUMMARY": str(temp / "summary")}


def run_step(env: dict[str, str], cwd: Path, **given: str) -> tuple[int, str, dict[str, str]]:
    step = check_step()
    Path(env["GITHUB_OUTPUT"]).write_text("")  # a file per step, as the runner gives
    ran = subprocess.run(["bash", "-e", "-c", str(step["run"])], cwd=cwd, env={**env, **given},
                         capture_output=True, text=True, timeout=120, check=False)
    outputs = dict(line.split("=", 1) for line in
                   Path(env["GITHUB_OUTPUT"]).read_text().splitlines())
    return ran.returncode, ran.stdout + ran.stderr, outputs


def test_the_check_step_for_real(repo: Path, action_env: dict[str, str]) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision: {model: push}\n")
    # Run in a subfolder (working-directory), with a relative sarif path.
    status, log, outputs = run_step(action_env, repo / "workloads",
                                    ADVISOR_ARGS=f"--date {DATE}\n--fail-on error",
                                    ADVISOR_SARIF="reports.sarif")
    assert status == 1, log  # ADV105 is an error
    assert "::error file=workloads/payment-commands.yaml," in log
    sarif = Path(outputs["sarif-file"])
    assert sarif == repo / "workloads" / "reports.sarif"
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert int(outputs["findings"]) == len(results) >= 2
    summary = Path(action_env["GITHUB_STEP_SUMMARY"]).read_text()
    assert summary.startswith("### advisor check failed") and "| ADV105 |" in summary


def test_the_check_step_passes_arguments_as_words_never_as_shell(
        repo: Path, action_env: dict[str, str]) -> None:
    status, log, outputs = run_step(action_env, repo,
                                    ADVISOR_ARGS="$(touch pwned) `touch pwned2`; touch pwned3")
    assert status == 2, log  # advisor was given those words as paths, and refused them
    assert not list(repo.glob("pwned*")) and not list(repo.parent.glob("pwned*"))
    assert outputs == {"findings": ""}
    assert "could not run (exit code 2)" in Path(action_env["GITHUB_STEP_SUMMARY"]).read_text()
    status, log, outputs = run_step(action_env, repo, ADVISOR_SARIF="a\nfindings=7")
    assert status == 2 and "holds a line break" in log and "findings" not in outputs


# -- 18: conventions of other CI tools: check -----------------------------------------------


def test_check_with_no_workloads_passes_with_a_note_and_still_writes_its_report(
        repo: Path) -> None:
    (repo / "workloads" / "payment-commands.yaml").unlink()
    result = run_cli(["check", "--format", "sarif", "--output", "advisor.sarif"])
    assert result.exit_code == 0, result.output
    assert "advisor check: no workloads to check" in result.stderr
    assert json.loads((repo / "advisor.sarif").read_text())["runs"][0]["results"] == []
    quiet = run_cli(["check", "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_one_check_run_writes_every_report_it_is_asked_for(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision: {model: push}\n")
    result = run_cli(["check", "--date", DATE, "--format", "github", "--report",
                      "sarif:out/a.sarif", "--report", "markdown:out/summary.md",
                      "--report", "json:out/a.json"])
    assert result.exit_code == 1
    assert "::error file=workloads/payment-commands.yaml" in result.stdout
    sarif = json.loads((repo / "out" / "a.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SCHEMA)
    document = json.loads((repo / "out" / "a.json").read_text())
    assert len(document["findings"]) == len(sarif["runs"][0]["results"]) >= 2
    summary = (repo / "out" / "summary.md").read_text()
    assert summary.startswith("### advisor check failed\n")
    assert summary.count("\n| ") == 2 + len(document["findings"])  # header, rule, rows
    assert "report written to out/summary.md" in result.stderr


def test_a_bad_report_writes_nothing(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    for wrong in ("sarif", "pdf:x.pdf", "json:"):
        result = run_cli(["check", "--report", "json:first.json", "--report", wrong])
        assert result.exit_code == 2 and "--report" in result.stderr, result.output
    assert not (repo / "first.json").exists()
    result = run_cli(["check", "--report", "json:first.json", "--report",
                      "sarif:" + "x" * 300 + ".sarif"])
    assert result.exit_code == 2 and not (repo / "first.json").exists()


def test_markdown_findings_cannot_open_links_or_html(repo: Path) -> None:
    hostile = repo / "workloads" / "[x](https:__evil) <img src=x> | a.yaml"
    hostile.write_text("name: [\n")
    result = run_cli(["check", "--format", "markdown", str(hostile)])
    assert result.exit_code == 1
    row = next(line for line in result.stdout.splitlines() if "ADV101" in line)
    assert "\\[x\\]\\(https:\\_\\_evil\\) \\<img src=x\\> \\| a.yaml" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # only the table's own cells


def test_quiet_check_prints_only_a_failing_report(repo: Path) -> None:
    assert run_cli(["recommend", "workloads/payment-commands.yaml", "--date", DATE]
                   ).exit_code == 0
    passing = run_cli(["check", "--quiet", "--date", DATE, "--output", "r.txt"])
    assert passing.exit_code == 0 and passing.stdout == passing.stderr == ""
    assert "advisor check passed" in (repo / "r.txt").read_text()
    assert run_cli(["check", "-q", "--date", DATE]).stdout == ""
    workload = repo / "workloads" / "payment-commands.yaml"
    workload.write_text(workload.read_text() + "decision: {model: push}\n")
    failing = run_cli(["check", "-q", "--date", DATE])
    assert failing.exit_code == 1 and "ADV105" in failing.stdout
    # `-o -`: standard output, as other tools take it.
    dash = run_cli(["check", "--date", DATE, "--format", "json", "-o", "-"])
    assert json.loads(dash.stdout)["passed"] is False and not (repo / "-").exists()


# -- 18: conventions of other CI tools: every command ---------------------------------------

WORKLOAD = (ROOT / "examples" / "payment-commands.yaml").read_text()


def test_every_report_goes_to_output_atomically(repo: Path) -> None:
    commands = {
        "recommend": ["recommend", "workloads/payment-commands.yaml", "--dry-run"],
        "recommend-json": ["recommend", "workloads/payment-commands.yaml", "--dry-run",
                           "--format", "json"],
        "explain": ["explain", "workloads/payment-commands.yaml"],
        "schema": ["schema"],
        "rules-list": ["rules", "list"],
        "rules-explain": ["rules", "explain", "PP303"],
        "rules-test": ["rules", "test"],
        "check-explain": ["check", "--explain", "ADV103"],
    }
    for name, args in commands.items():
        shown = run_cli(args)
        assert shown.exit_code == 0 and shown.stdout, name
        result = run_cli([*args, "--output", f"out/{name}.txt"])
        assert result.exit_code == 0, (name, result.output)
        assert result.stdout == "" and f"report written to out/{name}.txt" in result.stderr
        written = (repo / "out" / f"{name}.txt").read_text()
        assert written.split("\n")[:3] == shown.stdout.split("\n")[:3], name
        if name.startswith(("recommend", "check")):  # the commands that print notes
            quiet = run_cli([*args, "-q", "-o", f"out/{name}.txt"])
            assert quiet.exit_code == 0 and quiet.stdout == quiet.stderr == "", name
    assert json.loads((repo / "out" / "schema.txt").read_text())["$schema"]
    assert not (repo / "docs").exists()  # --dry-run wrote no ADR
    assert not list((repo / "out").glob(".*"))  # no temporary file left behind


def test_output_is_not_written_on_an_error(repo: Path) -> None:
    (repo / "bad.yaml").write_text("name: [\n")
    (repo / "kept.txt").write_text("before\n")
    for args in (["explain", "bad.yaml"], ["recommend", "bad.yaml", "--dry-run"],
                 ["rules", "explain", "PP999"]):
        result = run_cli([*args, "--output", "kept.txt"])
        assert result.exit_code == 2, result.output
        assert (repo / "kept.txt").read_text() == "before\n"
    assert run_cli(["schema", "-o", "x" * 300]).exit_code == 2


def test_a_workload_from_standard_input(repo: Path) -> None:
    result = run_cli(["recommend", "-", "--dry-run", "--format", "json"], input=WORKLOAD)
    assert result.exit_code == 0, result.output
    from_file = run_cli(["recommend", "workloads/payment-commands.yaml", "--dry-run",
                         "--format", "json"])
    stdin_doc, file_doc = json.loads(result.stdout), json.loads(from_file.stdout)
    ignored = ("source", "adr")
    assert {k: v for k, v in stdin_doc["workloads"][0].items() if k not in ignored} == {
        k: v for k, v in file_doc["workloads"][0].items() if k not in ignored}
    assert stdin_doc["workloads"][0]["source"] == "<stdin>"
    explained = run_cli(["explain", "-"], input=WORKLOAD)
    assert explained.exit_code == 0 and "(<stdin>)" in explained.stdout
    # Mistakes are located in <stdin>.
    bad = run_cli(["explain", "-"], input="name: [\n")
    assert bad.exit_code == 2 and bad.stderr.startswith("<stdin>:2:1: YAML syntax error")
    # Without --dry-run there is no file for the ADR to record: refused, nothing written.
    refused = run_cli(["recommend", "-"], input=WORKLOAD)
    assert refused.exit_code == 2 and "<stdin>: a workload read from standard input" in (
        refused.stderr) and "--dry-run" in refused.stderr
    assert not (repo / "docs").exists()
    twice = run_cli(["recommend", "-", "-", "--dry-run"], input=WORKLOAD)
    assert twice.exit_code == 2 and "named more than once" in twice.stderr
    check = run_cli(["check", "-"], input=WORKLOAD)
    assert check.exit_code == 2 and "check reads workload files, not standard input" in (
        check.stderr)
    big = run_cli(["explain", "-"], input="#" * (2 * 1024 * 1024))
    assert big.exit_code == 2 and "<stdin>: more than" in big.stderr


def test_quiet_recommend_and_adr_commands_print_nothing_but_errors(repo: Path) -> None:
    result = run_cli(["recommend", "workloads/payment-commands.yaml", "--quiet"])
    assert result.exit_code == 0 and result.stdout == result.stderr == ""
    assert (repo / "docs" / "decisions" / "0001-payment-commands.md").is_file()
    as_json = run_cli(["recommend", "workloads/payment-commands.yaml", "-q", "--format",
                       "json"])
    assert json.loads(as_json.stdout)["workloads"] and as_json.stderr == ""
    for args in (["adr", "index"], ["adr", "renumber"]):
        assert run_cli(args).stdout  # says what it did, unless quiet
        quiet = run_cli([*args, "--quiet"])
        assert quiet.exit_code == 0 and quiet.stdout == quiet.stderr == ""
    wrong = run_cli(["recommend", "missing.yaml", "--quiet"])
    assert wrong.exit_code == 2 and "missing.yaml" in wrong.stderr


def test_shell_completion_is_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where shellingham is installed, typer's --show-completion is a flag and the shell is
    # found among the process's ancestors, so a run with no shell above it (a detached or
    # CI runner) got exit 1: the shell is given here, not taken from the process tree.
    try:
        import shellingham
    except ImportError:  # typer then takes the shell named on the command line
        pass
    else:
        monkeypatch.setattr(shellingham, "detect_shell", lambda *_, **__: ("bash", "bash"))
    env = {**os.environ, "_ADVISOR_COMPLETE": "complete_bash", "COMP_WORDS": "advisor rec",
           "COMP_CWORD": "1", "SHELL": "/bin/bash"}
    advisor = str(Path(sys.executable).parent / "advisor")
    ran = subprocess.run([advisor], env=env, capture_output=True, text=True, timeout=60,
                         check=False)
    assert ran.stdout.split() == ["recommend"], ran.stdout + ran.stderr
    shown = run_cli(["--show-completion", "bash"])
    assert shown.exit_code == 0 and "_ADVISOR_COMPLETE=complete_bash" in shown.stdout
    assert "--install-completion" in run_cli(["--help"]).stdout


def test_a_report_that_cannot_be_written_after_the_adrs_says_so(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file in the way of the report's folder is refused before anything is written.
    early = run_cli(["recommend", "workloads/payment-commands.yaml", "-o",
                     "workloads/payment-commands.yaml/report.txt"])
    assert early.exit_code == 2 and "Nothing was written" in early.stderr
    assert not (repo / "docs").exists()
    from advisor.adr import folder as adr
    from advisor.errors import InputError

    def full(path: Path, text: str) -> None:
        raise InputError(str(path), 0, 0, "cannot write here: No space left on device", "")

    monkeypatch.setattr(adr, "write_output", full)
    result = run_cli(["recommend", "workloads/payment-commands.yaml", "-o", "report.txt"])
    assert result.exit_code == 2
    assert "Written before the failure:" in result.stderr
    assert "Nothing was written" not in result.stderr
    assert (repo / "docs" / "decisions" / "0001-payment-commands.md").is_file()
    dry = run_cli(["recommend", "workloads/payment-commands.yaml", "--dry-run", "-o",
                   "report.txt"])
    assert dry.exit_code == 2 and "Written before" not in dry.stderr
