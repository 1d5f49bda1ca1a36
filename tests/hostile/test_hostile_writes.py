"""Writes are all or nothing, and concurrent runs are safe (issue 18, items 5 and 7).

Concurrency is tested with real processes on one folder; failures between two writes are
simulated by making one system call fail, and the folder and the message must agree.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from advisor.adr import atomic, lifecycle, locks
from advisor.adr import folder as adr
from tests.conftest import ROOT, describe, finish, run_advisor, run_cli, start_advisor

DATE = ["--date", "2026-11-30"]
RACE = 600  # seconds racing runs may queue for the folder (and all take): only a hang nears it


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])  # type: ignore[no-any-return]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ADR folder `d`, beside the workload orders.yaml, in the current folder."""
    monkeypatch.chdir(tmp_path)
    workload_named(tmp_path, "orders")
    (tmp_path / "d").mkdir()
    return tmp_path / "d"


def workload_named(folder: Path, name: str) -> Path:
    text = (ROOT / "examples" / "password-reset.yaml").read_text()
    path = folder / f"{name}.yaml"
    path.write_text(text.replace("name: password-reset", f"name: {name}"))
    return path


def adr_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("[0-9]*.md"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- concurrency ------------------------------------------------------------------------


def test_eight_concurrent_runs_of_one_new_workload_write_one_adr(tmp_path: Path) -> None:
    workload_named(tmp_path, "orders")
    runs = finish([start_advisor("recommend", "orders.yaml", "--adr-dir", "d", *DATE,
                                 cwd=tmp_path, lock_wait=RACE) for _ in range(8)], RACE)
    assert all(run.returncode == 0 for run in runs), describe(runs)
    folder = tmp_path / "d"
    assert adr_names(folder) == ["0001-orders.md"]
    notes = sorted(run.stdout.split("ADR ")[1].split(":")[0] for run in runs)
    assert notes == ["up to date"] * 7 + ["written"]
    assert leftovers(folder) == []
    assert "[ADR-0001](0001-orders.md)" in (folder / "README.md").read_text()


def test_twelve_concurrent_writers_all_reach_the_index(tmp_path: Path) -> None:
    names = [f"flow-{i:02d}" for i in range(12)]
    for name in names:
        workload_named(tmp_path, name)
    runs = finish([start_advisor("recommend", f"{name}.yaml", "--adr-dir", "d", *DATE,
                                 cwd=tmp_path, lock_wait=RACE) for name in names], RACE)
    assert all(run.returncode == 0 for run in runs), describe(runs)
    folder = tmp_path / "d"
    written = adr_names(folder)
    assert sorted(int(n[:4]) for n in written) == list(range(1, 13))
    assert sorted(n[5:-3] for n in written) == names
    index = (folder / "README.md").read_text()
    assert all(f"[ADR-{n[:4]}]({n})" in index for n in written)
    assert leftovers(folder) == []
    assert lifecycle.index_is_stale(folder) is False


def test_a_run_waits_a_bounded_time_for_the_lock_then_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fcntl = pytest.importorskip("fcntl")
    monkeypatch.chdir(tmp_path)
    workload_named(tmp_path, "orders")
    folder = tmp_path / "d"
    folder.mkdir()
    monkeypatch.setattr(locks, "LOCK_WAIT", 0.3)
    with open(folder / adr.LOCK_NAME, "w") as held:  # another run, in the middle of writing
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE])
    assert result.exit_code == 2, result.output
    assert ("d/.advisor.lock: another advisor run has been writing to this ADR folder for "
            "more than 0.3 seconds") in result.stderr
    assert "Nothing was written." in result.stderr
    assert adr_names(folder) == []


def test_a_lock_file_left_by_a_run_that_died_is_taken_over(folder: Path) -> None:
    (folder / adr.LOCK_NAME).write_text("")  # flock held it; its process is gone
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    assert adr_names(folder) == ["0001-orders.md"] and leftovers(folder) == []


