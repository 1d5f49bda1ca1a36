"""`advisor explain FILE`: print the whole trace behind a recommendation, wrapped to the
terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.answers.explain import explain_trace

if TYPE_CHECKING:
    from advisor.format.vocabulary import Cloud


def explain_file(paths: list[Path], packs: tuple[Path, ...], cloud: Cloud | None = None
                 ) -> int:
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    print(wrap_block(explain_trace(paths, packs, cloud=cloud), width()))
    return 0
