"""Hostile repositories, the path doors (issue #18, item 3, and the path cases of item 7).

Each test builds a git repository in tmp_path as a pull request could commit it, next to a
folder outside it that holds a secret, runs `advisor check` (and the other commands that
take an ADR folder) in-process, and asserts the exit code, the located message, and that
the secret reaches no output format.
"""

from __future__ import annotations

import os
import shutil
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from advisor.answers.paths import display_path
from advisor.cli.check import run_check
from advisor.cli.guard import guarded
from advisor.format.config import repository_root
from tests.conftest import ROOT, git, git_repo, run_cli

SECRET = "SECRET-abc123"
FORMATS = ("text", "json", "sarif", "junit", "github")
ADR = "docs/decisions/0001-password-reset.md"
LONG = "a" * 5000


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one workload and its ADR, as the current folder. Next to it,
    outside/ holds a secret (as a YAML scalar, so a parse message would quote it), a rule
    pack that quotes it, and an ADR folder. .git/config holds it too, as the credentials
    actions/checkout leaves there."""
    outside = tmp_path / "outside"
    (outside / "decisions").mkdir(parents=True)
    (outside / "pack").mkdir()
    (outside / "secret.yaml").write_text(f"{SECRET} is the deploy token\n")
    (outside / "pack" / "rule.yaml").write_text(f"{SECRET}: [\n")
    root = tmp_path / "repo"
    root.mkdir()
    git_repo(root, monkeypatch, "password-reset")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = run_cli(["recommend", "workloads/password-reset.yaml", "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    git(root, "config", "http.extraheader", f"AUTHORIZATION: basic {SECRET}")
    return root


def check_all(*args: str) -> list[Result]:
    """`advisor check ARGS` in every output format; none may show the secret."""
    results = []
    for fmt in FORMATS:
        result = run_cli(["check", *args, "--format", fmt])
        assert SECRET not in result.stdout + result.stderr, (fmt, result.stdout,
                                                             result.stderr)
        assert "Traceback" not in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            fmt, result.exception)
        results.append(result)
    return results


def refused(args: tuple[str, ...], start: str, *fragments: str) -> None:
    for result in check_all(*args):
        assert result.exit_code == 2, (result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith(start), result.stderr
        for fragment in fragments:
            assert fragment in result.stderr, result.stderr


def record(repo: Path, file: str) -> None:
    """Make the ADR record `file` as its workload file (single-quoted YAML)."""
    path = repo / ADR
    text = path.read_text()
    assert "  file: workloads/password-reset.yaml\n" in text
    quoted = "'" + file.replace("'", "''") + "'"
    path.write_text(text.replace("  file: workloads/password-reset.yaml\n",
                                 f"  file: {quoted}\n"))


# -- an ADR's recorded workload path -------------------------------------------------------


RECORDED: dict[str, Callable[[Path], str]] = {
    "absolute": lambda repo: str(repo.parent / "outside" / "secret.yaml"),
    "dot-dot": lambda repo: "../outside/secret.yaml",
    "dot-dot inside a path": lambda repo: "workloads/../../outside/secret.yaml",
    "committed symlink": lambda repo: _link(repo / "workloads" / "link.yaml",
                                            "../../outside/secret.yaml"),
    "symlinked folder": lambda repo: _link(repo / "shared", "../outside") + "/secret.yaml",
}


def _link(path: Path, target: str) -> str:
    path.symlink_to(target)
    return path.relative_to(Path.cwd()).as_posix()


@pytest.mark.parametrize("case", RECORDED, ids=list(RECORDED))
def test_a_recorded_path_outside_the_repository_is_refused_and_never_read(
        case: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record(repo, RECORDED[case](repo))
    secret = os.path.realpath(repo.parent / "outside" / "secret.yaml")
    opened: list[str] = []
    real_open = os.open

    def spy(path: object, *args: object, **kwargs: object) -> int:
        opened.append(os.path.realpath(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    refused((), f"{ADR}:6:3: the recorded workload file ", "leads outside the repository",
            "it is not read")
    assert secret not in opened


@pytest.mark.parametrize("recorded", [".git/config", "workloads/git-config.yaml"])
def test_a_recorded_path_into_git_is_refused(recorded: str, repo: Path) -> None:
    (repo / "workloads" / "git-config.yaml").symlink_to("../.git/config")
    record(repo, recorded)
    refused((), f"{ADR}:6:3: the recorded workload file ",
            "leads into a hidden file or folder (such as .git)")


def test_a_recorded_path_in_a_flow_mapping_is_located(repo: Path) -> None:
    path = repo / ADR
    text = path.read_text()
    body = text[text.index("\n---\n", 3):]
    path.write_text("---\nstatus: proposed\nadvisor: {workload: password-reset, file: "
                    "../outside/secret.yaml}" + body)
    refused((), f"{ADR}:3:37: the recorded workload file '../outside/secret.yaml' leads "
            "outside the repository")


def test_recorded_paths_are_relative_to_the_repository_root(repo: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(repo / "docs")  # from a subfolder the ADR's path still resolves
    result = run_cli(["check", "--adr-dir", "decisions"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "in 1 workload and 1 ADR" in result.stdout


def test_every_refused_adr_is_reported_at_once(repo: Path) -> None:
    second = repo / "docs" / "decisions" / "0002-other.md"
    second.write_text("---\nstatus: proposed\nadvisor:\n  workload: other\n  file: "
                      "/etc/passwd\n---\n# Other\n")
    record(repo, "../outside/secret.yaml")
    result = run_cli(["check"])
    assert result.exit_code == 2
    assert f"{ADR}:6:3: " in result.stderr
    assert "docs/decisions/0002-other.md:5:3: the recorded workload file '/etc/passwd' leads "\
        "outside the repository" in result.stderr
    assert "2 problems found." in result.stderr


@pytest.mark.parametrize("recorded, problem", [
    ("a\0b.yaml", "holds a NUL byte"),
    (LONG + ".yaml", "is too long for a file name"),
])
def test_a_recorded_path_that_is_no_path_exits_2(recorded: str, problem: str,
                                                 repo: Path) -> None:
    path = repo / ADR
    escaped = recorded.replace("\0", "\\0")  # a YAML double-quoted escape
    path.write_text(path.read_text().replace("  file: workloads/password-reset.yaml\n",
                                             f'  file: "{escaped}"\n'))
    for result in check_all():
        assert result.exit_code == 2
        assert result.stderr.startswith(f"{ADR}:6:3: the recorded workload file ")
        assert problem in result.stderr
        assert len(result.stderr) < 1000  # the 5000-character name is shortened


# -- the ADR folder ------------------------------------------------------------------------


@pytest.mark.parametrize("setting", ["../outside/decisions", "decisions-link",
                                     "docs/../../outside/decisions"])
def test_a_config_adr_dir_outside_is_refused_at_its_key(setting: str, repo: Path) -> None:
    (repo / "decisions-link").symlink_to("../outside/decisions")
    (repo / ".advisor.yaml").write_text(f"adr_dir: {setting}\n")
    for command in (["recommend", "workloads/password-reset.yaml"], ["adr", "index"],
                    ["adr", "renumber"]):
        result = run_cli(command)
        assert result.exit_code == 2, result.stderr
        assert f".advisor.yaml:1:10: `adr_dir` {setting} leads outside the repository" in \
            result.stderr
    refused((), str(repo / ".advisor.yaml:1:10: `adr_dir`"))
    assert list((repo.parent / "outside" / "decisions").iterdir()) == []


def test_a_symlinked_default_adr_folder_is_refused(repo: Path) -> None:
    outside = repo.parent / "outside" / "decisions"
    (outside / "0001-password-reset.md").write_text(
        (repo / ADR).read_text().replace("file: workloads/password-reset.yaml",
                                         "file: ../outside/secret.yaml"))
    (repo / "docs" / "decisions").rename(repo / "docs" / "moved")
    (repo / "docs" / "decisions").symlink_to(outside)
    refused((), "docs/decisions: the ADR folder leads outside the repository")
    for command in (["adr", "index"], ["adr", "renumber"],
                    ["recommend", "workloads/password-reset.yaml"]):
        result = run_cli(command)
        assert result.exit_code == 2 and "leads outside the repository" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["0001-password-reset.md"]


@pytest.mark.parametrize("flag", ["../outside/decisions", "link-out", "/tmp"])
def test_adr_dir_flag_outside_is_refused_by_every_command(flag: str, repo: Path) -> None:
    (repo / "link-out").symlink_to("../outside/decisions")
    start = f"--adr-dir: the ADR folder {flag} leads outside the repository ({repo})"
    refused(("--adr-dir", flag), start)
    for command in (["recommend", "workloads/password-reset.yaml"], ["adr", "index"],
                    ["adr", "renumber"]):
        result = run_cli([*command, "--adr-dir", flag])
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith(start)
    assert list((repo.parent / "outside" / "decisions").iterdir()) == []


def test_adr_dir_flag_inside_the_repository_still_works(repo: Path) -> None:
    result = run_cli(["recommend", "workloads/password-reset.yaml", "--adr-dir", "adrs",
                      "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    assert (repo / "adrs" / "0001-password-reset.md").is_file()
    result = run_cli(["check", "--adr-dir", str(repo / "adrs")])
    assert result.exit_code == 0, result.stdout + result.stderr


# -- config globs --------------------------------------------------------------------------


def test_a_glob_match_that_leads_outside_is_refused(repo: Path) -> None:
    (repo / "workloads" / "evil.yaml").symlink_to("../../outside/secret.yaml")
    (repo / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    refused((), str(repo / ".advisor.yaml:1:12: workloads/evil.yaml, matched by "
                    "'workloads/*.yaml', leads outside the repository"), "it is not read")


@pytest.mark.parametrize("glob", ["../outside/*.yaml", "**/../../outside/*",
                                  "workloads/../password-reset.yaml"])
def test_a_glob_that_climbs_is_refused_without_naming_what_it_matches(glob: str,
                                                                      repo: Path) -> None:
    (repo / ".advisor.yaml").write_text(f'workloads: "{glob}"\n')
    refused((), str(repo / ".advisor.yaml:1:12: `workloads` globs are relative to this file's "
                    "folder and stay below it (no absolute paths, no `..`)"))
    assert "secret.yaml" not in run_cli(["check"]).stderr


def test_a_glob_match_that_leads_into_git_is_refused(repo: Path) -> None:
    (repo / "workloads" / "cfg.yaml").symlink_to("../.git/config")
    (repo / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    refused((), str(repo / ".advisor.yaml:1:12: workloads/cfg.yaml"),
            "leads into a hidden file or folder (such as .git)")


@pytest.mark.parametrize("glob", ["/etc/*.yaml", "w\\0*.yaml"])
def test_an_absolute_or_nul_glob_is_refused_at_its_key(glob: str, repo: Path) -> None:
    (repo / ".advisor.yaml").write_text(f'workloads: ["{glob}"]\n')
    refused((), str(repo / ".advisor.yaml:1:12: `workloads` globs are relative to this "
                    "file's folder"))


def test_globs_pass_over_hidden_files_and_folders(repo: Path) -> None:
    for hidden in (".github/workflows/leak.yaml", ".env.yaml", "workloads/.draft.yaml"):
        (repo / hidden).parent.mkdir(parents=True, exist_ok=True)
        (repo / hidden).write_text(f"{SECRET}: [\n")
    (repo / ".advisor.yaml").write_text('workloads: ["**/*.yaml"]\n')  # itself hidden too
    for result in check_all():
        assert result.exit_code == 0, result.stdout + result.stderr
    assert "in 1 workload and 1 ADR" in run_cli(["check"]).stdout


@pytest.mark.parametrize("glob", [".git/token", ".git/*", ".github/workloads/*.yaml"])
def test_globs_pass_over_hidden_files_even_where_they_name_them(glob: str, repo: Path) -> None:
    (repo / ".git" / "token").write_text(f"{SECRET}\n")
    (repo / ".github" / "workloads").mkdir(parents=True)
    (repo / "workloads" / "password-reset.yaml").rename(
        repo / ".github" / "workloads" / "password-reset.yaml")
    (repo / ".advisor.yaml").write_text(f'workloads: ["{glob}"]\n')
    for result in check_all():
        # Nothing to read: a note, and the ADR whose workload is no longer checked (ADV114).
        assert result.exit_code == 1 and "no workloads to check" in result.stderr


def test_a_path_into_git_is_refused_even_on_the_command_line(repo: Path) -> None:
    (repo / ".git" / "token").write_text(f"{SECRET}\n")
    refused((".git/token",), ".git/token: the workload file leads into a hidden file or folder")


# -- rule packs ----------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["../outside/pack", "pack-link"])
def test_a_rule_pack_folder_outside_is_refused_at_its_key(folder: str, repo: Path) -> None:
    (repo / "pack-link").symlink_to("../outside/pack")
    (repo / ".advisor.yaml").write_text(f"rules: [{folder}]\n")
    refused((), str(repo / f".advisor.yaml:1:8: the rule pack folder {folder} leads outside "
                    "the repository"))
    result = run_cli(["rules", "list"])
    assert result.exit_code == 2 and SECRET not in result.stdout + result.stderr


def test_a_rule_file_that_leads_out_of_its_pack_is_refused(repo: Path) -> None:
    (repo / "pack").mkdir()
    (repo / "pack" / "team.yaml").symlink_to("../../outside/pack/rule.yaml")
    (repo / ".advisor.yaml").write_text("rules: [pack]\n")
    refused((), str(repo / "pack" / "team.yaml") + ": this rule file is a symbolic link that "
                "leads out of its pack folder")
    for args in (["rules", "list"], ["rules", "list", "--rules", "pack"]):
        result = run_cli(args)
        assert result.exit_code == 2 and SECRET not in result.stdout + result.stderr


def test_a_rule_pack_name_too_long_exits_2(repo: Path) -> None:
    result = run_cli(["rules", "list", "--rules", LONG])
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert "no such rule pack folder" in result.stderr and len(result.stderr) < 1000


# -- workload paths on the command line ----------------------------------------------------


def test_command_line_workloads_stay_inside_too(repo: Path) -> None:
    (repo / "workloads" / "evil.yaml").symlink_to("../../outside/secret.yaml")
    refused(("../outside/secret.yaml",),
            "../outside/secret.yaml: the workload path leads outside the repository")
    refused(("workloads/evil.yaml",), "workloads/evil.yaml: the workload path leads outside")
    refused(("workloads",), "workloads/evil.yaml: the workload file leads outside")


# -- exit codes for paths that are no paths (item 7) ---------------------------------------


@pytest.mark.parametrize("args, start", [
    (["check", LONG], "aaaa"),
    (["check", "--adr-dir", LONG], "--adr-dir: the ADR folder aaaa"),
    (["check", "--output", LONG], "--output: the report path aaaa"),
    (["check", "--config", LONG], "aaaa"),
    (["recommend", "workloads/password-reset.yaml", "--adr-dir", LONG], "--adr-dir: "),
    (["adr", "index", "--adr-dir", LONG], "--adr-dir: "),
    (["adr", "renumber", "--adr-dir", LONG], "--adr-dir: "),
], ids=["workload", "check --adr-dir", "--output", "--config", "recommend --adr-dir",
        "adr index", "adr renumber"])
def test_a_file_name_too_long_exits_2(args: list[str], start: str, repo: Path) -> None:
    result = run_cli(args)
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr.startswith(start)
    assert "too long" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr) < 1000


@pytest.mark.parametrize("paths, adr_dir, output, problem", [
    ([Path("a\0b.yaml")], None, None, "a\\0b.yaml: the workload path holds a NUL byte"),
    ([], Path("a\0b"), None, "--adr-dir: the ADR folder a\\0b holds a NUL byte"),
    ([], None, Path("a\0b"), "--output: the report path a\\0b holds a NUL byte"),
], ids=["workload", "--adr-dir", "--output"])
def test_a_nul_in_a_path_exits_2(paths: list[Path], adr_dir: Path | None,
                                 output: Path | None, problem: str, repo: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    # argv cannot carry a NUL, and typer's own Path conversion stats the value before
    # advisor sees it; the library is where a NUL can arrive.
    code = guarded(False, lambda: run_check(paths, adr_dir, None, "text", None, output),
                   writes=False)
    assert code == 2
    assert capsys.readouterr().err.startswith(problem)


def test_a_nul_in_the_config_adr_dir_exits_2(repo: Path) -> None:
    (repo / ".advisor.yaml").write_text('adr_dir: "docs\\0x"\n')
    refused((), str(repo / ".advisor.yaml:1:10: `adr_dir` docs\\0x holds a NUL byte"))


def test_display_path_never_raises() -> None:
    assert display_path(Path("a\0b")) == "a\\0b"
    assert display_path(Path(LONG)) == LONG


@pytest.mark.parametrize("before", ["", "[project]\nname = 'x'\n\n"])
def test_a_deeply_nested_tool_table_exits_2_located(before: str, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(before + "[tool.advisor]\nx = " + "[" * 100_000)
    line = before.count("\n") + 1
    for result in check_all():
        assert result.exit_code == 2, (result.stderr, result.exception)
        assert result.stderr.startswith(
            f"{repo / 'pyproject.toml'}:{line}:1: the TOML is nested too deeply to read")


def test_a_huge_pyproject_is_refused_without_reading_it_whole(repo: Path) -> None:
    """Refused, not passed over: a pull request must not drop the team's settings by
    swelling the file that holds them."""
    with open(repo / "pyproject.toml", "wb") as handle:
        handle.truncate(256 * 1024 * 1024)  # sparse: costs no disk, but 256 MiB to read
    tracemalloc.start()
    try:
        result = run_cli(["check"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2 and "may be at most 1,048,576" in result.stderr
    assert peak < 64 * 1024 * 1024


def test_the_repository_root_is_the_folder_holding_git(repo: Path, tmp_path: Path) -> None:
    (repo / "docs" / "deeper").mkdir()
    assert repository_root(repo / "docs" / "deeper") == repo.resolve()
    (repo / "sub").mkdir()
    (repo / "sub" / ".git").write_text("gitdir: elsewhere\n")  # a worktree or submodule
    assert repository_root(repo / "sub") == (repo / "sub").resolve()
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    assert repository_root(lonely) == lonely.resolve()


def test_an_adr_written_from_a_subfolder_records_the_path_check_reads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` reads recorded workload files relative to the repository root, so
    `recommend` records them that way, from whatever folder it runs."""
    root = git_repo(tmp_path, monkeypatch, "password-reset")
    monkeypatch.chdir(root / "workloads")
    result = run_cli(["recommend", "password-reset.yaml", "--adr-dir", "../docs/decisions",
                      "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    adr_text = (root / "docs" / "decisions" / "0001-password-reset.md").read_text()
    assert "file: workloads/password-reset.yaml\n" in adr_text
    monkeypatch.chdir(root)
    result = run_cli(["check", "--date", "2026-11-28"])
    assert result.exit_code == 0, result.stdout + result.stderr
    # The one warning is the age of the ADR's knowledge (ADV115: its 2024 prices).
    assert "0 errors, 1 warning, 0 notes in 1 workload and 1 ADR" in result.stdout
    assert "warning ADV115" in result.stdout


@pytest.mark.parametrize("text, message", [
    ("[tool.advisor." + ".".join(["a"] * 200_000) + "]\n", ":1:1: the TOML is nested too deeply"),
    ("[tool.advisor]\n" + ".".join(["a"] * 200_000) + " = 1\n",
     ":2:1: the TOML is nested too deeply"),
    ("[tool.advisor]\nfail_on = " + "9" * 5000 + "\n", ": a number too long to read"),
])
def test_a_pyproject_tomllib_would_choke_on_exits_2(text: str, message: str, repo: Path) -> None:
    """A dotted name of 200,000 parts took tomllib 47 s; a 5,000-digit number raised."""
    (repo / "pyproject.toml").write_text(text)
    result = run_cli(["check"])
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr.startswith(f"{repo / 'pyproject.toml'}{message}")


def test_a_pyproject_with_dotted_text_in_a_string_is_read(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\ndescription = """\n' + "." * 200 + '\n"""\n[tool.advisor]\n'
        'fail_on = "warning"\n')
    result = run_cli(["check"])
    assert result.exit_code in (0, 1) and "(fails on warning)" in result.stdout, result.stderr


# -- an ADR whose workload nothing checks (ADV114) ----------------------------------------


def test_an_adr_pointed_away_from_its_workload_is_an_orphan(repo: Path) -> None:
    """Re-pointing or dropping an ADR's `file:` used to hide a drifted workload."""
    shutil.copy(ROOT / "examples" / "order-placed.yaml", repo / "workloads")
    record(repo, "workloads/order-placed.yaml")
    result = run_cli(["check"])
    assert result.exit_code == 1
    assert (f"{ADR}:1:1: error ADV114 ADR-0001 is the decision for workload "
            "'password-reset', which no workload file checked defines (the file it records, "
            "'workloads/order-placed.yaml', does not define it)") in result.stdout
    path = repo / ADR
    path.write_text(path.read_text().replace("  file: 'workloads/order-placed.yaml'\n", ""))
    (repo / ".advisor.yaml").write_text('workloads: ["workloads/*.yaml"]\n')
    assert "ADV114" not in run_cli(["check"]).stdout  # the glob finds it again
    (repo / "workloads" / "password-reset.yaml").unlink()
    result = run_cli(["check"])
    assert result.exit_code == 1 and "(it records no workload file)" in result.stdout
    assert "ADV114" not in run_cli(["check", "workloads/order-placed.yaml"]).stdout  # a subset
    path.write_text(path.read_text().replace("status: proposed", "status: deprecated"))
    assert "ADV114" not in run_cli(["check"]).stdout  # a decision no longer in force


def test_a_folder_to_check_is_searched_without_entering_hidden_folders(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / ".git" / "evil.yaml").write_text(f"{SECRET}: [\n")
    entered: list[str] = []
    real_walk = os.walk

    def walk(top: object) -> object:
        for found in real_walk(top):  # type: ignore[call-overload]
            entered.append(found[0])
            yield found
    monkeypatch.setattr(os, "walk", walk)
    for result in check_all("."):
        assert result.exit_code == 0, result.stdout + result.stderr
    assert entered and not any("/.git" in folder for folder in entered)


# -- a config that costs work out of all proportion ------------------------------------


@pytest.mark.parametrize("config, message", [
    ('workloads: ["workloads/*.yaml", "**/**/**/**/**/*.yaml"]\n',
     ".advisor.yaml:1:12: `workloads` holds at most 100 globs, each with at most two `**`"),
    ("workloads: [" + ", ".join(f'"w{i}/*.yaml"' for i in range(101)) + "]\n",
     ".advisor.yaml:1:12: `workloads` holds at most 100 globs"),
    ("fail_on: " + "e" * 500_000 + "\n", ".advisor.yaml:1:10: `fail_on` 'eeee"),
    ("severity: {" + ", ".join(f"X{i}: info" for i in range(20_000)) + "}\n",
     ".advisor.yaml:1:11: `severity` has 20,000 entries, more than there are finding codes"),
])
def test_a_config_that_would_cost_work_is_refused_briefly(config: str, message: str,
                                                          repo: Path) -> None:
    (repo / ".advisor.yaml").write_text(config)
    result = run_cli(["check"])
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr.startswith(str(repo / message)), result.stderr[:300]
    assert len(result.stderr) < 2000


def test_repeated_globs_and_packs_are_read_once(repo: Path) -> None:
    (repo / "pack").mkdir()
    (repo / ".advisor.yaml").write_text(
        "workloads: [" + ", ".join(['"workloads/*.yaml"'] * 40_000) + "]\n"
        "rules: [" + ", ".join(["pack"] * 20_000) + "]\n")
    result = run_cli(["check"])
    assert result.exit_code == 0, result.stderr
    assert "in 1 workload and 1 ADR" in result.stdout
