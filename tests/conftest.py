from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from advisor.answers.ruleset import builtin_rules
from advisor.cli.app import app_for
from advisor.core.catalogue import Catalogue
from advisor.core.recommend import advise
from advisor.core.recommendation import Recommendation
from advisor.core.rules import RuleSet
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers import PROVIDERS
from advisor.providers.aws.catalogue import load_catalogue
from advisor.providers.aws.provider import AWS
from advisor.providers.aws.vocabulary import VOCABULARY

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own user cache folder (check's warm path): no test is served a result
    another test, or the developer's own runs, left behind."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def rules(catalogue: Catalogue) -> RuleSet:
    return builtin_rules(catalogue)


def workload_from(text: str, path: str = "w.yaml") -> Workload:
    return parse_workloads(parse_yaml(text, path), path, vocabularies=VOCABULARY)[0]


@pytest.fixture
def recommend_text(rules: RuleSet, catalogue: Catalogue) -> Callable[[str], Recommendation]:
    def run(text: str) -> Recommendation:
        return advise(workload_from(text), rules, catalogue, provider=AWS)
    return run


# `advisor init` asks which cloud first where more than one is registered: scripted answers
# start with this line (the default, aws), so that they hold however many clouds there are.
CLOUD_ANSWER = "\n" if len(PROVIDERS) > 1 else ""


def run_cli(args: Sequence[str], *, input: str | None = None,
            env: Mapping[str, str | None] | None = None, app: typer.Typer | None = None
            ) -> Result:
    """Run advisor in-process and return its exit code and what it printed: the one way the
    tests call the CLI (a test that needs a process of its own uses `advisor_process`).

    By default the app is the one-command app the `advisor` script builds (`app_for`).
    Exceptions are not caught: a crash fails the test with its traceback instead of passing
    for exit code 1."""
    argv = list(args)
    return CliRunner().invoke(app if app is not None else app_for(argv), argv, input=input,
                              env=env, catch_exceptions=False)


# In a process of its own, for what an in-process run cannot show: real concurrency, a
# regression that would hang (the timeout turns it into a failure), a closed or full stdout.
PROCESS_TIMEOUT = 120  # seconds; a run takes about one even on a loaded machine


def advisor_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment for an advisor process: importing this checkout, and not
    under GitHub Actions (which changes what `check` prints)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra or {})}
    if "GITHUB_ACTIONS" not in (extra or {}):
        env.pop("GITHUB_ACTIONS", None)
    return env


def run_advisor(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                timeout: float = PROCESS_TIMEOUT, **popen: object
                ) -> subprocess.CompletedProcess[str]:
    """Run `python -m advisor ARGS` to its end (text captured unless `popen` says otherwise);
    a run still going after `timeout` seconds fails the test as a hang."""
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE,
                                  "text": True, **popen}
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=cwd,  # type: ignore[call-overload, no-any-return]
                          env=advisor_env(env), timeout=timeout, check=False, **options)


# advisor's own entry point, with the ADR folder lock's patience (LOCK_WAIT) set first.
_PATIENT = ("import sys; import advisor.adr.folder as f; f.LOCK_WAIT = float(sys.argv.pop(1)); "
            "sys.argv[0] = 'advisor'; from advisor.cli.app import main; main()")


def start_advisor(*args: str, cwd: Path | None = None, lock_wait: float | None = None
                  ) -> subprocess.Popen[str]:
    """Start `python -m advisor ARGS` beside others; `finish` collects them.

    Racing runs queue for the ADR folder's lock, and on a loaded machine the last of a dozen
    can wait longer than the minute a user is given (LOCK_WAIT), then stop with exit 2: a
    test of what racing runs write gives them `lock_wait`; the wait's bound is tested alone."""
    head = ["-m", "advisor"] if lock_wait is None else ["-c", _PATIENT, f"{lock_wait:g}"]
    return subprocess.Popen([sys.executable, *head, *args], cwd=cwd, env=advisor_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(processes: list[subprocess.Popen[str]], timeout: float = PROCESS_TIMEOUT
           ) -> list[subprocess.CompletedProcess[str]]:
    """Wait for every process, reading its output as it comes (a full pipe never blocks a
    child). Past `timeout` seconds for all of them together, the children still running are
    killed and the test fails, naming each child's exit code and error output."""
    import time

    deadline = time.monotonic() + timeout
    done: list[subprocess.CompletedProcess[str]] = []
    for process in processes:
        try:
            out, err = process.communicate(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            for late in processes[len(done):]:
                late.kill()
                out, err = late.communicate()
                done.append(subprocess.CompletedProcess(late.args, late.returncode, out, err))
            pytest.fail(f"advisor processes still running after {timeout:g} s were killed "
                        f"(exit -9):\n{describe(done)}")
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def _advisor_args(command: list[str]) -> list[str]:
    """ARGS of `python -m advisor ARGS` or of `python -c _PATIENT WAIT ARGS`."""
    return command[3:] if command[1] == "-m" else command[4:]


def describe(runs: list[subprocess.CompletedProcess[str]]) -> str:
    """Each run's command line, exit code and error output, for a failure message."""
    return "\n".join(f"{' '.join(map(str, _advisor_args(run.args)))}: exit {run.returncode}\n"
                     f"  stderr: {run.stderr!r}" for run in runs)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def git_repo(folder: Path, monkeypatch: pytest.MonkeyPatch, *examples: str) -> Path:
    """A fresh git repository as the current folder, with examples copied to workloads/."""
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "architect@example.com")
    git(folder, "config", "user.name", "Architect")
    (folder / "workloads").mkdir()
    for name in examples:
        shutil.copy(ROOT / "examples" / f"{name}.yaml", folder / "workloads")
    return folder
