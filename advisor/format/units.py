"""Rates, sizes and durations: parsing the workload syntax and writing it back.

Parsers take what YAML produced (a number or a string) and return a float in
base units (per second, bytes, seconds), or raise ValueError with a message
that names the accepted forms.
"""

from __future__ import annotations

import math
import re

from advisor.errors import quoted

RATE_FORMS = '"50/s", "3000/min", "2M/day", "10/h" or a number (per second)'
SIZE_FORMS = '"2KB", "1.5MB", "512B" or a number (bytes); KB = 1024 B'
DURATION_FORMS = '"200ms", "5s", "15m", "24h", "7d" or a number (seconds)'

_NUMBER = r"(\d+(?:\.\d+)?|\.\d+)"
# The accepted forms as JSON Schema patterns (no capture groups), for editors.
RATE_PATTERN = r"^\s*(\d+(\.\d+)?|\.\d+)\s*[KM]?\s*/\s*(s|min|h|day)\s*$"
SIZE_PATTERN = r"^\s*(\d+(\.\d+)?|\.\d+)\s*(B|KB|MB)\s*$"
DURATION_PATTERN = r"^\s*(\d+(\.\d+)?|\.\d+)\s*(ms|s|m|h|d)\s*$"
_RATE = re.compile(rf"^{_NUMBER}\s*([KM]?)\s*/\s*(s|min|h|day)$")
_SIZE = re.compile(rf"^{_NUMBER}\s*(B|KB|MB)$")
_DURATION = re.compile(rf"^{_NUMBER}\s*(ms|s|m|h|d)$")

RATE_UNITS = {"s": 1.0, "min": 60.0, "h": 3600.0, "day": 86400.0}
MULTIPLIERS = {"": 1.0, "K": 1e3, "M": 1e6}
SIZE_UNITS = {"B": 1.0, "KB": 1024.0, "MB": 1024.0 * 1024.0}
DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


# Bounds far past any real flow, so that absurd values (1e308) fail with a message
# instead of overflowing arithmetic further down.
LIMITS = {"a rate": 1e9, "a size": 2.0 * 1024**3, "a duration": 10 * 365 * 86400.0}
LIMIT_WORDS = {"a rate": "1,000,000,000/s", "a size": "2GB (the claim-check maximum)",
               "a duration": "10 years"}


def _positive(value: float, what: str) -> float:
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{what} must be a finite number")
    if value <= 0:
        raise ValueError(f"{what} must be greater than zero")
    if value > LIMITS[what]:
        raise ValueError(f"{what} of at most {LIMIT_WORDS[what]} is accepted")
    return value


def _bare_number(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str) and re.fullmatch(_NUMBER, raw.strip()):
        return float(raw)
    return None


def _near_miss(text: str, units: dict[str, float]) -> str:
    """A hint for a unit written in the wrong case, such as "2kb" or "5S"."""
    match = re.match(rf"^{_NUMBER}\s*(.*)$", text)
    if not match:
        return ""
    unit = match.group(2)
    for known in units:
        if unit.lower() == known.lower() and unit != known:
            return f' (did you mean "{match.group(1)}{known}"?)'
    return ""


def parse_rate(raw: object) -> float:
    """A rate in messages per second."""
    number = _bare_number(raw)
    if number is not None:
        return _positive(number, "a rate")
    if not isinstance(raw, str):
        raise ValueError("expected a rate")
    match = _RATE.match(raw.strip())
    if not match:
        hint = ""
        lowered = raw.strip().lower()
        if re.match(rf"^{_NUMBER}\s*[km]?\s*/", lowered):
            hint = " (rates take /s, /min, /h or /day, with an optional K or M in capitals)"
        raise ValueError(f"{quoted(raw)} is not a rate{hint}")
    amount, multiplier, unit = match.groups()
    value = float(amount) * MULTIPLIERS[multiplier] / RATE_UNITS[unit]
    return _positive(value, "a rate")


def parse_size(raw: object) -> float:
    """A size in bytes."""
    number = _bare_number(raw)
    if number is not None:
        return _positive(number, "a size")
    if not isinstance(raw, str):
        raise ValueError("expected a size")
    match = _SIZE.match(raw.strip())
    if not match:
        near = _near_miss(raw.strip(), SIZE_UNITS)
        raise ValueError(f"{quoted(raw)} is not a size{near}")
    amount, unit = match.groups()
    return _positive(float(amount) * SIZE_UNITS[unit], "a size")


def parse_duration(raw: object) -> float:
    """A duration in seconds."""
    number = _bare_number(raw)
    if number is not None:
        return _positive(number, "a duration")
    if not isinstance(raw, str):
        raise ValueError("expected a duration")
    match = _DURATION.match(raw.strip())
    if not match:
        near = _near_miss(raw.strip(), DURATION_UNITS)
        raise ValueError(f"{quoted(raw)} is not a duration{near}")
    amount, unit = match.groups()
    return _positive(float(amount) * DURATION_UNITS[unit], "a duration")


def _trim(value: float, digits: int = 2) -> str:
    """1234.5 -> "1,234.5", 3.0 -> "3": thousands separators, no trailing zeros."""
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_rate(per_second: float) -> str:
    """A rate in the unit that reads best: "2,000/s", "40/min", "300/h", "11,574/s"."""
    for unit, seconds in (("s", 1.0), ("min", 60.0), ("h", 3600.0), ("day", 86400.0)):
        value = per_second * seconds
        if value >= 1 or unit == "day":
            # Three significant figures at most: workload rates are estimates.
            digits = 0 if value >= 100 else 1 if value >= 10 else 2
            return f"{_trim(value, digits)}/{unit}"
    raise AssertionError("unreachable")


def format_size(size: float) -> str:
    """A size in B, KB or MB (binary units, as the workload format defines them)."""
    if size >= SIZE_UNITS["MB"]:
        return f"{_trim(size / SIZE_UNITS['MB'])}MB"
    if size >= SIZE_UNITS["KB"]:
        return f"{_trim(size / SIZE_UNITS['KB'])}KB"
    return f"{_trim(size)}B"


def format_duration(seconds: float) -> str:
    """A duration in the largest unit that keeps it readable: "300ms", "5s", "15m", "7d"."""
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0)):
        if seconds >= size and (seconds / size >= 2 or seconds % size == 0):
            return f"{_trim(seconds / size)}{unit}"
    return f"{_trim(seconds * 1000)}ms"


def format_span(seconds: float) -> str:
    """A duration in words, as prose states a cloud's figure: "365 days", "24 hours", "1 hour",
    "5 minutes", "45 s"."""
    for unit, size, least in (("day", 86400.0, 2), ("hour", 3600.0, 1), ("minute", 60.0, 1)):
        if seconds % size == 0 and seconds / size >= least:
            count = seconds / size
            return f"{_trim(count)} {unit}{'' if count == 1 else 's'}"
    return f"{_trim(seconds)} s"


def workload_rate(per_second: float) -> str:
    """A rate in workload syntax with no thousands separators, for pasting back."""
    return format_rate(per_second).replace(",", "")


def workload_duration(seconds: float) -> str:
    """A duration in workload syntax, for pasting back."""
    return format_duration(seconds).replace(",", "")
