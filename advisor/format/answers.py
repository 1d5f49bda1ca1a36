"""`advisor init`: write a valid, commented workload file from plain-language answers."""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import Struct, field

from advisor.format import units
from advisor.format.spec import suggest
from advisor.format.vocabulary import CLOUD_NAMES, DEFAULT_CLOUD, Vocabulary
from advisor.format.words import (
    ADDRESSED,
    BATCH_MODES,
    DUPLICATES,
    KINDS,
    ORDERINGS,
    RECIPIENTS,
    RUNS_ON,
)
from advisor.visible import HIDDEN

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class Answers(Struct):
    """What a person answered to `advisor init`, from which the workload file is written."""

    name: str = "my-flow"
    description: str = ""
    kind: str = "event"
    average: str = ""
    peak: str = ""
    payload: str = ""
    latency: str = ""
    ordering: str = "none"
    ordering_key: str = ""
    duplicates: str = "tolerated"
    replay: str = "none"
    batching: str = "none"
    expires_after: str = ""
    delay: str = ""
    # name, runs_on, max_rate, max_concurrency, recipients; trailing parts may be left out
    consumers: list[tuple[str, ...]] = field(default_factory=list)
    source: str = ""
    region: str = ""  # "" writes no `region:`, so the cloud's default region applies
    cloud: str = DEFAULT_CLOUD  # written only when it is another: a 1.0 file stays one


def check_name(text: str) -> str:
    if not NAME.fullmatch(text):
        raise ValueError("use lower-case letters, digits and dashes (at most 64), such as "
                         "order-placed")
    return text


def check_choice(choices: tuple[str, ...], allow_blank: bool = False) -> Callable[[str], str]:
    def check(text: str) -> str:
        text = text.strip().lower()
        if (allow_blank and not text) or text in choices:
            return text
        meant = suggest(text, choices).removesuffix("? ")  # 'did you mean "x"? ' or ""
        raise ValueError(f"answer one of: {', '.join(choices)}"
                         + (f"; {meant}?" if meant else ""))
    return check


def check_unit(parse: Callable[[object], float], allow_blank: bool = True,
               words: tuple[str, ...] = ()) -> Callable[[str], str]:
    def check(text: str) -> str:
        text = text.strip()
        if (allow_blank and not text) or text in words:
            return text
        try:
            parse(text)
        except ValueError as exc:
            meant = "" if "did you mean" in str(exc) else unit_suggestion(text, parse)
            raise ValueError(f'{exc}; did you mean "{meant}"?' if meant else str(exc)) from None
        return text
    return check


# Units as people write them, by the unit the format takes (the format's own units, in
# another case, are found too).
_RATE_WORDS = {"s": ("s", "sec", "secs", "second", "seconds"),
               "min": ("m", "min", "mins", "minute", "minutes"),
               "h": ("h", "hr", "hrs", "hour", "hours"), "day": ("d", "day", "days")}
_DURATION_WORDS = {"ms": ("ms", "msec", "msecs", "millisecond", "milliseconds"),
                   "s": ("s", "sec", "secs", "second", "seconds"),
                   "m": ("m", "min", "mins", "minute", "minutes"),
                   "h": ("h", "hr", "hrs", "hour", "hours"), "d": ("d", "day", "days")}
_SIZE_WORDS = {"B": ("b", "byte", "bytes"), "KB": ("kb", "k", "kib", "kbyte", "kbytes"),
               "MB": ("mb", "mib", "mbyte", "mbytes")}
_NUMBER = r"(\d+(?:\.\d+)?|\.\d+)"


def unit_suggestion(text: str, parse: Callable[[object], float]) -> str:
    """The accepted form of a rate, size or duration written with a unit people use, such
    as "2000/sec" -> "2000/s", "5 mins" -> "5m"; "" when there is none."""
    if parse is units.parse_rate:
        match = re.fullmatch(rf"\s*{_NUMBER}\s*([kKmM]?)\s*(?:/|per\s)\s*([A-Za-z]+)\s*",
                             text)
        if not match:
            return ""
        number, multiplier, word = match.groups()
        found = [u for u, ws in _RATE_WORDS.items() if word.lower() in ws]
        candidate = f"{number}{multiplier.upper()}/{found[0]}" if found else ""
    else:
        match = re.fullmatch(rf"\s*{_NUMBER}\s*([A-Za-z]+)\s*", text)
        table = _SIZE_WORDS if parse is units.parse_size else _DURATION_WORDS
        if not match:
            return ""
        number, word = match.groups()
        found = [u for u, ws in table.items() if word.lower() in ws]
        candidate = f"{number}{found[0]}" if found else ""
    if not candidate or candidate == text:
        return ""
    try:
        parse(candidate)
    except ValueError:
        return ""
    return candidate


