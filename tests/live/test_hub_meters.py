"""Compact meter frames (`"meters": "compact"`) and old-style subscribers beside them."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import ANY

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.micboard.live.hub import live_hub
from custom_components.micboard.live.meter_frame import device_meters, meter_row
from simulator.receivers import ReceiverSimulator

from ..broker import fake_devices
from .helpers import command, drain, next_event, subscribe, update_for


def _device(**rf_audio: Any) -> dict[str, Any]:
    rf = {"level_dbm": None, "levels_dbm": None, "quality": None, "antenna": None}
    audio = {"level_dbfs": None, "peak_dbfs": None}
    for name, value in rf_audio.items():
        (audio if name in audio else rf)[name] = value
    return {"rf": rf, "audio": audio}


@pytest.mark.parametrize(
    ("readings", "row"),
    [
        # ULX-D / QLX-D: one level (the strongest), no quality, no peak.
        (
            {"level_dbm": -62, "levels_dbm": [-62], "antenna": "AB", "level_dbfs": -30},
            [7, -62, "AB", -30, None],
        ),
        # Axient Digital: quality and a level per antenna.
        (
            {
                "level_dbm": -60,
                "levels_dbm": [-60, -71],
                "quality": 5,
                "antenna": "AX",
                "level_dbfs": -24,
                "peak_dbfs": -12,
            },
            [7, -60, "AX", -24, -12, 5, -60, -71],
        ),
        # Nothing known (a transmitter switched off, a receiver offline).
        ({}, [7, None, None, None, None]),
        # A level without per-antenna levels (a System API device).
        ({"level_dbm": -70, "antenna": "A"}, [7, -70, "A", None, None, None]),
    ],
    ids=["ulxd", "axient-digital", "unknown", "no-per-antenna-levels"],
)
def test_meter_rows_say_exactly_what_the_device_holds(
    readings: dict[str, Any], row: list[Any]
) -> None:
    """Each row shape, and the row decoded back gives the device's meter fields."""
    device = _device(**readings)
    assert meter_row(7, device) == row
    assert device_meters(row) == device


async def _board(hass: HomeAssistant, *codes: str) -> None:
    assert await async_setup_component(hass, "micboard", {})
    await hass.async_block_till_done()
    fake_devices(hass, *codes)


async def _events(client: MockHAClientWebSocket) -> list[dict[str, Any]]:
    return [m["event"] for m in await drain(client, 0.3) if m["type"] == "event"]


async def test_compact_subscriber_gets_meters_as_frames_and_state_as_batch_update(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Rows name devices by their place in initial_data; state stays in batch_update."""
    await _board(hass, "A-2", "A-1", "A-3")
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client, meters="compact", window_ms=50)
    assert [d["device_code"] for d in devices] == ["A-1", "A-2", "A-3"]
    directory = live_hub(hass).directory
    directory.update("A-3", {"rf": {"level_dbm": -64, "antenna": "AX"}})
    directory.update("A-1", {"audio": {"level_dbfs": -30, "peak_dbfs": -18}})
    directory.update("A-3", {"audio": {"level_dbfs": -12}, "status": "critical"})
    assert await _events(client) == [
        {
            "type": "meter_frame",
            "timestamp": ANY,
            "rows": [[0, None, None, -30, -18], [2, -64, "AX", -12, None, None]],
        },
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "A-3",
                    "changes": {"status": "critical"},
                    "timestamp": ANY,
                }
            ],
        },
    ]
    directory.update("A-3", {"rf": {"levels_dbm": [-64, -80]}})
    directory.update("A-3", {"rf": {"quality": 4}})
    frame = await next_event(client, "meter_frame")
    assert frame["rows"] == [[2, -64, "AX", -12, None, 4, -64, -80]]


async def test_old_style_subscriber_gets_exactly_what_it_got_before(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Without `meters`, nothing changes: batch_update with meter fields, no frames,
    the same initial_data, whether or not a compact subscriber shares its window."""
    await _board(hass, "A-1", "A-2")
    compact = await hass_ws_client(hass)
    old = await hass_ws_client(hass)
    _, compact_devices = await subscribe(compact, meters="compact")
    _, old_devices = await subscribe(old)
    assert old_devices == compact_devices
    devices = await command(old, type="micboard/devices")
    assert old_devices == devices["result"]
    await drain(old, 0.2)
    await drain(compact, 0.2)
    directory = live_hub(hass).directory
    directory.update("A-1", {"rf": {"level_dbm": -60, "antenna": "AB"}})
    directory.update("A-2", {"battery": {"bars": 2}, "status": "critical"})
    assert await _events(old) == [
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "A-1",
                    "changes": {"rf": {"level_dbm": -60, "antenna": "AB"}},
                    "timestamp": ANY,
                }
            ],
        },
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "A-2",
                    "changes": {"battery": {"bars": 2}, "status": "critical"},
                    "timestamp": ANY,
                }
            ],
        },
    ]
    assert [e["type"] for e in await _events(compact)] == [
        "meter_frame",
        "batch_update",
    ]


