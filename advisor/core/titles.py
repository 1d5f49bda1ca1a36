"""The decision in one line, and the names services go by in titles and tables."""

from __future__ import annotations

from advisor.core.catalogue import Catalogue
from advisor.core.designs import Design
from advisor.core.phrasing import listed
from advisor.core.routes import buffer_of


def service_name(service: str, catalogue: Catalogue) -> str:
    """A service's short name ("EventBridge"), for the renderers."""
    return short_name(service, catalogue)


def short_name(service: str, catalogue: Catalogue) -> str:
    """A service's name as a title uses it: "SQS queue", "EventBridge", "Kinesis stream"."""
    return catalogue.label(service)


_TITLE_GROUPS = 3  # groups of consumers a title names; the rest are counted


def entry_name(service: str, catalogue: Catalogue) -> str:
    """A service where a route starts: a webhook there is our endpoint that a third party
    POSTs to, not an API destination that EventBridge calls out through."""
    known = catalogue.services.get(service)
    return known.entry_label if known and known.entry_label else short_name(service, catalogue)


def service_names(built: Design, catalogue: Catalogue) -> list[str]:
    """The design's services as a title names them, each once."""
    entries = {p.hops[0] for p in built.paths if p.hops}
    inner = {h for p in built.paths for h in p.hops[1:]}
    return list(dict.fromkeys(
        entry_name(s, catalogue) if s in entries and s not in inner else short_name(s, catalogue)
        for s in built.service_ids))


def decision_title(built: Design, catalogue: Catalogue) -> str:
    """"Hybrid: EventBridge fan-out with an SQS queue for loyalty-points, ...": the model
    first, then the entry service and, per kind of buffer (or push), the consumers it
    serves. Bounded: a few names per group, a few groups, the rest counted."""
    paths = list(built.paths)
    model = built.model.capitalize()
    if not paths:
        return f"{model}: " + (", ".join(short_name(s, catalogue) for s in built.service_ids)
                               or "no services")
    firsts = {p.hops[0] for p in paths if p.hops}
    entry = next(iter(firsts)) if len(firsts) == 1 and all(p.hops for p in paths) else None
    groups: dict[str, list[str]] = {}
    for p in paths:
        buffer = buffer_of(p, catalogue)
        key = "push" if buffer is None else "read" if buffer == entry else buffer
        groups.setdefault(key, []).append(p.consumer)
    # The buffers first (what sets the design apart), the pushed consumers last.
    keys = sorted(groups, key=lambda k: k == "push")
    parts = []
    for key in keys[:_TITLE_GROUPS]:
        names = groups[key]
        shown = listed(names)
        if key == "push":
            parts.append(f"{'push to ' if len(keys) > 1 else 'to '}{shown}")
        elif key == "read":
            parts.append(f"read by {shown}")
        else:
            kind = short_name(key, catalogue)
            # A queue is each consumer's own; a log (a stream, a Kafka topic) is one they share.
            each = len(names) > 1 and key in catalogue.of_kind("queue")
            parts.append(f"{kind}s for {shown}" if each else
                         f"{'an' if kind[0] in 'AEIOSU' else 'a'} {kind} for {shown}")
    if len(keys) > _TITLE_GROUPS:
        rest = sum(len(groups[k]) for k in keys[_TITLE_GROUPS:])
        parts.append(f"{rest:,} more consumers")
    joined = parts[0] if len(parts) == 1 else (
        ", ".join(parts[:-1]) + (", " if parts[-1].startswith("push") else " and ") + parts[-1])
    if entry is None:
        return f"{model}: {joined[0].upper()}{joined[1:]}"
    lead = entry_name(entry, catalogue)
    if len(paths) > 1 or paths[0].count > 1:
        lead += " fan-out"
    if len(paths) == 1 and keys == ["push"]:
        via = [short_name(h, catalogue) for h in paths[0].hops[1:]]
        via = [h for h in dict.fromkeys(via) if h != short_name(entry, catalogue)]
        if via:
            lead += " through " + listed(via)
    if keys[0] in ("push", "read"):
        return f"{model}: {lead} {joined}"
    return f"{model}: {lead} with {joined}"