def peak_problem(average: str, peak: str) -> str:
    """Why a peak answer does not go with the average answer; "" when it does."""
    try:
        low, high = units.parse_rate(average), units.parse_rate(peak)
    except ValueError:  # one is blank or wrong, which its own check reports
        return ""
    if high < low:
        return (f"the peak ({peak}) is below the average ({average}); the peak is the "
                "highest rate you expect, at least the average")
    return ""


Question = tuple[str, str, str, Callable[[str], str]]  # field, question, explanation, check


def questions(vocabulary: Vocabulary) -> list[Question]:
    """The questions about the flow, in the order asked; the cloud's words from `vocabulary`."""
    return [*_FLOW_QUESTIONS, *_cloud_questions(vocabulary)]


_FLOW_QUESTIONS: list[Question] = [
    ("name", "Name of the flow", "lower-case words joined by dashes; it names the ADR file",
     check_name),
    ("description", "What flows, in a sentence or two", "it becomes the ADR's context; may be "
     "left empty", lambda s: s.strip()),
    ("kind", "Event or command", "event: a fact that happened, anyone may react; command: work "
     "for one specific owner", check_choice(KINDS)),
    ("average", "Average rate", "such as 50/s, 3000/min or 2M/day; leave empty if unknown",
     check_unit(units.parse_rate)),
    ("peak", "Peak rate", "the highest rate you expect; leave empty for the same as the average",
     check_unit(units.parse_rate)),
    ("payload", "Typical message size", "such as 2KB or 512B; leave empty if unknown",
     check_unit(units.parse_size)),
    ("latency", "How fast must consumers start work after publishing", "such as 200ms, 5s or "
     "15m; leave empty for no target", check_unit(units.parse_duration)),
    ("ordering", "Must messages be processed in order",
     "none; per-key (in order for each customer, account, ...); global (one single order)",
     check_choice(ORDERINGS)),
    ("duplicates", "Can consumers tolerate duplicates",
     "tolerated (they are idempotent) or must-deduplicate",
     check_choice(DUPLICATES)),
    ("replay", "How far back must consumers be able to re-read", "none, or such as 24h or 7d",
     check_unit(units.parse_duration, allow_blank=False, words=("none",))),
    ("expires_after", "After how long is a message worthless",
     "such as 30s for a live price or a one-time code; leave empty if a late message is still "
     "wanted (most are)", check_unit(units.parse_duration)),
    ("delay", "Must messages wait before they are delivered",
     "the longest wait, such as 15m or 30d for reminders and scheduled work; leave empty for "
     "none", check_unit(units.parse_duration)),
    ("batching", "Do consumers want messages in batches",
     "none, preferred (cheaper if possible) or required", check_choice(BATCH_MODES)),
]


def cloud_question(clouds: tuple[str, ...]) -> Question:
    """Which cloud to design for, among `clouds` (those advisor has a provider for): asked
    first, as the questions about services and regions use its words."""
    names = {str(cloud): name for cloud, name in CLOUD_NAMES.items()}
    named = ", ".join(f"{c} ({names.get(c, c)})" for c in clouds)
    return ("cloud", "Which cloud", f"one of: {named}; its services, quotas and prices shape "
            "the design", check_choice(clouds))


def _cloud_questions(vocabulary: Vocabulary) -> list[Question]:
    sources = vocabulary.sources
    return [
        ("source", f"Does {vocabulary.a_service} emit these messages",
         f"leave empty if your application publishes; or one of: {', '.join(sources)}",
         check_choice(sources, allow_blank=True)),
        ("region", vocabulary.region_name, "for quotas and prices",
         lambda s: check_region(s, vocabulary)),
    ]


CONSUMER_QUESTIONS: list[tuple[str, str, Callable[[str], str]]] = [
    ("Where does it run", f"one of: {', '.join(RUNS_ON)}; leave empty to let advisor choose",
     check_choice(RUNS_ON, allow_blank=True)),
    ("The most it can absorb", "such as 100/s; leave empty if it keeps up with anything",
     check_unit(units.parse_rate)),
    ("The most messages it may work on at once", "such as 50 (a database's connections, "
     "reserved concurrency); leave empty if there is no such limit", lambda s: check_count(s)),
    ("Who receives each message", "fixed: the same subscribers every time (an operations "
     "mailbox, on-call phones); per-message: each message names its own (a customer, one "
     f"device); asked when it runs on {', '.join(ADDRESSED)}",
     check_choice(RECIPIENTS, allow_blank=True)),
]


def consumer_parts(parts: tuple[str, ...]) -> tuple[str, str, str, str, str]:
    """A consumer's answers with the parts left out as empty."""
    name, runs_on, max_rate, max_concurrency, recipients = (*parts, "", "", "", "", "")[:5]
    return name, runs_on, max_rate, max_concurrency, recipients


