"""A receiver on the live board: its channels as serialized devices.

The receiver coordinator publishes into the live directory on every pushed
state change and every meter sample, and raises its alerts there (the
channel's Alert entity and the hub hear them from the directory).
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, callback

from ..device_code import channel_code
from ..live.publishing import EntryPublisher, health_events
from ..live.status import AlertType, ChannelStatus
from ..shure.models import IEM_FAMILIES, Channel, MeterSample
from .channel_state import channel_status, iem_status
from .coordinator import ReceiverCoordinator
from .entity import channel_device_name

BATTERY_WORDS = {ChannelStatus.GOOD, ChannelStatus.REPLACE, ChannelStatus.CRITICAL}


def receiver_online(coordinator: ReceiverCoordinator) -> bool:
    """Whether the receiver is connected and its last update succeeded."""
    return coordinator.last_update_success and coordinator.client.connected


def sample_changes(sample: MeterSample) -> dict[str, Any]:
    """The fields a meter sample sets (RF and audio meters)."""
    return {
        "rf": {
            "level_dbm": sample.rf_level_dbm,
            "levels_dbm": list(sample.antenna_levels_dbm) or None,
            "quality": sample.quality,
            "antenna": sample.antenna,
            "level_percent": sample.rf_level_percent,
            "levels_percent": list(sample.antenna_levels_percent) or None,
        },
        "audio": {
            "level_dbfs": sample.audio_level_dbfs,
            "peak_dbfs": sample.audio_peak_dbfs,
            "level_percent": sample.audio_level_percent,
        },
    }


def iem_sample_changes(sample: MeterSample) -> dict[str, Any]:
    """The fields an in-ear monitor transmitter's input meters set."""
    return {
        "audio": {"level_dbfs": sample.audio_level_dbfs},
        "iem": {
            "input_left_dbfs": sample.input_left_dbfs,
            "input_right_dbfs": sample.input_right_dbfs,
        },
    }


def iem_channel_device(
    coordinator: ReceiverCoordinator, channel: Channel, *, online: bool
) -> dict[str, Any]:
    """One in-ear monitor transmitter channel (PSM1000) as a serialized device.

    No battery, RF level or antennas: it is the transmitter. `audio.level_dbfs`
    is the louder input, so a board meters and charts it like a mic's audio.
    """
    iem = channel.iem
    device: dict[str, Any] = {
        "name": channel.name or channel_device_name(coordinator, channel.number),
        "product_type": coordinator.data.model,
        "device_type": "channel",
        "channel_kind": "iem",
        "firmware_version": coordinator.data.firmware,
        "status": iem_status(channel, online=online).value,
        "is_active": online and iem.rf_muted is False,
        "audio": {"level_dbfs": channel.audio.level_dbfs},
        "iem": {
            "rf_power_mw": iem.rf_power_mw,
            "rf_muted": iem.rf_muted,
            "audio_mode": None if iem.audio_mode is None else iem.audio_mode.value,
            "input_left_dbfs": iem.input_left_dbfs,
            "input_right_dbfs": iem.input_right_dbfs,
        },
        "frequency_mhz": channel.frequency_mhz,
    }
    sample = coordinator.samples.get(channel.number) if online else None
    if sample is not None:
        for name, values in iem_sample_changes(sample).items():
            device[name].update(values)
    return device


