"""Binary sensors of a System API entry: battery, mute, device and server online."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.systemapi import ApiChannel, ApiDevice
from .coordinator import SystemApiCoordinator
from .devices import battery_low
from .entity import (
    SystemApiDeviceEntity,
    SystemApiServerEntity,
    async_track_api_devices,
)


@dataclass(frozen=True, kw_only=True)
class ApiDeviceBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor of an API device: its value and whether the device has it."""

    value_fn: Callable[[ApiDevice, SystemApiCoordinator], bool | None]
    has_fn: Callable[[ApiDevice], bool] = lambda device: True


DEVICE_BINARY_SENSORS: tuple[ApiDeviceBinarySensorDescription, ...] = (
    ApiDeviceBinarySensorDescription(
        key="battery_low",
        translation_key="battery_low",
        device_class=BinarySensorDeviceClass.BATTERY,
        value_fn=lambda device, coordinator: battery_low(
            device, coordinator.low_percent
        ),
        has_fn=lambda device: "battery-level" in device.capabilities,
    ),
    ApiDeviceBinarySensorDescription(
        key="battery_charging",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        value_fn=lambda device, _: device.battery.charging if device.battery else None,
        has_fn=lambda device: "battery-level" in device.capabilities,
    ),
    ApiDeviceBinarySensorDescription(
        key="muted",
        translation_key="muted",
        value_fn=lambda device, _: device.muted,
        has_fn=lambda device: "audio-mute" in device.capabilities,
    ),
)

ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)
CHANNEL_MUTED = BinarySensorEntityDescription(key="muted", translation_key="muted")
SERVER_ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the server's connectivity and every device's and channel's sensors."""
    coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
    async_add_entities([ServerOnlineSensor(coordinator, SERVER_ONLINE)])
    async_track_api_devices(
        coordinator,
        lambda device_id, device: [
            ApiDeviceOnlineSensor(coordinator, device_id, ONLINE),
            *(
                ApiDeviceBinarySensor(coordinator, device_id, description)
                for description in DEVICE_BINARY_SENSORS
                if description.has_fn(device)
            ),
        ],
        lambda device_id, number: [
            ApiChannelMutedSensor(coordinator, device_id, CHANNEL_MUTED, number)
        ],
        async_add_entities,
    )


class ApiDeviceBinarySensor(SystemApiDeviceEntity, BinarySensorEntity):
    """A binary sensor of one API device."""

    entity_description: ApiDeviceBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """On, off, or None when the server cannot tell."""
        device = self.device
        if device is None:
            return None
        return self.entity_description.value_fn(device, self.coordinator)

    def state_key(self) -> object:
        """The value alone decides whether to write."""
        return self.is_on


class ApiDeviceOnlineSensor(SystemApiDeviceEntity, BinarySensorEntity):
    """Whether the server reports the device ONLINE."""

    @property
    def available(self) -> bool:
        """Available while the server answers and lists the device."""
        return (
            self.coordinator.last_update_success
            and not self.coordinator.stopped
            and self.device is not None
        )

    @property
    def is_on(self) -> bool:
        """On while the device is ONLINE."""
        device = self.device
        return device is not None and device.online

    def state_key(self) -> object:
        """The value alone decides whether to write."""
        return self.is_on


class ApiChannelMutedSensor(SystemApiDeviceEntity, BinarySensorEntity):
    """Whether one audio channel is muted."""

    @property
    def is_on(self) -> bool | None:
        """On while muted; None when the server does not say."""
        channel: ApiChannel | None = self.channel
        return None if channel is None else channel.muted

    def state_key(self) -> object:
        """The value alone decides whether to write."""
        return self.is_on


class ServerOnlineSensor(SystemApiServerEntity, BinarySensorEntity):
    """Whether the server answers (never unavailable)."""

    @property
    def is_on(self) -> bool:
        """On while the last poll succeeded."""
        return self.coordinator.last_update_success and not self.coordinator.stopped
