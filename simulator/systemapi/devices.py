"""Simulated devices behind the System API: state, JSON and change events.

Written independently of ``custom_components``: this is the server's view of
the protocol, so a client bug cannot hide by being shared with the simulator.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
import json
import random
import time
from typing import Any
import uuid

# Event name -> the subscription feature that carries it (None: the global
# device subscription).
EVENT_FEATURE: dict[str, str | None] = {
    "DEVICE_STATE_CHANGE": None,
    "DEVICE_NAME": "name",
    "DEVICE_AUDIO_MUTE": "audio-mute",
    "DEVICE_BATTERY_LEVEL": "battery-level",
    "DEVICE_BATTERY_HEALTH": "battery-health",
    "AUDIO_CHANNEL_NAME": "audio-channels",
    "AUDIO_CHANNEL_MUTE": "audio-channels",
    "AUDIO_CHANNEL_GAIN": "audio-channels",
    "AUDIO_CHANNEL_ACTIVITY": "audio-channels",
}
BASE_CAPABILITIES = ("name", "identify", "audio-mute", "uptime", "audio-channels")
BATTERY_CAPABILITIES = ("battery-level", "battery-health")
ACTIVITIES = ("LOW", "GOOD", "CLIPPING")


@dataclass(frozen=True, slots=True)
class SimEvent:
    """A change to push to subscribed websockets."""

    name: str
    device_id: str
    body: dict[str, Any]
    channel_id: str | None = None

    @property
    def feature(self) -> str | None:
        """The subscription feature this event belongs to."""
        return EVENT_FEATURE[self.name]

    def message(self) -> dict[str, Any]:
        """The wire form: ``{"envelope": {...}, "body": {...}}``."""
        envelope: dict[str, Any] = {"eventName": self.name, "deviceId": self.device_id}
        if self.channel_id is not None:
            envelope["audioChannelId"] = self.channel_id
        return {"envelope": envelope, "body": self.body}


def make_channel_id(model: str, index: int) -> str:
    """Opaque channel id: standard base64 of a small JSON object."""
    raw = {"t": "AudioChannel", "c": model, "v": 131088, "s": "CH", "i": index}
    return base64.b64encode(json.dumps(raw, separators=(",", ":")).encode()).decode()


def iso_minutes(minutes: int) -> str:
    """``PT<n>M``, as the System API writes times to a battery target state."""
    return f"PT{minutes}M"


@dataclass(eq=False)
class SimChannel:
    """One audio channel."""

    index: int
    id: str
    name: str
    mute: bool = False
    gain: float = 0.0
    activity: str = "GOOD"

    def feature(self, name: str) -> dict[str, Any] | None:
        """The JSON of one channel feature, None if unknown."""
        values: dict[str, Any] = {
            "name": self.name,
            "mute": self.mute,
            "gain": self.gain,
            "activity": self.activity,
        }
        return {"id": self.id, name: values[name]} if name in values else None


@dataclass(eq=False)
class SimDevice:
    """One device; setters change state and emit websocket events."""

    device_id: str
    serial: str
    model: str
    firmware: str
    name: str
    address: str
    capabilities: list[str]
    state: str = "ONLINE"
    compatibility: str = "COMPATIBLE_LATEST"
    mute: bool = False
    battery_percent: int = 100
    battery_current_state: str = "DISCHARGING"
    battery_target_state: str = "EMPTY"
    battery_minutes: int = 600
    health_percent: int = 100
    cycle_count: int = 0
    uptime_base_s: int = 3600
    channels: list[SimChannel] = field(default_factory=list)
    missing_features: set[str] = field(default_factory=set)
    """Features listed in ``capabilities`` that nevertheless answer 404."""
    started: float = field(default_factory=time.monotonic)
    listener: Callable[[SimEvent], None] | None = field(default=None, repr=False)

    # -- rendering ------------------------------------------------------
    def node(self) -> dict[str, Any]:
        """The device node as ``GET /devices`` lists it."""
        return {
            "hardwareIdentity": {
                "deviceId": self.device_id,
                "serialNumber": self.serial,
            },
            "softwareIdentity": {
                "model": self.model,
                "firmwareVersion": self.firmware,
                "firmwareValid": self.compatibility != "INCOMPATIBLE_TOO_OLD",
            },
            "deviceState": self.state,
            "compatibility": self.compatibility,
            "communicationProtocol": {"name": "ACN", "address": self.address},
            "capabilities": list(self.capabilities),
        }

    def battery_level(self) -> dict[str, Any]:
        """The ``battery-level`` JSON."""
        return {
            "percentage": self.battery_percent,
            "status": {
                "currentState": self.battery_current_state,
                "targetState": self.battery_target_state,
                "timeToTargetState": iso_minutes(self.battery_minutes),
            },
        }

    def feature(self, name: str) -> Any:
        """The JSON of a device feature, or None (-> 404) if not offered."""
        if name not in self.capabilities or name in self.missing_features:
            return None
        uptime = self.uptime_base_s + int(time.monotonic() - self.started)
        render: dict[str, Callable[[], Any]] = {
            "name": lambda: {"name": self.name},
            "identify": lambda: {"identify": False},
            "audio-mute": lambda: {"mute": self.mute},
            "uptime": lambda: {"uptime": f"PT{uptime}S"},
            "battery-level": self.battery_level,
            "battery-health": lambda: {
                "percentage": self.health_percent,
                "cycleCount": self.cycle_count,
            },
            "audio-channels": lambda: [{"id": ch.id} for ch in self.channels],
        }
        return render[name]() if name in render else None

    def channel(self, key: int | str) -> SimChannel:
        """A channel by index or id (KeyError if absent)."""
        for channel in self.channels:
            if key in (channel.index, channel.id):
                return channel
        raise KeyError(key)

    # -- control --------------------------------------------------------
    def _emit(
        self, name: str, body: dict[str, Any], channel_id: str | None = None
    ) -> None:
        if self.listener is not None:
            self.listener(SimEvent(name, self.device_id, body, channel_id))

    def set_battery(
        self,
        *,
        percentage: int | None = None,
        current_state: str | None = None,
        target_state: str | None = None,
        minutes_to_target: int | None = None,
    ) -> None:
        """Change the battery level / charge state (emits DEVICE_BATTERY_LEVEL)."""
        if percentage is not None:
            self.battery_percent = percentage
        if current_state is not None:
            self.battery_current_state = current_state
        if target_state is not None:
            self.battery_target_state = target_state
        if minutes_to_target is not None:
            self.battery_minutes = minutes_to_target
        self._emit("DEVICE_BATTERY_LEVEL", self.battery_level())

    def set_battery_health(
        self, *, percentage: int | None = None, cycle_count: int | None = None
    ) -> None:
        """Change battery health (emits DEVICE_BATTERY_HEALTH)."""
        if percentage is not None:
            self.health_percent = percentage
        if cycle_count is not None:
            self.cycle_count = cycle_count
        self._emit("DEVICE_BATTERY_HEALTH", self.feature("battery-health") or {})

    def set_name(self, name: str) -> None:
        """Rename the device (emits DEVICE_NAME)."""
        self.name = name
        self._emit("DEVICE_NAME", {"name": name})

    def set_mute(self, mute: bool) -> None:
        """Mute or unmute (emits DEVICE_AUDIO_MUTE)."""
        self.mute = mute
        self._emit("DEVICE_AUDIO_MUTE", {"mute": mute})

    def set_state(self, state: str) -> None:
        """ONLINE / OFFLINE / DISCOVERED (emits DEVICE_STATE_CHANGE)."""
        self.state = state
        self._emit("DEVICE_STATE_CHANGE", self.node())

    def set_channel(
        self,
        key: int | str,
        *,
        name: str | None = None,
        mute: bool | None = None,
        gain: float | None = None,
        activity: str | None = None,
    ) -> None:
        """Change a channel (emits one AUDIO_CHANNEL_* event per field)."""
        channel = self.channel(key)
        changes = (
            ("name", name, "AUDIO_CHANNEL_NAME"),
            ("mute", mute, "AUDIO_CHANNEL_MUTE"),
            ("gain", gain, "AUDIO_CHANNEL_GAIN"),
            ("activity", activity, "AUDIO_CHANNEL_ACTIVITY"),
        )
        for attr, value, event in changes:
            if value is not None:
                setattr(channel, attr, value)
                self._emit(event, channel.feature(attr) or {}, channel.id)


# model, battery, channels, state, compatibility, firmware
_TEMPLATES: tuple[tuple[str, bool, int, str, str, str], ...] = (
    ("ADTQ", True, 4, "ONLINE", "COMPATIBLE_LATEST", "1.6.13.0"),
    ("ADTD", True, 2, "ONLINE", "COMPATIBLE_LATEST", "1.6.13.0"),
    ("MXWAPT4", False, 4, "ONLINE", "COMPATIBLE_OLD", "4.5.8.0"),
    ("P300", False, 2, "ONLINE", "COMPATIBLE_LATEST", "4.3.5.0"),
    ("ADTD", True, 2, "OFFLINE", "COMPATIBLE_LATEST", "1.6.13.0"),
    ("SLXD4", False, 1, "ONLINE", "INCOMPATIBLE_TOO_OLD", "1.0.1.0"),
)


def make_device(
    rng: random.Random,
    number: int,
    model: str,
    *,
    battery: bool = True,
    channels: int = 2,
    state: str = "ONLINE",
    compatibility: str = "COMPATIBLE_LATEST",
    firmware: str = "1.6.13.0",
) -> SimDevice:
    """One device with plausible, seeded values."""
    caps = list(BASE_CAPABILITIES) + (list(BATTERY_CAPABILITIES) if battery else [])
    if compatibility == "INCOMPATIBLE_TOO_OLD":
        caps = ["name", "identify"]
    return SimDevice(
        device_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        serial=f"{model[:3]}{rng.randrange(10**7, 10**8)}",
        model=model,
        firmware=firmware,
        name=f"{model}-{number}",
        address=f"192.168.{rng.randrange(1, 250)}.{number % 250 + 2}",
        capabilities=caps,
        state=state,
        compatibility=compatibility,
        battery_percent=rng.randrange(20, 101),
        battery_minutes=rng.randrange(60, 900),
        health_percent=rng.randrange(80, 101),
        cycle_count=rng.randrange(0, 400),
        uptime_base_s=rng.randrange(60, 10**6),
        channels=[
            SimChannel(
                index=i,
                id=make_channel_id(model, i),
                name=f"CH{i + 1}",
                gain=float(rng.randrange(-12, 13)),
                activity=rng.choice(ACTIVITIES[:2]),
            )
            for i in range(channels)
        ],
    )


def build_fleet(count: int, seed: int | random.Random | None = None) -> list[SimDevice]:
    """``count`` devices: ADTQ/ADTD with battery, MXW/P300 without, one
    OFFLINE and one INCOMPATIBLE_TOO_OLD (from six devices on)."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    devices: list[SimDevice] = []
    for number in range(1, count + 1):
        spec = _TEMPLATES[number - 1] if number <= len(_TEMPLATES) else None
        spec = spec or _TEMPLATES[(number - 1) % 4]
        model, battery, channels, state, compat, firmware = spec
        devices.append(
            make_device(
                rng,
                number,
                model,
                battery=battery,
                channels=channels,
                state=state,
                compatibility=compat,
                firmware=firmware,
            )
        )
    return devices
