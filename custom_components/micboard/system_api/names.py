"""What System API devices and channels are called (docs/system-api.md, Names).

The server only says a device's name (and its channels') while it can reach
the device: an OFFLINE or DISCOVERED device, or one whose firmware is too old,
is listed without them. A monitoring tool must keep showing the name the crew
knows, so :class:`KnownNames` fills them in with the last ones seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
import re

from ..shure.systemapi import ApiChannel, ApiDevice

GENERIC_CHANNEL_NAME = re.compile(r"(?:ch|chan|channel)[\s_-]*\d+", re.IGNORECASE)
"""A default channel name (CH1, Ch 2, Channel 3): says nothing about its device."""

UNKNOWN_CHANNEL_ID = ""
"""The API id of a channel rebuilt from the device registry (not known offline).

Nothing is ever requested for it: the server is asked for a device's channel
features only while it can read the device, and then lists the real ids.
"""


def _no_channels(device_id: str) -> tuple[ApiChannel, ...]:
    return ()


def device_name(device: ApiDevice) -> str:
    """The device's own name, else its model and serial."""
    return (
        device.name or f"{device.model or 'Shure device'} {device.serial or ''}".strip()
    )


def is_generic_channel_name(name: str | None) -> bool:
    """True for a missing or default channel name such as ``CH1``."""
    return name is None or GENERIC_CHANNEL_NAME.fullmatch(name.strip()) is not None


def channel_name(device: ApiDevice, channel: ApiChannel, number: int) -> str:
    """A channel's own name; a default one (CH1) is prefixed with its device's.

    ``Lead vocal`` stays ``Lead vocal``; ``CH1`` of ``ADTQ-1`` is
    ``ADTQ-1 CH1``; a channel without a name is ``ADTQ-1 channel 1``.
    """
    if channel.name is None:
        return f"{device_name(device)} channel {number}"
    if is_generic_channel_name(channel.name):
        return f"{device_name(device)} {channel.name}"
    return channel.name


def _unreadable(device: ApiDevice) -> bool:
    """Whether the server could not read the device's features (names among them)."""
    return not device.online or device.incompatible


class KnownNames:
    """The last name of each API device and its channels, by API device id.

    ``registry_name`` gives the name the device registry holds for a device
    never seen with a name since the entry was loaded (an HA restart while
    the device is offline); ``registry_channels`` the channels registered
    for it, by index and name, with :data:`UNKNOWN_CHANNEL_ID` as their id.
    """

    def __init__(
        self,
        registry_name: Callable[[str], str | None],
        registry_channels: Callable[[str], tuple[ApiChannel, ...]] = _no_channels,
    ) -> None:
        """Remember nothing yet."""
        self._registry_name = registry_name
        self._registry_channels = registry_channels
        self._names: dict[str, str] = {}
        self._channels: dict[str, tuple[ApiChannel, ...]] = {}

    def fill(self, device: ApiDevice) -> ApiDevice:
        """The device, with the names it was last known by where the server has none.

        Names the server reports are remembered. Only a device the server
        cannot read gets remembered ones (its name, its channels with their
        names): an online device without a name has none.
        """
        device_id = device.device_id
        if device.name is not None:
            self._names[device_id] = device.name
        if not _unreadable(device):
            if device.channels:
                self._channels[device_id] = tuple(
                    ApiChannel(id=ch.id, index=ch.index, name=ch.name)
                    for ch in device.channels
                )
            return device
        name = device.name or self._names.get(device_id)
        if name is None and (name := self._registry_name(device_id)) is not None:
            self._names[device_id] = name
        known = self._channels.get(device_id)
        if known is None:
            known = self._channels[device_id] = self._registry_channels(device_id)
        channels = (
            _with_channel_names(device.channels, known) if device.channels else known
        )
        if name == device.name and channels == device.channels:
            return device
        return replace(device, name=name, channels=channels)


def _with_channel_names(
    channels: tuple[ApiChannel, ...], known: tuple[ApiChannel, ...]
) -> tuple[ApiChannel, ...]:
    """``channels``, each without a name given the one it was last known by."""
    names = {ch.id: ch.name for ch in known}
    return tuple(
        ch if ch.name is not None else replace(ch, name=names.get(ch.id))
        for ch in channels
    )
