"""Write a new ADR under the next free number; and the face through which the rest of
advisor reaches the ADR folder (names, reading, links, atomic writes, the lock), so that
`from advisor.adr import folder` keeps working as it did before the folder was split."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from advisor.adr import atomic
from advisor.adr.atomic import ensure_dir
from advisor.adr.atomic import replace as replace
from advisor.adr.atomic import write_text as write_text
from advisor.adr.doc import AdrDoc as AdrDoc
from advisor.adr.doc import generated as generated
from advisor.adr.frontmatter import MAX_FRONT_MATTER as MAX_FRONT_MATTER
from advisor.adr.links import file_links as file_links
from advisor.adr.links import links as links
from advisor.adr.locks import LOCK_NAME as LOCK_NAME
from advisor.adr.locks import LOCK_WAIT as LOCK_WAIT
from advisor.adr.locks import folder_lock as folder_lock
from advisor.adr.names import MAX_NUMBER, matches
from advisor.adr.names import adr_files as adr_files
from advisor.adr.output import write_output as write_output
from advisor.adr.reading import Existing as Existing
from advisor.adr.reading import existing_in as existing_in
from advisor.adr.reading import read_adr as read_adr
from advisor.adr.reading import read_adrs as read_adrs
from advisor.errors import InputError
from advisor.render.marks import GENERATED_MARK as GENERATED_MARK

__all__ = ["GENERATED_MARK", "LOCK_NAME", "LOCK_WAIT", "MAX_FRONT_MATTER", "MAX_NUMBER",
           "AdrDoc", "Existing", "adr_files", "existing_in", "file_links", "folder_lock",
           "generated", "links", "read_adr", "read_adrs", "replace", "write_new",
           "write_output", "write_text"]



def _numbers(adr_dir: Path) -> set[int]:
    """The numbers `adr_files` would list, without building and sorting its list: a run
    that writes hundreds of ADRs asks this for each."""
    try:
        listed = os.listdir(adr_dir)
    except OSError:
        return set()
    return {number for number, _ in matches(adr_dir, listed)}


def write_new(adr_dir: Path, name: str, render: object,
              replacing: Callable[[int], tuple[Path, str]] | None = None) -> Path:
    """Write a new ADR under the next free number; the caller holds the folder's lock
    (`folder_lock`), so no other run takes a number meanwhile.

    `render(number) -> text`. The finished file is published by hard-linking it to its
    final name, so it is never seen half-written. `replacing(number) -> (path, text)`: a
    file rewritten together with the new ADR (a supersede sets the old ADR's status), as
    `atomic.publish_pair` says.
    """
    assert callable(render)
    ensure_dir(adr_dir)
    number = max(_numbers(adr_dir), default=0) + 1
    if number > MAX_NUMBER:
        raise InputError(str(adr_dir), 0, 0, f"no free ADR number: the next would be "
                         f"{number:,}, past {MAX_NUMBER:,}",
                         "renumber the ADRs by hand from a lower number")
    target = adr_dir / f"{number:04d}-{name}.md"
    # Through the module, so that a patched `atomic.publish` (a full disk, in the tests)
    # is the one called.
    if replacing is None:
        return atomic.publish(adr_dir, target, render(number))
    return atomic.publish_pair(adr_dir, target, render(number), *replacing(number))
