"""The Alert event entity of every System API device (battery low, offline, ...)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..live.alert_event import ALERT, LiveAlertEvent
from .coordinator import SystemApiConfigEntry
from .entity import SystemApiDeviceEntity, async_track_api_devices


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SystemApiConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one alert entity per device (the battery and the state are the device's)."""
    coordinator = entry.runtime_data.coordinator
    async_track_api_devices(
        coordinator,
        lambda device_id, _device: [ApiDeviceAlertEvent(coordinator, device_id, ALERT)],
        lambda _device_id, _number: [],
        async_add_entities,
    )


class ApiDeviceAlertEvent(LiveAlertEvent, SystemApiDeviceEntity):
    """Fires the alerts raised for its device: automations listen to this."""

    @property
    def alert_code(self) -> str:
        """The device's code."""
        return self.coordinator.registered.codes[self.device_id]

    def state_key(self) -> object:
        """Only alerts write this entity's state."""
        return None
