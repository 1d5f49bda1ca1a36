"""Standard output and error made safe to write to, whatever they are: a failed write
becomes OutputError (exit 2 with a message), never a traceback or Python's status 120."""

import os
import sys
from typing import Any

from advisor.cli.exits import EXIT_INPUT

_STREAMS = {"stdout": "output", "stderr": "error"}


class OutputError(Exception):
    """Standard output or error could not be written (closed, a full disk, a device)."""

    def __init__(self, name: str, cause: OSError) -> None:
        super().__init__(f"advisor: cannot write to standard {_STREAMS[name]}: "
                         f"{cause.strerror or cause}")
        self.name = name


class _Output:
    """sys.stdout or sys.stderr, turning a failed write into OutputError: exit 2 with a
    message rather than an internal error or Python's exit status 120 at shutdown."""

    def __init__(self, stream: Any, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


class _Closed:
    """What stands for a stream that was closed when advisor started (`advisor ... >&-`):
    running needs no output, but the first write fails."""

    encoding, errors = "utf-8", "strict"

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        import errno

        raise OutputError(self._name, OSError(errno.EBADF, "it is closed"))

    def flush(self) -> None:
        """Nothing to do: no write ever succeeded, so nothing is buffered."""

    def isatty(self) -> bool:
        return False


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """A character the output's encoding cannot hold (cp1252, a file name that is not
    UTF-8), written as a JSON-compatible \\u escape: text stays readable, JSON stays valid."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        if code > 0xFFFF:  # as a surrogate pair, which JSON reads back as the one character
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


def prepare_output() -> None:
    """Make stdout and stderr safe to write to, whatever they are."""
    import codecs

    codecs.register_error("advisor.escape", _escape_unencodable)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        stream = getattr(sys, name)
        if stream is None:
            # Hold the closed descriptor with /dev/null, so that no file advisor opens
            # (nor a child process's output) takes its number.
            null = os.open(os.devnull, os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            setattr(sys, name, _Closed(name))
            continue
        with _suppressed():
            stream.reconfigure(errors="advisor.escape")
        setattr(sys, name, _Output(stream, name))
    # rich and click lay text out to $COLUMNS: 999999999 columns took minutes and gigabytes.
    columns = os.environ.get("COLUMNS")
    if columns is not None:
        try:
            os.environ["COLUMNS"] = str(min(max(int(columns), 20), 1000))
        except ValueError:
            del os.environ["COLUMNS"]


def output_failed(exc: OutputError) -> int:
    """Say (if stderr still takes it) that output failed, and silence the failed stream:
    Python's own flush at exit must not fail again."""
    stream = getattr(sys, exc.name)
    original: Any = getattr(stream, "_stream", None)
    if original is not None:  # None: it was closed from the start, and is /dev/null now
        with _suppressed():
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, original.fileno())
            os.close(null)
    if exc.name == "stdout":
        with _suppressed():
            print(exc, file=sys.stderr)
            sys.stderr.flush()
    return EXIT_INPUT


def _suppressed() -> Any:
    import contextlib

    return contextlib.suppress(OutputError, OSError, AttributeError, ValueError)
