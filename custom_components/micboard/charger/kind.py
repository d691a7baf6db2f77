"""The charger entry kind, as the integration's entry points see it."""

from __future__ import annotations

from homeassistant.const import Platform

from ..entry_kind import EntryKindSpec
from . import binary_sensor, event, sensor
from .diagnostics import async_get_charger_diagnostics
from .entry import (
    async_remove_charger_device,
    async_setup_charger_entry,
    async_unload_charger_entry,
)

CHARGER_KIND = EntryKindSpec(
    setup=async_setup_charger_entry,
    unload=async_unload_charger_entry,
    remove_device=async_remove_charger_device,
    platforms={
        Platform.BINARY_SENSOR: binary_sensor.async_setup_entry,
        Platform.EVENT: event.async_setup_entry,
        Platform.SENSOR: sensor.async_setup_entry,
    },
    diagnostics=async_get_charger_diagnostics,
    reconfigure_step="charger_reconfigure",
)
