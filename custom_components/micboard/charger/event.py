"""The Alert event entities of a charger (offline) and of each bay (fault)."""

from __future__ import annotations

from homeassistant.components.event import EventEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..live.alert_event import LiveAlertEvent
from ..live.status import AlertType
from .coordinator import ChargerConfigEntry
from .entity import BayEntity, ChargerEntity, async_track_bays, bay_code

BAY_ALERT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[
        AlertType.BAY_FAULT.value,
        AlertType.STATUS_WARNING.value,
        AlertType.STATUS_ERROR.value,
    ],
)
"""A bay faulting, and what an MQTT status feed may say about any device."""
CHARGER_ALERT = EventEntityDescription(
    key="alert",
    translation_key="alert",
    event_types=[
        AlertType.CHARGER_OFFLINE.value,
        AlertType.STATUS_WARNING.value,
        AlertType.STATUS_ERROR.value,
    ],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ChargerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the charger's alert entity and one per bay."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities([ChargerAlertEvent(coordinator, CHARGER_ALERT)])
    async_track_bays(
        coordinator,
        lambda number: [BayAlertEvent(coordinator, number, BAY_ALERT)],
        async_add_entities,
    )


class ChargerAlertEvent(LiveAlertEvent, ChargerEntity):
    """Fires when the charger goes offline."""

    @property
    def alert_code(self) -> str:
        """The charger's device code."""
        return self.coordinator.charger_code


class BayAlertEvent(LiveAlertEvent, BayEntity):
    """Fires when its bay faults: automations listen to this."""

    @property
    def alert_code(self) -> str:
        """The bay's device code."""
        return bay_code(self.coordinator, self.number)
