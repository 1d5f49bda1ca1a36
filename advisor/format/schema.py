"""The workload format (version 1) as data: one tree that both the validator and
the generated JSON Schema read, so the two cannot drift.

Each spec node validates a located YAML value and returns a plain Python value,
appending problems to the shared error list instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping

from msgspec import Struct

from advisor.errors import InputError, quoted
from advisor.format import units
from advisor.format.yamlnodes import Pos, YMap, YNode, YScalar, YSeq, type_name

SERVICE_IDS = (
    "sns", "sns-fifo", "sqs", "sqs-fifo", "eventbridge", "eventbridge-pipes", "kinesis",
    "kinesis-firehose", "dynamodb-streams", "msk", "mq", "lambda", "lambda-esm",
    "step-functions", "api-gateway-websocket", "appsync", "iot-core", "webhook", "s3",
    "ses", "eventbridge-scheduler",
)
RUNS_ON = (
    "lambda", "function", "container", "workflow", "https", "on-premises", "client",
    "email", "sms", "mobile-push", "device", "store",
)
# Revision 1.1 made the format cloud-neutral; these words mean the AWS ones on AWS.
NEUTRAL_WORDS = {"runs_on": {"function": "lambda"}, "producer": {"cloud-service": "aws-service"}}
CLOUDS = ("aws", "azure", "gcp")
SUPPORTED_CLOUDS = ("aws",)
PRODUCERS = ("application", "aws-service", "cloud-service", "third-party", "device")
RECIPIENTS = ("fixed", "per-message")
# Consumers that are people, devices or clients addressed one by one: `recipients` decides
# how a message reaches them.
ADDRESSED = ("email", "sms", "mobile-push", "device", "client")
REPLAYERS = ("consumer", "operator")
SOURCES = (
    "dynamodb", "s3", "cloudwatch-logs", "cloudwatch-alarms", "ses", "textract",
    "guardduty", "aws-health", "cognito", "iot-core", "api-gateway",
)
MODELS = ("push", "poll", "hybrid")

# Work per run grows with workloads and listed consumers (a count is one group). A file can
# hold tens of thousands of tiny workloads in 1 MiB, so both are capped where a real system is
# far below: 1,000 workloads in a file, 5,000 in a run (about 2 ms each, so seconds at most),
# and 1,000 listed consumers in a workload, 20,000 in a run.
MAX_LISTED_CONSUMERS = 1_000
MAX_WORKLOADS_PER_FILE = 1_000
MAX_WORKLOADS_PER_RUN = 5_000
MAX_LISTED_CONSUMERS_PER_RUN = 20_000


class Errors:
    """Problems found so far in one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[InputError] = []

    def add(self, pos: Pos, message: str, hint: str = "") -> None:
        self.items.append(InputError(self.path, pos.line, pos.column, message, hint))


def suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f'did you mean "{lowered[close[0]]}"? ' if close else ""


def _listing(choices: tuple[str, ...]) -> str:
    return " | ".join(choices)


class Spec:
    """One kind of value in the format."""

    __slots__ = ()  # so that the Struct subclasses stay slotted
    doc: str = ""

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        raise NotImplementedError

    def expected(self) -> str:
        raise NotImplementedError

    def json(self) -> dict[str, object]:
        """This value as JSON Schema (draft 2020-12)."""
        raise NotImplementedError


class Const(Spec, Struct, frozen=True):
    """A number that must be exactly this value (the format version)."""

    value: int
    doc: str = ""

    def expected(self) -> str:
        return str(self.value)

    def json(self) -> dict[str, object]:
        return {"const": self.value}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and node.value == self.value and not isinstance(
            node.value, bool
        ):
            return self.value
        errors.add(node.pos, f"{where} must be {self.value}, not {type_name(node)}",
                   f"only format version {self.value} exists today; write `{where}: {self.value}`")
        return None