def check_count(text: str) -> str:
    text = text.strip()
    if not text or (text.isdigit() and 1 <= int(text) <= 1_000_000):
        return text
    raise ValueError("a whole number from 1 to 1,000,000, or empty")


def check_region(text: str, vocabulary: Vocabulary) -> str:
    if re.fullmatch(vocabulary.region_pattern, text.strip()):
        return text.strip()
    raise ValueError(f"{vocabulary.a_region}, such as {vocabulary.region_example}")


def render(a: Answers) -> str:
    """The workload file, commented so that a reader learns the format from it."""
    lines = [
        "# Written by `advisor init`. Run `advisor recommend` on this file for a decision and its",
        "# ADR; the format is described in advisor's README. For completion in an editor, run",
        "# `advisor schema > workload.schema.json`, then make the first line of this file:",
        "#   # yaml-language-server: $schema=./workload.schema.json",
        "version: 1",
        f"name: {a.name}",
    ]
    if a.cloud != DEFAULT_CLOUD:
        lines.append(f"cloud: {a.cloud}".ljust(34) + "# whose services, quotas and prices")
    if a.description and _foldable(a.description):
        lines += ["description: >", *(f"  {line}" for line in _wrap(a.description))]
    elif a.description:
        lines.append(f"description: {_quoted(a.description)}")
    lines.append(f"kind: {a.kind}".ljust(34) + "# event | command")
    if a.average or a.peak:
        lines.append("throughput:                       # per second (/s), minute, hour or day")
        if a.average:
            lines.append(f"  average: {a.average}")
        if a.peak:
            lines.append(f"  peak: {a.peak}")
    if a.payload:
        lines += ["payload:", f"  average: {a.payload}"]
    if a.latency:
        lines.append(f"latency: {a.latency}".ljust(34) + "# publish -> consumer starts work")
    lines.append(f"ordering: {a.ordering}".ljust(34) + "# none | per-key | global")
    if a.ordering == "per-key" and a.ordering_key:
        lines.append(f"ordering_key: {_scalar(a.ordering_key)}")
    lines.append(f"duplicates: {a.duplicates}")
    lines.append(f"replay: {a.replay}".ljust(34) + "# none, or how far back: 24h, 7d")
    if a.expires_after:
        lines.append(f"expires_after: {a.expires_after}".ljust(34)
                     + "# older messages are worthless")
    if a.delay:
        lines.append(f"delay: {a.delay}".ljust(34) + "# the longest wait before delivery")
    lines.append(f"batching: {a.batching}".ljust(34) + "# none | preferred | required")
    lines.append("consumers:")
    for parts in a.consumers:
        name, runs_on, max_rate, max_concurrency, recipients = consumer_parts(parts)
        lines.append(f"  - name: {name}")
        if runs_on:
            lines.append(f"    runs_on: {runs_on}")
        if max_rate:
            lines.append(f"    max_rate: {max_rate}".ljust(34) + "# the most it can absorb")
        if max_concurrency:
            lines.append(f"    max_concurrency: {max_concurrency}".ljust(34)
                         + "# the most messages at once")
        if recipients:
            lines.append(f"    recipients: {recipients}".ljust(34) + "# fixed | per-message")
    if a.source:
        lines.append(f"source: {a.source}")
    if a.region:
        lines.append(f"region: {a.region}")
    return "\n".join(lines) + "\n"


# Plain YAML only for a word YAML reads back as that same text: not a number, date,
# boolean or null (YAML 1.1 reads yes, no, on, off, y and n as booleans).
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))
# What a double-quoted YAML scalar must escape: its quote and backslash, line breaks (YAML
# folds them), and whatever YAML does not accept in a file or advisor would show escaped.
_UNQUOTABLE = re.compile('["\\\\\t\n\u2028\u2029]|' + HIDDEN.pattern)
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n"}


def _scalar(text: str) -> str:
    """An answer as YAML that reads back as exactly what was typed, whatever it holds."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:  # typed bytes that are not UTF-8: no YAML file holds
            return f"\\\\u{code:04x}"  # them, so they are written as the text of an escape
        return _ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else
                                      f"\\u{code:04x}" if code <= 0xFFFF else
                                      f"\\U{code:08x}")
    return '"' + _UNQUOTABLE.sub(escape, text) + '"'


def _foldable(text: str) -> bool:
    """Whether a folded block (`>`, easier to read) gives back exactly this text: single
    spaces between words, nothing YAML or advisor would read differently."""
    return text == " ".join(text.split()) and not HIDDEN.search(text)


def _wrap(text: str, width: int = 88) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines
