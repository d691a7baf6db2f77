"""The live directory: every device of every backend, as the live hub sees it.

Backends (receiver coordinators, System API coordinators) publish their
devices here as serialized devices (docs/websocket-api.md); the MQTT status
processor merges field telemetry in; the directory diffs every change down
to the fields that changed and tells its listeners (the live hub, the
telemetry entities). Alerts travel one way, whoever raises them: into
`raise_alert`, out to the device's Alert entity and to the hub. Nothing here
polls: all of it is pushed (docs/architecture.md, the publishing contract).

Devices are keyed by their case-folded device code (codes match
case-insensitively); the published spelling is kept for display.
Telemetry is kept per code apart from the backends' data, so it survives a
backend going away and coming back, and is saved in HA's Store so it
survives restarts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import copy
from dataclasses import dataclass, field
from typing import Any, Protocol

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..live.status import AlertType
from .serialization import (
    NESTED_FIELDS,
    Changes,
    code_key,
    diff,
    iso_now,
    later,
    merge_changes,
    normalize_device,
)

DIRECTORY: HassKey[LiveDirectory] = HassKey(f"{DOMAIN}_live_directory")
TELEMETRY_STORE_VERSION = 1
TELEMETRY_SAVE_DELAY = 10.0

TELEMETRY_VALUES = ("temperature", "humidity", "latitude", "longitude")
TELEMETRY_STATUSES = ("warning", "error")
"""MQTT statuses that replace the backend's status word while they last."""
TELEMETRY_FIELDS = frozenset({*TELEMETRY_VALUES, "status", "last_seen"})
"""Fields of the view that telemetry can decide; any other field is the backend's."""

type AlertListener = Callable[[AlertType, dict[str, Any]], None]
type TelemetryListener = Callable[[str, frozenset[str]], None]


class DirectoryListener(Protocol):
    """What the live hub hears from the directory."""

    def on_devices_changed(self, added: set[str], removed: set[str]) -> None:
        """Devices appeared or went away (keys)."""

    def on_changes(self, changes: list[tuple[str, Changes]], timestamp: str) -> None:
        """Fields of existing devices changed (only the changed fields)."""

    def on_alert(self, key: str, alert: dict[str, Any]) -> None:
        """An alert fired for a device."""

    def on_health(self, source: str, event: dict[str, Any]) -> None:
        """A backend's connection_update or api_health event."""


@dataclass
class _Device:
    """One device: what its backend says, and the merged view the hub sends."""

    code: str
    source: str
    base: dict[str, Any]
    view: dict[str, Any] = field(default_factory=dict)


