"""Device codes: the stable, user-visible key of every receiver and channel.

A receiver's code is its Shure device id (DEVICE_ID on command strings,
hardwareIdentity.deviceId on the System API), else its host; a channel's is
`<receiver code>-<channel number>`. Spaces become `_`; codes compare
case-insensitively and are unique across all entries of every kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN


def normalize_code(raw: str) -> str:
    """A code from a Shure id: trimmed, inner spaces as underscores."""
    return "_".join(raw.split())


def channel_code(receiver_code: str, channel: int) -> str:
    """The code of one channel of a receiver."""
    return f"{receiver_code}-{channel}"


@dataclass
class DeviceCodeRegistry:
    """Which config entry owns which receiver code (case-insensitive)."""

    _owners: dict[str, str] = field(default_factory=dict)

    def claim(self, code: str, entry_id: str) -> str | None:
        """Claim a code for an entry; return the other owner on a clash."""
        owner = self._owners.setdefault(code.casefold(), entry_id)
        return None if owner == entry_id else owner

    def release(self, entry_id: str) -> None:
        """Forget every code an entry owned."""
        for key in [k for k, owner in self._owners.items() if owner == entry_id]:
            del self._owners[key]


DEVICE_CODES: HassKey[DeviceCodeRegistry] = HassKey(f"{DOMAIN}_device_codes")


def device_codes(hass: HomeAssistant) -> DeviceCodeRegistry:
    """The registry of device codes shared by every entry."""
    return hass.data.setdefault(DEVICE_CODES, DeviceCodeRegistry())