class Text(Spec, Struct, frozen=True):
    """A text value, optionally matching a pattern, of bounded length."""

    pattern: str = ""
    max_length: int = 10_000
    explain: str = ""
    doc: str = ""

    def expected(self) -> str:
        return self.explain or "text"

    def json(self) -> dict[str, object]:
        schema: dict[str, object] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            errors.add(node.pos, f"{where} must be text, not {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        text = node.value
        if len(text) > self.max_length:
            errors.add(node.pos, f"{where} is {len(text):,} characters long; "
                       f"at most {self.max_length:,} are allowed", "shorten it")
            return None
        if self.pattern and not re.fullmatch(self.pattern, text):
            errors.add(node.pos, f"{where} {quoted(text)} is not {self.expected()}",
                       f"expected {self.expected()}")
            return None
        return text


class Enum(Spec, Struct, frozen=True):
    """One of a fixed set of words."""

    choices: tuple[str, ...]
    doc: str = ""

    def expected(self) -> str:
        return _listing(self.choices)

    def json(self) -> dict[str, object]:
        return {"enum": list(self.choices)}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if node.value in self.choices:
                return node.value
            errors.add(node.pos, f"{where} {quoted(node.value)} is not one of the accepted values",
                       f"{suggest(node.value, self.choices)}expected {self.expected()}")
            return None
        errors.add(node.pos, f"{where} must be one of {self.expected()}, not {type_name(node)}",
                   f"expected {self.expected()}")
        return None


class Unit(Spec, Struct, frozen=True):
    """A rate, size or duration written in workload syntax."""

    parse: Callable[[object], float]
    forms: str
    noun: str
    pattern: str = ""
    doc: str = ""

    def expected(self) -> str:
        return f"{self.noun}: {self.forms}"

    def json(self) -> dict[str, object]:
        # A JSON Schema cannot check the upper bounds of units; the validator does.
        # One schema for both forms, not an anyOf: `pattern` applies only to text and
        # `exclusiveMinimum` only to numbers, so "fast" gets the single message that it is not
        # a duration, where an anyOf led editors with "expected a number".
        # `patternErrorMessage` (a pattern) and `errorMessage` (a type: `latency: true`) are
        # the messages VS Code's and the YAML language server's validators show; other
        # validators ignore the keywords.
        forms = self.forms.replace('"', "")
        such_as = f"{self.noun} such as {forms}"
        return {"description": such_as, "type": ["string", "number"], "pattern": self.pattern,
                "exclusiveMinimum": 0, "patternErrorMessage": f"expected {such_as}",
                "errorMessage": f"expected {such_as}",
                "examples": [f.strip('"') for f in re.findall(r'"[^"]+"', self.forms)]}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YScalar) or node.value is None or isinstance(node.value, bool):
            errors.add(node.pos, f"{where} must be {self.noun}, not {type_name(node)}",
                       f"write {self.forms}")
            return None
        try:
            return self.parse(node.value)
        except ValueError as exc:
            errors.add(node.pos, f"{where}: {exc}", f"write {self.forms}")
            return None


class Date(Spec, Struct, frozen=True):
    """A calendar date written YYYY-MM-DD."""

    doc: str = ""

    def expected(self) -> str:
        return "a date, YYYY-MM-DD"

    def json(self) -> dict[str, object]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        import datetime as dt

        value = node.value if isinstance(node, YScalar) else None
        try:
            return dt.date.fromisoformat(str(value)) if isinstance(value, str) else _no()
        except ValueError:
            errors.add(node.pos, f"{where} must be a date, not {type_name(node)}",
                       "write it as YYYY-MM-DD, such as 2027-03-31")
            return None


def _no() -> object:
    raise ValueError


class Count(Spec, Struct, frozen=True):
    """A whole number within bounds."""

    minimum: int = 1
    maximum: int = 1_000_000
    doc: str = ""

    def expected(self) -> str:
        return f"a whole number from {self.minimum:,} to {self.maximum:,}"

    def json(self) -> dict[str, object]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, int) or isinstance(value, bool):
            errors.add(node.pos, f"{where} must be a whole number, not {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        if not self.minimum <= value <= self.maximum:
            errors.add(node.pos, f"{where} is {value:,}; it must be from {self.minimum:,} "
                       f"to {self.maximum:,}", f"expected {self.expected()}")
            return None
        return value


class ListOf(Spec, Struct, frozen=True):
    """A list whose items all follow one spec."""

    item: Spec
    unique: bool = True
    doc: str = ""
    max_items: int | None = None
    too_many: str = ""  # the hint when there are more than max_items

    def expected(self) -> str:
        return f"a list of {self.item.expected()}"

    def json(self) -> dict[str, object]:
        schema: dict[str, object] = {"type": "array", "items": self.item.json()}
        if self.unique:
            schema["uniqueItems"] = True
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YSeq):
            errors.add(node.pos, f"{where} must be a list, not {type_name(node)}",
                       f"expected {self.expected()}, such as [a, b]")
            return None
        if self.max_items is not None and len(node.items) > self.max_items:
            # Refused before any item is checked: the work after this is per item.
            errors.add(node.items[self.max_items].pos,
                       f"{where} lists {len(node.items):,} items; at most "
                       f"{self.max_items:,} are allowed", self.too_many or "shorten the list")
            return None
        values: list[object] = []
        for index, item in enumerate(node.items):
            value = self.item.check(item, f"{where}[{index}]", errors)
            if value is None:
                continue
            if self.unique and value in values:
                errors.add(item.pos, f"{where} lists {quoted(value)} twice", "remove the repeat")
                continue
            values.append(value)
        return tuple(values)


