"""The table of entry kinds, and the dispatch of Home Assistant's entry points."""

from __future__ import annotations

from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .charger.kind import CHARGER_KIND
from .const import CONF_ENTRY_KIND, EntryKind
from .entry_kind import AnyEntry, EntryKindSpec
from .mqtt_status.kind import MQTT_STATUS_KIND
from .receiver.kind import RECEIVER_KIND
from .system_api.kind import SYSTEM_API_KIND

ENTRY_KINDS: dict[str, EntryKindSpec] = {
    EntryKind.RECEIVER: RECEIVER_KIND,
    EntryKind.SYSTEM_API: SYSTEM_API_KIND,
    EntryKind.MQTT_STATUS: MQTT_STATUS_KIND,
    EntryKind.CHARGER: CHARGER_KIND,
}


def entry_kind(entry: AnyEntry) -> EntryKindSpec | None:
    """The spec of an entry's kind; None for an entry of an unknown kind."""
    kind: Any = entry.data.get(CONF_ENTRY_KIND, "")
    return ENTRY_KINDS.get(kind)


async def async_setup_platform(
    platform: Platform,
    hass: HomeAssistant,
    entry: AnyEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an entry's entities of one platform, the way its kind does."""
    spec = entry_kind(entry)
    setup = spec.platforms.get(platform) if spec is not None else None
    if setup is not None:
        await setup(hass, entry, async_add_entities)
