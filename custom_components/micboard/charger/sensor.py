"""Sensors of a charger's bays: charge, time to full, health, cycles, state, error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..shure.chargers import Bay, BayError, ChargeState, TimeToFullState
from .coordinator import ChargerConfigEntry
from .entity import BayEntity, async_track_bays


@dataclass(frozen=True, kw_only=True)
class BaySensorDescription(SensorEntityDescription):
    """A bay sensor and its value."""

    value_fn: Callable[[Bay], StateType]


BAY_SENSORS: tuple[BaySensorDescription, ...] = (
    BaySensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda bay: bay.charge_percent,
    ),
    BaySensorDescription(
        key="battery_bars",
        translation_key="battery_bars",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda bay: bay.bars,
    ),
    BaySensorDescription(
        key="time_to_full",
        translation_key="time_to_full",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda bay: (
            0 if bay.time_to_full_state is TimeToFullState.FULL else bay.minutes_to_full
        ),
    ),
    BaySensorDescription(
        key="charge_state",
        translation_key="charge_state",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in ChargeState],
        value_fn=lambda bay: None if bay.state is None else bay.state.value,
    ),
    BaySensorDescription(
        key="battery_health",
        translation_key="battery_health",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda bay: bay.health_percent,
    ),
    BaySensorDescription(
        key="battery_cycle_count",
        translation_key="battery_cycle_count",
        # Not TOTAL_INCREASING: the next pack in the bay may have fewer cycles.
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda bay: bay.cycles,
    ),
    BaySensorDescription(
        key="bay_error",
        translation_key="bay_error",
        device_class=SensorDeviceClass.ENUM,
        options=[error.value for error in BayError],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda bay: None if bay.error is None else bay.error.value,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ChargerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add every bay's sensors."""
    coordinator = entry.runtime_data.coordinator
    async_track_bays(
        coordinator,
        lambda number: [BaySensor(coordinator, number, d) for d in BAY_SENSORS],
        async_add_entities,
    )


class BaySensor(BayEntity, SensorEntity):
    """A sensor of one bay."""

    entity_description: BaySensorDescription

    @property
    def native_value(self) -> StateType:
        """The bay's value; None when unknown (or no pack)."""
        bay = self.bay
        return None if bay is None else self.entity_description.value_fn(bay)