class Field(Struct, frozen=True):
    """A key of a mapping: its spec, whether it is required, and its help text."""

    spec: Spec
    required: bool = False
    doc: str = ""


class Mapping_(Spec, Struct, frozen=True):
    """A mapping with known keys; any other key is a mistake."""

    fields: Mapping[str, Field]
    doc: str = ""
    name: str = "mapping"

    def expected(self) -> str:
        return f"a mapping with keys {', '.join(self.fields)}"

    def json(self) -> dict[str, object]:
        properties = {}
        for key, known in self.fields.items():
            schema = known.spec.json()
            if known.doc:
                # The key's own help first, then what its value looks like (for a unit,
                # "a duration such as ..."), so an editor's hover says both.
                form = schema.get("description")
                schema = {**schema, "description": f"{known.doc}; {form}" if form
                          else known.doc}
            properties[key] = schema
        result: dict[str, object] = {"type": "object", "properties": properties,
                                     "additionalProperties": False}
        required = [key for key, known in self.fields.items() if known.required]
        if required:
            result["required"] = required
        return result

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if not isinstance(node, YMap):
            errors.add(node.pos, f"{where} must be {self.expected()}, not {type_name(node)}",
                       f"write {where} as a mapping of `key: value` lines")
            return None
        values: dict[str, object] = {}
        for key, (key_pos, value_node) in node.items.items():
            path = f"{where}.{key}" if where else key
            known = self.fields.get(key)
            if known is None:
                errors.add(key_pos, f"unknown key {quoted(path)}",
                           f"{suggest(key, list(self.fields))}accepted keys here: "
                           f"{', '.join(self.fields)}")
                continue
            values[key] = known.spec.check(value_node, path, errors)
        for key, known in self.fields.items():
            if known.required and key not in node.items:
                path = f"{where}.{key}" if where else key
                errors.add(node.pos, f"missing required key {path!r}",
                           f"add `{key}:` ({known.spec.expected()})")
        return values


class OneOf(Spec, Struct, frozen=True):
    """A value written in one of several forms, chosen by its YAML shape."""

    scalar: Spec | None = None
    mapping: Spec | None = None
    sequence: Spec | None = None
    number: Spec | None = None
    doc: str = ""

    def expected(self) -> str:
        forms = [s.expected() for s in (self.scalar, self.number, self.mapping, self.sequence)
                 if s is not None]
        return ", or ".join(forms)

    def json(self) -> dict[str, object]:
        # The form is chosen by the value's type, as `check` chooses it by the YAML shape, so
        # a mistake inside a mapping is reported by the mapping's schema alone (an anyOf
        # added "is not one of none, preferred, required" to `batching: {window: soon}`).
        shaped = [(kind, spec) for kind, spec in (
            ("object", self.mapping), ("array", self.sequence), ("number", self.number))
            if spec is not None]
        schema: dict[str, object] = (self.scalar.json() if self.scalar is not None
                                     else {"type": [kind for kind, _ in shaped]})
        for kind, spec in reversed(shaped):
            schema = {"if": {"type": kind}, "then": spec.json(), "else": schema}
        return schema

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        chosen: Spec | None
        if isinstance(node, YMap):
            chosen = self.mapping
        elif isinstance(node, YSeq):
            chosen = self.sequence
        elif isinstance(node.value, int | float) and not isinstance(node.value, bool):
            chosen = self.number or self.scalar
        else:
            chosen = self.scalar
        if chosen is None:
            errors.add(node.pos, f"{where} cannot be {type_name(node)}",
                       f"expected {self.expected()}")
            return None
        return chosen.check(node, where, errors)


