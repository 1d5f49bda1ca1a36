"""Where a report goes: checked before any work, written atomically after it, and never
half of one (--output, --report)."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path

from advisor.answers.paths import shown
from advisor.cli.exits import EXIT_FINDINGS, EXIT_OK
from advisor.errors import InputError


def reported(output: Path | None, body: Callable[[], int], command: str,
             quiet: bool = False, writes: bool = False) -> Callable[[], int]:
    """`body`, its standard output going to `output` (--output; `-` or none: standard output)
    instead. The file is written atomically once the body has succeeded (exit 0, or 1 for
    findings): a user mistake or an internal error leaves no file, nor half of one.
    `writes`: the body writes files of its own (ADRs), which a failure to write the report
    comes after."""
    target = output_file(output)
    if target is None:
        return body

    def run() -> int:
        import contextlib

        from advisor.adr.folder import write_output
        from advisor.cli.screen import FileBuffer
        from advisor.errors import PartlyWritten

        check_output(target)  # before any work: a report that cannot be written is exit 2
        buffer = FileBuffer()  # wrapped for no terminal: a file is the same on every one
        with contextlib.redirect_stdout(buffer):
            code = body()
        if code in (EXIT_OK, EXIT_FINDINGS):
            try:
                write_output(target, buffer.getvalue())
            except InputError as exc:
                done = [f"everything `advisor {command}` writes but its report"] if writes else []
                raise PartlyWritten.after(exc, done) from None
            if not quiet:
                print(f"advisor {command}: report written to {shown(target)}",
                      file=sys.stderr)
        return code

    return run


def output_file(output: Path | None) -> Path | None:
    """--output: None (standard output) for `-`, as other tools take it."""
    return None if output is None or str(output) == "-" else output


def check_output(output: Path, flag: str = "--output") -> None:
    """Refuse a report path no file system takes before the run, not after it (the write
    would fail with an OSError that is no user mistake to the reader): a folder, a file
    where one of its folders should be, a NUL byte, a name too long. `flag`: the option
    that named it, for the message."""
    from advisor.format.config import shown_path

    try:
        os.lstat(output)
    except ValueError:
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} holds a NUL "
                         "byte", "name the file to write the report to") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is too "
                             "long for a file name", "name a shorter file") from None
    if os.path.isdir(output):
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is a folder",
                         "name the file to write the report to, such as "
                         f"{shown_path(output / 'advisor.txt')}")
    # Missing folders are made when the report is written; one that is a file cannot be.
    folder = output.parent
    while not os.path.lexists(folder) and folder.parent != folder:
        folder = folder.parent
    if not os.path.isdir(folder):
        raise InputError(flag, 0, 0, f"the report path {shown_path(output)} is not in a "
                         f"folder: {shown_path(folder)} is a file",
                         "name a file in a folder, or remove the file in its way")


def distinct_outputs(wanted: list[tuple[str, Path | None]]) -> None:
    """Refuse a file named for two reports: the second would replace the first."""
    from advisor.format.config import shown_path

    seen: dict[str, str] = {}
    for flag, file in wanted:
        if file is None:
            continue
        key = os.path.normcase(os.path.realpath(file))
        if key in seen:
            raise InputError(flag, 0, 0, f"the report path {shown_path(file)} is named "
                             f"twice ({seen[key]}, then {flag}): the second report would "
                             "replace the first", "name a different file for each report")
        seen[key] = flag


def write_reports(texts: list[tuple[str, Path]]) -> None:
    """Every report or none: each is written to a temporary file beside its target first,
    and only once all were written are they renamed into place. A device or FIFO (such
    as /dev/null) cannot be renamed onto: it is written into last."""
    import contextlib
    import stat

    from advisor.adr.atomic import temporary_file, unwritable
    from advisor.adr.folder import write_output

    special: list[tuple[str, Path]] = []
    ready: list[tuple[Path, Path]] = []
    try:
        for text, file in texts:
            try:
                info = os.stat(file)
            except (OSError, ValueError):
                info = None
            if info is not None and not stat.S_ISREG(info.st_mode):
                special.append((text, file))
                continue
            folder = file.parent if str(file.parent) else Path(".")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                ready.append((temporary_file(folder, text), file))
            except OSError as exc:
                raise unwritable(file, exc) from None
        for temporary, file in ready:
            with contextlib.suppress(OSError):  # a replaced file keeps its permissions
                os.chmod(temporary, file.stat().st_mode & 0o7777)
            try:
                os.replace(temporary, file)
            except OSError as exc:
                raise unwritable(file, exc) from None
    finally:
        for temporary, _ in ready:
            temporary.unlink(missing_ok=True)
    for text, file in special:
        write_output(file, text)
