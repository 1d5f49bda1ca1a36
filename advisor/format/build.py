"""From a workload's checked values to its record: the checks that span keys (peak above
average, ordering_key with per-key ordering, a supported cloud), defaults filled in, the
neutral words of revision 1.1 read as the older ones, and consumers inheriting from their
workload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from advisor.format.records import (
    Batching,
    Consumer,
    Decision,
    Inherited,
    Waiver,
    Workload,
)
from advisor.format.spec import Errors
from advisor.format.vocabulary import DEFAULT_CLOUD, Cloud, Vocabulary, fallback, unsupported
from advisor.format.words import (
    NEUTRAL_WORDS,
    BatchMode,
    Crossing,
    Duplicates,
    Kind,
    Model,
    Ordering,
    Producer,
    Recipients,
    Replayer,
    RunsOn,
)
from advisor.format.yamlnodes import Pos, YMap, YNode, YSeq, plain


def positions_of(node: YNode, prefix: str, out: dict[str, Pos]) -> None:
    """Every dotted path in a value, with where it was written."""
    out[prefix] = node.pos
    if isinstance(node, YMap):
        for key, (_, value) in node.items.items():
            positions_of(value, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(node, YSeq):
        for index, item in enumerate(node.items):
            positions_of(item, f"{prefix}.{index}", out)


def _get(values: dict[str, object], key: str, sub: str | None = None) -> object:
    value = values.get(key)
    if sub is not None:
        return value.get(sub) if isinstance(value, dict) else None
    return value


def _batching(value: object) -> Batching | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Batching(cast(BatchMode, value))
    if isinstance(value, dict):
        size, window = value.get("size"), value.get("window")
        return Batching("required", size if isinstance(size, int) else None,
                        window if isinstance(window, float) else None)
    return None


def _replay(value: object) -> float:
    if isinstance(value, dict):
        value = value.get("window")
    return value if isinstance(value, float) else 0.0


def _replay_by(value: object) -> Replayer:
    by = value.get("by") if isinstance(value, dict) else None
    return cast(Replayer, by) if isinstance(by, str) else "consumer"


def _neutral(key: str, value: object) -> object:
    """A cloud-neutral word of revision 1.1 (`function`, `cloud-service`) as revision 1.0's word."""
    return NEUTRAL_WORDS[key].get(value, value) if isinstance(value, str) else value


def _num(value: object) -> float | None:
    return value if isinstance(value, float) else None


def build(node: YMap, values: dict[str, object], system: str | None, errors: Errors,
          vocabularies: Mapping[str, Vocabulary], override: Cloud | None = None
          ) -> Workload | None:
    """The workload record, or None when its values, or the checks across them, failed.
    `override`: the cloud the run reads it for, whatever its `cloud:` says."""
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
    cloud = override or values.get("cloud") or DEFAULT_CLOUD
    if cloud not in vocabularies:
        err("cloud", f"cloud: {cloud} is not supported yet", unsupported(vocabularies))
    implemented_by = values.get("implemented_by")
    if isinstance(implemented_by, str):
        problem = template_path_problem(implemented_by)
        if problem:
            err("implemented_by", f"implemented_by {problem}",
                "name the template relative to this workload file, inside the repository, "
                "such as infra/orders.yaml")
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
        decision = Decision(cast(Model, model) if isinstance(model, str) else None,
                            tuple(decision_values.get("services") or ()), tuple(waivers))
    if len(errors.items) > before or not isinstance(values.get("name"), str):
        return None
    name = str(values["name"])
    region = values.get("region")
    vocabulary = vocabularies.get(str(cloud)) or fallback(vocabularies)
    return Workload(
        path=errors.path,
        name=name,
        title=str(values.get("title") or _title_from(name)),
        description=str(values.get("description") or "").strip(),
        kind=cast(Kind, str(values.get("kind"))),
        rate_average=average or peak,
        rate_peak=peak or average,
        payload_average=payload_avg or payload_max,
        payload_max=payload_max or payload_avg,
        latency=_num(values.get("latency")),
        processing_time=_num(values.get("processing_time")),
        ordering=cast(Ordering, str(ordering)),
        ordering_key=values.get("ordering_key"),  # type: ignore[arg-type]
        duplicates=cast(Duplicates, str(values.get("duplicates") or "tolerated")),
        replay=replay,
        batching=batching,
        consumers=consumers,
        consumers_listed=isinstance(values.get("consumers"), tuple),
        producer=cast(Producer | None, _neutral("producer", values.get("producer"))),
        source=values.get("source"),  # type: ignore[arg-type]
        existing=tuple(values.get("existing") or ()),  # type: ignore[arg-type]
        crosses=tuple(cast("tuple[Crossing, ...]", values.get("crosses") or ())),
        region=str(region or vocabulary.default_region),
        region_stated=region is not None,
        decision=decision,
        system=system,
        written=_written(node),
        positions=positions,
        cloud=cast(Cloud, str(cloud)),
        replay_by=inherited.replay_by,
        expires_after=inherited.expires_after,
        delay=_num(values.get("delay")),
        implemented_by=implemented_by if isinstance(implemented_by, str) else None,
    )


def template_path_problem(path: str) -> str:
    """Why a template path may not be named, or "": a template lives inside the repository
    among its visible files, so an absolute path or a hidden name (.git, a .env file) is
    refused before anything is opened. A `..` step may reach a sibling folder (workloads/
    beside infra/); `check` refuses a path that resolves outside the repository."""
    parts = path.replace("\\", "/").split("/")
    if not path.strip() or "\0" in path:
        return "is empty" if not path.strip() else "holds a NUL byte"
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return f"is an absolute path ({path!r})"
    hidden = next((p for p in parts if p.startswith(".") and p not in (".", "..")), None)
    if hidden is not None:
        return f"names a hidden file or folder ({hidden!r})"
    return ""


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
                runs_on=cast(RunsOn | None, _neutral("runs_on", item.get("runs_on"))),
                replay=_replay(own_replay) if own_replay is not None else inherited.replay,
                named=True,
                replay_by=(_replay_by(own_replay) if own_replay is not None
                           else inherited.replay_by),
                recipients=cast(Recipients, recipients) if isinstance(recipients, str) else None,
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
