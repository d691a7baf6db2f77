"""Model identification, transmitter presence and per-family capabilities."""

from __future__ import annotations

import pytest

from custom_components.micboard.shure.commandstrings.vocabulary import (
    VOCABULARIES,
    identify_model,
    transmitter_present,
)
from custom_components.micboard.shure.models import ReceiverFamily


@pytest.mark.parametrize(
    ("model", "family", "channels"),
    [
        ("ULXD4", ReceiverFamily.ULXD, 1),
        ("ULXD4E", ReceiverFamily.ULXD, 1),
        ("ULXD4D", ReceiverFamily.ULXD, 2),
        ("ULXD4Q", ReceiverFamily.ULXD, 4),
        ("QLXD4", ReceiverFamily.QLXD, 1),
        ("AD4D", ReceiverFamily.AXIENT_DIGITAL, 2),
        ("AD4Q", ReceiverFamily.AXIENT_DIGITAL, 4),
        ("  AD4Q-A    ", ReceiverFamily.AXIENT_DIGITAL, 4),
        ("ad4q-us", ReceiverFamily.AXIENT_DIGITAL, 4),
        ("SLXD4", ReceiverFamily.SLXD, 1),
        ("SLXD4D", ReceiverFamily.SLXD, 2),
        ("SLXD4DE", ReceiverFamily.SLXD, 2),
        ("SLXD4Q+", ReceiverFamily.SLXD, 4),
        ("SLXD4QDAN+", ReceiverFamily.SLXD, 4),
    ],
)
def test_identify_model(model: str, family: ReceiverFamily, channels: int) -> None:
    assert identify_model(model) == (family, channels)


@pytest.mark.parametrize("model", ["P10T", "UR4D", "MXWANI8", "", "XAD4Q"])
def test_identify_unknown_model(model: str) -> None:
    assert identify_model(model) == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"TX_MODEL": "AD2", "TX_BATT_BARS": "005"}, True),
        ({"TX_MODEL": "UNKNOWN"}, False),
        ({"TX_MODEL": "AD2", "TX_BATT_BARS": "255", "TX_BATT_MINS": "65535"}, False),
        ({"TX_BATT_BARS": "255", "TX_BATT_MINS": "65535"}, False),
        ({"TX_BATT_BARS": "003"}, True),
        ({"TX_BATT_BARS": "255"}, None),
        ({"TX_BATT_BARS": "abc"}, None),
        ({"TX_MODEL": "AD2", "TX_BATT_BARS": "255"}, True),
        ({}, None),
    ],
)
def test_transmitter_present(raw: dict[str, str], expected: bool | None) -> None:
    vocabulary = VOCABULARIES[ReceiverFamily.AXIENT_DIGITAL]
    assert transmitter_present(vocabulary, raw) is expected


def test_ulx_presence_uses_its_own_names() -> None:
    vocabulary = VOCABULARIES[ReceiverFamily.ULXD]
    assert transmitter_present(vocabulary, {"TX_TYPE": "UNKNOWN"}) is False
    assert transmitter_present(vocabulary, {"TX_MODEL": "UNKNOWN"}) is None
    off = {"BATT_BARS": "255", "BATT_RUN_TIME": "65535"}
    assert transmitter_present(vocabulary, off) is False


def test_capabilities_per_family() -> None:
    ulxd = VOCABULARIES[ReceiverFamily.ULXD]
    qlxd = VOCABULARIES[ReceiverFamily.QLXD]
    axient = VOCABULARIES[ReceiverFamily.AXIENT_DIGITAL]
    slxd = VOCABULARIES[ReceiverFamily.SLXD]
    assert (ulxd.mute_property, ulxd.identify_device, ulxd.identify_channel) == (
        "AUDIO_MUTE",
        True,
        False,
    )
    assert (qlxd.mute_property, qlxd.identify_device) == (None, False)
    assert (axient.identify_device, axient.identify_channel) == (True, True)
    assert slxd.mute_property is None
    assert ulxd.name_max_length == 8
    assert axient.name_max_length == slxd.name_max_length == 31
    assert "TX_BATT_BARS" in slxd.query_properties
    assert "BATT_BARS" in ulxd.query_properties
    assert "LINK_TX_MODEL" not in slxd.query_properties


@pytest.mark.parametrize(
    ("family", "can_mute"),
    [
        (ReceiverFamily.ULXD, True),
        (ReceiverFamily.QLXD, False),
        (ReceiverFamily.AXIENT_DIGITAL, True),
        (ReceiverFamily.SLXD, False),
    ],
)
def test_control_capabilities(family: ReceiverFamily, can_mute: bool) -> None:
    """What a caller may offer: mute where the family has it, gain everywhere."""
    vocabulary = VOCABULARIES[family]
    assert vocabulary.can_mute is can_mute
    assert vocabulary.can_set_gain is True
    assert vocabulary.gain_range_db == (-18, 42)
