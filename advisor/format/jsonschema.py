"""The workload format as a JSON Schema document (`advisor schema`), for editors: built from
the same tree as the validator, for the vocabulary it is given."""

from __future__ import annotations

from advisor.format.schema import SYSTEM, VERSION, spec_for
from advisor.format.vocabulary import Vocabulary


def json_schema(vocabulary: Vocabulary) -> dict[str, object]:
    """The workload format as JSON Schema (draft 2020-12), from the same tree as the validator."""
    spec = spec_for(vocabulary)
    single = spec.workload.json()
    required = single.get("required")
    single["required"] = ["version", *(required if isinstance(required, list) else [])]
    entry = spec.entry.json()
    many = {
        "type": "object",
        "properties": {
            "version": VERSION.spec.json(),
            "system": SYSTEM.json(),
            "defaults": spec.defaults.json(),
            "workloads": {"type": "array", "minItems": 1, "items": entry},
        },
        "required": ["version", "workloads"],
        "additionalProperties": False,
    }
    # The key `workloads` decides the form, as it does for the validator. A `oneOf` of the two
    # forms made validators lead a single workload's mistakes with "'workloads' is a required
    # property"; with if/then/else a file is checked against its own form only.
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "advisor workload file, format version 1",
        "description": "One message flow (or several under `workloads:`) for `advisor "
                       "recommend`. Units: rates like 50/s, 3000/min, 2M/day; sizes like 2KB; "
                       "durations like 200ms, 5s, 15m, 24h, 7d.",
        "type": "object",
        "if": {"required": ["workloads"]},
        "then": many,
        "else": single,
    }
