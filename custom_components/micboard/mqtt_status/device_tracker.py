"""The `location` device tracker of a device whose MQTT telemetry carries GPS."""

from __future__ import annotations

from homeassistant.components.device_tracker import (  # type: ignore[attr-defined]
    SourceType,
    TrackerEntity,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from .entity import TelemetryEntity, async_track_telemetry

LOCATION_FIELDS = ("latitude", "longitude")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a location tracker for every device that reported a position.

    Only MQTT status entries forward this platform.
    """
    async_track_telemetry(
        hass,
        entry,
        "device_tracker",
        kinds={"location": LOCATION_FIELDS},
        factory=LocationTracker,
        async_add_entities=async_add_entities,
    )


class LocationTracker(TelemetryEntity, TrackerEntity, RestoreEntity):
    """Where a device (a rack, a mic) was last reported (restored after a restart)."""

    _attr_translation_key = "location"
    _attr_entity_category = None  # type: ignore[assignment]
    _attr_source_type = SourceType.GPS
    fields = LOCATION_FIELDS

    @property
    def device_info(self) -> DeviceInfo | None:
        """The device of the code (trackers have none by default)."""
        return self._attr_device_info

    @property
    def latitude(self) -> float | None:
        """Last reported latitude."""
        value = self.telemetry.get("latitude")
        return float(value) if isinstance(value, int | float) else None

    @property
    def longitude(self) -> float | None:
        """Last reported longitude."""
        value = self.telemetry.get("longitude")
        return float(value) if isinstance(value, int | float) else None

    async def async_added_to_hass(self) -> None:
        """Restore the last position when no newer one is known."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        if last is not None:
            self.restore(
                {
                    name: last.attributes.get(name)
                    for name in LOCATION_FIELDS
                    if isinstance(last.attributes.get(name), int | float)
                }
            )