class LiveDirectory:
    """Every device of every backend, with telemetry merged in."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start empty; `async_load` reads the saved telemetry."""
        self.hass = hass
        self._devices: dict[str, _Device] = {}
        self._telemetry: dict[str, dict[str, Any]] = {}
        self._health: dict[str, dict[str, Any]] = {}
        self._listeners: list[DirectoryListener] = []
        self._telemetry_listeners: list[TelemetryListener] = []
        self._alert_listeners: dict[str, list[AlertListener]] = {}
        self._store: Store[dict[str, Any]] = Store(
            hass, TELEMETRY_STORE_VERSION, f"{DOMAIN}.telemetry"
        )

    async def async_load(self) -> None:
        """Read the telemetry saved before the last restart."""
        data = await self._store.async_load()
        if data and isinstance(data.get("devices"), dict):
            self._telemetry.update(data["devices"])

    # Reading

    def __contains__(self, code: str) -> bool:
        """Whether a device with this code is known (any case)."""
        return code_key(code) in self._devices

    def __len__(self) -> int:
        """How many devices are known."""
        return len(self._devices)

    def keys(self) -> Iterable[str]:
        """The keys of every known device."""
        return self._devices.keys()

    def code_of(self, code: str) -> str | None:
        """The published spelling of a code given in any case."""
        device = self._devices.get(code_key(code))
        return None if device is None else device.code

    def get(self, key: str) -> dict[str, Any] | None:
        """The serialized device (without groups), not to be modified."""
        device = self._devices.get(key)
        return None if device is None else device.view

    def sources(self) -> dict[str, set[str]]:
        """Each backend with the keys of its devices (backends without devices too)."""
        result: dict[str, set[str]] = {source: set() for source in self._health}
        for key, device in self._devices.items():
            result.setdefault(device.source, set()).add(key)
        return result

    def health(self, source: str) -> list[dict[str, Any]]:
        """The last connection_update and api_health events of a backend."""
        return list(self._health.get(source, {}).get("events", {}).values())

    def telemetry(self, code: str) -> Mapping[str, Any]:
        """The MQTT telemetry of a device (status, values, last_seen)."""
        return self._telemetry.get(code_key(code), {})

    def telemetry_codes(self) -> list[str]:
        """Codes of every device with saved telemetry."""
        return [t.get("device_code", key) for key, t in self._telemetry.items()]

    # Listening

    @callback
    def async_add_listener(self, listener: DirectoryListener) -> CALLBACK_TYPE:
        """Hear about devices, changes, alerts and backend health."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_add_telemetry_listener(
        self, listener: TelemetryListener
    ) -> CALLBACK_TYPE:
        """Hear (code, changed fields) whenever a device's telemetry changes."""
        self._telemetry_listeners.append(listener)
        return lambda: self._telemetry_listeners.remove(listener)

    @callback
    def async_listen_alerts(self, code: str, listener: AlertListener) -> CALLBACK_TYPE:
        """Hear every alert raised for one device (its code in any case)."""
        listeners = self._alert_listeners.setdefault(code_key(code), [])
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    # Publishing (backends)

    @callback
    def publish(self, source: str, devices: Mapping[str, Mapping[str, Any]]) -> None:
        """Replace every device of one backend; devices it no longer lists go away."""
        stale = {k for k, d in self._devices.items() if d.source == source}
        added: set[str] = set()
        changes: list[tuple[str, Changes]] = []
        for code, raw in devices.items():
            key = code_key(code)
            stale.discard(key)
            base = normalize_device(code, raw)
            device = self._devices.get(key)
            if device is None:
                device = self._devices[key] = _Device(code, source, base)
                device.view = self._merged(device)
                added.add(key)
            else:
                device.code, device.source, device.base = code, source, base
                self._refresh(key, device, changes)
        for key in stale:
            del self._devices[key]
        self._notify(added, stale, changes)

    @callback
    def update(self, code: str, changes: Mapping[str, Any]) -> None:
        """Change some fields of one device (e.g. a meter sample)."""
        key = code_key(code)
        device = self._devices.get(key)
        if device is None:
            return
        merge_changes(device.base, changes)
        found: list[tuple[str, Changes]] = []
        if TELEMETRY_FIELDS.isdisjoint(changes):
            # Meter samples take this path 2,000 times a second on a busy
            # board: the view changes exactly as the base did.
            if change := _apply(device.view, changes):
                found.append((key, change))
        else:
            self._refresh(key, device, found)
        self._notify(set(), set(), found)

    @callback
    def withdraw(self, source: str) -> None:
        """Forget every device and the health of a backend (its entry unloaded)."""
        removed = {k for k, d in self._devices.items() if d.source == source}
        for key in removed:
            del self._devices[key]
        self._health.pop(source, None)
        self._notify(set(), removed, [])

    @callback
    def set_health(self, source: str, events: Iterable[dict[str, Any]]) -> None:
        """Record a backend's connection_update / api_health events; send changed ones."""
        state = self._health.setdefault(source, {"events": {}})
        for reported in events:
            kind = reported["type"]
            event = {k: v for k, v in reported.items() if k != "last_update"}
            last = state["events"].get(kind)
            if last is not None and event == {
                k: v for k, v in last.items() if k != "last_update"
            }:
                continue
            event["last_update"] = reported.get("last_update") or iso_now()
            state["events"][kind] = event
            for listener in list(self._listeners):
                listener.on_health(source, event)

    # Telemetry (MQTT)

    @callback
    def set_telemetry(
        self, code: str, values: Mapping[str, Any], *, restored: bool = False
    ) -> frozenset[str]:
        """Merge telemetry into a device; return the names of fields that changed.

        `restored` values (from an entity's last state) only fill gaps and
        fire no alert.
        """
        key = code_key(code)
        current = self._telemetry.setdefault(key, {"device_code": code})
        changed = frozenset(
            name
            for name, value in values.items()
            if current.get(name) != value and not (restored and name in current)
        )
        if not changed:
            return changed
        before = current.get("status")
        current.update({name: values[name] for name in changed})
        device = self._devices.get(key)
        if device is not None:
            found: list[tuple[str, Changes]] = []
            self._refresh(key, device, found)
            self._notify(set(), set(), found)
        status = current.get("status")
        if not restored and status != before and status in TELEMETRY_STATUSES:
            alert = AlertType(f"status_{status}")
            self.raise_alert(code, alert, {"device_code": code, "status": status})
        for listener in list(self._telemetry_listeners):
            listener(code, changed)
        self._store.async_delay_save(self._saved, TELEMETRY_SAVE_DELAY)
        return changed

    def _saved(self) -> dict[str, Any]:
        return {"devices": copy.deepcopy(self._telemetry)}

    # Alerts

    @callback
    def raise_alert(self, code: str, alert: AlertType, details: dict[str, Any]) -> None:
        """Send an alert to the device's alert listeners and to the hub, once each."""
        key = code_key(code)
        for alert_listener in list(self._alert_listeners.get(key, ())):
            alert_listener(alert, details)
        device = self._devices.get(key)
        event = {
            "type": "system_alert",
            "alert_type": alert.value,
            "device_code": code if device is None else device.code,
            "name": None if device is None else device.view.get("name"),
            "timestamp": iso_now(),
            "details": details,
        }
        for listener in list(self._listeners):
            listener.on_alert(key, event)

    # Internals

    def _merged(self, device: _Device) -> dict[str, Any]:
        view = {
            k: (dict(v) if k in NESTED_FIELDS else v) for k, v in device.base.items()
        }
        telemetry = self._telemetry.get(code_key(device.code))
        if telemetry:
            for name in TELEMETRY_VALUES:
                if telemetry.get(name) is not None:
                    view[name] = telemetry[name]
            if telemetry.get("status") in TELEMETRY_STATUSES:
                view["status"] = telemetry["status"]
            seen = telemetry.get("last_seen")
            if seen is not None and later(seen, view["last_seen"]):
                view["last_seen"] = seen
        return view

    def _refresh(
        self, key: str, device: _Device, found: list[tuple[str, Changes]]
    ) -> None:
        view = self._merged(device)
        changes = diff(device.view, view)
        device.view = view
        if changes:
            found.append((key, changes))

    def _notify(
        self, added: set[str], removed: set[str], changes: list[tuple[str, Changes]]
    ) -> None:
        if added or removed:
            for listener in list(self._listeners):
                listener.on_devices_changed(added, removed)
        if changes:
            timestamp = iso_now()
            for listener in list(self._listeners):
                listener.on_changes(changes, timestamp)


def _apply(view: dict[str, Any], changes: Mapping[str, Any]) -> Changes:
    """Set fields of a view in place; return those that really changed (as `diff`)."""
    found: Changes = {}
    for name, value in changes.items():
        current = view.get(name)
        if name in NESTED_FIELDS and isinstance(value, Mapping):
            if not isinstance(current, dict):
                current = view[name] = dict.fromkeys(NESTED_FIELDS[name])
            moved = {k: v for k, v in value.items() if current.get(k) != v}
            if moved:
                current.update(moved)
                found[name] = moved
        elif current != value:
            view[name] = value
            found[name] = value
    return found


def live_directory(hass: HomeAssistant) -> LiveDirectory:
    """The directory shared by every entry."""
    directory = hass.data.get(DIRECTORY)
    if directory is None:
        directory = hass.data[DIRECTORY] = LiveDirectory(hass)
    return directory
