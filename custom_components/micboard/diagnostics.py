"""Diagnostics: what a support request needs to see about an entry, by its kind."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from .entry_kind import AnyEntry
from .kinds import entry_kind


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AnyEntry
) -> dict[str, Any]:
    """The diagnostics of the entry's kind."""
    spec = entry_kind(entry)
    if spec is None:
        return {"entry": {"data": dict(entry.data), "options": dict(entry.options)}}
    return await spec.diagnostics(hass, entry)
