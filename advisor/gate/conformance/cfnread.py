"""Read a CloudFormation or SAM template, YAML or JSON, as located data that runs nothing.

A template is committed by a pull request like a workload file, so it comes through the same
door: a path that must stay inside the repository, the bounded reader that refuses links
out, FIFOs, devices and huge files (safeio), and the located YAML reader that refuses alias
bombs (yamlnodes). JSON is read by the same reader (JSON is a subset of YAML), so both keep
line and column. The short-form intrinsics (`!Ref X`, `!GetAtt A.Arn`) are kept as the
long form's data ({"Ref": "X"}, {"Fn::GetAtt": ["A", "Arn"]}); no other tag is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct

from advisor.errors import InputError, InputErrors
from advisor.format.config import path_problem
from advisor.format.yamlnodes import MAX_FILE_BYTES, Pos, YMap, YNode, YScalar, YSeq, parse_yaml
from advisor.safeio import read_text_bounded

_FUNCTIONS = ("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
              "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
              "Length", "ToJsonString", "ForEach")
INTRINSICS = {"!Ref": "Ref", "!Condition": "Condition",
              **{f"!{name}": f"Fn::{name}" for name in _FUNCTIONS}}
_HINT = "a CloudFormation template is a mapping with a Resources mapping of logical ids"


class Resource(Struct, frozen=True):
    """One resource of the template, where its logical id is written."""

    id: str
    type: str
    pos: Pos
    properties: YMap
    advisor: dict[str, str]  # Metadata.advisor, as the emitter writes it; {} where absent


class Template(Struct, frozen=True):
    """The parts of a template the comparison reads."""

    shown: str  # the path as findings name it
    resources: dict[str, Resource]
    parameters: dict[str, object]  # logical id -> Default (None without one)
    globals: YMap  # SAM's Globals.Function; empty elsewhere
    # The Mappings section, literal data a value may look up (Fn::FindInMap); empty without
    mappings: YMap | None = None


def template_problem(path: Path, root: Path) -> str:
    """Why the template at `path` may not be read, or "": it lies outside `root`, or a
    symbolic link leads it to a hidden file or folder there (.git holds the CI's
    credentials; the path as written was refused by the format already)."""
    problem = path_problem(root, path)
    if problem:
        return problem
    try:
        inner = Path(os.path.relpath(os.path.realpath(path), os.path.realpath(root))).parts
    except (OSError, ValueError):
        return "cannot be resolved"
    if any(part.startswith(".") and part not in (".", "..") for part in inner):
        return "leads through a symbolic link to a hidden file or folder"
    return ""


def read_template(path: Path, root: Path, shown: str) -> Template:
    """The template at `path`; InputError (located in it where the mistake is) when it
    may not be read (template_problem), cannot be read safely, or is no template."""
    problem = template_problem(path, root)
    if problem:
        raise InputError(shown, 0, 0, f"the template {problem}",
                         "name a template inside the repository; a symbolic link that leads "
                         "out of it is refused")
    text = read_text_bounded(path, MAX_FILE_BYTES, "template",
                             "split the stack into nested stacks")
    try:
        node = parse_yaml(text, shown, tags=INTRINSICS)
    except InputErrors as exc:
        raise exc.shown[0] from None
    if not isinstance(node, YMap):
        raise InputError(shown, node.pos.line if node else 1, node.pos.column if node else 1,
                         "the template is not a mapping", _HINT)
    node = _long_form(node)
    assert isinstance(node, YMap)
    resources_entry = node.items.get("Resources")
    if resources_entry is None or not isinstance(resources_entry[1], YMap):
        pos = resources_entry[0] if resources_entry else node.pos
        raise InputError(shown, pos.line, pos.column, "the template has no Resources mapping",
                         _HINT)
    resources = {}
    for logical_id, (pos, body) in resources_entry[1].items.items():
        kind = _get(body, "Type")
        if not isinstance(body, YMap) or not isinstance(kind, YScalar) or not isinstance(
                kind.value, str):
            raise InputError(shown, pos.line, pos.column,
                             f"resource {logical_id} has no Type",
                             "each resource is a mapping with a Type (the kind of resource)")
        properties = _get(body, "Properties")
        resources[logical_id] = Resource(
            logical_id, kind.value, pos,
            properties if isinstance(properties, YMap) else YMap(body.pos),
            _advisor(_get(body, "Metadata")))
    parameters = {}
    declared = _get(node, "Parameters")
    for name, (_, value) in (declared.items.items() if isinstance(declared, YMap) else ()):
        default = _get(value, "Default")
        parameters[name] = default.value if isinstance(default, YScalar) else None
    function = _get(_get(node, "Globals"), "Function")
    mappings = _get(node, "Mappings")
    return Template(shown, resources, parameters,
                    function if isinstance(function, YMap) else YMap(node.pos),
                    mappings if isinstance(mappings, YMap) else None)


def _get(node: YNode | None, key: str) -> YNode | None:
    if isinstance(node, YMap):
        entry = node.items.get(key)
        return entry[1] if entry else None
    return None


def _advisor(metadata: YNode | None) -> dict[str, str]:
    block = _get(metadata, "advisor")
    if not isinstance(block, YMap):
        return {}
    return {key: str(value.value) for key, (_, value) in block.items.items()
            if isinstance(value, YScalar) and value.value is not None}


def _long_form(node: YNode) -> YNode:
    """`!GetAtt Queue.Arn` as the long form's list, ["Queue", "Arn"]: one shape for both."""
    if isinstance(node, YSeq):
        return YSeq(node.pos, tuple(_long_form(item) for item in node.items))
    if not isinstance(node, YMap):
        return node
    items = {key: (pos, _long_form(value)) for key, (pos, value) in node.items.items()}
    attribute = items.get("Fn::GetAtt")
    if attribute and isinstance(attribute[1], YScalar) and isinstance(attribute[1].value, str):
        at = attribute[1]
        name, _, rest = str(at.value).partition(".")
        items["Fn::GetAtt"] = (attribute[0], YSeq(at.pos, (YScalar(name, at.pos),
                                                            YScalar(rest, at.pos))))
    return YMap(node.pos, items)
