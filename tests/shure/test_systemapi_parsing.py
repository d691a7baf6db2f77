"""Pure parsers of the System API client: durations, ids, shapes, nodes."""

from __future__ import annotations

import base64
import datetime as dt
import json

from hypothesis import given, strategies as st
import pytest

from custom_components.micboard.shure.systemapi import (
    BadPayloadError,
    ChannelActivity,
    Compatibility,
    DeviceState,
    decode_channel_index,
    parse_duration_minutes,
    parse_duration_seconds,
)
from custom_components.micboard.shure.systemapi.parsing import (
    parse_activity,
    parse_battery_health,
    parse_battery_level,
    parse_channel_entry,
    parse_device_node,
    parse_gain,
    parse_mute,
    parse_name,
    parse_retry_after,
    parse_uptime,
    unwrap_list,
)


def _b64(obj: object, *, urlsafe: bool = False, pad: bool = True) -> str:
    raw = json.dumps(obj, separators=(",", ":")).encode()
    text = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()
    return text if pad else text.rstrip("=")


# -- ISO-8601 durations ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("PT853M", 853),
        ("pt853m", 853),
        (" PT853M ", 853),
        ("PT14H13M", 853),
        ("PT1H", 60),
        ("PT90S", 1),
        ("PT59S", 0),
        ("PT1.5H", 90),
        ("PT1,5H", 90),
        ("P1D", 1440),
        ("P1DT1M", 1441),
        ("P1W", 7 * 1440),
        ("P1M", 30 * 1440),
        ("P1Y", 365 * 1440),
        ("+PT5M", 5),
        ("PT0S", 0),
        (120, 2),
        (59.9, 0),
    ],
)
def test_duration_minutes(text: object, minutes: int) -> None:
    """Valid durations, month vs minute ``M``, fractions and plain seconds."""
    assert parse_duration_minutes(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "",
        "P",
        "PT",
        "T5M",
        "PT5",
        "5M",
        "P1H",
        "PT-5M",
        "-PT5M",
        "PT5M3H",
        "PTXM",
        "PT1..5H",
        None,
        True,
        [],
        {},
        -1,
        float("nan"),
        float("inf"),
    ],
)
def test_duration_rejects_garbage(text: object) -> None:
    """Malformed, negative or non-finite durations give None, never raise."""
    assert parse_duration_minutes(text) is None


@given(
    days=st.integers(0, 400),
    hours=st.integers(0, 48),
    minutes=st.integers(0, 10_000),
    seconds=st.integers(0, 10_000),
)
def test_duration_roundtrip(days: int, hours: int, minutes: int, seconds: int) -> None:
    """Any composed duration parses to exactly its number of seconds."""
    text = f"P{days}DT{hours}H{minutes}M{seconds}S"
    total = days * 86400 + hours * 3600 + minutes * 60 + seconds
    assert parse_duration_seconds(text) == total
    assert parse_duration_minutes(text) == total // 60


@given(st.text(max_size=40))
def test_duration_never_raises(text: str) -> None:
    """Arbitrary text never raises and never yields a negative value."""
    result = parse_duration_seconds(text)
    assert result is None or result >= 0


# -- channel ids ----------------------------------------------------------

CHANNEL = {"t": "AudioChannel", "c": "ADTQ", "v": 131088, "s": "CH", "i": 3}


@pytest.mark.parametrize(
    "channel_id",
    [
        _b64(CHANNEL),
        _b64(CHANNEL, pad=False),
        _b64(CHANNEL, urlsafe=True),
        _b64(CHANNEL, urlsafe=True, pad=False),
        "  " + _b64(CHANNEL) + " ",
    ],
)
def test_channel_index_decodes(channel_id: str) -> None:
    """Standard and URL-safe base64, padded or not, give the index."""
    assert decode_channel_index(channel_id) == 3


