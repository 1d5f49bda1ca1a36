"""Read and validate a workload file into workload records (`records`).

Every mistake in a file is reported in one pass, each with its line and column. The words
that name a cloud's services come from the vocabularies the caller passes, keyed by cloud:
each workload is checked against the vocabulary of the cloud it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import cast

from advisor.errors import InputError, InputErrors, quoted
from advisor.format.build import build
from advisor.format.limits import (
    MAX_LISTED_CONSUMERS_PER_RUN,
    MAX_WORKLOADS_PER_FILE,
    MAX_WORKLOADS_PER_RUN,
)
from advisor.format.records import (
    NO_BATCHING,
    Batching,
    Consumer,
    Decision,
    Waiver,
    Workload,
)
from advisor.format.schema import FILE_KEYS, SYSTEM, VERSION, WorkloadSpec, spec_for
from advisor.format.spec import Errors, suggest
from advisor.format.vocabulary import Cloud, Vocabularies, Vocabulary, by_cloud, fallback
from advisor.format.yamlnodes import (
    Pos,
    YMap,
    YNode,
    YScalar,
    YSeq,
    parse_yaml,
    read_text,
    type_name,
)

# The records are read from here as well as from `records`, where they are defined.
__all__ = ["NO_BATCHING", "Batching", "Consumer", "Decision", "RunTotals", "Waiver",
           "Workload", "load_workloads", "parse_workloads"]


def load_workloads(path: Path, shown: str | None = None, *,
                   vocabularies: Vocabularies, cloud: Cloud | None = None) -> list[Workload]:
    """Every workload in a file, in file order, or InputError(s) naming each mistake.
    `cloud`: each is read as if it named this cloud (`--cloud`)."""
    label = shown if shown is not None else str(path)
    found: list[InputError] = []
    root = parse_yaml(read_text(path), label, found)
    return parse_workloads(root, label, found, vocabularies=vocabularies, cloud=cloud)


class RunTotals:
    """Workloads and listed consumers read so far in one run, against the run's caps."""

    def __init__(self) -> None:
        self.workloads = 0
        self.listed = 0

    @property
    def over(self) -> bool:
        return (self.workloads > MAX_WORKLOADS_PER_RUN
                or self.listed > MAX_LISTED_CONSUMERS_PER_RUN)

    def add(self, w: Workload, shown: str) -> None:
        """Count `w`; InputError at `w` once the run is over a cap."""
        self.workloads += 1
        if w.consumers_listed:
            self.listed += len(w.consumers)
        if self.workloads > MAX_WORKLOADS_PER_RUN:
            pos = w.position("name")
            raise InputError(shown, pos.line, pos.column,
                             f"more than {MAX_WORKLOADS_PER_RUN:,} workloads in one run",
                             "run advisor on fewer files at a time")
        if self.listed > MAX_LISTED_CONSUMERS_PER_RUN:
            pos = w.position("consumers")
            raise InputError(shown, pos.line, pos.column,
                             f"more than {MAX_LISTED_CONSUMERS_PER_RUN:,} listed consumers in "
                             "one run", "give alike consumers as a count (`consumers: 50`), "
                             "or run advisor on fewer files at a time")


def parse_workloads(root: YNode | None, label: str, prior: list[InputError] | None = None, *,
                    vocabularies: Vocabularies, cloud: Cloud | None = None) -> list[Workload]:
    """Validate composed YAML; `prior` holds mistakes the YAML reader already found, which
    are reported with the others (and shadow any consequence at the same place).
    `vocabularies`: the words of each supported cloud (one Vocabulary, or several by cloud).
    `cloud`: every workload is read as if it named this cloud, so that its services and
    sources are checked against that cloud's words."""
    clouds = by_cloud(vocabularies)
    if cloud is not None and isinstance(root, YMap):
        root = _on_cloud(root, cloud)
    errors = Errors(label)
    if root is None:
        raise InputError(label, 1, 1, "the file is empty",
                         "a workload needs at least `version: 1`, `name:` and `kind:`")
    if not isinstance(root, YMap):
        raise InputError(label, root.pos.line, root.pos.column,
                         f"a workload file must be a mapping, not {type_name(root)}",
                         "start with `version: 1`, then `name:` and `kind:` "
                         "(or `workloads:` for several)")
    many = "workloads" in root.items
    workloads = _parse_many(root, errors, clouds) if many else _parse_one(root, errors, clouds)
    if prior:
        places = {(e.line, e.column) for e in prior}
        errors.items = list(prior) + [e for e in errors.items
                                      if (e.line, e.column) not in places]
    if errors.items:
        raise InputErrors(errors.items)
    return workloads


def _on_cloud(root: YMap, cloud: Cloud) -> YMap:
    """The file's tree with `cloud:` set on the workload, or on each of `workloads:`; the
    value is placed where the file wrote `cloud:`, else at the workload."""
    def forced(node: YNode) -> YNode:
        if not isinstance(node, YMap):
            return node
        written = node.items.get("cloud")
        key_pos, pos = (written[0], written[1].pos) if written else (node.pos, node.pos)
        return YMap(node.pos, {**node.items, "cloud": (key_pos, YScalar(cloud, pos))})
    listed = root.items.get("workloads")
    if listed is None:
        return cast(YMap, forced(root))
    key_pos, items = listed
    if not isinstance(items, YSeq):
        return root
    return YMap(root.pos, {**root.items, "workloads": (
        key_pos, YSeq(items.pos, tuple(forced(item) for item in items.items)))})


