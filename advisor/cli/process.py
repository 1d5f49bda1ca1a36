"""The process around a command: a collector tuned for a short run, the default reaction
to a closed pipe, output streams that fail cleanly, and an exit code either way."""

import sys
from collections.abc import Callable
from typing import Any

from advisor.cli.streams import OutputError, output_failed, prepare_output


def run(build: Callable[[list[str]], Callable[[], Any]]) -> None:
    """Run the command line that `build` makes for the arguments (the app, or only the
    command they name). Ends the process."""
    import gc
    import signal

    # The collector was tuned for a short run when advisor.cli was imported.

    # Behave like other command-line tools when the reader goes away (`advisor ... | head`).
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    prepare_output()
    try:
        try:
            build(sys.argv[1:])()
        except SystemExit:
            sys.stdout.flush()  # a buffered write to a full disk fails only here
            raise
    except OutputError as exc:  # from the command, or from that last flush
        raise SystemExit(output_failed(exc)) from None
    finally:
        # Everything still alive dies with the process: spare the interpreter's final
        # collection from walking it (15 to 25 ms, more than a whole recommendation's
        # rules). Files are closed and streams flushed as usual; only the walk is skipped.
        gc.freeze()
