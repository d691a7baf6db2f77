"""Diagnostics of a receiver entry: what a support request needs to see."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.core import HomeAssistant

from .coordinator import ReceiverConfigEntry


async def async_get_receiver_diagnostics(
    hass: HomeAssistant, entry: ReceiverConfigEntry
) -> dict[str, Any]:
    """Model, firmware, connection counters and each channel's last raw values."""
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
