"""The per-user live hub and its websocket commands (docs/websocket-api.md).

The hub listens to the live directory (it never polls) and sends each
subscription what its user may see: `initial_data`, then `batch_update`s
carrying only changed fields, plus `connection_update`, `api_health` and
`system_alert` events. When changes go out is decided per window
(`windows.py`): a device's state at once unless it changed within the
window, meter readings at most once per window, as `batch_update` fields or,
for subscribers that ask for them, as compact `meter_frame` rows
(`meter_frame.py`). Each distinct payload is serialized once per flush and
spliced into every subscriber's event message; sending only queues bytes on
HA's connection (which drops a client that cannot keep up), so a slow or
dead client never delays the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_NOT_FOUND,
)
from homeassistant.components.websocket_api.decorators import (
    websocket_command,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.json import json_bytes
from homeassistant.util.hass_dict import HassKey
import voluptuous as vol

from ..const import DOMAIN, LOGGER
from .directory import LiveDirectory, live_directory
from .group_commands import async_register_group_commands
from .groups import GROUPS, GroupStore, View
from .meter_frame import (
    METER_FIELDS_OF,
    METER_MODES,
    METERS_BATCH,
    METERS_COMPACT,
    MeterIndex,
    MeterIndexes,
    meter_frame,
)
from .serialization import Changes, code_key, split_meters
from .windows import Pending, Stamps, Window

HUB: HassKey[LiveHub] = HassKey(f"{DOMAIN}_live_hub")
DEFAULT_WINDOW_MS = 100
MAX_WINDOW_MS = 5000

type Keys = frozenset[str] | None
"""Device keys a subscription may see; None = every device."""


def event_bytes(msg_id: int, payload: bytes) -> bytes:
    """An HA websocket event message around an already serialized payload."""
    return b'{"id":%d,"type":"event","event":%b}' % (msg_id, payload)


@dataclass(eq=False)
class Subscription:
    """One `micboard/subscribe` of one connection."""

    connection: ActiveConnection
    msg_id: int
    window: float
    group_id: str | None
    codes: frozenset[str] | None
    view: View
    keys: Keys = None
    meters: str = METERS_BATCH
    index: MeterIndex | None = None
    """Compact subscribers: positions in the last initial_data sent."""

    def sees(self, key: str) -> bool:
        """Whether a device is in this subscription."""
        return self.keys is None or key in self.keys


class LiveHub:
    """Fans directory changes out to websocket subscriptions, per user."""

    def __init__(
        self, hass: HomeAssistant, directory: LiveDirectory, groups: GroupStore
    ) -> None:
        """Listen to nothing yet: `async_setup_live` wires it."""
        self.hass = hass
        self.directory = directory
        self.groups = groups
        self.subscriptions: set[Subscription] = set()
        self._flushers: dict[float, Window] = {}
        self._windows: dict[str, dict[float, Window]] = {
            METERS_BATCH: self._flushers,
            METERS_COMPACT: {},
        }
        """Windows by meter mode (compact ones count more fields as meters)."""
        self._indexes = MeterIndexes()
        self.sent_messages = 0
        self.serializations = 0

    # Visibility

    def keys_for(self, view: View, group_id: str | None, codes: Keys) -> Keys:
        """What a subscription sees: the user's devices, narrowed by its filter."""
        keys = view.keys
        if group_id is not None:
            group = self.groups.get(group_id)
            group_keys = group.keys if group is not None else frozenset()
            keys = group_keys if keys is None else keys & group_keys
        if codes is not None:
            keys = codes if keys is None else keys & codes
        return keys

    def visible(self, keys: Keys, group_id: str | None = None) -> list[str]:
        """Keys of existing devices in a key set, in board order."""
        directory = self.directory
        group = self.groups.get(group_id) if group_id is not None else None
        if group is not None:
            order = [code_key(c) for c in group.device_codes if c]
            return [k for k in dict.fromkeys(order) if k in directory]
        found = (
            directory.keys() if keys is None else (k for k in keys if k in directory)
        )
        return sorted(
            found, key=lambda k: (directory.get(k) or {}).get("device_code", k)
        )

    def devices(
        self, view: View, keys: Keys, group_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Serialized devices with the user's `groups` field."""
        result = []
        for key in self.visible(keys, group_id):
            device = self.directory.get(key)
            if device is not None and (keys is None or key in keys):
                result.append({**device, "groups": self.groups.group_refs(key, view)})
        return result

    # Subscriptions

    @callback
    def subscribe(
        self,
        connection: ActiveConnection,
        msg_id: int,
        *,
        window_ms: int = DEFAULT_WINDOW_MS,
        group_id: str | None = None,
        codes: Iterable[str] | None = None,
        meters: str = METERS_BATCH,
    ) -> Subscription:
        """Start a subscription: send initial_data and the backends' health."""
        view = self.groups.view(connection.user)
        keyset = None if codes is None else frozenset(code_key(c) for c in codes)
        sub = Subscription(connection, msg_id, window_ms / 1000, group_id, keyset, view)
        sub.keys = self.keys_for(view, group_id, keyset)
        sub.meters = meters
        self.subscriptions.add(sub)
        window = self._windows[meters].get(sub.window)
        if window is None:
            window = self._windows[meters][sub.window] = Window(
                sub.window, self.hass.loop, self._flush_state, self._flush_meters
            )
        window.subs.add(sub)
        self._send_initial([sub])
        for source in self._sources_seen_by(sub):
            for event in self.directory.health(source):
                self._send(sub, json_bytes(event))
        return sub

    @callback
    def unsubscribe(self, sub: Subscription) -> None:
        """End a subscription and release everything it held."""
        self.subscriptions.discard(sub)
        flushers = self._windows[sub.meters]
        window = flushers.get(sub.window)
        if window is None:
            return
        window.subs.discard(sub)
        if not window.subs:
            window.cancel()
            del flushers[sub.window]

    @callback
    def on_groups_changed(self) -> None:
        """Visibility may have changed: re-evaluate and resend every board."""
        for sub in self.subscriptions:
            sub.view = self.groups.view(sub.connection.user)
            sub.keys = self.keys_for(sub.view, sub.group_id, sub.codes)
        self._send_initial(list(self.subscriptions))

    # Directory listener

    @callback
    def on_devices_changed(self, added: set[str], removed: set[str]) -> None:
        """Resend the board to subscriptions that gain or lose a device."""
        for flushers in self._windows.values():
            for window in flushers.values():
                for key in removed:
                    window.forget(key)
        touched = added | removed
        self._send_initial(
            [s for s in self.subscriptions if any(s.sees(k) for k in touched)]
        )

    @callback
    def on_changes(self, changes: list[tuple[str, Changes]], timestamp: str) -> None:
        """Queue changed fields in every window; each window decides when they go."""
        for mode, flushers in self._windows.items():
            if not flushers:
                continue
            fields = METER_FIELDS_OF[mode]
            split = [(key, *split_meters(change, fields)) for key, change in changes]
            for window in flushers.values():
                for key, state, meters in split:
                    window.add(key, state, meters, timestamp)

    @callback
    def on_alert(self, key: str, alert: dict[str, Any]) -> None:
        """Send a system_alert to subscriptions that see the device."""
        subs = [s for s in self.subscriptions if s.sees(key)]
        if subs:
            payload = self._serialize(alert)
            for sub in subs:
                self._send(sub, payload)

    @callback
    def on_health(self, source: str, event: dict[str, Any]) -> None:
        """Send a connection_update / api_health to subscriptions that see the backend."""
        subs = [s for s in self.subscriptions if source in self._sources_seen_by(s)]
        if subs:
            payload = self._serialize(event)
            for sub in subs:
                self._send(sub, payload)

    # Internals

    def _sources_seen_by(self, sub: Subscription) -> set[str]:
        return {
            source
            for source, keys in self.directory.sources().items()
            if (sub.view.admin and sub.keys is None) or any(sub.sees(k) for k in keys)
        }

    @callback
    def _flush_state(self, window: Window, pending: Pending, stamps: Stamps) -> None:
        """Devices whose state may go out now: one batch_update per view."""
        for keys, subs in self._by_keys(window.subs).items():
            self._send_all(subs, self._batch_update(keys, pending, stamps))

    @callback
    def _flush_meters(self, window: Window, pending: Pending, stamps: Stamps) -> None:
        """The window's meter readings: batch_update, or a frame per board order."""
        batch: list[Subscription] = []
        compact: dict[MeterIndex | None, list[Subscription]] = defaultdict(list)
        for sub in window.subs:
            if sub.meters == METERS_COMPACT:
                compact[sub.index].append(sub)
            else:
                batch.append(sub)
        for keys, subs in self._by_keys(batch).items():
            self._send_all(subs, self._batch_update(keys, pending, stamps))
        for index, subs in compact.items():
            self._send_all(subs, self._meter_frame(index, pending, stamps))

    @staticmethod
    def _by_keys(subs: Iterable[Subscription]) -> dict[Keys, list[Subscription]]:
        by_keys: dict[Keys, list[Subscription]] = defaultdict(list)
        for sub in subs:
            by_keys[sub.keys].append(sub)
        return by_keys

    def _batch_update(
        self, keys: Keys, pending: Pending, stamps: Stamps
    ) -> bytes | None:
        updates = [
            {
                "device_code": device["device_code"],
                "changes": changes,
                "timestamp": stamps[key],
            }
            for key, changes in pending.items()
            if (keys is None or key in keys)
            and (device := self.directory.get(key)) is not None
        ]
        if not updates:
            return None
        return self._serialize({"type": "batch_update", "updates": updates})

    def _meter_frame(
        self, index: MeterIndex | None, pending: Pending, stamps: Stamps
    ) -> bytes | None:
        event = meter_frame(index, pending, stamps, self.directory.get)
        return None if event is None else self._serialize(event)

    def _send_initial(self, subs: list[Subscription]) -> None:
        cache: dict[tuple[View, Keys, str | None], tuple[bytes, list[str]]] = {}
        for sub in subs:
            signature = (sub.view, sub.keys, sub.group_id)
            cached = cache.get(signature)
            if cached is None:
                devices = self.devices(sub.view, sub.keys, sub.group_id)
                payload = self._serialize({"type": "initial_data", "devices": devices})
                cached = cache[signature] = (payload, [d["key"] for d in devices])
            if sub.meters == METERS_COMPACT:
                sub.index = self._indexes.get(cached[1])
            self._send(sub, cached[0])

    def _serialize(self, event: dict[str, Any]) -> bytes:
        self.serializations += 1
        return json_bytes(event)

    def _send_all(self, subs: list[Subscription], payload: bytes | None) -> None:
        if payload is not None:
            for sub in subs:
                self._send(sub, payload)

    def _send(self, sub: Subscription, payload: bytes) -> None:
        try:
            sub.connection.send_message(event_bytes(sub.msg_id, payload))
        except Exception:  # noqa: BLE001 - one broken client must not stop the others
            LOGGER.debug(
                "Dropping a live subscription that failed to send", exc_info=True
            )
            self.unsubscribe(sub)
            return
        self.sent_messages += 1


def live_hub(hass: HomeAssistant) -> LiveHub:
    """The hub (created in async_setup)."""
    return hass.data[HUB]


@websocket_command({vol.Required("type"): "micboard/devices"})
@callback
def ws_devices(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """List the devices the user may see."""
    hub = live_hub(hass)
    view = hub.groups.view(connection.user)
    connection.send_result(msg["id"], hub.devices(view, view.keys))


@websocket_command(
    {
        vol.Required("type"): "micboard/subscribe",
        vol.Optional("group_id"): str,
        vol.Optional("device_codes"): vol.All([str], vol.Length(max=2000)),
        vol.Optional("window_ms", default=DEFAULT_WINDOW_MS): vol.All(
            int, vol.Range(min=0, max=MAX_WINDOW_MS)
        ),
        vol.Optional("meters", default=METERS_BATCH): vol.In(METER_MODES),
    }
)
@callback
def ws_subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Subscribe to the live board (docs/websocket-api.md)."""
    hub = live_hub(hass)
    group_id = msg.get("group_id")
    if group_id is not None:
        view = hub.groups.view(connection.user)
        if hub.groups.get(group_id) is None or group_id not in view.group_ids:
            connection.send_error(msg["id"], ERR_NOT_FOUND, "No such group")
            return
    connection.send_result(msg["id"])
    sub = hub.subscribe(
        connection,
        msg["id"],
        window_ms=msg["window_ms"],
        group_id=group_id,
        codes=msg.get("device_codes"),
        meters=msg["meters"],
    )
    connection.subscriptions[msg["id"]] = lambda: hub.unsubscribe(sub)


async def async_setup_live(hass: HomeAssistant) -> None:
    """Create the directory, groups and hub; register the websocket commands."""
    directory = live_directory(hass)
    await directory.async_load()
    groups = hass.data[GROUPS] = GroupStore(hass)
    await groups.async_load()
    hub = hass.data[HUB] = LiveHub(hass, directory, groups)
    directory.async_add_listener(hub)
    groups.async_add_listener(hub.on_groups_changed)
    async_register_command(hass, ws_devices)
    async_register_command(hass, ws_subscribe)
    async_register_group_commands(hass)
