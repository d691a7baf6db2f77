"""Diagnostics: what a support request needs to see about a receiver."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.core import HomeAssistant

from .const import CONF_ENTRY_KIND, EntryKind
from .mqtt_status.entry import mqtt_diagnostics
from .receiver.coordinator import MicboardConfigEntry
from .system_api.diagnostics import system_api_diagnostics


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: MicboardConfigEntry
) -> dict[str, Any]:
    """Model, firmware, connection counters and each channel's last raw values."""
    if entry.data.get(CONF_ENTRY_KIND) == EntryKind.MQTT_STATUS:
        return mqtt_diagnostics(hass, entry)
    if entry.data.get(CONF_ENTRY_KIND) == EntryKind.SYSTEM_API:
        return system_api_diagnostics(entry)
    coordinator = entry.runtime_data.coordinator
    client = coordinator.client
    receiver = client.receiver
    return {
        "entry": {"data": dict(entry.data), "options": dict(entry.options)},
        "receiver": {
            "model": receiver.model,
            "family": receiver.family,
            "device_id": receiver.device_id,
            "device_code": coordinator.receiver_code,
            "firmware": receiver.firmware,
            "rf_band": receiver.rf_band,
            "channel_count": receiver.channel_count,
            "raw": dict(receiver.raw),
        },
        "connection": {
            "host": client.host,
            "port": client.port,
            "connected": client.connected,
            "last_error": client.last_error,
            "counters": asdict(client.counters),
        },
        "channels": {
            number: {
                "name": channel.name,
                "transmitter_present": channel.transmitter_present,
                "raw": dict(channel.raw),
                "last_sample": (
                    asdict(sample)
                    if (sample := coordinator.samples.get(number)) is not None
                    else None
                ),
            }
            for number, channel in sorted(receiver.channels.items())
        },
    }
