"""Devices of a System API entry: the server, its devices and their channels.

The server is a service device; each API device hangs `via_device` the
server, each audio channel `via_device` its API device. Codes follow
device_code.py: the device's Shure device id, a channel's `<code>-<n>`.
"""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from ..compat import find_device, via_device
from ..const import DOMAIN, LOGGER, MANUFACTURER
from ..device_code import channel_code, device_codes, normalize_code
from ..shure.systemapi import ApiChannel, ApiDevice
from .devices import numbered_channels
from .names import UNKNOWN_CHANNEL_ID, channel_name, device_name


def server_code(entry: ConfigEntry) -> str:
    """The server's identifier: stable across a change of host (reconfigure)."""
    return f"system_api_{entry.entry_id}"


def server_device_info(entry: ConfigEntry) -> DeviceInfo:
    """The System API server itself (a service that other devices hang under)."""
    return DeviceInfo(
        identifiers={(DOMAIN, server_code(entry))},
        entry_type=DeviceEntryType.SERVICE,
        manufacturer=MANUFACTURER,
        model="System API",
        name=entry.title,
    )


def api_device_info(
    entry: ConfigEntry, device: ApiDevice, code: str, server_device_id: str
) -> DeviceInfo:
    """One device the server reports, under the server."""
    return DeviceInfo(
        identifiers={(DOMAIN, code)},
        manufacturer=MANUFACTURER,
        model=device.model,
        name=device_name(device),
        sw_version=device.firmware,
        serial_number=device.serial,
        **via_device((DOMAIN, server_code(entry)), server_device_id),
    )


def channel_device_info(
    device: ApiDevice,
    channel: ApiChannel,
    number: int,
    code: str,
    parent_device_id: str,
) -> DeviceInfo:
    """One audio channel (one mic), under its device."""
    return DeviceInfo(
        identifiers={(DOMAIN, channel_code(code, number))},
        manufacturer=MANUFACTURER,
        model=device.model,
        name=channel_name(device, channel, number),
        **via_device((DOMAIN, code), parent_device_id),
    )


def _registry_view(device: ApiDevice) -> tuple[object, ...]:
    """What the device registry shows of a device: re-register when it changes."""
    return (
        device.name,
        device.model,
        device.firmware,
        device.serial,
        tuple((ch.index, ch.name) for ch in device.channels),
    )


def _channel_number(code: str, identifier: str) -> int | None:
    """n when ``identifier`` is the code of channel n of device ``code``."""
    _, _, tail = identifier.rpartition("-")
    if not tail.isdecimal() or (number := int(tail)) < 1:
        return None
    return number if channel_code(code, number) == identifier else None


class RegisteredDevices:
    """Device codes (claimed across entries) and registry entries of one server."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, where: str) -> None:
        """Nothing is registered until :meth:`register_server`."""
        self._hass = hass
        self._entry = entry
        self._where = where
        self.codes: dict[str, str] = {}
        """API device id -> device code (see device_code.py)."""
        self.registry_ids: dict[str, str] = {}
        """API device id -> device registry id."""
        self.server_device_id = ""
        self._seen: dict[str, tuple[object, ...]] = {}

    @callback
    def register_server(self) -> None:
        """Create (or update) the server's device."""
        registry = dr.async_get(self._hass)
        self.server_device_id = registry.async_get_or_create(
            config_entry_id=self._entry.entry_id, **server_device_info(self._entry)
        ).id

    @callback
    def registry_name(self, device_id: str) -> str | None:
        """The name the device registry holds for a device of this server, if any.

        Not a name the user gave it in Home Assistant (that one is shown
        anyway): the one Micboard last registered.
        """
        entry = find_device(
            dr.async_get(self._hass),
            (DOMAIN, self._code(device_id)),
            self._entry.entry_id,
        )
        return entry.name if entry is not None else None

    @callback
    def registry_channels(self, device_id: str) -> tuple[ApiChannel, ...]:
        """The channels the device registry holds for a device of this server.

        Each channel device under the device gives a channel: its number (the
        index + 1) and the name Micboard last registered. Their API id is not
        known (:data:`UNKNOWN_CHANNEL_ID`).
        """
        registry = dr.async_get(self._hass)
        code = self._code(device_id)
        parent = find_device(registry, (DOMAIN, code), self._entry.entry_id)
        if parent is None:
            return ()
        found: dict[int, str | None] = {}
        for entry in dr.async_entries_for_config_entry(registry, self._entry.entry_id):
            if entry.via_device_id != parent.id:
                continue
            for domain, identifier in entry.identifiers:
                number = _channel_number(code, identifier)
                if domain == DOMAIN and number is not None:
                    found[number] = entry.name
        return tuple(
            ApiChannel(id=UNKNOWN_CHANNEL_ID, index=number - 1, name=found[number])
            for number in sorted(found)
        )

    @callback
    def adopt(self, devices: Iterable[ApiDevice]) -> None:
        """Claim codes for new devices; register new ones and follow renames.

        A name the user gave a device in Home Assistant is kept.
        """
        registry = dr.async_get(self._hass)
        entry_id = self._entry.entry_id
        for device in devices:
            device_id = device.device_id
            code = self._code(device_id)
            seen = _registry_view(device)
            if self._seen.get(device_id) == seen:
                continue
            self._seen[device_id] = seen
            info = api_device_info(self._entry, device, code, self.server_device_id)
            parent = registry.async_get_or_create(config_entry_id=entry_id, **info)
            self.registry_ids[device_id] = parent.id
            for number, channel in numbered_channels(device).items():
                registry.async_get_or_create(
                    config_entry_id=entry_id,
                    **channel_device_info(device, channel, number, code, parent.id),
                )

    @callback
    def _code(self, device_id: str) -> str:
        """The device's code, claimed the first time it is asked for."""
        if device_id not in self.codes:
            self.codes[device_id] = self._claim(device_id)
        return self.codes[device_id]

    @callback
    def _claim(self, device_id: str) -> str:
        """The device's code; host-qualified when another entry owns it."""
        wanted = normalize_code(device_id)
        codes = device_codes(self._hass)
        entry_id = self._entry.entry_id
        if codes.claim(wanted, entry_id) is None:
            return wanted
        code = normalize_code(f"{wanted}_{self._where.replace(':', '_')}")
        codes.claim(code, entry_id)
        LOGGER.warning(
            "Device %s of System API server %s is already monitored by another "
            "entry; its device code here is %s",
            device_id,
            self._where,
            code,
        )
        return code

    def current_codes(self, devices: Iterable[ApiDevice]) -> set[str]:
        """Codes of these devices and their channels."""
        found: set[str] = set()
        for device in devices:
            code = self.codes[device.device_id]
            found.add(code)
            found.update(channel_code(code, n) for n in numbered_channels(device))
        return found
