"""Device-registry calls that differ between Home Assistant 2025.4 and 2026.x.

2026.x deprecates `via_device` (use `via_device_id`) and identifier look-ups
across entries (use `async_get_device_by_identifier`); 2025.4 has neither
replacement. Each helper uses the newer API where it exists.
"""

from __future__ import annotations

from typing import cast

from homeassistant.helpers import device_registry as dr

HAS_VIA_DEVICE_ID = "via_device_id" in dr.DeviceInfo.__annotations__


def find_device(
    registry: dr.DeviceRegistry, identifier: tuple[str, str], entry_id: str
) -> dr.DeviceEntry | None:
    """The entry's device with this identifier."""
    if hasattr(registry, "async_get_device_by_identifier"):
        device: dr.DeviceEntry | None = registry.async_get_device_by_identifier(
            identifier, entry_id
        )
        return device
    return registry.async_get_device(identifiers={identifier})


def via_device(
    receiver_identifier: tuple[str, str], receiver_device_id: str
) -> dr.DeviceInfo:
    """The DeviceInfo part that hangs a channel device under its receiver."""
    if HAS_VIA_DEVICE_ID:
        return cast("dr.DeviceInfo", {"via_device_id": receiver_device_id})
    return cast("dr.DeviceInfo", {"via_device": receiver_identifier})


PER_ENTRY_DEVICES = hasattr(dr.DeviceRegistry, "async_get_devices")
"""Identifiers are unique per config entry (2026.x), not across entries (2025.x)."""


def find_foreign_device(
    registry: dr.DeviceRegistry, identifier: tuple[str, str], entry_id: str
) -> dr.DeviceEntry | None:
    """The device another entry registered with this identifier (2026.x only).

    On 2025.x identifiers are global: an entity's DeviceInfo with the
    identifier attaches it to that device, so no look-up is needed.
    """
    devices: list[dr.DeviceEntry] = registry.async_get_devices(  # type: ignore[attr-defined]
        identifiers={identifier}
    )
    return next(
        (
            device
            for device in devices
            if getattr(device, "config_entry_id", None) != entry_id
            and entry_id not in device.config_entries
        ),
        None,
    )
