"""Per-channel audio gain (dB, the family's range); opt-in control."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.commandstrings import Vocabulary
from ..shure.models import Channel
from .controls import async_control_vocabulary, receiver_action
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator
from .entity import ChannelEntity, async_track_channels

UNIT_DB = "dB"


@dataclass(frozen=True, kw_only=True)
class ChannelNumberDescription(NumberEntityDescription):
    """A channel number: where it exists, its range, value and setter."""

    has_fn: Callable[[Vocabulary], bool]
    range_fn: Callable[[Vocabulary], tuple[int, int]]
    value_fn: Callable[[Channel], int | None]
    set_fn: Callable[[ReceiverCoordinator, int, int], Awaitable[None]]


NUMBERS: tuple[ChannelNumberDescription, ...] = (
    ChannelNumberDescription(
        key="audio_gain",
        translation_key="audio_gain",
        entity_category=EntityCategory.CONFIG,
        native_unit_of_measurement=UNIT_DB,
        native_step=1,
        mode=NumberMode.SLIDER,
        has_fn=lambda vocabulary: vocabulary.can_set_gain,
        range_fn=lambda vocabulary: vocabulary.gain_range_db,
        value_fn=lambda channel: channel.audio.gain_db,
        set_fn=lambda coordinator, number, gain: coordinator.async_set_audio_gain(
            number, gain
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add gain numbers with the family's range, if control is allowed."""
    coordinator = entry.runtime_data.coordinator
    vocabulary = async_control_vocabulary(coordinator, Platform.NUMBER)
    if vocabulary is None:
        return
    descriptions = [_ranged(d, vocabulary) for d in NUMBERS if d.has_fn(vocabulary)]
    async_track_channels(
        coordinator,
        lambda number: [ChannelNumber(coordinator, number, d) for d in descriptions],
        async_add_entities,
    )


def _ranged(
    description: ChannelNumberDescription, vocabulary: Vocabulary
) -> ChannelNumberDescription:
    """The description with the family's minimum and maximum."""
    low, high = description.range_fn(vocabulary)
    return replace(description, native_min_value=low, native_max_value=high)


class ChannelNumber(ChannelEntity, NumberEntity):
    """A number of one channel; its value is what the receiver last reported."""

    entity_description: ChannelNumberDescription

    @property
    def native_value(self) -> int | None:
        """The reported value, or None until the receiver has reported it."""
        channel = self.channel
        return None if channel is None else self.entity_description.value_fn(channel)

    @receiver_action
    async def async_set_native_value(self, value: float) -> None:
        """Set the value (whole steps); the state follows the receiver's report."""
        await self.entity_description.set_fn(
            self.coordinator, self.number, round(value)
        )
