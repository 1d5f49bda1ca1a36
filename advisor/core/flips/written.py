"""How a flip is written so that, pasted into the workload file, it gives the model it
names: a whole consumer entry or list as one line of YAML flow syntax, fresh consumer names,
and which consumers inherit a workload-level value."""

from __future__ import annotations

import math

import yaml

from advisor.format.workload import Workload


def said_to(direction: int) -> str:
    return "rose to" if direction > 0 else "fell to"


def inherited(w: Workload, key: str) -> list[bool]:
    """Which consumers take the workload-level value of `key` (they state none of their own)."""
    listed = w.written.get("consumers")
    if not isinstance(listed, list):
        return [True] * len(w.consumers)
    return [not (isinstance(item, dict) and key in item) for item in listed]


def written_entries(w: Workload) -> list[object]:
    """The consumer entries as written, to be printed whole in a flip."""
    listed = w.written.get("consumers")
    return list(listed) if isinstance(listed, list) else []


def fresh_names(w: Workload, how_many: int) -> list[str]:
    """`consumer-N` names, numbered on from the listed ones, that no consumer has yet."""
    taken = {c.name for c in w.consumers}
    names: list[str] = []
    number = len(w.consumers)
    while len(names) < how_many:
        number += 1
        if f"consumer-{number}" not in taken:
            names.append(f"consumer-{number}")
    return names


def flow(value: object) -> str:
    """`value` as one line of YAML flow syntax: a whole consumer entry or list, pasted as
    printed, reads as the same values."""
    return str(yaml.safe_dump(value, default_flow_style=True, sort_keys=False,
                              width=math.inf)).strip()
