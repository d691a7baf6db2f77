"""The button platform: each entry's button entities, added by its kind."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entry_kind import AnyEntry
from .kinds import async_setup_platform

PARALLEL_UPDATES = 1
"""Commands to one receiver go one at a time."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AnyEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's button entities."""
    await async_setup_platform(Platform.BUTTON, hass, entry, async_add_entities)
