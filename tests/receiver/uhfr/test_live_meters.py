"""A UR4D on the live board: its percent meters reach compact subscribers as
`"%"` meter_frame rows and old-style subscribers in batch_update, as ever."""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from simulator.receivers import UhfrSimulator

from ...live.helpers import (
    command,
    events_until_quiet,
    merge_events,
    meter_readings,
    meters_in_batch_updates,
    read_until_every_position_has_a_row,
    subscribe,
)
from .conftest import CODE, uhfr_entry

PERCENTS = {"rf.level_percent", "rf.levels_percent", "audio.level_percent"}


async def test_a_still_ur4d_walked_off_and_muted_reaches_both_kinds_of_subscriber(
    hass: HomeAssistant,
    ur4d: UhfrSimulator,
    ur4d_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A UR4D at rest; channel 1's transmitter out of range, channel 2 muted. The
    compact subscriber gets "%" rows and no meter in batch_update; the old-style
    one the percents in batch_update. Both end up with what micboard/devices says."""
    compact = await hass_ws_client(hass)
    old = await hass_ws_client(hass)
    _, devices = await subscribe(compact, meters="compact")
    _, old_devices = await subscribe(old)
    codes = [d["device_code"] for d in devices]
    await asyncio.sleep(0.5)  # the first samples
    compact_events = await events_until_quiet(compact)
    old_events = await events_until_quiet(old)
    ur4d.channel(1).out_of_range()
    ur4d.channel(2).set_audio_mute(True)
    await asyncio.sleep(1.0)
    compact_events += await events_until_quiet(compact)
    old_events += await events_until_quiet(old)
    truth = await command(await hass_ws_client(hass), type="micboard/devices")
    for number in (1, 2):
        code = f"{CODE}-{number}"
        mine = devices[codes.index(code)]
        theirs = next(d for d in old_devices if d["device_code"] == code)
        rows = merge_events(mine, compact_events, codes.index(code))
        assert merge_events(theirs, old_events) == []
        device = next(d for d in truth["result"] if d["device_code"] == code)
        assert rows, f"no frame carried channel {number}"
        assert {r[1] for r in rows} == {"%"}
        assert meter_readings(mine) == meter_readings(device)
        assert meter_readings(theirs) == meter_readings(device)
    walked_off = next(d for d in truth["result"] if d["device_code"] == f"{CODE}-1")
    assert walked_off["rf"]["antenna"] == "XX"
    muted = next(d for d in truth["result"] if d["device_code"] == f"{CODE}-2")
    assert muted["audio"]["level_percent"] == 0
    assert meters_in_batch_updates(compact_events) == set()
    assert PERCENTS | {"rf.antenna"} <= meters_in_batch_updates(old_events)


async def test_every_channel_of_a_metering_ur4d_shows_up_in_percent_rows(
    hass: HomeAssistant, socket_enabled: None, hass_ws_client: WebSocketGenerator
) -> None:
    """Drifting meters: both channels get "%" rows, never a meter in batch_update,
    while an old-style subscriber keeps getting the percents in batch_update."""
    async with UhfrSimulator("UR4D", port=0, seed=9) as ur4d:
        entry = uhfr_entry(ur4d)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        old = await hass_ws_client(hass)
        await subscribe(old)
        client = await hass_ws_client(hass)
        _, devices = await subscribe(client, meters="compact")
        channels = {n for n, d in enumerate(devices) if d["device_type"] == "channel"}
        assert len(channels) == 2
        await read_until_every_position_has_a_row(client, channels, "%")
        assert meters_in_batch_updates(await events_until_quiet(old)) >= PERCENTS
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
