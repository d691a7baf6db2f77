"""Base entities: one for a charger, one for a bay (a device via the charger)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..const import DOMAIN, MANUFACTURER
from ..device_code import channel_code
from ..shure.chargers import Bay
from ..sub_device import SubDeviceEntity, async_track_sub_devices, sub_device_info
from .coordinator import ChargerCoordinator


def charger_name(coordinator: ChargerCoordinator) -> str:
    """The charger's name: its Shure device id, else model and host."""
    charger = coordinator.data
    return charger.device_id or f"{charger.model} {charger.host}"


def bay_code(coordinator: ChargerCoordinator, number: int) -> str:
    """A bay's device code: `<charger code>-<bay>`, like a receiver's channel."""
    return channel_code(coordinator.charger_code, number)


def bay_name(coordinator: ChargerCoordinator, number: int) -> str:
    """A bay device is named after its charger and number."""
    return f"{charger_name(coordinator)} bay {number}"


def charger_device_info(coordinator: ChargerCoordinator) -> DeviceInfo:
    """The charger's device."""
    charger = coordinator.data
    return DeviceInfo(
        identifiers={(DOMAIN, coordinator.charger_code)},
        manufacturer=MANUFACTURER,
        model=charger.model,
        name=charger_name(coordinator),
        sw_version=charger.firmware,
    )


class ChargerEntity(CoordinatorEntity[ChargerCoordinator]):
    """An entity of the charger itself."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: ChargerCoordinator, description: EntityDescription
    ) -> None:
        """Attach to the charger's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.charger_code}_{description.key}"
        self._attr_device_info = charger_device_info(coordinator)


class BayEntity(SubDeviceEntity[ChargerCoordinator]):
    """An entity of one bay, on a device `via_device` its charger."""

    def __init__(
        self,
        coordinator: ChargerCoordinator,
        number: int,
        description: EntityDescription,
    ) -> None:
        """Attach to the bay's device."""
        code = bay_code(coordinator, number)
        super().__init__(
            coordinator,
            number,
            description,
            code=code,
            device_info=sub_device_info(
                code,
                model=f"{coordinator.data.model} bay",
                name=bay_name(coordinator, number),
                parent_code=coordinator.charger_code,
                parent_device_id=coordinator.charger_device_id,
            ),
        )

    @property
    def bay(self) -> Bay | None:
        """The bay's latest snapshot."""
        return self.coordinator.data.bays.get(self.number)

    @property
    def _part(self) -> Bay | None:
        return self.bay


def async_track_bays(
    coordinator: ChargerCoordinator,
    add_for_bay: Callable[[int], Sequence[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a bay's entities now, and for bays that appear later (linked units)."""
    async_track_sub_devices(
        coordinator, lambda charger: charger.bays, add_for_bay, async_add_entities
    )
