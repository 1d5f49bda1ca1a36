"""Read and validate a workload file into plain, normalised values.

Everything here is in base units (per second, bytes, seconds). Every mistake in a
file is reported in one pass, each with its line and column.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from msgspec import Struct

from advisor.errors import InputError, InputErrors, quoted
from advisor.format.schema import (
    DEFAULTS,
    ENTRY,
    FILE_KEYS,
    MAX_LISTED_CONSUMERS_PER_RUN,
    MAX_WORKLOADS_PER_FILE,
    MAX_WORKLOADS_PER_RUN,
    NEUTRAL_WORDS,
    SUPPORTED_CLOUDS,
    SYSTEM,
    WORKLOAD,
    WORKLOAD_FIELDS,
    Errors,
    positions_of,
    suggest,
)
from advisor.format.yamlnodes import Pos, YMap, YNode, YSeq, parse_yaml, plain, read_text, type_name

_ENTRY = ENTRY


class Batching(Struct, frozen=True):
    """How a consumer wants its messages grouped."""

    mode: str  # none | preferred | required
    size: int | None = None
    window: float | None = None  # seconds

    @property
    def wanted(self) -> bool:
        return self.mode != "none"


NO_BATCHING = Batching("none")


class Consumer(Struct, frozen=True):
    """One consumer of the flow, with what it can absorb and needs."""

    name: str
    index: int
    max_rate: float | None  # per second
    batching: Batching  # effective: the consumer's own, else the workload's
    runs_on: str | None
    replay: float  # seconds the consumer must be able to re-read; 0 = none
    named: bool  # False when the file gave only a count
    # How many alike consumers this one stands for. `consumers: N` is one group of N, never
    # N objects: a 3 KB file may declare 100,000 consumers in each of 200 workloads, and every
    # step after reading works per group (facts weight their counts, costs multiply).
    count: int = 1
    replay_by: str = "consumer"  # consumer (re-reads a log) | operator (re-sends from an archive)
    recipients: str | None = None  # fixed | per-message; None = not stated (taken as fixed)
    instances: int = 1  # separately addressed instances (devices, stores, connections)
    max_concurrency: int | None = None
    expires_after: float | None = None  # seconds; effective: the consumer's, else the workload's


class Waiver(Struct, frozen=True):
    """A rule the team chose to set aside for this workload, and why."""

    rule: str
    reason: str
    expires: dt.date | None
    pos: Pos

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


class Decision(Struct, frozen=True):
    """What the team recorded as decided, for `advisor check` to compare."""

    model: str | None
    services: tuple[str, ...]
    waivers: tuple[Waiver, ...] = ()


class Workload(Struct, frozen=True):
    """One validated workload, as the rest of the pipeline reads it."""

    path: str
    name: str
    title: str
    description: str
    kind: str
    rate_average: float | None
    rate_peak: float | None
    payload_average: float | None
    payload_max: float | None
    latency: float | None
    processing_time: float | None
    ordering: str
    ordering_key: str | None
    duplicates: str
    replay: float
    batching: Batching
    consumers: tuple[Consumer, ...]
    consumers_listed: bool
    producer: str | None
    source: str | None
    existing: tuple[str, ...]
    crosses: tuple[str, ...]
    region: str
    region_stated: bool
    decision: Decision | None
    system: str | None
    written: dict[str, object]  # the validated values as written (for fingerprints and flips)
    positions: dict[str, Pos]  # dotted path -> where it was written
    cloud: str = "aws"
    replay_by: str = "consumer"
    expires_after: float | None = None
    delay: float | None = None

    @property
    def consumer_total(self) -> int:
        """How many consumers the flow has: groups counted by their size."""
        return sum(c.count for c in self.consumers)

    def position(self, path: str) -> Pos:
        """Where a value was written, falling back to its nearest written parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path.rpartition(".")[0]
        return self.positions.get("", Pos(1, 1))


def load_workloads(path: Path, shown: str | None = None) -> list[Workload]:
    """Every workload in a file, in file order, or InputError(s) naming each mistake."""
    label = shown if shown is not None else str(path)
    found: list[InputError] = []
    root = parse_yaml(read_text(path), label, found)
    return parse_workloads(root, label, found)


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


