"""What a System API device means to Micboard: battery states, alerts, the live view.

Pure functions over the library's models, shared by the coordinator, the
entities and the live hub so every view agrees.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..const import BATTERY_CRITICAL_PERCENT
from ..live.status import AlertType, ChannelStatus
from ..shure.systemapi import ApiChannel, ApiDevice, DeviceState
from .names import channel_name, device_name


def channel_number(channel: ApiChannel) -> int | None:
    """A channel's 1-based number (its decoded index + 1); None when unknown."""
    return None if channel.index is None else channel.index + 1


def numbered_channels(device: ApiDevice) -> dict[int, ApiChannel]:
    """The device's channels by number (channels without an index are left out)."""
    return {
        number: channel
        for channel in device.channels
        if (number := channel_number(channel)) is not None
    }


def battery_percent(device: ApiDevice) -> int | None:
    """The charge while the device is online, else None."""
    if not device.online or device.battery is None:
        return None
    return device.battery.percentage


def battery_low(device: ApiDevice, low_percent: int) -> bool | None:
    """On at or below the threshold; None when the charge is unknown."""
    percent = battery_percent(device)
    return None if percent is None else percent <= low_percent


def battery_critical(device: ApiDevice) -> bool | None:
    """On at or below 10 %; None when the charge is unknown."""
    percent = battery_percent(device)
    return None if percent is None else percent <= BATTERY_CRITICAL_PERCENT


def needs_close_watch(device: ApiDevice) -> bool:
    """A critical battery not on a charger: poll faster (CRITICAL_SCAN_INTERVAL)."""
    charging = device.battery.charging if device.battery else None
    return bool(battery_critical(device)) and charging is not True


def runtime_minutes(device: ApiDevice) -> int | None:
    """Minutes left on the battery while it discharges; None otherwise."""
    battery = device.battery
    if battery is None or battery.charging is not False:
        return None
    return battery.minutes_to_target


def device_alerts(
    before: ApiDevice, after: ApiDevice, low_percent: int
) -> list[AlertType]:
    """Alerts for what got worse from one snapshot of a device to the next."""
    alerts: list[AlertType] = []
    if battery_low(after, low_percent) and not battery_low(before, low_percent):
        alerts.append(AlertType.BATTERY_LOW)
    if battery_critical(after) and not battery_critical(before):
        alerts.append(AlertType.BATTERY_CRITICAL)
    if after.state is DeviceState.OFFLINE and before.state is not DeviceState.OFFLINE:
        alerts.append(AlertType.RECEIVER_OFFLINE)
    return alerts


def device_status(
    device: ApiDevice, *, reachable: bool, low_percent: int
) -> ChannelStatus:
    """Micboard's word for the device: good, replace (low), critical, rx_offline."""
    if not reachable or not device.online:
        return ChannelStatus.RX_OFFLINE
    if battery_critical(device):
        return ChannelStatus.CRITICAL
    if battery_low(device, low_percent):
        return ChannelStatus.REPLACE
    return ChannelStatus.GOOD


def serialize_device(
    device: ApiDevice,
    code: str,
    *,
    reachable: bool,
    low_percent: int,
    last_seen: datetime | None,
    channel: ApiChannel | None = None,
) -> dict[str, Any]:
    """The serialized device (docs/websocket-api.md) of a device or one of its channels.

    The System API reports no RF, frequency, meter or field telemetry: those
    are None. A channel carries its device's battery (the battery is the
    device's) and its own name and mute.
    """
    battery = device.battery if device.online else None
    status = device_status(device, reachable=reachable, low_percent=low_percent)
    name = device_name(device)
    muted = device.muted
    if channel is not None:
        name = channel_name(device, channel, channel_number(channel) or 0)
        muted = channel.muted
    return {
        "id": code,
        "device_code": code,
        "key": channel.id if channel is not None else device.device_id,
        "name": name,
        "product_type": device.model,
        "device_type": "channel" if channel is not None else "device",
        "firmware_version": device.firmware,
        "status": status.value,
        "is_active": reachable and device.online,
        "last_seen": last_seen.isoformat() if last_seen else None,
        "groups": [],
        "battery": {
            "level": battery.percentage if battery else None,
            "bars": None,
            "runtime_min": runtime_minutes(device) if battery else None,
            "charging": battery.charging if battery else None,
            "status": status.value,
        },
        "rf": {
            "level_dbm": None,
            "levels_dbm": None,
            "quality": None,
            "antenna": None,
            "interference": None,
        },
        "audio": {"level_dbfs": None, "peak_dbfs": None, "muted": muted},
        "frequency_mhz": None,
        "temperature": None,
        "humidity": None,
        "latitude": None,
        "longitude": None,
    }
