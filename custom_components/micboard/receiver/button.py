"""Identify buttons (FLASH ON) of a receiver and its channels; opt-in control."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from ..shure.commandstrings import Vocabulary
from .controls import async_control_vocabulary, receiver_action
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator
from .entity import ChannelEntity, ReceiverEntity, async_track_channels


@dataclass(frozen=True, kw_only=True)
class ReceiverButtonDescription(ButtonEntityDescription):
    """A button of the receiver: where it exists and what pressing does."""

    has_fn: Callable[[Vocabulary], bool]
    press_fn: Callable[[ReceiverCoordinator], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class ChannelButtonDescription(ButtonEntityDescription):
    """A button of one channel: where it exists and what pressing does."""

    has_fn: Callable[[Vocabulary], bool]
    press_fn: Callable[[ReceiverCoordinator, int], Awaitable[None]]


RECEIVER_BUTTONS: tuple[ReceiverButtonDescription, ...] = (
    ReceiverButtonDescription(
        key="identify",
        translation_key="identify",
        device_class=ButtonDeviceClass.IDENTIFY,
        entity_category=EntityCategory.CONFIG,
        has_fn=lambda vocabulary: vocabulary.identify_device,
        press_fn=lambda coordinator: coordinator.async_identify(),
    ),
)

CHANNEL_BUTTONS: tuple[ChannelButtonDescription, ...] = (
    ChannelButtonDescription(
        key="identify",
        translation_key="identify",
        device_class=ButtonDeviceClass.IDENTIFY,
        entity_category=EntityCategory.CONFIG,
        has_fn=lambda vocabulary: vocabulary.identify_channel,
        press_fn=lambda coordinator, number: coordinator.async_identify(number),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add identify buttons where the family can flash, if control is allowed."""
    coordinator = entry.runtime_data.coordinator
    vocabulary = async_control_vocabulary(coordinator, Platform.BUTTON)
    if vocabulary is None:
        return
    async_add_entities(
        ReceiverButton(coordinator, d) for d in RECEIVER_BUTTONS if d.has_fn(vocabulary)
    )
    descriptions = [d for d in CHANNEL_BUTTONS if d.has_fn(vocabulary)]
    async_track_channels(
        coordinator,
        lambda number: [ChannelButton(coordinator, number, d) for d in descriptions],
        async_add_entities,
    )


class ReceiverButton(ReceiverEntity, ButtonEntity):
    """A button of the receiver itself."""

    entity_description: ReceiverButtonDescription

    @receiver_action
    async def async_press(self) -> None:
        """Send the command; returns once the receiver confirms it."""
        await self.entity_description.press_fn(self.coordinator)


class ChannelButton(ChannelEntity, ButtonEntity):
    """A button of one channel."""

    entity_description: ChannelButtonDescription

    @receiver_action
    async def async_press(self) -> None:
        """Send the command; returns once the receiver confirms it."""
        await self.entity_description.press_fn(self.coordinator, self.number)