def channel_device(
    coordinator: ReceiverCoordinator, channel: Channel, *, online: bool
) -> dict[str, Any]:
    """One channel (a mic) as a serialized device."""
    if coordinator.data.family in IEM_FAMILIES:
        return iem_channel_device(coordinator, channel, online=online)
    status = channel_status(channel, online=online, low_percent=coordinator.low_percent)
    battery = channel.battery
    linked = channel.transmitter_present is not False
    device: dict[str, Any] = {
        "name": channel.name or channel_device_name(coordinator, channel.number),
        "product_type": channel.tx_model or coordinator.data.model,
        "device_type": "channel",
        "channel_kind": "mic",
        "firmware_version": coordinator.data.firmware,
        "status": status.value,
        "is_active": online and channel.transmitter_present is True,
        "battery": {
            "level": battery.charge_percent if linked else None,
            "bars": battery.bars if linked else None,
            "runtime_min": battery.runtime_minutes if linked else None,
            "charging": None,
            "status": status.value if status in BATTERY_WORDS else None,
        },
        "rf": {
            "level_dbm": channel.rf.level_dbm,
            "levels_dbm": list(channel.rf.antenna_levels_dbm) or None,
            "quality": channel.rf.quality,
            "antenna": channel.rf.antenna,
            "interference": channel.rf.interference,
            "level_percent": channel.rf.level_percent,
            "levels_percent": list(channel.rf.antenna_levels_percent) or None,
        },
        "audio": {
            "level_dbfs": channel.audio.level_dbfs,
            "peak_dbfs": channel.audio.peak_dbfs,
            "muted": channel.audio.muted,
            "level_percent": channel.audio.level_percent,
        },
        "frequency_mhz": channel.frequency_mhz,
        "tx_offset_db": channel.tx_offset_db if linked else None,
    }
    sample = coordinator.samples.get(channel.number) if online else None
    if sample is not None:
        for name, values in sample_changes(sample).items():
            device[name].update(values)
    return device


class ReceiverPublisher(EntryPublisher):
    """Keeps one receiver's devices in the live directory."""

    def __init__(self, hass: HomeAssistant, coordinator: ReceiverCoordinator) -> None:
        """Remember where to publish; `async_start` begins."""
        super().__init__(hass, coordinator.config_entry)
        self.coordinator = coordinator

    def live_devices(self) -> dict[str, dict[str, Any]]:
        """The receiver and each of its channels, serialized."""
        coordinator = self.coordinator
        receiver = coordinator.data
        online = receiver_online(coordinator)
        code = coordinator.receiver_code
        devices: dict[str, dict[str, Any]] = {
            code: {
                "id": self._device_id(code),
                "name": receiver.device_id or f"{receiver.model} {receiver.host}",
                "product_type": receiver.model,
                "device_type": "receiver",
                "firmware_version": receiver.firmware,
                "status": "online" if online else ChannelStatus.RX_OFFLINE.value,
                "is_active": online,
            }
        }
        for number, channel in receiver.channels.items():
            child = channel_code(code, number)
            devices[child] = channel_device(coordinator, channel, online=online)
            devices[child]["id"] = self._device_id(child)
        return devices

    def health(self) -> list[dict[str, Any]]:
        """connection_update and api_health of the receiver's control connection."""
        client = self.coordinator.client
        counters = client.counters
        return health_events(
            self.coordinator.config_entry.title,
            f"{client.host}:{client.port}",
            online=receiver_online(self.coordinator),
            error_count=counters.connect_failures + counters.disconnects,
        )

    @callback
    def publish(self) -> None:
        """Publish the current snapshot and connection health."""
        self.directory.publish(self.source, self.live_devices())
        self.directory.set_health(self.source, self.health())

    @callback
    def _on_sample(self, number: int, sample: MeterSample) -> None:
        code = channel_code(self.coordinator.receiver_code, number)
        iem = self.coordinator.data.family in IEM_FAMILIES
        changes = iem_sample_changes(sample) if iem else sample_changes(sample)
        self.directory.update(code, changes)

    @callback
    def _on_alert(self, number: int, alert: AlertType, details: dict[str, Any]) -> None:
        code = channel_code(self.coordinator.receiver_code, number)
        self.directory.raise_alert(code, alert, details)

    @callback
    def async_start(self) -> None:
        """Publish now and on every change, until the entry unloads."""
        coordinator = self.coordinator
        entry = coordinator.config_entry
        self.publish()
        entry.async_on_unload(coordinator.async_add_listener(self.publish))
        entry.async_on_unload(coordinator.async_add_sample_listener(self._on_sample))
        entry.async_on_unload(coordinator.async_add_alert_listener(self._on_alert))
        entry.async_on_unload(lambda: self.directory.withdraw(self.source))


@callback
def async_publish_receiver(
    hass: HomeAssistant, coordinator: ReceiverCoordinator
) -> None:
    """Put a receiver on the live board (called once its entry is set up)."""
    ReceiverPublisher(hass, coordinator).async_start()
