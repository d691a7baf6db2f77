"""The alert event entity of every System API device (battery low, offline, ...)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..live.status import AlertType
from .coordinator import SystemApiCoordinator
from .entity import SystemApiDeviceEntity, async_track_api_devices

ALERT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[alert.value for alert in AlertType],
)


async def async_setup_system_api_events(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one alert entity per device (the battery and the state are the device's)."""
    coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
    async_track_api_devices(
        coordinator,
        lambda device_id, _device: [ApiDeviceAlertEvent(coordinator, device_id, ALERT)],
        lambda _device_id, _number: [],
        async_add_entities,
    )


class ApiDeviceAlertEvent(SystemApiDeviceEntity, EventEntity):
    """Fires when a device gets worse: automations listen to this."""

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator's alerts."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_alert_listener(self._on_alert))

    @property
    def available(self) -> bool:
        """Stays available so receiver_offline can be seen."""
        return True

    def state_key(self) -> object:
        """Only alerts write this entity's state."""
        return None

    @callback
    def _on_alert(
        self, device_id: str, alert: AlertType, details: dict[str, Any]
    ) -> None:
        if device_id != self.device_id:
            return
        self._trigger_event(alert.value, details)
        self.async_write_ha_state()
