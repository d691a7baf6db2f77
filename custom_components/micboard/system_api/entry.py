"""Setting up and tearing down a Shure System API server entry."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr

from ..const import DOMAIN
from ..reload import NEEDS_UPDATE_LISTENER, async_reload_on_update
from .connection import make_client
from .coordinator import SystemApiCoordinator, SystemApiData
from .issues import async_clear_entry_issues
from .live import async_publish_system_api
from .reachability import UNREACHABLE_SINCE
from .registry import server_code

SYSTEM_API_PLATFORMS = [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR]


async def async_setup_system_api_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> bool:
    """Poll the server once, start push, add the entities."""
    coordinator = SystemApiCoordinator(hass, entry, make_client(hass, entry.data))
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = SystemApiData(coordinator=coordinator)

    async def _stop_push(_: Event) -> None:
        await coordinator.push.close()

    entry.async_on_unload(
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop_push)
    )
    coordinator.push.start()
    await hass.config_entries.async_forward_entry_setups(entry, SYSTEM_API_PLATFORMS)
    # The live board (micboard/subscribe) shows the server's devices and alerts.
    async_publish_system_api(hass, coordinator)
    if NEEDS_UPDATE_LISTENER:
        entry.async_on_unload(entry.add_update_listener(async_reload_on_update))
    return True


async def async_unload_system_api_entry(
    hass: HomeAssistant, entry: ConfigEntry[Any]
) -> bool:
    """Unload the platforms (the coordinator stops polling and push)."""
    unloaded = await hass.config_entries.async_unload_platforms(
        entry, SYSTEM_API_PLATFORMS
    )
    if unloaded:
        async_clear_entry_issues(hass, entry.entry_id)
        hass.data.get(UNREACHABLE_SINCE, {}).pop(entry.entry_id, None)
    return unloaded


async def async_remove_system_api_device(
    hass: HomeAssistant, entry: ConfigEntry[Any], device: dr.DeviceEntry
) -> bool:
    """Allow deleting a device only when the server no longer reports it.

    A stopped entry (certificate, key) cannot tell: its devices may go; the
    ones the server still reports come back when it runs again.
    """
    if entry.state is not ConfigEntryState.LOADED:
        return True
    coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
    current = {
        code.casefold()
        for code in coordinator.registered.current_codes(
            (coordinator.data or {}).values()
        )
    }
    current.add(server_code(entry).casefold())
    return not any(
        domain == DOMAIN and code.casefold() in current
        for domain, code in device.identifiers
    )
