"""Setting up and tearing down a charger entry (command strings, TCP 2202)."""

from __future__ import annotations

from homeassistant.const import CONF_HOST, CONF_PORT, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from ..const import (
    DOMAIN,
    RECEIVER_BACKOFF_MAX,
    RECEIVER_KEEPALIVE_INTERVAL,
    RECEIVER_SILENCE_TIMEOUT,
)
from ..shure.chargers import ChargerClient
from .coordinator import ChargerConfigEntry, ChargerCoordinator, ChargerData
from .entity import bay_code, charger_device_info
from .live import async_publish_charger

CHARGER_PLATFORMS = [Platform.BINARY_SENSOR, Platform.EVENT, Platform.SENSOR]


async def async_setup_charger_entry(
    hass: HomeAssistant, entry: ChargerConfigEntry
) -> bool:
    """Connect to the charger, wait for its identity, add its entities.

    The connection follows the receivers' rules: keep-alive every 5 s,
    silence after 15 s, reconnects within 5 s.
    """
    client = ChargerClient(
        entry.data[CONF_HOST],
        entry.data[CONF_PORT],
        keepalive_interval=RECEIVER_KEEPALIVE_INTERVAL,
        silence_timeout=RECEIVER_SILENCE_TIMEOUT,
        backoff_max=RECEIVER_BACKOFF_MAX,
    )
    coordinator = ChargerCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()
    coordinator.async_claim_code()
    # The charger's device exists before any bay device refers to it.
    coordinator.charger_device_id = (
        dr.async_get(hass)
        .async_get_or_create(
            config_entry_id=entry.entry_id, **charger_device_info(coordinator)
        )
        .id
    )
    entry.runtime_data = ChargerData(coordinator=coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, CHARGER_PLATFORMS)
    async_publish_charger(hass, coordinator)
    return True


async def async_remove_charger_device(
    hass: HomeAssistant, entry: ChargerConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow deleting a device only when the charger no longer reports it."""
    coordinator = entry.runtime_data.coordinator
    current = {coordinator.charger_code} | {
        bay_code(coordinator, number) for number in coordinator.data.bays
    }
    return not any(
        domain == DOMAIN and code in current for domain, code in device.identifiers
    )


async def async_unload_charger_entry(
    hass: HomeAssistant, entry: ChargerConfigEntry
) -> bool:
    """Unload a charger entry (the coordinator closes its connection)."""
    return await hass.config_entries.async_unload_platforms(entry, CHARGER_PLATFORMS)