def test_without_flock_a_stale_lock_is_taken_over_and_a_fresh_one_waited_for(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locks, "_flock", lambda: None)  # as on Windows
    monkeypatch.setattr(locks, "LOCK_WAIT", 0.3)
    lock = folder / adr.LOCK_NAME
    lock.write_text("")
    result = run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE])
    assert result.exit_code == 2 and "another advisor run" in result.stderr
    assert adr_names(folder) == []
    an_hour_ago = time.time() - 3600
    os.utime(lock, (an_hour_ago, an_hour_ago))
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    assert adr_names(folder) == ["0001-orders.md"] and leftovers(folder) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and FIFOs")
def test_a_link_or_fifo_in_the_locks_place_is_not_followed(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    (folder / adr.LOCK_NAME).symlink_to(outside)
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    assert outside.read_text() == "keep me\n" and leftovers(folder) == []
    os.mkfifo(folder / adr.LOCK_NAME)
    run = run_advisor("recommend", "orders.yaml", "--adr-dir", "d", *DATE, cwd=tmp_path)
    assert run.returncode == 0, run.stderr  # and no hang on the FIFO
    assert leftovers(folder) == []


def test_stray_temporaries_are_never_adrs_and_old_ones_are_swept(folder: Path) -> None:
    old = [".advisor-0123456789ab.tmp", ".advisor-number-0001.lock"]
    for name in old:
        (folder / name).write_text("---\nstatus: proposed\n---\n# Half written\n")
        os.utime(folder / name, (time.time() - 3600, time.time() - 3600))
    fresh = folder / ".advisor-fedcba987654.tmp"  # a run writing right now
    fresh.write_text("x")
    assert adr.adr_files(folder) == [] and adr.read_adrs(folder) == []
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    assert adr_names(folder) == ["0001-orders.md"]
    assert leftovers(folder) == [fresh.name]
    assert "Half written" not in (folder / "README.md").read_text()


def test_a_run_reads_each_adr_a_bounded_number_of_times(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    count = 12
    files = [str(workload_named(tmp_path, f"flow-{i:02d}").name) for i in range(count)]
    assert run_cli(["recommend", *files, "--adr-dir", "d", *DATE]).exit_code == 0
    calls: dict[str, int] = {"read_adr": 0}

    def counted(name: str) -> Callable[..., object]:
        real = getattr(adr, name)

        def wrapper(*args: object) -> object:
            calls[name] += 1
            return real(*args)
        return wrapper

    for name in calls:
        monkeypatch.setattr(adr, name, counted(name))
    result = run_cli(["recommend", *files, "--adr-dir", "d", *DATE])
    assert result.exit_code == 0 and result.stdout.count("up to date") == count
    # Once to list the folder, once for the workload's own ADR; never once per pair.
    assert calls["read_adr"] <= 2 * count


# --- a supersede is one change ------------------------------------------------------------


@pytest.fixture
def superseding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with ADR-0001 for payment-commands, and the workload changed so that the
    next recommend supersedes it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    workload = tmp_path / "payment-commands.yaml"
    shutil.copy(ROOT / "examples" / "payment-commands.yaml", workload)
    assert run_cli(["recommend", "payment-commands.yaml", "--adr-dir", "d",
                    "--date", "2026-11-28"]).exit_code == 0
    workload.write_text(workload.read_text().replace("ordering: per-key", "ordering: none")
                        .replace("ordering_key: paymentId\n", "")
                        .replace("duplicates: must-deduplicate", "duplicates: tolerated"))
    return tmp_path


def supersede() -> object:
    return run_cli(["recommend", "payment-commands.yaml", "--adr-dir", "d", *DATE])


def fail_on(monkeypatch: pytest.MonkeyPatch, function: str, path: Path,
            at: int = 1) -> None:
    """Make os.<function>(source, target) fail with a full disk when target is `path`."""
    real = getattr(os, function)

    def failing(*args: object, **kwargs: object) -> object:
        if Path(str(args[-1])).name == path.name:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)
    monkeypatch.setattr(os, function, failing)


def test_a_full_disk_before_the_status_is_set_leaves_nothing_written(
        superseding: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = superseding / "d"
    before = snapshot(folder)
    fail_on(monkeypatch, "replace", folder / "0001-payment-commands.md")
    result = supersede()
    assert result.exit_code == 2
    assert ("d/0001-payment-commands.md: cannot rewrite it: No space left on device; the new "
            "ADR 0002-payment-commands.md was removed again") in result.stderr
    assert "Nothing was written." in result.stderr
    assert snapshot(folder) == before and leftovers(folder) == []


def test_a_full_disk_before_either_file_is_written_leaves_nothing_written(
        superseding: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = superseding / "d"
    before = snapshot(folder)
    real = atomic.temporary_file

    def full(folder_: Path, text: str) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(atomic, "temporary_file", full)
    result = supersede()
    monkeypatch.setattr(atomic, "temporary_file", real)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert "Nothing was written." in result.stderr
    assert snapshot(folder) == before and leftovers(folder) == []


def test_a_half_done_supersede_is_reported_exactly_found_by_check_and_finished(
        superseding: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = superseding / "d"
    old = folder / "0001-payment-commands.md"
    new = folder / "0002-payment-commands.md"
    fail_on(monkeypatch, "replace", old)
    real_unlink = Path.unlink

    def stuck(self: Path, missing_ok: bool = False) -> None:
        if self.name == new.name:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_unlink(self, missing_ok=missing_ok)
    monkeypatch.setattr(Path, "unlink", stuck)
    result = supersede()
    monkeypatch.undo()
    monkeypatch.chdir(superseding)
    assert result.exit_code == 2
    assert "Nothing was written" not in result.stderr
    assert "Written before the failure:\n  d/0002-payment-commands.md (a new ADR; its " \
           "supersede is unfinished)" in result.stderr
    assert front(new)["supersedes"] == ["ADR-0001"] and front(old)["status"] == "proposed"

    checked = run_cli(["check", "payment-commands.yaml", "--adr-dir", "d", "--format", "json"])
    codes = [(f["code"], f["path"]) for f in json.loads(checked.stdout)["findings"]]
    assert ("ADV112", "d/0001-payment-commands.md") in codes
    assert not any(code == "ADV113" for code, _ in codes)  # the same problem, said once

    again = supersede()
    assert again.exit_code == 0
    assert ("ADR-0001: status set to superseded by ADR-0002, finishing a supersede an "
            "earlier run left undone") in again.stdout + again.stderr
    assert front(old)["status"] == "superseded by ADR-0002"
    assert adr_names(folder) == ["0001-payment-commands.md", "0002-payment-commands.md"]
    checked = run_cli(["check", "payment-commands.yaml", "--adr-dir", "d", "--format", "json"])
    # Only the age of the ADR's knowledge (its 2024 prices) is left to warn about.
    assert {f["code"] for f in json.loads(checked.stdout)["findings"]} == {"ADV115"}


def test_check_reports_two_live_adrs_for_one_workload(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    workload_named(tmp_path, "orders")
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    folder = tmp_path / "d"
    # What eight racing runs left before the folder lock: a second proposed ADR.
    shutil.copy(folder / "0001-orders.md", folder / "0002-orders.md")
    result = run_cli(["check", "orders.yaml", "--adr-dir", "d", "--format", "json"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "ADV113"]
    assert result.exit_code == 1
    assert [(f["path"], f["message"]) for f in found] == [
        ("d/0002-orders.md", "workload 'orders' has 2 live ADRs: ADR-0001, ADR-0002")]
    text = (folder / "0001-orders.md").read_text()
    (folder / "0001-orders.md").write_text(
        text.replace("status: proposed", "status: superseded by ADR-0002"))
    result = run_cli(["check", "orders.yaml", "--adr-dir", "d", "--format", "json"])
    assert "ADV113" not in result.stdout


def test_a_failure_after_some_workloads_were_written_says_which(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    workload_named(tmp_path, "first")
    workload_named(tmp_path, "second")
    real = atomic.publish

    def second_fails(adr_dir: Path, target: Path, text: str) -> Path:
        if "second" in target.name:
            raise atomic.unwritable(adr_dir, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        return real(adr_dir, target, text)
    monkeypatch.setattr(atomic, "publish", second_fails)
    result = run_cli(["recommend", "first.yaml", "second.yaml", "--adr-dir", "d", *DATE])
    assert result.exit_code == 2
    assert ("Written before the failure:\n  first: ADR written: d/0001-first.md"
            in result.stderr)
    assert "Nothing was written" not in result.stderr
    assert adr_names(tmp_path / "d") == ["0001-first.md"]


# --- write first, print after -------------------------------------------------------------


def closed_stdout() -> None:
    os.close(1)


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("stdout", ["closed", "full"])
def test_a_failing_stdout_never_leaves_an_adr_or_index_unwritten(
        tmp_path: Path, fmt: str, stdout: str) -> None:
    if stdout == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    workload_named(tmp_path, "orders")
    command = ["recommend", "orders.yaml", "--adr-dir", "d", "--format", fmt, *DATE]
    if stdout == "closed":
        run = run_advisor(*command, cwd=tmp_path, preexec_fn=closed_stdout)
    else:
        with open("/dev/full", "w") as full:
            run = run_advisor(*command, cwd=tmp_path, stdout=full)
    assert run.returncode == 2, run.stderr  # the output failed, after the writes
    folder = tmp_path / "d"
    assert adr_names(folder) == ["0001-orders.md"]
    assert "[ADR-0001](0001-orders.md)" in (folder / "README.md").read_text()
    assert lifecycle.index_is_stale(folder) is False


# --- --output onto devices and FIFOs ---------------------------------------------------------


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    workload_named(tmp_path, "orders")
    assert run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE]).exit_code == 0
    return tmp_path


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_output_onto_dev_null_writes_into_it(checked: Path) -> None:
    result = run_cli(["check", "orders.yaml", "--adr-dir", "d", "--output", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_onto_a_full_device_is_a_clear_error(checked: Path) -> None:
    result = run_cli(["check", "orders.yaml", "--adr-dir", "d", "--output", "/dev/full"])
    assert result.exit_code == 2
    assert "/dev/full: cannot write here: No space left on device" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_output_onto_a_fifo_feeds_its_reader(checked: Path) -> None:
    fifo = checked / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # there before the writer
    try:
        result = run_cli(["check", "orders.yaml", "--adr-dir", "d", "--format", "json",
                          "--output", str(fifo)])
        # The report (a few KB) waits in the pipe's buffer; the writer has closed its end,
        # so reading ends.
        os.set_blocking(reader, True)
        received = b"".join(iter(lambda: os.read(reader, 65536), b""))
    finally:
        os.close(reader)
    assert result.exit_code == 0, result.output
    assert json.loads(received)["passed"] is True
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_output_onto_a_fifo_nobody_reads_fails_at_once(checked: Path) -> None:
    os.mkfifo(checked / "report.fifo")
    run = run_advisor("check", "orders.yaml", "--adr-dir", "d", "--output", "report.fifo",
                      cwd=checked)
    assert run.returncode == 2, run.stderr
    assert "report.fifo: nothing is reading from this FIFO or socket" in run.stderr
    assert stat.S_ISFIFO(os.stat(checked / "report.fifo").st_mode)


def test_an_index_that_is_a_folder_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    workload_named(tmp_path, "orders")
    (tmp_path / "d" / "README.md").mkdir(parents=True)
    result = run_cli(["recommend", "orders.yaml", "--adr-dir", "d", *DATE])
    assert result.exit_code == 2
    # Found before the first write, so nothing is half done.
    assert "d/README.md: the ADR index: this is a folder, not a file" in result.stderr
    assert result.stderr.endswith("Nothing was written.\n")
    assert not (tmp_path / "d" / "0001-orders.md").exists()


# --- renumbering and CRLF --------------------------------------------------------------------


KEPT = "---\r\nstatus: accepted\r\ndate: 2026-01-01\r\n---\r\n# 2. Kept decision\r\n"


@pytest.mark.parametrize(("heading", "renumbered"), [
    ("# 2. Moved decision", "# 3. Moved decision"),  # the nygard template's heading
    ("# ADR-0002: Moved decision", "# ADR-0003: Moved decision"),
    ("# Moved decision", "# Moved decision"),  # MADR: the number is in the file name only
])
def test_renumber_rewrites_only_the_moved_adrs_own_number_and_keeps_crlf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, heading: str, renumbered: str) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "d"
    folder.mkdir()
    first = ("---\nstatus: accepted\ndate: 2026-01-01\n---\n# 1. First\n\n"
             "See [the moved one](0002-moved.md) and [the kept one](0002-kept.md).\n")
    (folder / "0001-first.md").write_bytes(first.replace("\n", "\r\n").encode())
    (folder / "0002-kept.md").write_bytes(KEPT.encode())
    moved = (f"---\nstatus: proposed\ndate: 2026-02-01\nid: ADR-0002\n---\n{heading}\n\n"
             "Builds on ADR-0002 ([the kept one](0002-kept.md)), which keeps its number.\n")
    (folder / "0002-moved.md").write_bytes(moved.replace("\n", "\r\n").encode())
    result = run_cli(["adr", "renumber", "--adr-dir", "d"])
    assert result.exit_code == 0, result.output
    assert adr_names(folder) == ["0001-first.md", "0002-kept.md", "0003-moved.md"]
    expected = (moved.replace("id: ADR-0002", "id: ADR-0003").replace(heading, renumbered)
                .replace("\n", "\r\n"))
    assert (folder / "0003-moved.md").read_bytes().decode() == expected
    assert (folder / "0002-kept.md").read_bytes() == KEPT.encode()
    assert (folder / "0001-first.md").read_bytes().decode() == first.replace(
        "0002-moved.md", "0003-moved.md").replace("\n", "\r\n")
    assert leftovers(folder) == []


def test_a_supersede_keeps_a_crlf_adr_crlf(superseding: Path) -> None:
    old = superseding / "d" / "0001-payment-commands.md"
    crlf = old.read_bytes().replace(b"\n", b"\r\n")
    old.write_bytes(crlf)
    result = supersede()
    assert result.exit_code == 0 and "supersedes ADR-0001" in result.stdout
    assert old.read_bytes() == crlf.replace(b"status: proposed\r\n",
                                            b"status: superseded by ADR-0002\r\n")
