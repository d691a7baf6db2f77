"""How a backend puts its devices, health and alerts on the live board.

Every backend does the same four things with the live directory
(docs/architecture.md, the publishing contract): `publish` its devices on
every update, `update` fields that change between updates (meter samples),
`set_health` with the events below, and `raise_alert` for each alert; on
unload it is withdrawn. `async_publish_coordinator` wires a plain
coordinator in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from ..compat import find_device
from ..const import DOMAIN
from .directory import LiveDirectory, live_directory

type LiveDevicesFn = Callable[[], Mapping[str, Mapping[str, Any]]]


class EntryPublisher:
    """Where one entry publishes, and its devices' registry ids by code."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Remember the directory and the entry (the devices' source)."""
        self.hass = hass
        self.directory: LiveDirectory = live_directory(hass)
        self.source = entry.entry_id
        self._device_ids: dict[str, str] = {}

    def _device_id(self, code: str) -> str | None:
        """The HA device registry id of a code (cached once found)."""
        if (found := self._device_ids.get(code)) is not None:
            return found
        device = find_device(dr.async_get(self.hass), (DOMAIN, code), self.source)
        if device is None:
            return None
        self._device_ids[code] = device.id
        return device.id


def health_events(
    backend: str,
    endpoint: str,
    *,
    online: bool,
    error_count: int,
    response_time_ms: float | None = None,
) -> list[dict[str, Any]]:
    """A backend's connection_update and api_health events."""
    return [
        {
            "type": "connection_update",
            "backend": backend,
            "manufacturer": "shure",
            "status": "connected" if online else "disconnected",
            "latency_ms": None,
        },
        {
            "type": "api_health",
            "backend": backend,
            "endpoint": endpoint,
            "status": "healthy" if online else "unreachable",
            "response_time_ms": (
                None if response_time_ms is None else round(response_time_ms, 1)
            ),
            "error_count": error_count,
        },
    ]


def coordinator_health(
    coordinator: DataUpdateCoordinator[Any], backend: str, endpoint: str
) -> list[dict[str, Any]]:
    """The health of a plain coordinator: its last update succeeded or not."""
    ok = coordinator.last_update_success
    return health_events(backend, endpoint, online=ok, error_count=0 if ok else 1)


@callback
def async_publish_coordinator(
    hass: HomeAssistant,
    coordinator: DataUpdateCoordinator[Any],
    live_devices: LiveDevicesFn,
    health: Callable[[], Iterable[dict[str, Any]]] | None = None,
) -> None:
    """Publish a coordinator's devices on every update, until its entry unloads.

    `live_devices()` returns {device_code: serialized device}; `health()`
    optionally returns the backend's connection_update / api_health events
    (an event is sent again only when a field other than `last_update`
    changes; `last_update` defaults to the time of that change).
    """
    entry = coordinator.config_entry
    assert entry is not None
    directory = live_directory(hass)
    source = entry.entry_id
    host = entry.data.get("host")
    endpoint = f"{host}:{entry.data.get('port')}" if host else entry.title

    @callback
    def publish() -> None:
        if coordinator.data is not None:
            directory.publish(source, live_devices())
        events = (
            list(health())
            if health is not None
            else coordinator_health(coordinator, entry.title, endpoint)
        )
        directory.set_health(source, events)

    publish()
    entry.async_on_unload(coordinator.async_add_listener(publish))
    entry.async_on_unload(lambda: directory.withdraw(source))