async def test_frames_follow_the_board_when_it_changes(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A group board numbers its slots in slot order; a new initial_data renumbers."""
    await _board(hass, "A-1", "A-2", "A-3")
    client = await hass_ws_client(hass)
    saved = await command(
        client,
        type="micboard/groups/save",
        group={"title": "G", "device_codes": ["A-3", "", "a-1"], "user_ids": []},
    )
    group = saved["result"]["group"]
    _, devices = await subscribe(client, group_id=group["id"], meters="compact")
    assert [d["device_code"] for d in devices] == ["A-3", "A-1"]
    directory = live_hub(hass).directory
    directory.update("A-1", {"rf": {"level_dbm": -61}})
    directory.update("A-2", {"rf": {"level_dbm": -62}})  # not on this board
    frame = await next_event(client, "meter_frame")
    assert frame["rows"] == [[1, -61, None, None, None, None]]
    await client.send_json_auto_id(
        {
            "type": "micboard/groups/save",
            "group": {**group, "device_codes": ["A-1", "A-2"]},
        }
    )
    board = await next_event(client, "initial_data")
    assert [d["device_code"] for d in board["devices"]] == ["A-1", "A-2"]
    await asyncio.sleep(0.15)  # past the meter window
    directory.update("A-1", {"rf": {"level_dbm": -63}})
    directory.update("A-2", {"rf": {"level_dbm": -64}})
    frame = await next_event(client, "meter_frame")
    assert frame["rows"] == [
        [0, -63, None, None, None, None],
        [1, -64, None, None, None, None],
    ]


async def test_one_frame_serialization_per_window_for_many_compact_subscribers(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Ten compact subscribers with the same board share one serialized frame."""
    await _board(hass, "A-1")
    clients = [await hass_ws_client(hass) for _ in range(10)]
    for client in clients:
        await subscribe(client, meters="compact")
    hub = live_hub(hass)
    before = hub.serializations
    hub.directory.update("A-1", {"audio": {"level_dbfs": -20}})
    for client in clients:
        frame = await next_event(client, "meter_frame")
        assert frame["rows"] == [[0, None, None, -20, None]]
    assert hub.serializations - before == 1


async def test_unknown_meters_mode_is_refused(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """`meters` takes `batch_update` or `compact`; anything else is invalid_format."""
    await _board(hass, "A-1")
    client = await hass_ws_client(hass)
    result = await command(client, type="micboard/subscribe", meters="tiny")
    assert not result["success"]
    assert result["error"]["code"] == "invalid_format"
    assert live_hub(hass).subscriptions == set()


def _merged(device: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """A device with every batch_update of it merged in (one level deep)."""
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in device.items()}
    for event in events:
        if event["type"] == "batch_update":
            for name, value in (update_for(event, device["device_code"]) or {}).items():
                if isinstance(value, dict):
                    merged[name].update(value)
                else:
                    merged[name] = value
    return merged


def _meter_fields(device: dict[str, Any]) -> dict[str, Any]:
    return {
        "rf": {
            k: device["rf"][k]
            for k in ("level_dbm", "levels_dbm", "quality", "antenna")
        },
        "audio": {k: device["audio"][k] for k in ("level_dbfs", "peak_dbfs")},
    }


@pytest.mark.parametrize("receiver_model", ["ULXD4Q", "AD4Q"])
@pytest.mark.parametrize("receiver_static", [True])
async def test_frames_from_a_still_receiver_match_the_devices(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A rig at rest: a transmitter switched off moves its meters once; the last
    frame row says what micboard/devices says, and so does the old-style view."""
    compact = await hass_ws_client(hass)
    old = await hass_ws_client(hass)
    _, devices = await subscribe(compact, meters="compact")
    _, old_devices = await subscribe(old)
    code = f"{receiver_sim.device_id}-2"
    position = [d["device_code"] for d in devices].index(code)
    await asyncio.sleep(0.5)
    old_device = _merged(
        next(d for d in old_devices if d["device_code"] == code), await _events(old)
    )
    await drain(compact, 0.3)
    receiver_sim.channel(2).transmitter_off()
    await asyncio.sleep(1.0)  # every sample of the switched-off channel is in
    frames = [e for e in await _events(compact) if e["type"] == "meter_frame"]
    old_device = _merged(old_device, await _events(old))
    truth = await command(await hass_ws_client(hass), type="micboard/devices")
    device = next(d for d in truth["result"] if d["device_code"] == code)
    assert device["rf"]["antenna"] == "XX"
    assert all(0 <= r[0] < len(devices) for f in frames for r in f["rows"])
    rows = [r for f in frames for r in f["rows"] if r[0] == position]
    assert rows, "no frame carried the switched-off channel"
    assert device_meters(rows[-1]) == _meter_fields(device)
    assert _meter_fields(old_device) == _meter_fields(device)


async def test_frames_carry_every_metering_channel_of_a_drifting_receiver(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A receiver metering as a show moves it: every channel shows up in frames,
    rows only for channel devices, and no meter field rides on batch_update."""
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client, meters="compact")
    channels = {n for n, d in enumerate(devices) if d["device_type"] == "channel"}
    seen: set[int] = set()
    async with asyncio.timeout(5):
        while seen != channels:
            message = await client.receive_json()
            event = message.get("event", {})
            if event.get("type") == "meter_frame":
                seen.update(row[0] for row in event["rows"])
                assert {row[0] for row in event["rows"]} <= channels
            elif event.get("type") == "batch_update":
                for update in event["updates"]:
                    for name in ("rf", "audio"):
                        assert not set(update["changes"].get(name, {})) & {
                            "level_dbm",
                            "levels_dbm",
                            "quality",
                            "antenna",
                            "level_dbfs",
                            "peak_dbfs",
                        }