def _check_version(root: YMap, errors: Errors) -> None:
    if "version" not in root.items:
        errors.add(root.pos, "missing required key 'version'",
                   "add `version: 1` at the top of the file")
    else:
        VERSION.spec.check(root.items["version"][1], "version", errors)


def _spec(node: YNode, clouds: Mapping[str, Vocabulary]) -> WorkloadSpec:
    """The format for the cloud a workload (or `defaults:`) names; for a cloud named wrongly,
    or not supported, the default's, so that its other mistakes are still reported."""
    written = node.items.get("cloud") if isinstance(node, YMap) else None
    cloud = written[1].value if written is not None and isinstance(written[1], YScalar) else None
    vocabulary = clouds.get(cloud) if isinstance(cloud, str) else None
    return spec_for(vocabulary or fallback(clouds))


def _parse_one(root: YMap, errors: Errors, clouds: Mapping[str, Vocabulary]) -> list[Workload]:
    _check_version(root, errors)
    values = _spec(root, clouds).workload.check(root, "", errors)
    if not isinstance(values, dict):
        return []
    workload = build(root, values, None, errors, clouds)
    return [workload] if workload else []


def _parse_many(root: YMap, errors: Errors, clouds: Mapping[str, Vocabulary]) -> list[Workload]:
    _check_version(root, errors)
    for key, (pos, _) in root.items.items():
        if key not in FILE_KEYS:
            hint = (f"{suggest(key, list(FILE_KEYS))}a file with `workloads:` takes only "
                    f"{', '.join(FILE_KEYS)} at the top; put `{key}` under `defaults:` "
                    "or inside each workload")
            errors.add(pos, f"unknown key {quoted(key)} beside `workloads:`", hint)
    system = None
    if "system" in root.items:
        checked = SYSTEM.check(root.items["system"][1], "system", errors)
        system = checked if isinstance(checked, str) else None
    defaults = YMap(root.pos)
    reported: set[tuple[int, int]] = set()
    if "defaults" in root.items:
        node = root.items["defaults"][1]
        before = len(errors.items)
        # Reports its own mistakes once, at their place.
        _spec(node, clouds).defaults.check(node, "defaults", errors)
        reported = {(e.line, e.column) for e in errors.items[before:]}
        if isinstance(node, YMap):
            defaults = node
    entries = root.items["workloads"][1]
    if not isinstance(entries, YSeq) or not entries.items:
        errors.add(entries.pos, f"`workloads` must be a non-empty list, not {type_name(entries)}",
                   "write each workload as a list item starting with `- name: ...`")
        return []
    if len(entries.items) > MAX_WORKLOADS_PER_FILE:
        errors.add(entries.items[MAX_WORKLOADS_PER_FILE].pos,
                   f"the file lists {len(entries.items):,} workloads; at most "
                   f"{MAX_WORKLOADS_PER_FILE:,} are allowed in one file",
                   "split the workloads over several files")
        return []
    workloads: list[Workload] = []
    seen: dict[str, Pos] = {}
    listed = 0
    for index, entry in enumerate(entries.items):
        if not isinstance(entry, YMap):
            errors.add(entry.pos, f"workloads[{index}] must be a mapping, not {type_name(entry)}",
                       "each item holds the keys of one workload")
            continue
        merged = _merge(defaults, entry)
        consumers = merged.items.get("consumers")
        if consumers is not None and isinstance(consumers[1], YSeq):
            # Counted before they are checked: a list in `defaults` is checked again under
            # every workload, so a few KB could otherwise cost a million checks.
            listed += len(consumers[1].items)
            if listed > MAX_LISTED_CONSUMERS_PER_RUN:
                errors.add(entry.pos, f"the workloads up to this one list more than "
                           f"{MAX_LISTED_CONSUMERS_PER_RUN:,} consumers in all (a list under "
                           "`defaults` counts once for each workload)",
                           "give alike consumers as a count (`consumers: 50`), or run advisor "
                           "on fewer workloads at a time")
                break
        before = len(errors.items)
        values = _spec(merged, clouds).entry.check(merged, "", errors)
        # A mistake inherited from `defaults` was reported there already.
        errors.items[before:] = [e for e in errors.items[before:]
                                 if (e.line, e.column) not in reported]
        if not isinstance(values, dict):
            continue
        name = values.get("name")
        if isinstance(name, str):
            if name in seen:
                pos = entry.items["name"][1].pos
                errors.add(pos, f"two workloads are named {name!r} (the first at line "
                           f"{seen[name].line})", "workload names must be unique: they name ADRs")
            else:
                seen[name] = entry.items["name"][1].pos
        workload = build(merged, values, system, errors, clouds)
        if workload:
            workloads.append(workload)
    return workloads


def _merge(base: YMap, over: YMap) -> YMap:
    """Defaults under a workload: mappings merge key by key, the workload wins."""
    items = dict(base.items)
    for key, (pos, value) in over.items.items():
        under = items.get(key)
        if under and isinstance(under[1], YMap) and isinstance(value, YMap):
            items[key] = (pos, _merge(under[1], value))
        else:
            items[key] = (pos, value)
    return YMap(over.pos, items)