class NoneOr(Spec, Struct, frozen=True):
    """The word "none", or a value of another kind ("replay: none" or "replay: 7d")."""

    other: Spec
    doc: str = ""

    def expected(self) -> str:
        return f"none, or {self.other.expected()}"

    def json(self) -> dict[str, object]:
        other = self.other.json()
        if isinstance(self.other, Unit):
            # Folded into the unit's own pattern, so that "forever" is told the forms a
            # value takes rather than "'none' was expected".
            message = f"expected none, or {other['description']}"
            examples = other["examples"]
            assert isinstance(examples, list)
            return {**other, "description": f"none, or {other['description']}",
                    "pattern": f"^none$|{other['pattern']}", "patternErrorMessage": message,
                    "errorMessage": message, "examples": ["none", *examples]}
        return {"anyOf": [{"const": "none"}, other]}

    def check(self, node: YNode, where: str, errors: Errors) -> object:
        if isinstance(node, YScalar) and node.value == "none":
            return "none"
        return self.other.check(node, where, errors)


RATE = Unit(units.parse_rate, units.RATE_FORMS, "a rate", units.RATE_PATTERN)
SIZE = Unit(units.parse_size, units.SIZE_FORMS, "a size", units.SIZE_PATTERN)
DURATION = Unit(units.parse_duration, units.DURATION_FORMS, "a duration", units.DURATION_PATTERN)

BATCHING = OneOf(
    scalar=Enum(("none", "preferred", "required")),
    mapping=Mapping_({
        "size": Field(Count(1, 10_000_000), doc="messages per batch"),
        "window": Field(DURATION, doc="how long to gather a batch"),
    }, name="batch"),
)
REPLAY = OneOf(
    scalar=NoneOr(DURATION),
    mapping=Mapping_({
        "window": Field(DURATION, required=True, doc="how far back"),
        "by": Field(Enum(REPLAYERS), doc="consumer: the consumer re-reads from its own "
                    "position in a log (the default); operator: after a fix, an operator "
                    "re-sends a time range (an archive suffices)"),
    }, name="replay"),
    doc="none, a window (`30d`, re-read by the consumer), or {window, by}",
)
EXPIRES_AFTER = Field(DURATION, doc="a message older than this is worthless to the consumer; "
                      "without it, late messages are still wanted")

CONSUMER = Mapping_({
    "name": Field(Text(r"[a-z0-9][a-z0-9-]*", 64, "a lower-case name of letters, digits and "
                       "dashes, at most 64 characters"), required=True),
    "max_rate": Field(RATE, doc="the most this consumer can absorb"),
    "batching": Field(BATCHING, doc="overrides the workload's batching for this consumer"),
    "runs_on": Field(Enum(RUNS_ON), doc="where the consumer runs"),
    "replay": Field(REPLAY, doc="overrides the workload's replay for this consumer"),
    "recipients": Field(Enum(RECIPIENTS), doc="fixed: the same subscribers every time "
                        "(default); per-message: each message names its own recipient"),
    "instances": Field(Count(1, 10_000_000), doc="how many separately addressed instances "
                       "this consumer stands for (devices, stores, connections); default 1"),
    "max_concurrency": Field(Count(1, 1_000_000), doc="the most messages this consumer may "
                             "work on at once"),
    "expires_after": Field(EXPIRES_AFTER.spec, doc="overrides the workload's expires_after "
                           "for this consumer"),
}, name="consumer")

NAME = Text(r"[a-z0-9][a-z0-9-]*", 64,
            "a lower-case name of letters, digits and dashes, at most 64 characters, "
            "starting with a letter or digit")

# More than the built-in rules (77) and a team pack or two: each waiver names one rule.
MAX_WAIVERS = 300

