"""What every kind of entry gives the integration's entry points.

Home Assistant calls one module per platform (`sensor.py`, ...), one
`async_setup_entry`, one diagnostics function and one options flow for the
whole integration; each kind of entry (a receiver, a System API server, an
MQTT status feed) declares its own in an `EntryKindSpec`, and the entry
points look the entry's kind up in `kinds.ENTRY_KINDS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from homeassistant.config_entries import ConfigEntry, OptionsFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

type AnyEntry = ConfigEntry[Any]
type PlatformSetup = Callable[
    [HomeAssistant, Any, AddConfigEntryEntitiesCallback], Awaitable[None]
]


@dataclass(frozen=True, kw_only=True)
class EntryKindSpec:
    """How one kind of entry is set up, shown, diagnosed and configured."""

    setup: Callable[[HomeAssistant, Any], Awaitable[bool]]
    unload: Callable[[HomeAssistant, Any], Awaitable[bool]]
    remove_device: Callable[[HomeAssistant, Any, dr.DeviceEntry], Awaitable[bool]]
    platforms: Mapping[Platform, PlatformSetup]
    """The platforms its entries forward to, each with the kind's setup."""
    diagnostics: Callable[[HomeAssistant, Any], Awaitable[dict[str, Any]]]
    options_flow: type[OptionsFlow] | None = None
    """None: its entries have no "Configure" button."""
    reconfigure_step: str = field(default="")
    """The config flow step that reconfigures one of its entries."""
