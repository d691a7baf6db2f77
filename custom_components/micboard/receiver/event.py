"""The Alert event entity of every channel (battery low, RF lost, ...)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..device_code import channel_code
from ..live.alert_event import ALERT, IEM_ALERT, LiveAlertEvent
from ..shure.models import IEM_FAMILIES
from .coordinator import ReceiverConfigEntry
from .entity import ChannelEntity, async_track_channels


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add one alert entity per channel."""
    coordinator = entry.runtime_data.coordinator
    description = IEM_ALERT if coordinator.data.family in IEM_FAMILIES else ALERT
    async_track_channels(
        coordinator,
        lambda number: [AlertEvent(coordinator, number, description)],
        async_add_entities,
    )


class AlertEvent(LiveAlertEvent, ChannelEntity):
    """Fires the alerts raised for its channel: automations listen to this."""

    @property
    def alert_code(self) -> str:
        """The channel's device code."""
        return channel_code(self.coordinator.receiver_code, self.number)
