"""Base entities: one for a receiver, one for a channel (a mic)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..compat import via_device
from ..const import DOMAIN, MANUFACTURER
from ..device_code import channel_code
from ..shure.models import Channel
from .coordinator import ReceiverCoordinator


def receiver_device_info(coordinator: ReceiverCoordinator) -> DeviceInfo:
    """The receiver's device: named after its Shure device id."""
    receiver = coordinator.data
    return DeviceInfo(
        identifiers={(DOMAIN, coordinator.receiver_code)},
        manufacturer=MANUFACTURER,
        model=receiver.model,
        name=receiver.device_id or f"{receiver.model} {receiver.host}",
        sw_version=str(receiver.firmware) if receiver.firmware else None,
        hw_version=str(receiver.rf_band) if receiver.rf_band else None,
    )


def channel_device_name(coordinator: ReceiverCoordinator, number: int) -> str:
    """A channel device is named after its mic (CHAN_NAME), else its slot."""
    channel = coordinator.data.channels.get(number)
    if channel is not None and channel.name:
        return channel.name
    receiver = coordinator.data
    return f"{receiver.device_id or receiver.model} channel {number}"


class ReceiverEntity(CoordinatorEntity[ReceiverCoordinator]):
    """An entity of the receiver itself."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: ReceiverCoordinator, description: EntityDescription
    ) -> None:
        """Attach to the receiver's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.receiver_code}_{description.key}"
        self._attr_device_info = receiver_device_info(coordinator)


class ChannelEntity(CoordinatorEntity[ReceiverCoordinator]):
    """An entity of one channel, on a device `via_device` its receiver."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: ReceiverCoordinator,
        number: int,
        description: EntityDescription,
    ) -> None:
        """Attach to the channel's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self.number = number
        code = channel_code(coordinator.receiver_code, number)
        self._attr_unique_id = f"{code}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, code)},
            manufacturer=MANUFACTURER,
            model=coordinator.data.model,
            name=channel_device_name(coordinator, number),
            **via_device(
                (DOMAIN, coordinator.receiver_code), coordinator.receiver_device_id
            ),
        )

        self._written: tuple[bool, Channel | None] | None = None

    @property
    def channel(self) -> Channel | None:
        """The channel's latest snapshot."""
        return self.coordinator.data.channels.get(self.number)

    @property
    def available(self) -> bool:
        """Unavailable while the receiver is unreachable."""
        return super().available and self.channel is not None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write state only when this channel (or availability) changed."""
        seen = (self.coordinator.last_update_success, self.channel)
        if seen != self._written:
            self._written = seen
            self.async_write_ha_state()


def async_track_channels(
    coordinator: ReceiverCoordinator,
    add_for_channel: Callable[[int], Sequence[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a channel's entities now, and for channels that appear later."""
    known: set[int] = set()

    @callback
    def add_new_channels() -> None:
        if coordinator.data is None:
            return
        new = sorted(set(coordinator.data.channels) - known)
        known.update(new)
        entities = [entity for number in new for entity in add_for_channel(number)]
        if entities:
            async_add_entities(entities)

    add_new_channels()
    coordinator.config_entry.async_on_unload(
        coordinator.async_add_listener(add_new_channels)
    )
