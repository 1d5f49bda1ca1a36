"""Rule packs: which folders make a pack, and its rule files in evaluation order.

A pack is one or more folders of *.yaml rule files read as one: the files of all its folders
in file-name order. The built-in pack of a cloud is rules/core/ (rules whose conditions need
no cloud) with rules/<cloud>/ (rules that compare with the cloud's catalogue or name its
services); their files are numbered so that the two interleave in evaluation order.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from advisor.errors import InputError
from advisor.format.vocabulary import Vocabulary
from advisor.format.yamlnodes import read_text
from advisor.resources import data_dir


class Pack(Struct, frozen=True):
    """Folders of rule files read as one pack, their files in file-name order."""

    folders: tuple[Path, ...]


def builtin_pack(vocabulary: Vocabulary) -> Pack:
    """The rules advisor ships for a cloud: the neutral ones and the cloud's own."""
    root = data_dir("rules")
    return Pack((root / "core", root / vocabulary.cloud))


def pack_files(pack: Pack | Path) -> list[tuple[Path, str]]:
    """Each rule file of the pack, in evaluation order, with its text."""
    folders = pack.folders if isinstance(pack, Pack) else (pack,)
    found: dict[str, Path] = {}
    for folder in folders:
        for path in _rule_files(folder):
            if path.name in found:
                raise InputError(str(path), 0, 0, f"{found[path.name]} has the same name in "
                                 "this pack", "give each rule file of a pack its own name")
            found[path.name] = path
    return [(path, read_text(path, "rule file", "split the rules over several files"))
            for _, path in sorted(found.items())]


def _rule_files(folder: Path) -> list[Path]:
    """The folder's *.yaml files. A pack is as hostile as any committed file: a file that is
    a symbolic link out of the folder is refused before it is opened (it could make advisor
    read, and quote, a file elsewhere), and so is a name that is not UTF-8."""
    from advisor.safeio import inside, require_utf8_name

    found = sorted(folder.glob("*.yaml"))
    for path in found:
        require_utf8_name(folder, path.name, "this rule file's name")
        if not inside(folder, path):
            raise InputError(str(path), 0, 0, "this rule file is a symbolic link that leads "
                             "out of its pack folder, so it is not read",
                             "put the rule file itself in the pack folder")
    return found
