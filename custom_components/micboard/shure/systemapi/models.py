"""Plain, frozen models of what the Shure System API reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BATTERY_FEATURES = frozenset({"battery-level", "battery-health"})
"""The features of a device that runs on a battery."""


def _parse_member[E: StrEnum, F](enum: type[E], value: object, fallback: F) -> E | F:
    """The member a raw value names (trimmed, any case), else ``fallback``.

    Only strings are looked up; ``None``, other types and unknown names all
    give ``fallback``.
    """
    if isinstance(value, str):
        try:
            return enum(value.strip().upper())
        except ValueError:
            return fallback
    return fallback


class DeviceState(StrEnum):
    """``deviceState`` of a device as the System API sees it."""

    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    DISCOVERED = "DISCOVERED"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def parse(cls, value: object) -> DeviceState:
        """Map a raw value; anything unexpected becomes ``UNKNOWN``."""
        return _parse_member(cls, value, cls.UNKNOWN)


class Compatibility(StrEnum):
    """``compatibility`` of a device's firmware with the System API."""

    COMPATIBLE_LATEST = "COMPATIBLE_LATEST"
    COMPATIBLE_OLD = "COMPATIBLE_OLD"
    INCOMPATIBLE_TOO_OLD = "INCOMPATIBLE_TOO_OLD"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def parse(cls, value: object) -> Compatibility:
        """Map a raw value; anything unexpected becomes ``UNKNOWN``."""
        return _parse_member(cls, value, cls.UNKNOWN)


class ChannelActivity(StrEnum):
    """Audio activity of a channel."""

    LOW = "LOW"
    GOOD = "GOOD"
    CLIPPING = "CLIPPING"

    @classmethod
    def parse(cls, value: object) -> ChannelActivity | None:
        """Map a raw value; anything unexpected becomes ``None``."""
        return _parse_member(cls, value, None)


class EventName(StrEnum):
    """Websocket event names the client understands."""

    DEVICE_STATE_CHANGE = "DEVICE_STATE_CHANGE"
    DEVICE_NAME = "DEVICE_NAME"
    DEVICE_AUDIO_MUTE = "DEVICE_AUDIO_MUTE"
    DEVICE_BATTERY_LEVEL = "DEVICE_BATTERY_LEVEL"
    DEVICE_BATTERY_HEALTH = "DEVICE_BATTERY_HEALTH"
    AUDIO_CHANNEL_MUTE = "AUDIO_CHANNEL_MUTE"
    AUDIO_CHANNEL_GAIN = "AUDIO_CHANNEL_GAIN"
    AUDIO_CHANNEL_NAME = "AUDIO_CHANNEL_NAME"
    AUDIO_CHANNEL_ACTIVITY = "AUDIO_CHANNEL_ACTIVITY"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiBattery:
    """Battery level (and health, where offered) of a battery-bearing device."""

    percentage: int | None = None
    current_state: str | None = None
    target_state: str | None = None
    minutes_to_target: int | None = None
    health_percent: int | None = None
    cycle_count: int | None = None

    @property
    def charging(self) -> bool | None:
        """True while the battery charges, None when the state is unknown."""
        if self.current_state is None:
            return None
        state = self.current_state.upper()
        return "CHARG" in state and "DISCHARG" not in state and "FULL" not in state


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiChannel:
    """One audio channel of a device.

    ``index`` is decoded from the opaque base64 id; ``None`` when the id does
    not decode (the channel is still reported, ordered after decoded ones).
    """

    id: str
    index: int | None = None
    name: str | None = None
    muted: bool | None = None
    gain_db: float | None = None
    activity: ChannelActivity | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiDevice:
    """A device known to the System API, with the features it offers."""

    device_id: str
    serial: str | None = None
    model: str | None = None
    firmware: str | None = None
    firmware_valid: bool | None = None
    state: DeviceState = DeviceState.UNKNOWN
    compatibility: Compatibility = Compatibility.UNKNOWN
    protocol_name: str | None = None
    protocol_address: str | None = None
    capabilities: frozenset[str] = frozenset()
    name: str | None = None
    battery: ApiBattery | None = None
    muted: bool | None = None
    uptime_s: int | None = None
    channels: tuple[ApiChannel, ...] = ()

    @property
    def online(self) -> bool:
        """True when the System API reports the device ONLINE."""
        return self.state is DeviceState.ONLINE

    @property
    def wireless_transmitter(self) -> bool:
        """True for a battery-powered device: a wireless transmitter (a mic or pack).

        DSPs, access points and receivers offer no battery feature.
        """
        return not BATTERY_FEATURES.isdisjoint(self.capabilities)

    @property
    def incompatible(self) -> bool:
        """True when the firmware is too old for the System API to act on."""
        return self.compatibility is Compatibility.INCOMPATIBLE_TOO_OLD

    def channel(self, index: int) -> ApiChannel | None:
        """The channel with the given decoded index, if any."""
        return next((ch for ch in self.channels if ch.index == index), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiEvent:
    """One websocket event, parsed.

    Only the fields that belong to ``name`` are set. ``device_id`` is passed
    through even for devices the client has never listed: the caller decides.
    """

    name: EventName
    device_id: str
    channel_id: str | None = None
    channel_index: int | None = None
    state: DeviceState | None = None
    device_name: str | None = None
    muted: bool | None = None
    battery: ApiBattery | None = None
    channel_name: str | None = None
    gain_db: float | None = None
    activity: ChannelActivity | None = None
    body: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(slots=True)
class ClientMetrics:
    """Counters a client keeps for diagnostics and the live hub."""

    request_count: int = 0
    error_count: int = 0
    not_modified_count: int = 0
    bytes_received: int = 0
    last_response_time_ms: float | None = None
    last_error: str | None = None
    skipped_nodes: int = 0


@dataclass(slots=True)
class StreamMetrics:
    """Counters a websocket event stream keeps."""

    connects: int = 0
    reconnects: int = 0
    events: int = 0
    unknown_events: int = 0
    malformed_messages: int = 0
    subscribe_failures: int = 0
    last_error: str | None = None
