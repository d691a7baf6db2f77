"""Sensors of a System API entry: battery, channel audio, server health."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..shure.systemapi import ApiChannel, ApiDevice, ChannelActivity
from .coordinator import SystemApiCoordinator
from .devices import battery_percent, runtime_minutes
from .entity import (
    SystemApiDeviceEntity,
    SystemApiServerEntity,
    async_track_api_devices,
)
from .health import ServerHealth

UNIT_DB = "dB"


def _has_battery(device: ApiDevice) -> bool:
    return "battery-level" in device.capabilities


@dataclass(frozen=True, kw_only=True)
class ApiDeviceSensorDescription(SensorEntityDescription):
    """A sensor of an API device: its value and whether the device has it."""

    value_fn: Callable[[ApiDevice], StateType]
    has_fn: Callable[[ApiDevice], bool] = _has_battery


@dataclass(frozen=True, kw_only=True)
class ApiChannelSensorDescription(SensorEntityDescription):
    """A sensor of one audio channel."""

    value_fn: Callable[[ApiChannel], StateType]


@dataclass(frozen=True, kw_only=True)
class ServerSensorDescription(SensorEntityDescription):
    """A health sensor of the server."""

    value_fn: Callable[[ServerHealth], StateType | datetime]


DEVICE_SENSORS: tuple[ApiDeviceSensorDescription, ...] = (
    ApiDeviceSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=battery_percent,
    ),
    ApiDeviceSensorDescription(
        key="battery_runtime",
        translation_key="battery_runtime",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=runtime_minutes,
    ),
    ApiDeviceSensorDescription(
        key="battery_health",
        translation_key="battery_health",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda device: (
            device.battery.health_percent if device.battery else None
        ),
        has_fn=lambda device: "battery-health" in device.capabilities,
    ),
    ApiDeviceSensorDescription(
        key="battery_cycle_count",
        translation_key="battery_cycle_count",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda device: device.battery.cycle_count if device.battery else None,
        has_fn=lambda device: "battery-health" in device.capabilities,
    ),
)

CHANNEL_SENSORS: tuple[ApiChannelSensorDescription, ...] = (
    ApiChannelSensorDescription(
        key="audio_activity",
        translation_key="audio_activity",
        device_class=SensorDeviceClass.ENUM,
        options=[activity.value.lower() for activity in ChannelActivity],
        value_fn=lambda channel: (
            channel.activity.value.lower() if channel.activity else None
        ),
    ),
    ApiChannelSensorDescription(
        key="gain",
        translation_key="gain",
        native_unit_of_measurement=UNIT_DB,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.gain_db,
    ),
)

SERVER_SENSORS: tuple[ServerSensorDescription, ...] = (
    ServerSensorDescription(
        key="response_time",
        translation_key="response_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda health: health.response_time_ms,
    ),
    ServerSensorDescription(
        key="error_count",
        translation_key="error_count",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda health: health.error_count,
    ),
    ServerSensorDescription(
        key="last_update",
        translation_key="last_update",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda health: health.last_update,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the server's health sensors and every device's and channel's sensors."""
    coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
    async_add_entities(
        ServerHealthSensor(coordinator, description) for description in SERVER_SENSORS
    )
    async_track_api_devices(
        coordinator,
        lambda device_id, device: [
            ApiDeviceSensor(coordinator, device_id, description)
            for description in DEVICE_SENSORS
            if description.has_fn(device)
        ],
        lambda device_id, number: [
            ApiChannelSensor(coordinator, device_id, description, number)
            for description in CHANNEL_SENSORS
        ],
        async_add_entities,
    )


class ApiDeviceSensor(SystemApiDeviceEntity, SensorEntity):
    """A sensor of one API device."""

    entity_description: ApiDeviceSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value, or None when unknown."""
        device = self.device
        return None if device is None else self.entity_description.value_fn(device)

    def state_key(self) -> object:
        """The value alone decides whether to write."""
        return self.native_value


class ApiChannelSensor(SystemApiDeviceEntity, SensorEntity):
    """A sensor of one audio channel."""

    entity_description: ApiChannelSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value, or None when unknown."""
        channel = self.channel
        return None if channel is None else self.entity_description.value_fn(channel)

    def state_key(self) -> object:
        """The value alone decides whether to write."""
        return self.native_value


class ServerHealthSensor(SystemApiServerEntity, SensorEntity):
    """A health figure of the server, updated after every poll."""

    entity_description: ServerSensorDescription

    async def async_added_to_hass(self) -> None:
        """Follow every poll, including failed ones."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_health_listener(self.async_write_ha_state)
        )

    @property
    def native_value(self) -> StateType | datetime:
        """The figure, or None before the first answer."""
        return self.entity_description.value_fn(self.coordinator.health)
