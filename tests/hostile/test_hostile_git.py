"""A pull request commits a bare git repository inside the ADR folder, whose config names a
program for git to run. `advisor adr renumber` asks git when each ADR was first committed;
it must never run that program."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, run_cli

ADR = "---\nstatus: proposed\ndate: 2026-11-01\n---\n# ADR-0002: {title}\n"


def _plumbing(bare: Path, *args: str, stdin: str = "") -> str:
    env = {**os.environ, "GIT_DIR": str(bare)}
    return subprocess.run(["git", *args], input=stdin, capture_output=True, text=True,
                          check=True, env=env).stdout.strip()


def _plant_bare_repository(folder: Path, program: Path) -> None:
    """Make `folder` a bare repository whose one commit adds 0002-b.md and carries a
    signature, with a config that shows signatures through `program`."""
    subprocess.run(["git", "init", "-q", "--bare", str(folder)], check=True)
    blob = _plumbing(folder, "hash-object", "-w", "--stdin", stdin="x\n")
    tree = _plumbing(folder, "mktree", stdin=f"100644 blob {blob}\t0002-b.md\n")
    commit = (f"tree {tree}\nauthor A <a@example.com> 1700000000 +0000\n"
              "committer A <a@example.com> 1700000000 +0000\n"
              "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n"
              " -----END PGP SIGNATURE-----\n\nsigned\n")
    sha = _plumbing(folder, "hash-object", "-w", "-t", "commit", "--stdin", stdin=commit)
    head = _plumbing(folder, "symbolic-ref", "HEAD")
    _plumbing(folder, "update-ref", head, sha)
    with (folder / "config").open("a") as config:
        config.write(f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {program}\n")


@pytest.mark.skipif(os.name == "nt", reason="the planted program is a shell script")
def test_renumber_runs_nothing_a_pull_request_committed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    decisions = repo / "docs" / "decisions"
    decisions.mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    marker = tmp_path / "ran"
    program = repo / "evil.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\n")
    program.chmod(0o755)
    _plant_bare_repository(decisions, program)
    for title in ("a", "b"):
        (decisions / f"0002-{title}.md").write_text(ADR.format(title=title))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a pull request")

    # The attack is real: git run from inside the ADR folder, as advisor once did, runs it.
    subprocess.run(["git", "log", "--diff-filter=A", "--format=%ct", "--", "0002-b.md"],
                   cwd=decisions, capture_output=True, check=False, timeout=30)
    assert marker.exists(), "the planted repository no longer triggers git; rebuild the test"
    marker.unlink()

    monkeypatch.chdir(repo)
    result = run_cli(["adr", "renumber", "--adr-dir", "docs/decisions"])
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert sorted(p.name for p in decisions.glob("000*.md")) == ["0002-a.md", "0003-b.md"]
