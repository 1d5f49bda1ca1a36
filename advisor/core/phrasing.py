"""How lists of names and scores read in an ADR: bounded, in a person's words."""

from __future__ import annotations

import re
from collections.abc import Mapping

from advisor.core.decision import MODELS

NAMES_SHOWN = 3  # consumers named in one reason; the rest are counted


def listed(names: list[str], limit: int = NAMES_SHOWN) -> str:
    """Names as a person lists them, bounded: "a, b and 12 more"."""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit:,} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(
        names)


def scores_text(scores: Mapping[str, float]) -> str:
    return ", ".join(f"{m} {scores[m]:g}" for m in MODELS)


def gist(warning: str) -> str:
    """A warning's first clause, for a line that refers to it ("order-confirmation-email
    sends up to 900/s through SES")."""
    return re.split(r"; |: |\. ", warning, maxsplit=1)[0].rstrip(".")
