"""What a user's mistake says: every located message, what was written before it, and how
many there were. The command line prints these lines on standard error; the MCP server
returns them as a tool error."""

from __future__ import annotations

from advisor.errors import InputError
from advisor.visible import visible


def failure_lines(errors: list[InputError], writes: bool, total: int = 0
                  ) -> list[tuple[str, bool]]:
    """The lines, each safe to print, with whether it is wrapped to the screen (a message
    is; a heading is not). `total`: how many mistakes there were, where only the first are
    given; `writes`: the command writes files, so saying nothing was written informs."""
    lines = [(visible(str(error)), True) for error in errors]
    count = total or len(errors)
    written = [line for error in errors for line in getattr(error, "written", ())]
    if written:  # "nothing was written" would be false: say what was
        lines.append(("Written before the failure:", False))
        lines.extend((f"  {visible(line, one_line=True)}", True) for line in written)
    nothing = writes and not written
    trailer = "; nothing was written." if nothing else "."
    if count > 1:
        lines.append((f"{count} problems found{trailer}", False))
    elif nothing:
        lines.append(("Nothing was written.", False))
    return lines
