"""A System API server on the live board: its devices, health and alerts.

Its api_health carries the figures of the server's diagnostic sensors (the
last response time, failed requests since the entry was loaded).
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, callback

from ..live.directory import live_directory
from ..live.publishing import async_publish_coordinator, health_events
from ..live.status import AlertType
from .coordinator import SystemApiCoordinator


@callback
def async_publish_system_api(
    hass: HomeAssistant, coordinator: SystemApiCoordinator
) -> None:
    """Put the server's devices and alerts on the live board until unload."""
    directory = live_directory(hass)

    @callback
    def on_alert(device_id: str, alert: AlertType, details: dict[str, Any]) -> None:
        code = coordinator.registered.codes.get(device_id)
        if code is not None:
            directory.raise_alert(code, alert, details)

    entry = coordinator.config_entry

    def health() -> list[dict[str, Any]]:
        """The server's figures: its last response time and failed requests."""
        return health_events(
            entry.title,
            f"{entry.data.get('host')}:{entry.data.get('port')}",
            online=coordinator.last_update_success,
            error_count=coordinator.health.error_count,
            response_time_ms=coordinator.health.response_time_ms,
        )

    async_publish_coordinator(hass, coordinator, coordinator.live_devices, health)
    coordinator.config_entry.async_on_unload(
        coordinator.async_add_alert_listener(on_alert)
    )
