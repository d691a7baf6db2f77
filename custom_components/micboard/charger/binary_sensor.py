"""Binary sensors: a bay's pack present, ready, charging and fault; the
charger's connection and storage mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.chargers import Bay
from .coordinator import ChargerConfigEntry
from .entity import BayEntity, ChargerEntity, async_track_bays


@dataclass(frozen=True, kw_only=True)
class BayBinarySensorDescription(BinarySensorEntityDescription):
    """A bay binary sensor and its value."""

    value_fn: Callable[[Bay], bool | None]


BAY_BINARY_SENSORS: tuple[BayBinarySensorDescription, ...] = (
    BayBinarySensorDescription(
        key="battery_present",
        translation_key="battery_present",
        device_class=BinarySensorDeviceClass.PLUG,
        value_fn=lambda bay: bay.battery_present,
    ),
    BayBinarySensorDescription(
        key="ready",
        translation_key="ready",
        value_fn=lambda bay: bay.ready,
    ),
    BayBinarySensorDescription(
        key="battery_charging",
        translation_key="battery_charging",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        value_fn=lambda bay: bay.charging,
    ),
    BayBinarySensorDescription(
        key="fault",
        translation_key="fault",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda bay: bay.faulted,
    ),
)

ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)
STORAGE_MODE = BinarySensorEntityDescription(
    key="storage_mode",
    translation_key="storage_mode",
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ChargerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the charger's sensors and every bay's."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            ChargerOnlineSensor(coordinator, ONLINE),
            StorageModeSensor(coordinator, STORAGE_MODE),
        ]
    )
    async_track_bays(
        coordinator,
        lambda number: [
            BayBinarySensor(coordinator, number, d) for d in BAY_BINARY_SENSORS
        ],
        async_add_entities,
    )


class BayBinarySensor(BayEntity, BinarySensorEntity):
    """A binary sensor of one bay."""

    entity_description: BayBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """On, off, or None when the charger has not said."""
        bay = self.bay
        return None if bay is None else self.entity_description.value_fn(bay)


class ChargerOnlineSensor(ChargerEntity, BinarySensorEntity):
    """Whether the charger's control connection is up (never unavailable)."""

    @property
    def available(self) -> bool:
        """Always available: "off" is the answer while the charger is away."""
        return True

    @property
    def is_on(self) -> bool:
        """On while connected and answering."""
        return self.coordinator.online


class StorageModeSensor(ChargerEntity, BinarySensorEntity):
    """Storage mode: packs go to storage level instead of full."""

    @property
    def is_on(self) -> bool | None:
        """On in storage mode."""
        return self.coordinator.data.storage_mode
