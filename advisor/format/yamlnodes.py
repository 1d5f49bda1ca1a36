"""Read YAML into plain values that remember where they were written.

PyYAML's composer gives nodes with marks; we walk those nodes ourselves instead
of calling safe_load, so that every value keeps its line and column, duplicate
keys are caught (safe_load keeps the last one silently), and aliases cannot
expand without bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from advisor.errors import InputError, InputErrors

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000

# Tags the safe loader resolves on its own; anything else (!!python/object,
# !Ref, ...) is a custom tag that a workload has no use for.
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:timestamp",
}

try:  # the C loader and emitter are several times faster where libyaml is present
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    _Dumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper


class Pos(Struct, frozen=True):
    """A place in a file, 1-based."""

    line: int  # 1-based
    column: int  # 1-based


class YScalar(Struct, frozen=True):
    """A scalar YAML value and where it was written."""

    value: object  # str, int, float, bool, None or a date
    pos: Pos
    tag: str = ""


class YMap(Struct, frozen=True):
    """A YAML mapping whose values and keys remember where they were written."""

    pos: Pos
    items: dict[str, tuple[Pos, YNode]] = field(default_factory=dict)  # key -> (key pos, value)


class YSeq(Struct, frozen=True):
    """A YAML list whose items remember where they were written."""

    pos: Pos
    items: tuple[YNode, ...] = ()


YNode = YScalar | YMap | YSeq


def plain(node: YNode) -> object:
    """The value without positions: dicts, lists and scalars."""
    if isinstance(node, YMap):
        return {k: plain(v) for k, (_, v) in node.items.items()}
    if isinstance(node, YSeq):
        return [plain(v) for v in node.items]
    return node.value


def type_name(node: YNode) -> str:
    """How a value reads to a person: "a mapping", "a list", "the number 3"."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    value = node.value
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a long text"
    return f"the value {value!s}"


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class _Reader:
    def __init__(self, path: str, tags: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.tags = tags or {}
        self.errors: list[InputError] = []
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.sizes: dict[int, int] = {}
        self.aliased = False

    def error(self, pos: Pos, message: str, hint: str = "") -> None:
        self.errors.append(InputError(self.path, pos.line, pos.column, message, hint))

    def expanded_size(self, node: yaml.Node) -> int:
        """Nodes after alias expansion, counted once per distinct node (so a
        "billion laughs" file costs its size on disk, not its expansion)."""
        seen = self.sizes.get(id(node))
        if seen is not None:
            self.aliased = True  # a node met twice: an alias
            return seen
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                total += self.expanded_size(key) + self.expanded_size(value)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += self.expanded_size(item)
                if total > MAX_EXPANDED_NODES:
                    break
        self.sizes[id(node)] = total
        return total

    def convert(self, node: yaml.Node) -> YNode:
        pos = _pos(node)
        if node.tag in self.tags:
            return YMap(pos, {self.tags[node.tag]: (pos, self.tagged(node, pos))})
        if node.tag not in _PLAIN_TAGS:
            self.error(
                pos,
                f"the YAML tag {node.tag!r} is not allowed",
                f"only {', '.join(list(self.tags)[:4])} and the other tags of this kind of "
                "file are read; remove the tag" if self.tags
                else "workload files hold plain values; remove the tag",
            )
            return YScalar(None, pos)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                return YScalar(node.value, pos, node.tag)  # dates stay text, as written
            try:
                value = self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self.error(pos, f"unreadable value: {exc}")
                value = None
            except ValueError:  # Python reads no integer of more than 4,300 digits
                self.error(pos, f"a number of {len(node.value):,} characters is too long to "
                           "read", "no value advisor reads needs more than a few digits")
                value = None
            return YScalar(value, pos, node.tag)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(pos, tuple(self.convert(item) for item in node.value))
        assert isinstance(node, yaml.MappingNode)
        return self.convert_mapping(node, pos)

    def tagged(self, node: yaml.Node, pos: Pos) -> YNode:
        """The value under a tag the caller named (`!Ref X`): kept as written, never
        constructed, so a tag is data and runs nothing."""
        if isinstance(node, yaml.ScalarNode):
            return YScalar(str(node.value), pos, "tag:yaml.org,2002:str")
        if isinstance(node, yaml.SequenceNode):
            return YSeq(pos, tuple(self.convert(item) for item in node.value))
        assert isinstance(node, yaml.MappingNode)
        return self.convert_mapping(node, pos)

    def convert_mapping(self, node: yaml.MappingNode, pos: Pos) -> YMap:
        own: dict[str, tuple[Pos, YNode]] = {}
        merged: dict[str, tuple[Pos, YNode]] = {}
        for key_node, value_node in node.value:
            key_pos = _pos(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                for source in self._merge_sources(value_node):
                    for key, entry in source.items.items():
                        merged.setdefault(key, entry)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != (
                "tag:yaml.org,2002:str"
            ):
                self.error(key_pos, "keys must be plain text", "write the key as a word")
                continue
            key = str(key_node.value)
            if key in own:
                first = own[key][0]
                self.error(
                    key_pos,
                    f"duplicate key {key!r} (first written at line {first.line})",
                    "each key may appear once in a mapping; remove one of them",
                )
                continue
            own[key] = (key_pos, self.convert(value_node))
        return YMap(pos, {**merged, **own})

    def _merge_sources(self, node: yaml.Node) -> list[YMap]:
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        sources = []
        for item in nodes:
            converted = self.convert(item)
            if isinstance(converted, YMap):
                sources.append(converted)
            else:
                self.error(converted.pos, "a merge key (<<) takes a mapping or a list of them")
        return sources


def safe_load(text: str) -> Any:
    """`yaml.safe_load` with the C loader where PyYAML has it (data files and provenance:
    text advisor ships or has just written, where positions are not needed; front matter
    read from a repository goes through `parse_yaml`)."""
    return yaml.load(text, Loader=_Loader)  # a safe loader, C or Python


def safe_dump(data: object, **options: Any) -> str:
    """`yaml.safe_dump` with the C emitter where PyYAML has it (same output)."""
    return yaml.dump(data, Dumper=_Dumper, **options)  # type: ignore[no-any-return]


def read_text(path: Path, what: str = "file",
              hint: str = "split the workloads over several files") -> str:
    """The text of a workload, config or rule file (`what`), refusing what none can be (see
    safeio.read_bounded); `hint` says how to stay under the size cap."""
    from advisor.safeio import read_text_bounded

    return read_text_bounded(path, MAX_FILE_BYTES, what, hint)


def parse_yaml(text: str, path: str, problems: list[InputError] | None = None,
               tags: Mapping[str, str] | None = None) -> YNode | None:
    """Compose one YAML document into located values; None for an empty file.

    `tags`: custom tags kept as data, each read as a one-key mapping (`!Ref X` as
    {"Ref": "X"} where tags maps "!Ref" to "Ref"); every other custom tag is a mistake.

    Mistakes found while converting (duplicate keys, tags, keys that are not text) raise,
    or are appended to `problems` when given, so a caller can report them together with
    its own in one pass."""
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or "the YAML cannot be read"
        hint = "check indentation, quotes and brackets around this place"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line]:
            hint = "YAML indents with spaces, not tabs; replace the tab on this line"
        elif "nesting depth" in problem:
            hint = "a workload needs only a few levels of nesting; close the brackets"
        raise InputError(path, line, column, f"YAML syntax error: {problem}", hint) from None
    except yaml.YAMLError as exc:
        raise InputError(path, 0, 0, f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise InputError(
            path, 0, 0, "the YAML is nested too deeply to read",
            "a workload needs only a few levels of nesting",
        ) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        return None
    if len(documents) > 1:
        second = _pos(documents[1])
        raise InputError(
            path, second.line, second.column,
            "the file holds more than one YAML document",
            "put several workloads under one `workloads:` list instead of using ---",
        )
    reader = _Reader(path, tags)
    root = documents[0]
    try:
        if reader.expanded_size(root) > MAX_EXPANDED_NODES:
            raise InputError(
                path, 1, 1,
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values",
                "use fewer or smaller anchors (&) and aliases (*)",
            ) if reader.aliased else InputError(
                path, 1, 1, f"the file holds more than {MAX_EXPANDED_NODES:,} values",
                "split it: no workload, ADR or config needs this many")
        converted = reader.convert(root)
    except RecursionError:
        raise InputError(
            path, 0, 0, "the YAML is nested too deeply to read",
            "a workload needs only a few levels of nesting",
        ) from None
    if reader.errors:
        if problems is None:
            raise InputErrors(reader.errors)
        problems.extend(reader.errors)
    return converted
