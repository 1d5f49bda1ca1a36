"""One writer for template documents: YAML with the keys in the order the emitter built
them, so that the same input always gives the same bytes.

Intrinsic functions are written in their long form (`Ref:`, `Fn::GetAtt:`, `Fn::Sub:`),
which is plain YAML: any YAML or JSON reader loads the template without custom tags."""

from __future__ import annotations

from typing import Any

import yaml

LONG_LIST = 16


class _Dumper(yaml.SafeDumper):
    """A safe dumper that keeps insertion order and never writes aliases (`&id001`): a
    template repeats a policy or a tag list verbatim rather than by reference."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _mapping(dumper: yaml.SafeDumper, data: dict[Any, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Multi-line text (a state machine, a description) reads best as a literal block.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _sequence(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    # A long list of plain values (a lookup table) reads as a few wrapped lines, not one
    # line per item.
    flow = len(data) > LONG_LIST and all(isinstance(v, str | int | float) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(list, _sequence)
_Dumper.add_representer(str, _text)


def to_yaml(document: dict[str, object]) -> str:
    """The document as YAML text, byte-identical for equal documents."""
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)
    return str(text)
