"""Every command runs guarded: a user's mistake (InputError, InputErrors) becomes one message
and exit 2, advisor's own fault (InternalError, any other exception) a message and exit 3."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer

from advisor.cli.exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED
from advisor.cli.streams import OutputError
from advisor.errors import InputError, InputErrors, InternalError


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _fail(errors: list[InputError], writes: bool, total: int = 0) -> int:
    """Print the errors; `total`: how many there were, where only the first are given."""
    from advisor.answers.failure import failure_lines
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    console = _stderr()
    columns = width(sys.stderr)
    for line, wrapped in failure_lines(errors, writes, total):
        console.print(wrap_block(line, columns) if wrapped else line, markup=False,
                      highlight=False)
    return EXIT_INPUT


def guarded(debug: bool, body: Callable[[], int], writes: bool = True) -> int:
    """Run a command: user mistakes exit 2, advisor's own faults exit 3."""
    try:
        return body()
    except InputErrors as exc:
        return _fail(exc.shown, writes, len(exc.errors))
    except InputError as exc:
        return _fail([exc], writes)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OutputError:
        raise  # main says so and exits 2
    except typer.Abort:
        from advisor.cli.screen import width
        from advisor.render.wrap import wrap_block

        print(wrap_block("advisor: the input ended before every question was answered; "
                         "nothing was written (use --no-input with options in scripts)",
                         width(sys.stderr)), file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:
        if debug:
            traceback.print_exc()
        kind = "internal error" if isinstance(exc, InternalError) else (
            f"internal error ({type(exc).__name__})")
        from advisor.visible import visible

        print(visible(f"advisor: {kind}: {exc}"), file=sys.stderr)
        if not debug:
            print("Rerun with --debug for the traceback, and please report it.",
                  file=sys.stderr)
        return EXIT_INTERNAL
