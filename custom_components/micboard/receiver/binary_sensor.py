"""Binary sensors: battery low, transmitter linked, muted, interference, online.

An in-ear monitor transmitter's channels (PSM1000) have RF muted instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.models import IEM_FAMILIES, Channel, ReceiverFamily
from .channel_state import battery_low
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator
from .entity import ChannelEntity, ReceiverEntity, async_track_channels


@dataclass(frozen=True, kw_only=True)
class ChannelBinarySensorDescription(BinarySensorEntityDescription):
    """A channel binary sensor: its value and where it exists."""

    value_fn: Callable[[Channel, ReceiverCoordinator], bool | None]
    has_fn: Callable[[ReceiverFamily | None], bool] = lambda family: True


CHANNEL_BINARY_SENSORS: tuple[ChannelBinarySensorDescription, ...] = (
    ChannelBinarySensorDescription(
        key="battery_low",
        translation_key="battery_low",
        device_class=BinarySensorDeviceClass.BATTERY,
        value_fn=lambda channel, coordinator: battery_low(
            channel, coordinator.low_percent
        ),
    ),
    ChannelBinarySensorDescription(
        key="transmitter",
        translation_key="transmitter",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        value_fn=lambda channel, _: channel.transmitter_present,
    ),
    ChannelBinarySensorDescription(
        key="muted",
        translation_key="muted",
        value_fn=lambda channel, _: channel.audio.muted,
        has_fn=lambda family: family is not ReceiverFamily.SLXD,
    ),
    ChannelBinarySensorDescription(
        key="interference",
        translation_key="interference",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda channel, _: channel.rf.interference,
        has_fn=lambda family: family not in (ReceiverFamily.SLXD, ReceiverFamily.UHFR),
    ),
)

IEM_CHANNEL_BINARY_SENSORS: tuple[ChannelBinarySensorDescription, ...] = (
    ChannelBinarySensorDescription(
        key="rf_muted",
        translation_key="rf_muted",
        value_fn=lambda channel, _: channel.iem.rf_muted,
    ),
)
"""An in-ear monitor transmitter channel's binary sensors (PSM1000)."""

ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the receiver's online sensor and every channel's binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities([ReceiverOnlineSensor(coordinator, ONLINE)])
    family = coordinator.data.family
    table = (
        IEM_CHANNEL_BINARY_SENSORS if family in IEM_FAMILIES else CHANNEL_BINARY_SENSORS
    )
    descriptions = [d for d in table if d.has_fn(family)]
    async_track_channels(
        coordinator,
        lambda number: [
            ChannelBinarySensor(coordinator, number, d) for d in descriptions
        ],
        async_add_entities,
    )


class ChannelBinarySensor(ChannelEntity, BinarySensorEntity):
    """A binary sensor of one channel."""

    entity_description: ChannelBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """On, off, or None when the receiver cannot tell."""
        channel = self.channel
        if channel is None:
            return None
        return self.entity_description.value_fn(channel, self.coordinator)


class ReceiverOnlineSensor(ReceiverEntity, BinarySensorEntity):
    """Whether the receiver's control connection is up (never unavailable)."""

    @property
    def available(self) -> bool:
        """Always available: "off" is the answer while the receiver is away."""
        return True

    @property
    def is_on(self) -> bool:
        """On while connected and answering."""
        return (
            self.coordinator.last_update_success and self.coordinator.client.connected
        )
