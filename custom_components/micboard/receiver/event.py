"""The alert event entity of every channel (battery low, RF lost, ...)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..const import CONF_ENTRY_KIND, EntryKind
from ..live.status import AlertType
from .coordinator import MicboardConfigEntry
from .entity import ChannelEntity, async_track_channels
from ..system_api.event import async_setup_system_api_events

PARALLEL_UPDATES = 0

ALERT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[alert.value for alert in AlertType],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MicboardConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one alert entity per channel."""
    if entry.data.get(CONF_ENTRY_KIND) == EntryKind.SYSTEM_API:
        await async_setup_system_api_events(hass, entry, async_add_entities)
        return
    coordinator = entry.runtime_data.coordinator
    async_track_channels(
        coordinator,
        lambda number: [AlertEvent(coordinator, number, ALERT)],
        async_add_entities,
    )


class AlertEvent(ChannelEntity, EventEntity):
    """Fires when a channel gets worse: automations listen to this."""

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator's alerts."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_alert_listener(self._on_alert))

    @property
    def available(self) -> bool:
        """Stays available so receiver_offline can be seen."""
        return True

    @callback
    def _on_alert(self, number: int, alert: AlertType, details: dict[str, Any]) -> None:
        if number != self.number:
            return
        self._trigger_event(alert.value, details)
        self.async_write_ha_state()
