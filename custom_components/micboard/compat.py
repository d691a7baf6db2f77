"""Device-registry calls that differ between Home Assistant 2025.4 and 2026.x.

2026.x deprecates `via_device` (use `via_device_id`), identifier look-ups
across entries (use `async_get_device_by_identifier`), `DeviceEntry.config_entries`
(a device has one `config_entry_id`) and `registry.devices` as a mapping;
2025.4 has none of the replacements. Each helper uses the newer API where it
exists.
"""

from __future__ import annotations

from typing import cast

from homeassistant.core import HomeAssistant
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


SINGLE_ENTRY_DEVICES = hasattr(dr.DeviceEntry, "config_entry_id")
"""A device belongs to one config entry (2026.x), not to a set of them (2025.x)."""


def device_entry_ids(device: dr.DeviceEntry) -> set[str]:
    """The config entries the device belongs to."""
    if SINGLE_ENTRY_DEVICES:
        return {cast("str", getattr(device, "config_entry_id"))}  # noqa: B009
    return set(device.config_entries)


def domain_devices(hass: HomeAssistant, domain: str) -> list[dr.DeviceEntry]:
    """Every device of the domain's config entries, once each."""
    registry = dr.async_get(hass)
    devices: dict[str, dr.DeviceEntry] = {}
    for entry in hass.config_entries.async_entries(domain):
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            devices[device.id] = device
    return list(devices.values())


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
        (device for device in devices if entry_id not in device_entry_ids(device)),
        None,
    )
