from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from advisor.cli.app import app_for
from advisor.cli.ruleset import builtin_rules
from advisor.core.report import Recommendation, advise
from advisor.core.rules import RuleSet
from advisor.format.workload import Workload, parse_workloads
from advisor.format.yamlnodes import parse_yaml
from advisor.providers.aws.catalogue import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def rules(catalogue: Catalogue) -> RuleSet:
    return builtin_rules(catalogue)


def workload_from(text: str, path: str = "w.yaml") -> Workload:
    return parse_workloads(parse_yaml(text, path), path)[0]


@pytest.fixture
def recommend_text(rules: RuleSet, catalogue: Catalogue) -> Callable[[str], Recommendation]:
    def run(text: str) -> Recommendation:
        return advise(workload_from(text), rules, catalogue)
    return run


def run_cli(args: list[str], **kwargs: object) -> Result:
    """Run advisor in-process as the `advisor` command does: through `app_for`."""
    return CliRunner().invoke(app_for(args), args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def cli() -> Callable[..., object]:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> object:
        return runner.invoke(app_for(list(args)), list(args), env=env, catch_exceptions=False)
    return invoke


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
