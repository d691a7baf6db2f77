"""Single-value parsers: sentinels become None or a state, never a number."""

from __future__ import annotations

import pytest

from custom_components.micboard.shure.commandstrings import values
from custom_components.micboard.shure.models import RuntimeState


@pytest.mark.parametrize(
    ("raw", "expected"), [("000", 0), ("005", 5), ("3", 3), ("255", None)]
)
def test_bars(raw: str, expected: int | None) -> None:
    assert values.parse_bars(raw) == expected


@pytest.mark.parametrize("raw", ["007", "254", "256", "abc", "", "-1", "1_0", "4.5"])
def test_bars_rejected(raw: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_bars(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00312", (RuntimeState.KNOWN, 312)),
        ("00000", (RuntimeState.KNOWN, 0)),
        ("65533", (RuntimeState.COMMUNICATION_WARNING, None)),
        ("65534", (RuntimeState.CALCULATING, None)),
        ("65535", (RuntimeState.UNKNOWN, None)),
    ],
)
def test_runtime(raw: str, expected: tuple[RuntimeState, int | None]) -> None:
    assert values.parse_runtime(raw) == expected


def test_runtime_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        values.parse_runtime("65536")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0578350", 578.35), ("0502125", 502.125), ("1492000", 1492.0), ("0000000", None)],
)
def test_frequency(raw: str, expected: float | None) -> None:
    assert values.parse_frequency(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "057835a", "12", "12345678", "0000010"])
def test_frequency_rejected(raw: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        values.parse_frequency(raw)


def test_gain_and_offsets() -> None:
    assert values.parse_gain("030", -18, 42, 18) == 12
    assert values.parse_gain("000", -18, 42, 18) == -18
    assert values.parse_gain("060", -18, 42, 18) == 42
    with pytest.raises(ValueError, match="outside"):
        values.parse_gain("061", -18, 42, 18)
    assert values.parse_tx_offset("012") == 0
    assert values.parse_tx_offset("021") == 9
    assert values.parse_tx_offset("255") is None
    with pytest.raises(ValueError, match="offset"):
        values.parse_tx_offset("100")
    assert values.parse_offset_level("098", 128, 128) == -30
    with pytest.raises(ValueError, match="outside"):
        values.parse_offset_level("200", 120, 120)


def test_percent_count_temperature_quality() -> None:
    assert values.parse_percent("085") == 85
    assert values.parse_percent("255") is None
    with pytest.raises(ValueError, match="%"):
        values.parse_percent("101")
    assert values.parse_count("00012") == 12
    assert values.parse_count("65535") is None
    assert values.parse_temperature("032") == 32
    assert values.parse_temperature("-05") == -5
    assert values.parse_temperature("255") is None
    with pytest.raises(ValueError, match="°C"):
        values.parse_temperature("150")
    assert values.parse_quality("005") == 5
    assert values.parse_quality("255") is None


def test_words() -> None:
    assert values.parse_on_off("ON") is True
    assert values.parse_on_off("off") is False
    assert values.parse_on_off("UNKN") is None
    with pytest.raises(ValueError, match="on/off"):
        values.parse_on_off("MAYBE")
    assert values.parse_interference("NONE") is False
    assert values.parse_interference("CRITICAL") is True
    assert values.parse_interference("DETECTED") is True
    assert values.parse_interference("UNKNOWN") is None
    with pytest.raises(ValueError, match="interference"):
        values.parse_interference("PURPLE")


def test_text() -> None:
    assert values.parse_text("Lead Vox") == "Lead Vox"
    assert values.parse_text("") is None
    with pytest.raises(ValueError, match="unprintable"):
        values.parse_text("bad\x00name")
    assert values.parse_known_text("AD2") == "AD2"
    assert values.parse_known_text("UNKNOWN") is None
    assert values.parse_known_text("UNKN") is None
    assert values.is_absent_word(" unknown ")
    assert not values.is_absent_word("SLXD2")


def test_group_channel_and_antenna() -> None:
    assert values.parse_group_channel("01,02") == (1, 2)
    assert values.parse_group_channel("--,--") == (None, None)
    assert values.parse_group_channel(",5") == (None, 5)
    with pytest.raises(ValueError, match="group"):
        values.parse_group_channel("0102")
    with pytest.raises(ValueError, match="number"):
        values.parse_group_channel("a,b")
    assert values.parse_antenna("ax") == "AX"
    assert values.parse_antenna("BRBX") == "BRBX"
    with pytest.raises(ValueError, match="antenna"):
        values.parse_antenna("A1")