def parse_workloads(root: YNode | None, label: str,
                    prior: list[InputError] | None = None) -> list[Workload]:
    """Validate composed YAML; `prior` holds mistakes the YAML reader already found, which
    are reported with the others (and shadow any consequence at the same place)."""
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
    workloads = _parse_many(root, errors) if many else _parse_one(root, errors)
    if prior:
        places = {(e.line, e.column) for e in prior}
        errors.items = list(prior) + [e for e in errors.items
                                      if (e.line, e.column) not in places]
    if errors.items:
        raise InputErrors(errors.items)
    return workloads


def _check_version(root: YMap, errors: Errors) -> None:
    if "version" not in root.items:
        errors.add(root.pos, "missing required key 'version'",
                   "add `version: 1` at the top of the file")
    else:
        WORKLOAD_FIELDS["version"].spec.check(root.items["version"][1], "version", errors)


def _parse_one(root: YMap, errors: Errors) -> list[Workload]:
    _check_version(root, errors)
    values = WORKLOAD.check(root, "", errors)
    if not isinstance(values, dict):
        return []
    workload = _build(root, values, None, errors)
    return [workload] if workload else []


def _parse_many(root: YMap, errors: Errors) -> list[Workload]:
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
        DEFAULTS.check(node, "defaults", errors)  # reports its own mistakes once, at their place
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
        values = _ENTRY.check(merged, "", errors)
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
        workload = _build(merged, values, system, errors)
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


def _get(values: dict[str, object], key: str, sub: str | None = None) -> object:
    value = values.get(key)
    if sub is not None:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def _batching(value: object) -> Batching | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Batching(value)
    if isinstance(value, dict):
        size, window = value.get("size"), value.get("window")
        return Batching("required", size if isinstance(size, int) else None,
                        window if isinstance(window, float) else None)
    return None


def _replay(value: object) -> float:
    if isinstance(value, dict):
        value = value.get("window")
    return value if isinstance(value, float) else 0.0


def _replay_by(value: object) -> str:
    by = value.get("by") if isinstance(value, dict) else None
    return by if isinstance(by, str) else "consumer"


def _neutral(key: str, value: object) -> object:
    """A cloud-neutral word of revision 1.1 (`function`, `cloud-service`) as the AWS word."""
    return NEUTRAL_WORDS[key].get(value, value) if isinstance(value, str) else value


def _num(value: object) -> float | None:
    return value if isinstance(value, float) else None


