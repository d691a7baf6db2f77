"""Sensors of an MQTT status entry: temperature, humidity, message counters."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..live.directory import LiveDirectory
from .data import mqtt_data
from .entity import (
    TelemetryEntity,
    ThrottledWrites,
    async_track_telemetry,
    service_device_info,
)
from .processor import Rejection, StatusProcessor

TELEMETRY_SENSORS: dict[str, SensorEntityDescription] = {
    "temperature": SensorEntityDescription(
        key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        state_class=SensorStateClass.MEASUREMENT,
    ),
    "humidity": SensorEntityDescription(
        key="humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
    ),
}
COUNTERS = (
    SensorEntityDescription(
        key="accepted_messages",
        translation_key="accepted_messages",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    SensorEntityDescription(
        key="rejected_messages",
        translation_key="rejected_messages",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the counters now and telemetry sensors as devices report."""
    processor = mqtt_data(entry).processor
    async_add_entities([MessageCounterSensor(entry, processor, d) for d in COUNTERS])
    async_track_telemetry(
        hass,
        entry,
        "sensor",
        kinds={key: (key,) for key in TELEMETRY_SENSORS},
        factory=TelemetrySensor,
        async_add_entities=async_add_entities,
    )


class TelemetrySensor(TelemetryEntity, RestoreSensor):
    """Temperature or humidity reported over MQTT (restored after a restart)."""

    def __init__(
        self,
        directory: LiveDirectory,
        code: str,
        key: str,
        device: DeviceEntry | None = None,
    ) -> None:
        """A sensor of one telemetry value."""
        super().__init__(directory, code, key, device)
        self.entity_description = TELEMETRY_SENSORS[key]
        self.fields = (key,)

    @property
    def native_value(self) -> StateType:
        """The last value received."""
        value = self.telemetry.get(self.entity_description.key)
        return value if isinstance(value, int | float) else None

    async def async_added_to_hass(self) -> None:
        """Restore the last value when no newer one is known."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        if last is not None and isinstance(last.native_value, int | float):
            self.restore({self.entity_description.key: float(last.native_value)})


class MessageCounterSensor(ThrottledWrites, SensorEntity):
    """Messages accepted or rejected (by reason, as attributes)."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _unrecorded_attributes = frozenset(r.value for r in Rejection)

    def __init__(
        self,
        entry: ConfigEntry,
        processor: StatusProcessor,
        description: SensorEntityDescription,
    ) -> None:
        """Count on the entry's service device."""
        self.entity_description = description
        self.processor = processor
        self._attr_unique_id = f"mqtt_status_{entry.entry_id}_{description.key}"
        self._attr_device_info = service_device_info(entry)

    @property
    def native_value(self) -> int:
        """The count so far (since Home Assistant started)."""
        if self.entity_description.key == "accepted_messages":
            return self.processor.accepted
        return self.processor.rejected.total()

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Rejections by reason."""
        if self.entity_description.key == "accepted_messages":
            return None
        return {r.value: self.processor.rejected[r] for r in Rejection}

    async def async_added_to_hass(self) -> None:
        """Follow the processor (writes are throttled)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.processor.add_listener(self._changed))

    @callback
    def _changed(self) -> None:
        self.schedule_write()
