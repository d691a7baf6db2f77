"""A System API server on the live board: its devices, and its alerts.

Mirrors the receivers (`receiver_live`): the coordinator's alerts go to the
hub as `system_alert` events, and alerts raised elsewhere for one of its
devices (MQTT status warnings) come back through the coordinator, so the
device's Alert entity and the board always hear the same alerts, once.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, callback

from ..live.directory import AlertHook, async_publish_coordinator, live_directory
from ..receiver.channel_state import AlertType
from .coordinator import SystemApiCoordinator


def _alert_hooks(coordinator: SystemApiCoordinator) -> dict[str, AlertHook]:
    """A hook per device code that fires the alert through the coordinator."""
    hooks: dict[str, AlertHook] = {}
    for device_id in coordinator.data or {}:
        code = coordinator.registered.codes.get(device_id)
        if code is not None:
            hooks[code] = _hook(coordinator, device_id)
    return hooks


def _hook(coordinator: SystemApiCoordinator, device_id: str) -> AlertHook:
    @callback
    def fire(alert: AlertType, details: dict[str, Any]) -> None:
        coordinator.async_fire_alert(device_id, alert, details)

    return fire


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
            directory.emit_alert(code, alert, details)

    async_publish_coordinator(
        hass,
        coordinator,
        coordinator.live_devices,
        alert_hooks=lambda: _alert_hooks(coordinator),
    )
    coordinator.config_entry.async_on_unload(
        coordinator.async_add_alert_listener(on_alert)
    )
