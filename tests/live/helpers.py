"""Helpers for tests of the live hub over a real websocket connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket

from custom_components.micboard.live.meter_frame import device_meters


async def command(client: MockHAClientWebSocket, **message: Any) -> dict[str, Any]:
    """Send a command and return its result message (skipping events)."""
    await client.send_json_auto_id(message)
    while True:
        reply = await asyncio.wait_for(client.receive_json(), 10)
        if reply["type"] == "result":
            return dict(reply)


async def subscribe(
    client: MockHAClientWebSocket, **options: Any
) -> tuple[int, list[dict[str, Any]]]:
    """Subscribe; return (subscription id, devices of the initial_data)."""
    result = await command(client, type="micboard/subscribe", **options)
    assert result["success"], result
    event = await next_event(client, "initial_data")
    return int(result["id"]), list(event["devices"])


async def next_event(
    client: MockHAClientWebSocket,
    kind: str,
    predicate: Callable[[dict[str, Any]], bool] = lambda event: True,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """The next event of a type (and matching a predicate), skipping others."""
    async with asyncio.timeout(timeout):
        while True:
            message = await client.receive_json()
            if message["type"] != "event":
                continue
            event = message["event"]
            if event["type"] == kind and predicate(event):
                return dict(event)


def update_for(event: dict[str, Any], code: str) -> dict[str, Any] | None:
    """The changes of one device in a batch_update, if it is there."""
    for update in event["updates"]:
        if update["device_code"].casefold() == code.casefold():
            return dict(update["changes"])
    return None


async def drain(
    client: MockHAClientWebSocket, quiet: float = 0.3, limit: float = 2.0
) -> list[dict[str, Any]]:
    """Read messages until none arrives for `quiet` seconds (at most `limit` s)."""
    messages = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while (left := deadline - loop.time()) > 0:
        try:
            messages.append(
                await asyncio.wait_for(client.receive_json(), min(quiet, left))
            )
        except TimeoutError:
            break
    return messages


async def events_until_quiet(
    client: MockHAClientWebSocket, quiet: float = 0.3
) -> list[dict[str, Any]]:
    """The events that arrive until none has come for `quiet` seconds."""
    return [m["event"] for m in await drain(client, quiet) if m["type"] == "event"]


def record_alert_entity(hass: HomeAssistant, entity: str) -> list[str]:
    """The event types an alert entity fires from now on, in order."""
    fired: list[str] = []

    @callback
    def on_change(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        if new is not None and new.attributes.get("event_type"):
            fired.append(new.attributes["event_type"])

    async_track_state_change_event(hass, [entity], on_change)
    return fired


def system_alerts(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(alert type, device code) of every system_alert among drained messages."""
    return [
        (m["event"]["alert_type"], m["event"]["device_code"])
        for m in messages
        if m["type"] == "event" and m["event"]["type"] == "system_alert"
    ]


COMPACT_METERS = {
    "rf": {"level_dbm", "levels_dbm", "quality", "antenna"}
    | {"level_percent", "levels_percent"},
    "audio": {"level_dbfs", "peak_dbfs", "level_percent"},
    "iem": {"input_left_dbfs", "input_right_dbfs"},
}
"""Every meter reading: what a compact subscriber gets in meter_frame rows only."""


def meter_readings(device: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A serialized device's meter readings (every family's)."""
    return {
        name: {key: device[name][key] for key in keys}
        for name, keys in COMPACT_METERS.items()
    }


def merge_events(
    device: dict[str, Any], events: list[dict[str, Any]], position: int = -1
) -> list[list[Any]]:
    """Merge a subscriber's events into its copy of a device in order, as the card
    does (frame rows at `position` too); returns those rows."""
    rows = []
    for event in events:
        changes: list[dict[str, Any]] = []
        if event["type"] == "meter_frame":
            mine = [r for r in event["rows"] if r[0] == position]
            rows += mine
            changes = [device_meters(r) for r in mine]
        elif event["type"] == "batch_update":
            changes = [
                u["changes"]
                for u in event["updates"]
                if u["device_code"] == device["device_code"]
            ]
        for change in changes:
            for name, value in change.items():
                if isinstance(value, dict):
                    device[name].update(value)
                else:
                    device[name] = value
    return rows


def meters_in_batch_updates(events: list[dict[str, Any]]) -> set[str]:
    """`name.key` of every meter reading any batch_update in `events` carried."""
    return {
        f"{name}.{key}"
        for event in events
        if event["type"] == "batch_update"
        for update in event["updates"]
        for name, keys in COMPACT_METERS.items()
        for key in set(update["changes"].get(name) or {}) & keys
    }


async def read_until_every_position_has_a_row(
    client: MockHAClientWebSocket, positions: set[int], form: str
) -> None:
    """Read a compact subscriber's events until each position got a row: every
    row must be a `form` row of one of them (its second element), and no
    batch_update may carry a meter reading. Five seconds at most."""
    seen: set[int] = set()
    async with asyncio.timeout(5):
        while seen != positions:
            event = (await client.receive_json()).get("event", {})
            if event.get("type") == "meter_frame":
                rows = {(row[0], row[1]) for row in event["rows"]}
                assert rows <= {(n, form) for n in positions}, rows
                seen.update(row[0] for row in event["rows"])
            elif event.get("type") == "batch_update":
                assert meters_in_batch_updates([event]) == set(), event
