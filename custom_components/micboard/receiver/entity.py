"""Base entities: one for a receiver, one for a channel (a mic)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from ..const import DOMAIN, MANUFACTURER
from ..device_code import channel_code
from ..shure.models import Channel
from ..sub_device import SubDeviceEntity, async_track_sub_devices, sub_device_info
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


class ChannelEntity(SubDeviceEntity[ReceiverCoordinator]):
    """An entity of one channel, on a device `via_device` its receiver."""

    def __init__(
        self,
        coordinator: ReceiverCoordinator,
        number: int,
        description: EntityDescription,
    ) -> None:
        """Attach to the channel's device."""
        code = channel_code(coordinator.receiver_code, number)
        super().__init__(
            coordinator,
            number,
            description,
            code=code,
            device_info=sub_device_info(
                code,
                model=coordinator.data.model,
                name=channel_device_name(coordinator, number),
                parent_code=coordinator.receiver_code,
                parent_device_id=coordinator.receiver_device_id,
            ),
        )

    @property
    def channel(self) -> Channel | None:
        """The channel's latest snapshot."""
        return self.coordinator.data.channels.get(self.number)

    @property
    def _part(self) -> Channel | None:
        return self.channel


def async_track_channels(
    coordinator: ReceiverCoordinator,
    add_for_channel: Callable[[int], Sequence[Entity]],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a channel's entities now, and for channels that appear later."""
    async_track_sub_devices(
        coordinator,
        lambda receiver: receiver.channels,
        add_for_channel,
        async_add_entities,
    )
