"""meter_frame's UHF-R (`"%"`) and IEM (`"iem"`) rows, and batch_update subscribers
beside them getting exactly what they always got (docs/websocket-api.md#meter_frame)."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import ANY

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.live.meter_frame import device_meters, meter_row
from custom_components.micboard.live.serialization import normalize_device
from simulator.receivers import ReceiverSimulator

from .helpers import (
    command,
    events_until_quiet,
    merge_events,
    meter_readings,
    meters_in_batch_updates,
    read_until_every_position_has_a_row,
    subscribe,
)

UHFR = {
    "device_type": "channel",
    "channel_kind": "mic",
    "status": "good",
    "rf": {"antenna": "AB", "level_percent": 40, "levels_percent": [40, 30]},
    "audio": {"level_percent": 25, "muted": False},
}
IEM = {
    "device_type": "channel",
    "channel_kind": "iem",
    "status": "good",
    "audio": {"level_dbfs": -40},
    "iem": {"rf_power_mw": 50, "input_left_dbfs": -40, "input_right_dbfs": -46},
}


@pytest.mark.parametrize(
    ("raw", "pending", "row"),
    [
        (UHFR, {}, [3, "%", 40, "AB", 25, 40, 30]),
        (
            {**UHFR, "rf": {"antenna": "XX"}, "audio": {}},
            {"rf": {"level_percent": None, "levels_percent": None, "antenna": "XX"}},
            [3, "%", None, "XX", None],
        ),
        (IEM, {}, [3, "iem", -40, -40, -46]),
    ],
    ids=["uhfr", "uhfr-meters-gone", "iem"],
)
def test_rows_of_percent_and_iem_devices_decode_to_what_the_device_holds(
    raw: dict[str, Any], pending: dict[str, Any], row: list[Any]
) -> None:
    """A device that just lost its percents still gets a "%" row, which clears them."""
    device = normalize_device("X-1", raw)
    assert meter_row(3, device, pending) == row
    for name, values in device_meters(row).items():
        assert values == {key: device[name][key] for key in values}
    assert set(device_meters(row)["audio"]) == (
        {"level_dbfs"} if raw is IEM else {"level_percent"}
    )


async def test_compact_gets_rows_and_batch_update_subscribers_what_they_always_got(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A UHF-R sample and an IEM sample: one frame for the compact subscriber, the
    same two batch_updates as ever (meter clock, then state clock) for the other."""
    assert await async_setup_component(hass, "micboard", {})
    await hass.async_block_till_done()
    directory = live_directory(hass)
    directory.publish("test", {"UR-1": UHFR, "MON-1": IEM})
    compact = await hass_ws_client(hass)
    old = await hass_ws_client(hass)
    _, devices = await subscribe(compact, meters="compact")
    await subscribe(old)
    assert [d["device_code"] for d in devices] == ["MON-1", "UR-1"]
    directory.update(
        "UR-1",
        {
            "rf": {"level_percent": 80, "levels_percent": [80, 5], "antenna": "AX"},
            "audio": {"level_percent": 60},
        },
    )
    assert await events_until_quiet(compact) == [
        {
            "type": "meter_frame",
            "timestamp": ANY,
            "rows": [[1, "%", 80, "AX", 60, 80, 5]],
        }
    ]
    assert await events_until_quiet(old) == [
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "UR-1",
                    "changes": {"rf": {"antenna": "AX"}},
                    "timestamp": ANY,
                }
            ],
        },
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "UR-1",
                    "changes": {
                        "rf": {"level_percent": 80, "levels_percent": [80, 5]},
                        "audio": {"level_percent": 60},
                    },
                    "timestamp": ANY,
                }
            ],
        },
    ]
    directory.update(
        "MON-1",
        {
            "audio": {"level_dbfs": -12},
            "iem": {"input_left_dbfs": -12, "input_right_dbfs": -18},
        },
    )
    directory.update("MON-1", {"iem": {"rf_muted": True}})
    assert await events_until_quiet(compact) == [
        {"type": "meter_frame", "timestamp": ANY, "rows": [[0, "iem", -12, -12, -18]]},
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "MON-1",
                    "changes": {"iem": {"rf_muted": True}},
                    "timestamp": ANY,
                }
            ],
        },
    ]
    assert await events_until_quiet(old) == [
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "MON-1",
                    "changes": {"audio": {"level_dbfs": -12}},
                    "timestamp": ANY,
                }
            ],
        },
        {
            "type": "batch_update",
            "updates": [
                {
                    "device_code": "MON-1",
                    "changes": {
                        "iem": {
                            "input_left_dbfs": -12,
                            "input_right_dbfs": -18,
                            "rf_muted": True,
                        }
                    },
                    "timestamp": ANY,
                }
            ],
        },
    ]


@pytest.mark.parametrize("p10t_static", [True])
async def test_a_still_iem_channel_muted_reaches_both_kinds_of_subscriber(
    hass: HomeAssistant,
    p10t_sim: ReceiverSimulator,
    p10t_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A P10T at rest; its channel 1 muted: the inputs fall to silence. The compact
    subscriber gets "iem" rows and no meter in batch_update; the old-style one
    the inputs in batch_update. Both end up with what micboard/devices says."""
    compact = await hass_ws_client(hass)
    old = await hass_ws_client(hass)
    _, devices = await subscribe(compact, meters="compact")
    _, old_devices = await subscribe(old)
    code = "MON-IEM-1"
    position = [d["device_code"] for d in devices].index(code)
    mine = next(d for d in devices if d["device_code"] == code)
    theirs = next(d for d in old_devices if d["device_code"] == code)
    await asyncio.sleep(0.5)  # the first samples
    compact_events = await events_until_quiet(compact)
    old_events = await events_until_quiet(old)
    p10t_sim.channel(1).set_audio_mute(True)
    await asyncio.sleep(1.0)
    compact_events += await events_until_quiet(compact)
    old_events += await events_until_quiet(old)
    rows = merge_events(mine, compact_events, position)
    assert merge_events(theirs, old_events) == []
    truth = await command(await hass_ws_client(hass), type="micboard/devices")
    device = next(d for d in truth["result"] if d["device_code"] == code)
    assert device["iem"]["input_left_dbfs"] < -60
    assert rows, "no frame carried the muted channel"
    assert {r[1] for r in rows} == {"iem"}
    assert meter_readings(mine) == meter_readings(device)
    assert meter_readings(theirs) == meter_readings(device)
    assert meters_in_batch_updates(compact_events) == set()
    assert {"iem.input_left_dbfs", "iem.input_right_dbfs"} <= meters_in_batch_updates(
        old_events
    )


async def test_every_channel_of_a_metering_p10t_shows_up_in_iem_rows(
    hass: HomeAssistant,
    p10t_sim: ReceiverSimulator,
    p10t_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Drifting inputs: every IEM channel gets "iem" rows, never a meter in batch_update."""
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client, meters="compact")
    channels = {n for n, d in enumerate(devices) if d["channel_kind"] == "iem"}
    assert len(channels) == 2
    await read_until_every_position_has_a_row(client, channels, "iem")