@pytest.mark.parametrize(
    "channel_id",
    [
        "",
        "!!!not base64!!!",
        "abc",
        base64.b64encode(b"\xff\xfe\x00").decode(),
        base64.b64encode(b"not json").decode(),
        _b64([1, 2, 3]),
        _b64({"t": "AudioChannel"}),
        _b64({"i": -1}),
        _b64({"i": True}),
        _b64({"i": "2"}),
        "A" * 5000,
        None,
        42,
    ],
)
def test_channel_index_garbage(channel_id: object) -> None:
    """Garbage ids decode to None without raising."""
    assert decode_channel_index(channel_id) is None


@given(st.text(max_size=200))
def test_channel_index_never_raises(text: str) -> None:
    """Fuzzed ids never raise."""
    result = decode_channel_index(text)
    assert result is None or result >= 0


def test_channel_entry_shapes() -> None:
    """A list entry is a bare id or an object; index falls back to ``index``."""
    bare = parse_channel_entry(_b64(CHANNEL))
    assert bare is not None
    assert bare.index == 3
    assert bare.name is None
    inline = parse_channel_entry(
        {
            "id": "garbage",
            "index": 5,
            "name": "Lead",
            "mute": "ON",
            "gain": "-3.5",
            "activity": "clipping",
        }
    )
    assert inline is not None
    assert (
        inline.index,
        inline.name,
        inline.muted,
        inline.gain_db,
        inline.activity,
    ) == (
        5,
        "Lead",
        True,
        -3.5,
        ChannelActivity.CLIPPING,
    )
    assert parse_channel_entry({"name": "no id"}) is None
    assert parse_channel_entry(None) is None


# -- list shapes ------------------------------------------------------------


def test_unwrap_shapes() -> None:
    """Bare array, items and relay edges with pagination."""
    assert unwrap_list([1, 2]) == ([1, 2], None)
    assert unwrap_list({"items": [3]}) == ([3], None)
    page = {
        "pageInfo": {"hasNextPage": True, "endCursor": "c2"},
        "edges": [
            {"cursor": "c1", "node": {"a": 1}},
            {"cursor": "c2", "node": {"b": 2}},
        ],
    }
    assert unwrap_list(page) == ([{"a": 1}, {"b": 2}], "c2")
    last = {"pageInfo": {"hasNextPage": False, "endCursor": "c9"}, "edges": []}
    assert unwrap_list(last) == ([], None)
    no_info = {"edges": ["weird", {"cursor": "x"}]}
    assert unwrap_list(no_info) == ([None, None], None)
    fallback = {
        "pageInfo": {"hasNextPage": True},
        "edges": [{"cursor": "c7", "node": 1}],
    }
    assert unwrap_list(fallback) == ([1], "c7")


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "devices",
        42,
        {"data": []},
        {"edges": "nope"},
        {"items": {"a": 1}, "edges": None},
        {"edges": [], "pageInfo": "x"},
        {"edges": [{"node": {}}], "pageInfo": {"hasNextPage": True}},
    ],
)
def test_unwrap_bad_shapes(payload: object) -> None:
    """Unknown shapes and pagination without a cursor are BadPayloadError."""
    with pytest.raises(BadPayloadError):
        unwrap_list(payload)


# -- device nodes and features ------------------------------------------------


def test_device_node_full() -> None:
    """Every documented node field lands in the model."""
    device = parse_device_node(
        {
            "hardwareIdentity": {"deviceId": "abc", "serialNumber": "S1"},
            "softwareIdentity": {
                "model": "ADTQ",
                "firmwareVersion": "1.2",
                "firmwareValid": True,
            },
            "deviceState": "online",
            "compatibility": "INCOMPATIBLE_TOO_OLD",
            "communicationProtocol": {"name": "ACN", "address": "10.0.0.5"},
            "capabilities": ["Name", "battery-level", 7],
        }
    )
    assert device is not None
    assert device.device_id == "abc"
    assert device.serial == "S1"
    assert device.model == "ADTQ"
    assert device.firmware == "1.2"
    assert device.firmware_valid is True
    assert device.state is DeviceState.ONLINE
    assert device.online
    assert device.compatibility is Compatibility.INCOMPATIBLE_TOO_OLD
    assert device.incompatible
    assert device.protocol_address == "10.0.0.5"
    assert device.capabilities == frozenset({"name", "battery-level"})


