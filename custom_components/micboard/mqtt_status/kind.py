"""The MQTT status feed entry kind, as the integration's entry points see it."""

from __future__ import annotations

from homeassistant.const import Platform

from ..entry_kind import EntryKindSpec
from . import device_tracker, sensor
from .diagnostics import async_get_mqtt_diagnostics
from .entry import (
    async_remove_mqtt_device,
    async_setup_mqtt_entry,
    async_unload_mqtt_entry,
)

MQTT_STATUS_KIND = EntryKindSpec(
    setup=async_setup_mqtt_entry,
    unload=async_unload_mqtt_entry,
    remove_device=async_remove_mqtt_device,
    platforms={
        Platform.DEVICE_TRACKER: device_tracker.async_setup_entry,
        Platform.SENSOR: sensor.async_setup_entry,
    },
    diagnostics=async_get_mqtt_diagnostics,
    reconfigure_step="mqtt_status_reconfigure",
)