def _build(node: YMap, values: dict[str, object], system: str | None,
           errors: Errors) -> Workload | None:
    positions: dict[str, Pos] = {}
    positions_of(node, "", positions)
    before = len(errors.items)

    def err(path: str, message: str, hint: str = "") -> None:
        errors.add(positions.get(path, node.pos), message, hint)

    average, peak = _num(_get(values, "throughput", "average")), _num(
        _get(values, "throughput", "peak"))
    if average and peak and peak < average:
        err("throughput.peak", "throughput.peak is below throughput.average",
            "peak is the highest rate you expect; it is at least the average")
    payload_avg, payload_max = _num(_get(values, "payload", "average")), _num(
        _get(values, "payload", "max"))
    if payload_avg and payload_max and payload_max < payload_avg:
        err("payload.max", "payload.max is below payload.average",
            "max is the largest message you expect; it is at least the average")
    ordering = values.get("ordering") or "none"
    if values.get("ordering_key") and ordering != "per-key":
        err("ordering_key", "ordering_key is given but ordering is not per-key",
            "set `ordering: per-key`, or remove `ordering_key`")
    cloud = values.get("cloud") or "aws"
    if cloud not in SUPPORTED_CLOUDS:
        err("cloud", f"cloud: {cloud} is not supported yet",
            "advisor designs for AWS so far (Azure and Google Cloud are planned); write "
            "`cloud: aws` or remove the key")
    if "implemented_by" in values:
        err("implemented_by", "implemented_by is not supported yet",
            "checking a template against the decision is planned; remove the key for now")
    batching = _batching(values.get("batching")) or Batching("none")
    replay = _replay(values.get("replay"))
    inherited = Inherited(replay, _replay_by(values.get("replay")),
                          _num(values.get("expires_after")))
    consumers = _consumers(values.get("consumers"), batching, inherited, positions, err)
    decision_values = values.get("decision")
    decision = None
    if isinstance(decision_values, dict):
        model = decision_values.get("model")
        waivers = []
        for index, item in enumerate(decision_values.get("waivers") or ()):
            if isinstance(item, dict) and isinstance(item.get("rule"), str):
                expires = item.get("expires")
                waivers.append(Waiver(str(item["rule"]), str(item.get("reason", "")).strip(),
                                      expires if isinstance(expires, dt.date) else None,
                                      positions.get(f"decision.waivers.{index}", node.pos)))
        decision = Decision(model if isinstance(model, str) else None,
                            tuple(decision_values.get("services") or ()), tuple(waivers))
    if len(errors.items) > before or not isinstance(values.get("name"), str):
        return None
    name = str(values["name"])
    region = values.get("region")
    return Workload(
        path=errors.path,
        name=name,
        title=str(values.get("title") or _title_from(name)),
        description=str(values.get("description") or "").strip(),
        kind=str(values.get("kind")),
        rate_average=average or peak,
        rate_peak=peak or average,
        payload_average=payload_avg or payload_max,
        payload_max=payload_max or payload_avg,
        latency=_num(values.get("latency")),
        processing_time=_num(values.get("processing_time")),
        ordering=str(ordering),
        ordering_key=values.get("ordering_key"),  # type: ignore[arg-type]
        duplicates=str(values.get("duplicates") or "tolerated"),
        replay=replay,
        batching=batching,
        consumers=consumers,
        consumers_listed=isinstance(values.get("consumers"), tuple),
        producer=_neutral("producer", values.get("producer")),  # type: ignore[arg-type]
        source=values.get("source"),  # type: ignore[arg-type]
        existing=tuple(values.get("existing") or ()),  # type: ignore[arg-type]
        crosses=tuple(values.get("crosses") or ()),  # type: ignore[arg-type]
        region=str(region or "us-east-1"),
        region_stated=region is not None,
        decision=decision,
        system=system,
        written=_written(node),
        positions=positions,
        cloud=str(cloud),
        replay_by=inherited.replay_by,
        expires_after=inherited.expires_after,
        delay=_num(values.get("delay")),
    )


class Inherited(Struct, frozen=True):
    """What a consumer takes from its workload unless it states its own: a workload-level
    value means exactly what writing it on every consumer means."""

    replay: float
    replay_by: str
    expires_after: float | None


def _consumers(value: object, batching: Batching, inherited: Inherited,
               positions: dict[str, Pos], err: object) -> tuple[Consumer, ...]:
    if isinstance(value, tuple):
        result: list[Consumer] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                continue
            name = item["name"]
            if name in seen and callable(err):
                err(f"consumers.{index}.name", f"two consumers are named {name!r}",
                    "consumer names must be unique within a workload")
            seen.add(name)
            own_replay = item.get("replay")
            own_expiry = _num(item.get("expires_after"))
            instances, concurrency = item.get("instances"), item.get("max_concurrency")
            recipients = item.get("recipients")
            result.append(Consumer(
                name=name,
                index=index,
                max_rate=_num(item.get("max_rate")),
                batching=_batching(item.get("batching")) or batching,
                runs_on=_neutral("runs_on", item.get("runs_on")),  # type: ignore[arg-type]
                replay=_replay(own_replay) if own_replay is not None else inherited.replay,
                named=True,
                replay_by=(_replay_by(own_replay) if own_replay is not None
                           else inherited.replay_by),
                recipients=recipients if isinstance(recipients, str) else None,
                instances=instances if isinstance(instances, int) else 1,
                max_concurrency=concurrency if isinstance(concurrency, int) else None,
                expires_after=own_expiry if own_expiry is not None
                else inherited.expires_after,
            ))
        if not value and callable(err):
            err("consumers", "consumers is an empty list",
                "list at least one consumer, or give a count such as `consumers: 3`")
        return tuple(result)
    count = value if isinstance(value, int) else 1
    return (Consumer("consumer" if count == 1 else "consumers", 0, None, batching, None,
                     inherited.replay, False, count, replay_by=inherited.replay_by,
                     expires_after=inherited.expires_after),)


def _title_from(name: str) -> str:
    words = name.replace("-", " ")
    return f"Deliver {words} messages"


def _written(node: YNode) -> dict[str, object]:
    """The workload as written, as plain data, for fingerprints and for flips."""
    result = plain(node)
    assert isinstance(result, dict)
    return result
