from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.format import units


@pytest.mark.parametrize(("text", "per_second"), [
    ("50/s", 50.0),
    ("3000/min", 50.0),
    ("2M/day", 2e6 / 86400),
    ("10/h", 10 / 3600),
    ("1.5K/s", 1500.0),
    ("3.2M/day", 3.2e6 / 86400),
    (120, 120.0),
    (0.5, 0.5),
])
def test_rates_in_every_form(text: object, per_second: float) -> None:
    assert units.parse_rate(text) == pytest.approx(per_second)


@pytest.mark.parametrize(("text", "size"), [
    ("512B", 512), ("2KB", 2048), ("1.5MB", 1.5 * 1024 * 1024), (4096, 4096),
])
def test_sizes_use_binary_kilobytes(text: object, size: float) -> None:
    assert units.parse_size(text) == size


@pytest.mark.parametrize(("text", "seconds"), [
    ("200ms", 0.2), ("5s", 5), ("15m", 900), ("24h", 86400), ("7d", 604800), (30, 30),
    ("0.5s", 0.5),
])
def test_durations(text: object, seconds: float) -> None:
    assert units.parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("bad", [0, -1, "0/s", "-5/s", float("inf"), float("nan"), "1e308",
                                 1e308, "2000000000/s", True, None, "fast", "10/sec",
                                 "5 per second"])
def test_rejects_what_is_not_a_positive_finite_rate(bad: object) -> None:
    with pytest.raises(ValueError):
        units.parse_rate(bad)


def test_a_lower_case_unit_gets_a_did_you_mean() -> None:
    with pytest.raises(ValueError, match='did you mean "2KB"'):
        units.parse_size("2kb")
    with pytest.raises(ValueError, match='did you mean "5s"'):
        units.parse_duration("5S")


@pytest.mark.parametrize(("rate", "text"), [
    (2000, "2,000/s"), (0.5, "30/min"), (10 / 3600, "10/h"), (1 / 86400, "1/day"),
])
def test_rates_are_written_in_the_unit_that_reads_best(rate: float, text: str) -> None:
    assert units.format_rate(rate) == text


@given(st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_a_written_rate_reads_back_close_to_itself(rate: float) -> None:
    back = units.parse_rate(units.workload_rate(rate))
    assert math.isclose(back, rate, rel_tol=0.01, abs_tol=1e-4 * 86400 / 86400)


@given(st.floats(min_value=1e-3, max_value=1e8, allow_nan=False, allow_infinity=False))
def test_a_written_duration_reads_back_close_to_itself(seconds: float) -> None:
    back = units.parse_duration(units.workload_duration(seconds))
    assert math.isclose(back, seconds, rel_tol=0.01, abs_tol=0.005)
