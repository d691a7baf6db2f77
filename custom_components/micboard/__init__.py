"""Micboard: live monitoring of Shure wireless microphone systems."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .kinds import entry_kind
from .live.card import async_register_card
from .live.hub import async_setup_live
from .receiver.discovery import async_start_discovery
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the parts shared by every entry."""
    await async_setup_live(hass)
    await async_register_card(hass)
    await async_start_discovery(hass)
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Set up one micboard entry, by its kind."""
    spec = entry_kind(entry)
    return spec is not None and await spec.setup(hass, entry)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: ConfigEntry[Any], device: dr.DeviceEntry
) -> bool:
    """Allow deleting a device only when its source no longer reports it."""
    spec = entry_kind(entry)
    return spec is None or await spec.remove_device(hass, entry, device)


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    """Unload one micboard entry."""
    spec = entry_kind(entry)
    return spec is None or await spec.unload(hass, entry)
