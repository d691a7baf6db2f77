"""Websocket event envelopes: parsing into typed events and applying them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .models import ApiBattery, ApiChannel, ApiDevice, ApiEvent, DeviceState, EventName
from .parsing import (
    as_str,
    decode_channel_index,
    first_field,
    parse_activity,
    parse_battery_health,
    parse_battery_level,
    parse_gain,
    parse_mute,
    parse_name,
)


class MalformedEventError(ValueError):
    """A websocket message that is not a valid event envelope."""


class UnknownEventError(ValueError):
    """A well-formed envelope whose event name the client does not know."""


def _channel_id(envelope: Mapping[str, Any], body: Mapping[str, Any]) -> str:
    for source, key in (
        (envelope, "audioChannelId"),
        (envelope, "channelId"),
        (body, "audioChannelId"),
        (body, "channelId"),
        (body, "id"),
    ):
        if (value := as_str(source.get(key))) is not None:
            return value
    raise MalformedEventError("channel event without a channel id")


def parse_event(message: object) -> ApiEvent:
    """A typed :class:`ApiEvent` from a decoded websocket message."""
    if not isinstance(message, Mapping):
        raise MalformedEventError("message is not an object")
    envelope = message.get("envelope")
    body = message.get("body", {})
    if not isinstance(envelope, Mapping) or not isinstance(body, Mapping):
        raise MalformedEventError("no envelope/body")
    raw_name = envelope.get("eventName")
    device_id = as_str(envelope.get("deviceId"))
    if not isinstance(raw_name, str) or device_id is None:
        raise MalformedEventError("envelope without eventName/deviceId")
    try:
        name = EventName(raw_name.strip().upper())
    except ValueError:
        raise UnknownEventError(raw_name) from None
    common: dict[str, Any] = {"name": name, "device_id": device_id, "body": dict(body)}
    if name is EventName.DEVICE_STATE_CHANGE:
        raw_state = first_field(body, "deviceState", "state")
        state = None if raw_state is None else DeviceState.parse(raw_state)
        return ApiEvent(**common, state=state)
    if name is EventName.DEVICE_NAME:
        return ApiEvent(**common, device_name=parse_name(body))
    if name is EventName.DEVICE_AUDIO_MUTE:
        return ApiEvent(**common, muted=parse_mute(body))
    if name is EventName.DEVICE_BATTERY_LEVEL:
        return ApiEvent(**common, battery=parse_battery_level(body))
    if name is EventName.DEVICE_BATTERY_HEALTH:
        health, cycles = parse_battery_health(body)
        battery = ApiBattery(health_percent=health, cycle_count=cycles)
        return ApiEvent(**common, battery=battery)
    channel_id = _channel_id(envelope, body)
    common |= {
        "channel_id": channel_id,
        "channel_index": decode_channel_index(channel_id),
    }
    if name is EventName.AUDIO_CHANNEL_NAME:
        return ApiEvent(**common, channel_name=parse_name(body))
    if name is EventName.AUDIO_CHANNEL_MUTE:
        return ApiEvent(**common, muted=parse_mute(body))
    if name is EventName.AUDIO_CHANNEL_GAIN:
        return ApiEvent(**common, gain_db=parse_gain(body))
    return ApiEvent(**common, activity=parse_activity(body))


def apply_event(device: ApiDevice, event: ApiEvent) -> ApiDevice:
    """``device`` updated with ``event`` (fields the event leaves unset stay)."""
    name = event.name
    if name is EventName.DEVICE_STATE_CHANGE and event.state is not None:
        return replace(device, state=event.state)
    if name is EventName.DEVICE_NAME:
        return replace(device, name=event.device_name)
    if name is EventName.DEVICE_AUDIO_MUTE:
        return replace(device, muted=event.muted)
    if name in (EventName.DEVICE_BATTERY_LEVEL, EventName.DEVICE_BATTERY_HEALTH):
        assert event.battery is not None
        old = device.battery or ApiBattery()
        if name is EventName.DEVICE_BATTERY_LEVEL:
            new = replace(
                event.battery,
                health_percent=old.health_percent,
                cycle_count=old.cycle_count,
            )
        else:
            new = replace(
                old,
                health_percent=event.battery.health_percent,
                cycle_count=event.battery.cycle_count,
            )
        return replace(device, battery=new)
    if event.channel_id is None:
        return device
    channels = list(device.channels)
    pos = next((i for i, ch in enumerate(channels) if ch.id == event.channel_id), None)
    if pos is None:  # a channel the last poll did not see: add it
        pos = len(channels)
        channels.append(ApiChannel(id=event.channel_id, index=event.channel_index))
    channel = channels[pos]
    if name is EventName.AUDIO_CHANNEL_NAME:
        channel = replace(channel, name=event.channel_name)
    elif name is EventName.AUDIO_CHANNEL_MUTE:
        channel = replace(channel, muted=event.muted)
    elif name is EventName.AUDIO_CHANNEL_GAIN:
        channel = replace(channel, gain_db=event.gain_db)
    else:  # AUDIO_CHANNEL_ACTIVITY
        channel = replace(channel, activity=event.activity)
    channels[pos] = channel
    return replace(device, channels=tuple(channels))
