"""A charger's single values: markers become None or a state, never a number."""

from __future__ import annotations

from hypothesis import given, strategies as st
import pytest

from custom_components.micboard.shure.chargers import (
    BayError,
    ChargeState,
    TimeToFullState,
    values,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("000", 0),
        ("041", 41),
        ("100", 100),
        ("254", None),
        ("255", None),
        ("248", None),
    ],
)
def test_percent(raw: str, expected: int | None) -> None:
    assert values.parse_percent(raw) == expected


@pytest.mark.parametrize("raw", ["101", "247", "256", "abc", "", "-1", "4.5", "²"])
def test_percent_rejected(raw: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_percent(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [("000", 0), ("005", 5), ("254", None), ("255", None)]
)
def test_bars(raw: str, expected: int | None) -> None:
    assert values.parse_bars(raw) == expected


def test_bars_rejected() -> None:
    with pytest.raises(ValueError, match="above 5"):
        values.parse_bars("006")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("00000", 0), ("00362", 362), ("65527", 65527), ("65534", None), ("65535", None)],
)
def test_cycles(raw: str, expected: int | None) -> None:
    assert values.parse_cycles(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00107", (TimeToFullState.KNOWN, 107)),
        ("00000", (TimeToFullState.KNOWN, 0)),
        ("65527", (TimeToFullState.KNOWN, 65527)),
        ("65529", (TimeToFullState.FULL, None)),
        ("65533", (TimeToFullState.CALCULATING, None)),
        ("65534", (TimeToFullState.ERROR, None)),
        ("65535", (TimeToFullState.UNKNOWN, None)),
        ("65528", (TimeToFullState.UNKNOWN, None)),
        ("65531", (TimeToFullState.UNKNOWN, None)),
    ],
)
def test_time_to_full(raw: str, expected: tuple[TimeToFullState, int | None]) -> None:
    assert values.parse_time_to_full(raw) == expected


def test_time_to_full_rejected() -> None:
    with pytest.raises(ValueError, match="outside"):
        values.parse_time_to_full("65536")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("FULL", ChargeState.FULL),
        ("normal", ChargeState.NORMAL),
        ("WARM_FULL", ChargeState.WARM_FULL),
        ("READY_TO_STORE", ChargeState.READY_TO_STORE),
        ("DISCHARGING_COLD", ChargeState.DISCHARGING_COLD),
        ("NO_BATT", ChargeState.NO_BATTERY),
        ("ERROR", ChargeState.ERROR),
    ],
)
def test_state(raw: str, expected: ChargeState) -> None:
    assert values.parse_state(raw) == expected


@pytest.mark.parametrize("raw", ["", "CHARGING", "NO_BATTERY", "FULL!"])
def test_state_rejected(raw: str) -> None:
    with pytest.raises(ValueError, match="not a charge state"):
        values.parse_state(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("000", (BayError.NONE, 0)),
        ("004", (BayError.CHARGE_FAILED, 4)),
        ("007", (BayError.COMMUNICATION_FAILURE, 7)),
        ("042", (BayError.OTHER, 42)),
        ("255", (None, None)),
    ],
)
def test_error(raw: str, expected: tuple[BayError | None, int | None]) -> None:
    assert values.parse_error(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("YES", True), ("no", False), ("ON", True), ("OFF", False)]
)
def test_yes_no(raw: str, expected: bool) -> None:
    assert values.parse_yes_no(raw) is expected


def test_yes_no_rejected() -> None:
    with pytest.raises(ValueError, match="not yes/no"):
        values.parse_yes_no("MAYBE")


@given(st.text(max_size=8))
def test_byte_values_never_leak_a_marker(raw: str) -> None:
    """Whatever arrives, a percentage is 0..100 or None, or the field is rejected."""
    try:
        value = values.parse_percent(raw)
    except ValueError:
        return
    assert value is None or 0 <= value <= 100


@given(st.integers(min_value=0, max_value=99999))
def test_time_to_full_is_minutes_or_a_state(number: int) -> None:
    raw = f"{number:05d}"
    try:
        state, minutes = values.parse_time_to_full(raw)
    except ValueError:
        assert number > 65535
        return
    if state is TimeToFullState.KNOWN:
        assert minutes == number
        assert number < 65528
    else:
        assert minutes is None
        assert 65528 <= number <= 65535
