"""Reloading an entry after its options change, on every supported version.

Home Assistant 2025.8 added OptionsFlowWithReload; from 2026.6 an update
listener that reloads is deprecated (an error from 2026.12). Use the flow
class where it exists and the update listener only where it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

NEEDS_UPDATE_LISTENER = not hasattr(config_entries, "OptionsFlowWithReload")

if TYPE_CHECKING:
    OptionsFlowBase = config_entries.OptionsFlow
else:
    OptionsFlowBase = getattr(
        config_entries, "OptionsFlowWithReload", config_entries.OptionsFlow
    )


async def async_reload_on_update(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Reload the entry so new options take effect (older versions only)."""
    await hass.config_entries.async_reload(entry.entry_id)
