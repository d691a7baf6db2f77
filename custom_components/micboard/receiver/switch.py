"""Per-channel output mute switches; opt-in control."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.commandstrings import Vocabulary
from ..shure.models import Channel
from .controls import async_control_vocabulary, receiver_action
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator
from .entity import ChannelEntity, async_track_channels


@dataclass(frozen=True, kw_only=True)
class ChannelSwitchDescription(SwitchEntityDescription):
    """A channel switch: where it exists, its state and how to set it."""

    has_fn: Callable[[Vocabulary], bool]
    is_on_fn: Callable[[Channel], bool | None]
    set_fn: Callable[[ReceiverCoordinator, int, bool], Awaitable[None]]


SWITCHES: tuple[ChannelSwitchDescription, ...] = (
    ChannelSwitchDescription(
        key="audio_mute",
        translation_key="audio_mute",
        has_fn=lambda vocabulary: vocabulary.can_mute,
        is_on_fn=lambda channel: channel.audio.muted,
        set_fn=lambda coordinator, number, on: coordinator.async_set_audio_mute(
            number, on
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add mute switches where the family can mute, if control is allowed."""
    coordinator = entry.runtime_data.coordinator
    vocabulary = async_control_vocabulary(coordinator, Platform.SWITCH)
    if vocabulary is None:
        return
    descriptions = [d for d in SWITCHES if d.has_fn(vocabulary)]
    async_track_channels(
        coordinator,
        lambda number: [ChannelSwitch(coordinator, number, d) for d in descriptions],
        async_add_entities,
    )


class ChannelSwitch(ChannelEntity, SwitchEntity):
    """A switch of one channel; its state is what the receiver last reported."""

    entity_description: ChannelSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """On, off, or None until the receiver has reported it."""
        channel = self.channel
        return None if channel is None else self.entity_description.is_on_fn(channel)

    @receiver_action
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on; the state follows the receiver's confirming report."""
        await self.entity_description.set_fn(self.coordinator, self.number, True)

    @receiver_action
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off; the state follows the receiver's confirming report."""
        await self.entity_description.set_fn(self.coordinator, self.number, False)
