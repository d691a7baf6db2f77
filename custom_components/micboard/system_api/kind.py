"""The System API server entry kind, as the integration's entry points see it."""

from __future__ import annotations

from homeassistant.const import Platform

from ..entry_kind import EntryKindSpec
from . import binary_sensor, event, sensor
from .diagnostics import async_get_system_api_diagnostics
from .entry import (
    async_remove_system_api_device,
    async_setup_system_api_entry,
    async_unload_system_api_entry,
)
from .options_flow import SystemApiOptionsFlow

SYSTEM_API_KIND = EntryKindSpec(
    setup=async_setup_system_api_entry,
    unload=async_unload_system_api_entry,
    remove_device=async_remove_system_api_device,
    platforms={
        Platform.BINARY_SENSOR: binary_sensor.async_setup_entry,
        Platform.EVENT: event.async_setup_entry,
        Platform.SENSOR: sensor.async_setup_entry,
    },
    diagnostics=async_get_system_api_diagnostics,
    options_flow=SystemApiOptionsFlow,
    reconfigure_step="system_api_reconfigure",
)
