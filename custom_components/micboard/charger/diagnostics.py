"""Diagnostics of a charger entry: what a support request needs to see."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.core import HomeAssistant

from .coordinator import ChargerConfigEntry


async def async_get_charger_diagnostics(
    hass: HomeAssistant, entry: ChargerConfigEntry
) -> dict[str, Any]:
    """Model, firmware, connection counters and each bay's last raw values."""
    coordinator = entry.runtime_data.coordinator
    client = coordinator.client
    charger = client.charger
    spec = charger.spec
    return {
        "entry": {"data": dict(entry.data), "options": dict(entry.options)},
        "charger": {
            "model": charger.model,
            "known_model": None if spec is None else asdict(spec),
            "device_id": charger.device_id,
            "device_code": coordinator.charger_code,
            "firmware": charger.firmware,
            "storage_mode": charger.storage_mode,
            "raw": dict(charger.raw),
        },
        "connection": {
            "host": client.host,
            "port": client.port,
            "connected": client.connected,
            "last_error": client.last_error,
            "counters": asdict(client.counters),
        },
        "bays": {
            number: {
                "battery_present": bay.battery_present,
                "ready": bay.ready,
                "faulted": bay.faulted,
                "raw": dict(bay.raw),
            }
            for number, bay in sorted(charger.bays.items())
        },
    }