WORKLOAD_FIELDS: dict[str, Field] = {
    "version": Field(Const(1), doc="format version; only 1 exists"),
    "cloud": Field(Enum(CLOUDS), doc="the provider whose services, quotas and prices the "
                   "design uses (default aws; only aws is supported so far)"),
    "name": Field(NAME, required=True, doc="names the ADR file"),
    "title": Field(Text(max_length=200), doc="the ADR title"),
    "description": Field(Text(max_length=20_000), doc="goes into the ADR's context"),
    "kind": Field(Enum(("event", "command")), required=True),
    "throughput": Field(Mapping_({"average": Field(RATE), "peak": Field(RATE)}, name="rates")),
    "payload": Field(Mapping_({"average": Field(SIZE), "max": Field(SIZE)}, name="sizes")),
    "latency": Field(DURATION, doc="end-to-end target, publish to consumer starting work"),
    "processing_time": Field(DURATION, doc="how long a consumer takes per message"),
    "ordering": Field(Enum(("none", "per-key", "global"))),
    "ordering_key": Field(Text(max_length=200), doc="what groups the messages (per-key)"),
    "duplicates": Field(Enum(("tolerated", "must-deduplicate"))),
    "replay": Field(REPLAY),
    "expires_after": EXPIRES_AFTER,
    "delay": Field(DURATION, doc="the longest a message must wait before it is delivered"),
    "batching": Field(BATCHING),
    # A count is one group however large; only listed consumers cost work each (facts,
    # routes, sizing, a table row). 1,000 is far past a real flow's subscribers (an SNS topic's
    # fan-out to named services is tens) yet keeps `recommend` to seconds.
    "consumers": Field(OneOf(number=Count(1, 100_000), sequence=ListOf(
        CONSUMER, unique=False, max_items=MAX_LISTED_CONSUMERS,
        too_many="describe alike consumers once and give the rest as a count "
                 "(`consumers: 5000`), or split the flow into several workloads"))),
    "producer": Field(Enum(PRODUCERS)),
    "source": Field(Enum(SOURCES)),
    # Lists of distinct values hold each at most once, so they are capped at that before any
    # item is checked: under `defaults:` a list is checked again for every workload.
    "existing": Field(ListOf(Enum(SERVICE_IDS), max_items=len(SERVICE_IDS))),
    "crosses": Field(ListOf(Enum(("accounts", "regions")), max_items=2)),
    "region": Field(Text(r"[a-z]{2}(-[a-z]+)+-\d{1,2}", 40, "an AWS Region such as eu-west-1")),
    "implemented_by": Field(Text(max_length=1000), doc="the infrastructure template that "
                            "deploys this flow (not supported yet)"),
    "decision": Field(Mapping_({
        "model": Field(Enum(MODELS)),
        "services": Field(ListOf(Enum(SERVICE_IDS), max_items=len(SERVICE_IDS))),
        "waivers": Field(ListOf(Mapping_({
            "rule": Field(Text(r"[A-Z]{2,5}\d{3}", 8, "a rule id such as PP303"), required=True),
            "reason": Field(Text(r"\s*\S[\s\S]*", 2000, "a reason that is not empty"),
                            required=True),
            "expires": Field(Date(), doc="after this date the waiver no longer applies"),
        }, name="waiver"), unique=False, max_items=MAX_WAIVERS,
            too_many="waive a rule once; a flow that needs this many waivers needs other "
                     "rules (a team rule pack)"),
            doc="rules the team has decided not to follow, "
            "each with a reason"),
    }, name="decision")),
}
WORKLOAD = Mapping_(WORKLOAD_FIELDS, name="workload")

# A multi-workload file: `defaults` holds any workload key, merged under each one.
DEFAULTS = Mapping_({k: Field(f.spec, doc=f.doc) for k, f in WORKLOAD_FIELDS.items()
                     if k not in ("version", "name")}, name="defaults")
FILE_KEYS = ("version", "system", "defaults", "workloads")
SYSTEM = NAME
ENTRY = Mapping_({k: f for k, f in WORKLOAD_FIELDS.items() if k != "version"},
                       name="workload")


def positions_of(node: YNode, prefix: str, out: dict[str, Pos]) -> None:
    """Every dotted path in a value, with where it was written."""
    out[prefix] = node.pos
    if isinstance(node, YMap):
        for key, (_, value) in node.items.items():
            positions_of(value, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(node, YSeq):
        for index, item in enumerate(node.items):
            positions_of(item, f"{prefix}.{index}", out)


def json_schema() -> dict[str, object]:
    """The workload format as JSON Schema (draft 2020-12), from the same tree as the validator."""
    single = WORKLOAD.json()
    required = single.get("required")
    single["required"] = ["version", *(required if isinstance(required, list) else [])]
    entry = ENTRY.json()
    many = {
        "type": "object",
        "properties": {
            "version": WORKLOAD_FIELDS["version"].spec.json(),
            "system": SYSTEM.json(),
            "defaults": DEFAULTS.json(),
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
