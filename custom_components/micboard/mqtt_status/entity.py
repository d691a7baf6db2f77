"""Entities of an MQTT status entry: field telemetry and the message counters.

`temperature` and `humidity` sensors and the `location` device tracker are
created on the device of a code the first time that device reports them
(unique id `<device_code>_<key>`), and again at every start for those that
exist; they restore their last value, which also seeds the live board when
nothing newer is known. The counters (`accepted_messages`,
`rejected_messages`) sit on the entry's own service device and are written
at most every few seconds, however fast messages arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

from ..compat import PER_ENTRY_DEVICES, find_foreign_device
from ..const import DOMAIN, MANUFACTURER
from ..live.directory import LiveDirectory, live_directory
from .data import service_device_identifier

COUNTER_WRITE_DELAY = 5.0
"""Seconds between two state writes of the message counters."""


class TelemetryEntity(Entity):
    """An entity showing one kind of MQTT telemetry of one device."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    fields: tuple[str, ...] = ()
    """Telemetry fields this entity shows (a change of any writes state)."""

    def __init__(
        self,
        directory: LiveDirectory,
        code: str,
        key: str,
        device: dr.DeviceEntry | None = None,
    ) -> None:
        """Attach to the device with this code (found by `device_of_code`)."""
        self.directory = directory
        self.code = code
        self._attr_unique_id = f"{code}_{key}"
        if PER_ENTRY_DEVICES:
            # 2026.x: another entry's device is attached by its entry, not by
            # identifiers (those would make a new device of this entry).
            self.device_entry = device
        else:
            self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, code)})

    @property
    def telemetry(self) -> dict[str, Any]:
        """The device's current telemetry."""
        return dict(self.directory.telemetry(self.code))

    async def async_added_to_hass(self) -> None:
        """Follow the device's telemetry."""
        await super().async_added_to_hass()

        @callback
        def changed(code: str, names: frozenset[str]) -> None:
            if code == self.code and names & set(self.fields):
                self.async_write_ha_state()

        self.async_on_remove(self.directory.async_add_telemetry_listener(changed))

    @callback
    def restore(self, values: dict[str, Any]) -> None:
        """Fill telemetry the directory does not know from a restored state."""
        known = self.directory.telemetry(self.code)
        missing = {k: v for k, v in values.items() if v is not None and k not in known}
        if missing:
            self.directory.set_telemetry(self.code, missing, restored=True)


@callback
def async_track_telemetry(
    hass: HomeAssistant,
    entry: ConfigEntry,
    platform: str,
    *,
    kinds: dict[str, tuple[str, ...]],
    factory: Callable[[LiveDirectory, str, str, dr.DeviceEntry | None], Entity],
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add telemetry entities that exist, and new ones as devices first report.

    `kinds` maps an entity key to the telemetry fields that call for it
    (`location`: latitude and longitude). An entity another entry already
    owns is left alone.
    """
    directory = live_directory(hass)
    registry = er.async_get(hass)
    created: set[str] = set()

    def wanted(code: str, key: str) -> bool:
        unique_id = f"{code}_{key}"
        if unique_id in created:
            return False
        entity_id = registry.async_get_entity_id(platform, DOMAIN, unique_id)
        owner = registry.async_get(entity_id) if entity_id else None
        return owner is None or owner.config_entry_id == entry.entry_id

    def add(pairs: Iterable[tuple[str, str]]) -> None:
        new = [(code, key) for code, key in pairs if wanted(code, key)]
        created.update(f"{code}_{key}" for code, key in new)
        if new:
            async_add_entities(
                [
                    factory(directory, code, key, device_of_code(code, key))
                    for code, key in new
                ]
            )

    def device_of_code(code: str, key: str) -> dr.DeviceEntry | None:
        """The backend's device of a code, else the one the entity had before."""
        if not PER_ENTRY_DEVICES:
            return None
        devices = dr.async_get(hass)
        found = find_foreign_device(devices, (DOMAIN, code), entry.entry_id)
        if found is None:
            entity_id = registry.async_get_entity_id(platform, DOMAIN, f"{code}_{key}")
            known = registry.async_get(entity_id) if entity_id else None
            if known is not None and known.device_id is not None:
                found = devices.async_get(known.device_id)
        return found

    add(
        (registered.unique_id[: -len(key) - 1], key)
        for registered in er.async_entries_for_config_entry(registry, entry.entry_id)
        if registered.domain == platform
        for key in kinds
        if registered.unique_id.endswith(f"_{key}")
    )

    @callback
    def on_telemetry(code: str, names: frozenset[str]) -> None:
        telemetry = directory.telemetry(code)
        add(
            (code, key)
            for key, fields in kinds.items()
            if names & set(fields) and all(telemetry.get(f) is not None for f in fields)
        )

    entry.async_on_unload(directory.async_add_telemetry_listener(on_telemetry))


def service_device_info(entry: ConfigEntry) -> DeviceInfo:
    """The MQTT status entry's own device."""
    return DeviceInfo(
        identifiers={service_device_identifier(entry)},
        manufacturer=MANUFACTURER,
        name=entry.title,
        entry_type=DeviceEntryType.SERVICE,
    )


class ThrottledWrites(Entity):
    """Writes state at most once per COUNTER_WRITE_DELAY (for busy counters)."""

    _cancel_write: CALLBACK_TYPE | None = None

    @callback
    def schedule_write(self) -> None:
        """Write state soon, unless a write is already scheduled."""
        if self._cancel_write is None:
            self._cancel_write = async_call_later(
                self.hass, COUNTER_WRITE_DELAY, self._write
            )

    @callback
    def _write(self, _now: object) -> None:
        self._cancel_write = None
        self.async_write_ha_state()

    async def async_will_remove_from_hass(self) -> None:
        """Drop a pending write."""
        if self._cancel_write is not None:
            self._cancel_write()
            self._cancel_write = None
        await super().async_will_remove_from_hass()
