"""The event platform: each entry's event entities, added by its kind."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entry_kind import AnyEntry
from .kinds import async_setup_platform

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AnyEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's event entities."""
    await async_setup_platform(Platform.EVENT, hass, entry, async_add_entities)
