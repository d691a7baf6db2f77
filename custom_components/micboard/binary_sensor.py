"""The binary sensor platform: each entry's binary sensor entities, added by its kind."""

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
    """Add the entry's binary sensor entities."""
    await async_setup_platform(Platform.BINARY_SENSOR, hass, entry, async_add_entities)
