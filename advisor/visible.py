"""Text from files a pull request can commit, made safe to show: every character that
would act rather than show is written as a visible escape instead.

One policy for every output (terminal, error messages, `check` reports, JUnit XML, ADRs):
control characters (C0 other than newline and tab, DEL, C1), bidirectional overrides and
marks, zero-width and other invisible format characters, line and paragraph separators,
lone surrogates (file names that are not UTF-8) and the two characters XML 1.0 forbids
(U+FFFE, U+FFFF) are shown as `\\x1b`, `\\u202e` or `\\U000e0041`. So an escape sequence
cannot recolour or rewrite the terminal, a right-to-left override cannot reorder a title
in review, and a zero-width space cannot hide in a name.
"""

from __future__ import annotations

import re

HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]")
_HIDDEN_OR_SPACE = re.compile(HIDDEN.pattern[:1] + "\t\n" + HIDDEN.pattern[1:])


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str, one_line: bool = False) -> str:
    """`text` with every hidden or acting character as a visible escape; newlines and tabs
    too when `one_line`."""
    return (_HIDDEN_OR_SPACE if one_line else HIDDEN).sub(_escape, text)
