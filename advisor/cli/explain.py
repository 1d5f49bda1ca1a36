"""`advisor explain FILE`: print the whole trace behind a recommendation, wrapped to the
terminal."""

from __future__ import annotations

from pathlib import Path

from advisor.answers.explain import explain_trace


def explain_file(paths: list[Path], packs: tuple[Path, ...]) -> int:
    from advisor.cli.screen import width
    from advisor.render.wrap import wrap_block

    print(wrap_block(explain_trace(paths, packs), width()))
    return 0