@pytest.mark.parametrize(
    "node",
    [
        None,
        [],
        {},
        {"hardwareIdentity": None},
        {"hardwareIdentity": {"serialNumber": "S"}},
        {"hardwareIdentity": {"deviceId": ""}},
        {"hardwareIdentity": {"deviceId": True}},
    ],
)
def test_device_node_without_identity(node: object) -> None:
    """No usable deviceId -> None (the caller skips and counts it)."""
    assert parse_device_node(node) is None


def test_device_node_wrong_field_types() -> None:
    """Oddly typed fields become None/UNKNOWN rather than crashing."""
    device = parse_device_node(
        {
            "hardwareIdentity": {"deviceId": 1234, "serialNumber": ["x"]},
            "softwareIdentity": "ADTQ",
            "deviceState": 5,
            "compatibility": "SOMETHING_NEW",
            "capabilities": "name",
        }
    )
    assert device is not None
    assert device.device_id == "1234"
    assert device.serial is None
    assert device.model is None
    assert device.state is DeviceState.UNKNOWN
    assert device.compatibility is Compatibility.UNKNOWN
    assert device.capabilities == frozenset()


def test_battery_level_and_health() -> None:
    """Battery JSON, including the 255 'unknown' sentinel and charging state."""
    level = parse_battery_level(
        {
            "percentage": 87,
            "status": {
                "currentState": "CHARGING",
                "targetState": "FULL",
                "timeToTargetState": "PT853M",
            },
        }
    )
    assert (level.percentage, level.minutes_to_target, level.charging) == (
        87,
        853,
        True,
    )
    assert parse_battery_level({"percentage": 255}).percentage is None
    assert (
        parse_battery_level({"percentage": "x", "status": 3}).minutes_to_target is None
    )
    assert parse_battery_level(None).charging is None
    assert (
        parse_battery_level({"status": {"currentState": "DISCHARGING"}}).charging
        is False
    )
    assert (
        parse_battery_level({"status": {"currentState": "FULLY_CHARGED"}}).charging
        is False
    )
    assert parse_battery_health({"percentage": 91, "cycleCount": 12}) == (91, 12)
    assert parse_battery_health({"percentage": -1, "cycleCount": 1.5}) == (None, None)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"mute": True}, True),
        ({"muted": False}, False),
        ("OFF", False),
        ({"value": "MUTED"}, True),
        ({"mute": "maybe"}, None),
        ({"mute": 1}, None),
    ],
)
def test_mute(payload: object, expected: bool | None) -> None:
    """Mute accepts booleans and Shure's ON/OFF words only."""
    assert parse_mute(payload) is expected


def test_scalar_features() -> None:
    """Name, gain, activity, uptime in their tolerated forms."""
    assert parse_name({"name": " Lead Vox "}) == "Lead Vox"
    assert parse_name("Bare") == "Bare"
    assert parse_name({"name": None}) is None
    assert parse_gain({"gain": -6}) == -6.0
    assert parse_gain({"gainDb": "2.5"}) == 2.5
    assert parse_gain({"gain": True}) is None
    assert parse_gain({"gain": "loud"}) is None
    assert parse_activity({"activity": "good"}) is ChannelActivity.GOOD
    assert parse_activity({"activity": "LOUD"}) is None
    assert parse_activity({"activity": 1}) is None
    assert parse_uptime({"uptime": "PT1H2S"}) == 3602
    assert parse_uptime({"seconds": 42}) == 42
    assert parse_uptime({"uptime": "forever"}) is None


def test_retry_after() -> None:
    """Seconds, HTTP dates (relative to now) and garbage."""
    now = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0
    assert parse_retry_after("Wed, 01 Jan 2025 12:01:00 -0000", now) == 60
    assert parse_retry_after("-3") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("") is None
    assert parse_retry_after(None) is None
