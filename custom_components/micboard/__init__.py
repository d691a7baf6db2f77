"""Micboard: live monitoring of Shure wireless microphone systems."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from .live.card import async_register_card
from .live.hub import async_setup_live
from .mqtt_status.entry import (
    async_remove_mqtt_device,
    async_setup_mqtt_entry,
    async_unload_mqtt_entry,
)
from .receiver.coordinator import MicboardConfigEntry
from .receiver.discovery import async_start_discovery
from .receiver.entry import (
    async_remove_receiver_device,
    async_setup_receiver_entry,
    async_unload_receiver_entry,
)
from .services import async_setup_services
from .system_api.entry import (
    async_remove_system_api_device,
    async_setup_system_api_entry,
    async_unload_system_api_entry,
)

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


@dataclass(frozen=True)
class EntryKindHandlers:
    """How one kind of entry is set up, unloaded and cleaned of stale devices."""

    setup: Callable[[HomeAssistant, MicboardConfigEntry], Awaitable[bool]]
    unload: Callable[[HomeAssistant, MicboardConfigEntry], Awaitable[bool]]
    remove_device: Callable[
        [HomeAssistant, MicboardConfigEntry, dr.DeviceEntry], Awaitable[bool]
    ]


ENTRY_KINDS: dict[str, EntryKindHandlers] = {
    EntryKind.RECEIVER: EntryKindHandlers(
        async_setup_receiver_entry,
        async_unload_receiver_entry,
        async_remove_receiver_device,
    ),
    EntryKind.SYSTEM_API: EntryKindHandlers(
        async_setup_system_api_entry,
        async_unload_system_api_entry,
        async_remove_system_api_device,
    ),
    EntryKind.MQTT_STATUS: EntryKindHandlers(
        async_setup_mqtt_entry, async_unload_mqtt_entry, async_remove_mqtt_device
    ),
}


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the parts shared by every entry."""
    await async_setup_live(hass)
    await async_register_card(hass)
    await async_start_discovery(hass)
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: MicboardConfigEntry) -> bool:
    """Set up one micboard entry, by its kind."""
    handlers = ENTRY_KINDS.get(entry.data.get(CONF_ENTRY_KIND, ""))
    return handlers is not None and await handlers.setup(hass, entry)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: MicboardConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow deleting a device only when its source no longer reports it."""
    return await ENTRY_KINDS[entry.data[CONF_ENTRY_KIND]].remove_device(
        hass, entry, device
    )


async def async_unload_entry(hass: HomeAssistant, entry: MicboardConfigEntry) -> bool:
    """Unload one micboard entry."""
    return await ENTRY_KINDS[entry.data[CONF_ENTRY_KIND]].unload(hass, entry)
