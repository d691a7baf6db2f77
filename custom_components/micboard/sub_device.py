"""Numbered parts of a device shown as devices of their own (channels, bays).

A receiver's channels and a charger's bays are each a device `via_device`
the receiver or charger, with a code `<device code>-<number>`. Their entities
write state only when their part (or availability) changed, and the entities
of parts that appear later (a linked charger unit) are added as they appear.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection, Sequence
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .compat import via_device
from .const import DOMAIN, MANUFACTURER
from .push_coordinator import PushCoordinator


def sub_device_info(
    code: str,
    *,
    model: str | None,
    name: str,
    parent_code: str,
    parent_device_id: str,
) -> DeviceInfo:
    """A part's device, `via_device` the device it belongs to."""
    return DeviceInfo(
        identifiers={(DOMAIN, code)},
        manufacturer=MANUFACTURER,
        model=model,
        name=name,
        **via_device((DOMAIN, parent_code), parent_device_id),
    )


class SubDeviceEntity[CoordinatorT: PushCoordinator[Any, Any]](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of one numbered part, on the part's own device."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CoordinatorT,
        number: int,
        description: EntityDescription,
        *,
        code: str,
        device_info: DeviceInfo,
    ) -> None:
        """Attach to the part's device (`code` is the part's device code)."""
        super().__init__(coordinator)
        self.entity_description = description
        self.number = number
        self._attr_unique_id = f"{code}_{description.key}"
        self._attr_device_info = device_info
        self._written: tuple[bool, object | None] | None = None

    @property
    @abstractmethod
    def _part(self) -> object | None:
        """The part's latest snapshot; None while the device does not report it."""

    @property
    def available(self) -> bool:
        """Unavailable while the device is unreachable or the part is missing."""
        return super().available and self._part is not None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write state only when this part (or availability) changed."""
        seen = (self.coordinator.last_update_success, self._part)
        if seen != self._written:
            self._written = seen
            self.async_write_ha_state()


def async_track_sub_devices(
    coordinator: PushCoordinator[Any, Any],
    numbers: Callable[[Any], Collection[int]],
    add_for_part: Callable[[int], Sequence[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each part's entities now, and for parts that appear later.

    `numbers` gives the part numbers of a snapshot (`coordinator.data`).
    """
    known: set[int] = set()

    @callback
    def add_new_parts() -> None:
        if coordinator.data is None:
            return
        new = sorted(set(numbers(coordinator.data)) - known)
        known.update(new)
        entities = [entity for number in new for entity in add_for_part(number)]
        if entities:
            async_add_entities(entities)

    add_new_parts()
    coordinator.config_entry.async_on_unload(
        coordinator.async_add_listener(add_new_parts)
    )
