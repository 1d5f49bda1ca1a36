"""A cloud's words for the neutral rules: the reasons a rule of rules/core gives on that cloud.

A neutral rule states its principle once (title, condition, effect); why it holds, in the
cloud's services, and what it cites are the cloud's. They live in the cloud's folder of the
pack, in a file with a `words:` mapping instead of (or beside) `rules:`:

    words:
      PP101:
        rationale: >
          {consumer.name} ... must pull from a queue over HTTPS.
        sources: [sqs-long-poll-max, https://docs.aws.amazon.com/...]

The loader checks each entry as it would the rule's own keys, at the words file's lines.
"""

from __future__ import annotations

from msgspec import Struct

from advisor.errors import InputError
from advisor.format.yamlnodes import Pos, YMap, YNode, type_name

WORD_KEYS = ("rationale", "sources")
# A neutral rule's threshold may stand for a figure of each cloud (the rate one unit of its
# stream takes): a cloud's words may give the rule's `parameters` in its own catalogue's facts.
OPTIONAL_WORD_KEYS = ("parameters",)


class Words(Struct, frozen=True):
    """One rule's words on a cloud: its rationale and sources as nodes, checked when the
    rule they belong to is read (their facts depend on the rule's scope)."""

    path: str
    pos: Pos
    items: dict[str, tuple[Pos, YNode]]


def read_words(root: YNode, path: str, found: dict[str, Words],
               errors: list[InputError]) -> None:
    """Each entry of a file's `words:` mapping into `found`, by rule id; shape mistakes to
    `errors`."""
    if not isinstance(root, YMap) or "words" not in root.items:
        return
    node = root.items["words"][1]
    if not isinstance(node, YMap):
        errors.append(InputError(path, node.pos.line, node.pos.column,
                                 f"`words` must map rule ids to their words, not "
                                 f"{type_name(node)}", "write `PP101: {rationale: ..., "
                                 "sources: [...]}` under `words:`"))
        return
    for rule_id, (pos, entry) in node.items.items():
        if not isinstance(entry, YMap):
            errors.append(InputError(path, entry.pos.line, entry.pos.column,
                                     f"the words of {rule_id} must be a mapping, not "
                                     f"{type_name(entry)}", "give `rationale:` and `sources:`"))
            continue
        wrong = [(key, p) for key, (p, _) in entry.items.items()
                 if key not in (*WORD_KEYS, *OPTIONAL_WORD_KEYS)]
        for key, p in wrong:
            errors.append(InputError(path, p.line, p.column, f"unknown key {key!r} in the "
                                     f"words of {rule_id}", "only `rationale:`, "
                                     "`sources:` and `parameters:` are read"))
        missing = [key for key in WORD_KEYS if key not in entry.items]
        if missing:
            errors.append(InputError(path, pos.line, pos.column, f"the words of {rule_id} "
                                     f"have no `{missing[0]}`", "give both rationale and "
                                     "sources"))
        if rule_id in found:
            errors.append(InputError(path, pos.line, pos.column, f"{rule_id} has words "
                                     f"already, in {found[rule_id].path}",
                                     "give each rule's words once per cloud"))
        elif not wrong and not missing:
            found[rule_id] = Words(path, pos, entry.items)
