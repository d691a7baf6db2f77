"""The receiver entry kind, as the integration's entry points see it."""

from __future__ import annotations

from homeassistant.const import Platform

from ..entry_kind import EntryKindSpec
from . import binary_sensor, button, event, number, sensor, switch
from .diagnostics import async_get_receiver_diagnostics
from .entry import (
    async_remove_receiver_device,
    async_setup_receiver_entry,
    async_unload_receiver_entry,
)
from .options_flow import ReceiverOptionsFlow

RECEIVER_KIND = EntryKindSpec(
    setup=async_setup_receiver_entry,
    unload=async_unload_receiver_entry,
    remove_device=async_remove_receiver_device,
    platforms={
        Platform.BINARY_SENSOR: binary_sensor.async_setup_entry,
        Platform.BUTTON: button.async_setup_entry,
        Platform.EVENT: event.async_setup_entry,
        Platform.NUMBER: number.async_setup_entry,
        Platform.SENSOR: sensor.async_setup_entry,
        Platform.SWITCH: switch.async_setup_entry,
    },
    diagnostics=async_get_receiver_diagnostics,
    options_flow=ReceiverOptionsFlow,
    reconfigure_step="receiver_reconfigure",
)
