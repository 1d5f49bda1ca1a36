"""The compiled twin of each cloud's built-in rule pack: advisor/data/rules-<cloud>.json.

msgspec builds the checked rules from it in about 1 ms, against 10 ms to parse and check
the YAML. It is keyed on its data, never on code: the digest of the pack's files and of the
cloud's vocabulary they were checked against, and advisor's version. Editing a module leaves
it current; editing a rule file, the vocabulary, or a catalogue figure a rule compares with
makes it stale, and a stale, missing or unreadable twin is passed over for the YAML, which
stays the source of truth. `python -m advisor.twins` rewrites it (and the catalogue's twin).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct
from msgspec.structs import replace

from advisor import __version__
from advisor.core.rules.pack import Pack, builtin_pack, pack_files
from advisor.core.rules.rule import Rule
from advisor.errors import InputError, InputErrors
from advisor.format.vocabulary import Vocabulary
from advisor.resources import data_dir


def twin_file(cloud: str) -> Path:
    """Where the twin of `cloud`'s built-in pack lives."""
    return Path(__file__).resolve().parent.parent.parent / "data" / f"rules-{cloud}.json"


TWIN = twin_file("aws")

if TYPE_CHECKING:
    from advisor.core.rules.conditionreader import CatalogueFact



class Twin(Struct, frozen=True):
    """The built-in pack's rules as loaded and checked, and the key they are valid for."""

    note: str
    data_sha256: str  # of the vocabulary and each rule file's name and text (`data_digest`)
    advisor_version: str
    rules: tuple[Rule, ...]  # each rule's `path` is relative to the rules/ folder


def data_digest(files: list[tuple[Path, str]], vocabulary: Vocabulary) -> str:
    """What the twin was compiled from: the vocabulary the rules were checked against, and
    each file's place in rules/ and text."""
    root = data_dir("rules")
    digest = hashlib.sha256("\0".join((vocabulary.cloud, *vocabulary.service_ids, "",
                                       *vocabulary.sources)).encode())
    for path, text in files:
        digest.update(f"\0{path.relative_to(root).as_posix()}\0{text}".encode())
    return digest.hexdigest()


def compiled(pack: Pack | Path, files: list[tuple[Path, str]],
             known_sources: Callable[[str], bool], catalogue: Mapping[str, CatalogueFact],
             vocabulary: Vocabulary, twin_path: Path | None = None) -> list[Rule] | None:
    """The built-in pack's rules from its twin, if the twin was made from exactly these
    files and vocabulary by this version, and every source and catalogue figure it cites is
    still as it was. Otherwise None, and the pack is read from its YAML, which reports
    whatever is now wrong."""
    if pack != builtin_pack(vocabulary):
        return None
    try:
        twin = msgspec.json.decode((twin_path or twin_file(vocabulary.cloud)).read_bytes(),
                                   type=Twin)
    except (OSError, msgspec.DecodeError):
        return None
    if (twin.advisor_version != __version__
            or twin.data_sha256 != data_digest(files, vocabulary)):
        return None  # edited since `python -m advisor.twins`, or another release's twin
    if not all(source.startswith("https://") or known_sources(source)
               for rule in twin.rules for source in rule.sources):
        return None  # the catalogue lost a fact a rule cites
    if not all(p.fact in catalogue and catalogue[p.fact].value == p.value
               for rule in twin.rules for p in rule.parameters if p.fact):
        return None  # a threshold's catalogue fact changed, or is not at hand to compare
    root = data_dir("rules")
    return [replace(rule, path=str(root / rule.path)) for rule in twin.rules]


def compile_rule_pack(catalogue: Mapping[str, CatalogueFact], vocabulary: Vocabulary,
                      twin_path: Path | None = None) -> Path:
    """Write the twin of the cloud's built-in pack, checked against its catalogue and
    vocabulary (`python -m advisor.twins` calls this with the provider's values)."""
    from advisor.core.rules.loader import parse_files

    files = pack_files(builtin_pack(vocabulary))
    errors: list[InputError] = []
    rules = parse_files(files, catalogue.__contains__, errors, catalogue, vocabulary)
    if errors:
        raise InputErrors(errors)
    root = data_dir("rules")
    twin = Twin("Generated from rules/ by `python -m advisor.twins`; edit the YAML, never this "
                "file. It is used only while its digest and advisor's version match.",
                data_digest(files, vocabulary), __version__,
                tuple(replace(rule, path=Path(rule.path).relative_to(root).as_posix())
                      for rule in rules))
    path = twin_path or twin_file(vocabulary.cloud)
    path.write_bytes(msgspec.json.format(msgspec.json.encode(twin), indent=1) + b"\n")
    return path
