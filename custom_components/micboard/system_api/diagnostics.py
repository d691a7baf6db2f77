"""Diagnostics of a System API entry (the API key redacted)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_API_KEY
from homeassistant.core import HomeAssistant

from .coordinator import SystemApiConfigEntry, SystemApiCoordinator

TO_REDACT = {CONF_API_KEY}


async def async_get_system_api_diagnostics(
    hass: HomeAssistant, entry: SystemApiConfigEntry
) -> dict[str, Any]:
    """Entry settings, server health, push counters and every device's snapshot."""
    coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
    client = coordinator.client
    push = coordinator.push
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
        },
        "server": {
            "where": client.where,
            "tls": client.tls.kind.value,
            "last_update_success": coordinator.last_update_success,
            "update_interval_s": (
                coordinator.update_interval.total_seconds()
                if coordinator.update_interval
                else None
            ),
            "health": asdict(coordinator.health),
            "client_metrics": asdict(client.metrics),
        },
        "push": {
            "connected": push.connected,
            "subscriptions": len(push.stream.subscriptions),
            "metrics": asdict(push.stream.metrics),
        },
        "devices": {
            coordinator.registered.codes.get(device_id, device_id): asdict(device)
            for device_id, device in (coordinator.data or {}).items()
        },
    }
