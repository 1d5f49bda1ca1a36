"""The built wheel carries its rules, templates, catalogue and licence, and works from any
folder. Slow (a build, and an install into a fresh virtual environment): `-m "not slow"`
skips them; CI runs them."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
# `advisor` on the package index is an unrelated project; the command keeps the short name.
DIST = "pushpoll-advisor"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                    "--outdir", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob(f"{DIST.replace('-', '_')}-*.whl"))


def test_wheel_contains_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "advisor/providers/aws/data/catalogue.yaml" in names
    assert "advisor/providers/gcp/data/catalogue.yaml" in names
    assert "advisor/_bundled/templates/madr.md.j2" in names
    rule_files = sorted((ROOT / "rules").glob("*/*.yaml"))
    assert "advisor/providers/azure/data/catalogue.yaml" in names
    assert {p.parent.name for p in rule_files} == {"core", "aws", "azure", "gcp"}
    assert {f"advisor/_bundled/rules/{p.parent.name}/{p.name}" for p in rule_files} <= names


def test_wheel_metadata_is_publishable(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = next(n.split("/")[0] for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    metadata = archive.read(f"{info}/METADATA").decode()
    assert f"Name: {DIST}\n" in metadata
    assert "Requires-Python: >=3.11" in metadata
    declared = [line.split(": ", 1)[1] for line in metadata.splitlines()
                if line.startswith(("License-Expression: ", "License: "))]
    assert declared == ["Apache-2.0"]
    licence = [n for n in archive.namelist() if n.startswith(f"{info}/") and "LICENSE" in n]
    assert licence and "Apache License" in archive.read(licence[0]).decode()
    assert "advisor = advisor.cli.app:main" in archive.read(f"{info}/entry_points.txt").decode()
    assert "github.com/advisor-dev" not in metadata  # no invented project address


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = ROOT / "examples" / "payment-commands.yaml"
    result = subprocess.run([str(env_dir / "bin" / "advisor"), "recommend", str(example),
                             "--date", "2026-11-28"], cwd=elsewhere, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    adr = elsewhere / "docs" / "decisions" / "0001-payment-commands.md"
    assert "Chosen option:" in adr.read_text()
    # The installed package must not be reading the source checkout's data.
    where = subprocess.run([str(python), "-c", "from advisor.resources import data_dir;"
                            "print(data_dir('rules'))"], cwd=elsewhere, capture_output=True,
                           text=True, check=True).stdout
    assert "_bundled" in where and str(ROOT) not in where
