"""Event envelopes: parsing into typed events and applying them to devices."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from custom_components.micboard.shure.systemapi import (
    ApiBattery,
    ApiChannel,
    ApiDevice,
    ChannelActivity,
    DeviceState,
    EventName,
    MalformedEventError,
    UnknownEventError,
    apply_event,
    parse_event,
)

CH1 = base64.b64encode(
    json.dumps({"t": "AudioChannel", "c": "ADTD", "v": 1, "s": "CH", "i": 1}).encode()
).decode()


def _msg(
    name: str, body: Any, device: str = "dev-1", **envelope: Any
) -> dict[str, Any]:
    return {
        "envelope": {"eventName": name, "deviceId": device, **envelope},
        "body": body,
    }


def test_device_events() -> None:
    """Every device-level event name yields its typed field."""
    state = parse_event(_msg("DEVICE_STATE_CHANGE", {"deviceState": "OFFLINE"}))
    assert state.name is EventName.DEVICE_STATE_CHANGE
    assert state.state is DeviceState.OFFLINE
    assert parse_event(_msg("DEVICE_NAME", {"name": "IEM 1"})).device_name == "IEM 1"
    assert parse_event(_msg("DEVICE_AUDIO_MUTE", {"mute": True})).muted is True
    level = parse_event(
        _msg(
            "device_battery_level",
            {"percentage": 50, "status": {"timeToTargetState": "PT2H"}},
        )
    )
    assert level.name is EventName.DEVICE_BATTERY_LEVEL
    assert level.battery == ApiBattery(percentage=50, minutes_to_target=120)
    health = parse_event(
        _msg("DEVICE_BATTERY_HEALTH", {"percentage": 90, "cycleCount": 3})
    )
    assert health.battery == ApiBattery(health_percent=90, cycle_count=3)
    assert health.device_id == "dev-1"
    assert health.body == {"percentage": 90, "cycleCount": 3}


def test_channel_events() -> None:
    """Channel id from the envelope or the body; index decoded from it."""
    name = parse_event(_msg("AUDIO_CHANNEL_NAME", {"name": "Vox"}, audioChannelId=CH1))
    assert (name.channel_id, name.channel_index, name.channel_name) == (CH1, 1, "Vox")
    mute = parse_event(_msg("AUDIO_CHANNEL_MUTE", {"id": CH1, "mute": False}))
    assert (mute.channel_index, mute.muted) == (1, False)
    gain = parse_event(_msg("AUDIO_CHANNEL_GAIN", {"channelId": "junk", "gain": -4}))
    assert (gain.channel_id, gain.channel_index, gain.gain_db) == ("junk", None, -4.0)
    act = parse_event(
        _msg("AUDIO_CHANNEL_ACTIVITY", {"activity": "CLIPPING"}, channelId=CH1)
    )
    assert act.activity is ChannelActivity.CLIPPING


def test_unknown_device_passes_through() -> None:
    """The parser does not know devices: any id comes out typed."""
    event = parse_event(_msg("DEVICE_NAME", {"name": "x"}, device="never-seen"))
    assert event.device_id == "never-seen"


@pytest.mark.parametrize(
    "message",
    [
        None,
        [],
        "text",
        {"body": {}},
        {"envelope": "x", "body": {}},
        {"envelope": {"eventName": "DEVICE_NAME"}, "body": {}},
        {"envelope": {"deviceId": "d"}, "body": {}},
        {"envelope": {"eventName": 5, "deviceId": "d"}, "body": {}},
        {"envelope": {"eventName": "DEVICE_NAME", "deviceId": "d"}, "body": []},
        _msg("AUDIO_CHANNEL_MUTE", {"mute": True}),
    ],
)
def test_malformed(message: object) -> None:
    """Broken envelopes raise MalformedEventError."""
    with pytest.raises(MalformedEventError):
        parse_event(message)


def test_unknown_name() -> None:
    """Well-formed but unknown names raise UnknownEventError."""
    with pytest.raises(UnknownEventError):
        parse_event(_msg("DEVICE_FIRMWARE_UPDATE", {}))


def test_apply_events() -> None:
    """Applying events updates only the fields they carry."""
    device = ApiDevice(
        device_id="dev-1",
        state=DeviceState.ONLINE,
        battery=ApiBattery(percentage=90, health_percent=80, cycle_count=10),
        channels=(ApiChannel(id=CH1, index=1, name="Old", gain_db=0.0),),
    )
    device = apply_event(
        device, parse_event(_msg("DEVICE_BATTERY_LEVEL", {"percentage": 40}))
    )
    assert device.battery == ApiBattery(
        percentage=40, health_percent=80, cycle_count=10
    )
    device = apply_event(
        device,
        parse_event(
            _msg("DEVICE_BATTERY_HEALTH", {"percentage": 70, "cycleCount": 11})
        ),
    )
    assert device.battery == ApiBattery(
        percentage=40, health_percent=70, cycle_count=11
    )
    device = apply_event(device, parse_event(_msg("DEVICE_NAME", {"name": "N"})))
    device = apply_event(device, parse_event(_msg("DEVICE_AUDIO_MUTE", {"mute": True})))
    device = apply_event(
        device, parse_event(_msg("DEVICE_STATE_CHANGE", {"deviceState": "OFFLINE"}))
    )
    assert (device.name, device.muted, device.state) == ("N", True, DeviceState.OFFLINE)
    for name, body in (
        ("AUDIO_CHANNEL_NAME", {"name": "New"}),
        ("AUDIO_CHANNEL_MUTE", {"mute": True}),
        ("AUDIO_CHANNEL_GAIN", {"gain": -2}),
        ("AUDIO_CHANNEL_ACTIVITY", {"activity": "GOOD"}),
    ):
        device = apply_event(device, parse_event(_msg(name, {"id": CH1, **body})))
    assert device.channels == (
        ApiChannel(
            id=CH1,
            index=1,
            name="New",
            muted=True,
            gain_db=-2.0,
            activity=ChannelActivity.GOOD,
        ),
    )
    assert device.channel(1) is device.channels[0]
    assert device.channel(7) is None
    # A channel the poll did not know is added.
    device = apply_event(
        device, parse_event(_msg("AUDIO_CHANNEL_GAIN", {"id": "x", "gain": 1}))
    )
    assert [ch.id for ch in device.channels] == [CH1, "x"]


def test_apply_without_battery_and_unknown_state() -> None:
    """Health on a device without battery creates one; a state-less change is ignored."""
    device = ApiDevice(device_id="d", state=DeviceState.ONLINE)
    updated = apply_event(
        device, parse_event(_msg("DEVICE_BATTERY_HEALTH", {"percentage": 55}))
    )
    assert updated.battery == ApiBattery(health_percent=55)
    no_state = parse_event(_msg("DEVICE_STATE_CHANGE", {"x": 1}))
    assert no_state.state is None
    assert apply_event(device, no_state).state is DeviceState.ONLINE
    odd = parse_event(_msg("DEVICE_STATE_CHANGE", {"state": "REBOOTING"}))
    assert apply_event(device, odd).state is DeviceState.UNKNOWN
