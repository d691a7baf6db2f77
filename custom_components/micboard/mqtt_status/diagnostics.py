"""Diagnostics of an MQTT status entry (positions redacted)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from ..live.directory import live_directory
from .data import MqttStatusConfigEntry, mqtt_data
from .entry import status_topics

REDACTED = {"latitude", "longitude"}


async def async_get_mqtt_diagnostics(
    hass: HomeAssistant, entry: MqttStatusConfigEntry
) -> dict[str, Any]:
    """Counters and the telemetry of every device (positions redacted)."""
    data = mqtt_data(entry)
    directory = live_directory(hass)
    report = {
        "entry": {"data": dict(entry.data), "options": dict(entry.options)},
        "topics": list(status_topics(data.prefix)),
        "counters": data.processor.counters(),
        "telemetry": {
            code: dict(directory.telemetry(code))
            for code in sorted(directory.telemetry_codes())
        },
    }
    return async_redact_data(report, REDACTED)
