"""The simulated P10T over real TCP: CRLF, REPORT, properties, meters, faults.

Shure's published examples (pubs.shure.com/command-strings/PSM1000), each
message followed by CRLF: `< GET 1 FREQUENCY >` -> `< REPORT 1 FREQUENCY
578000 >`, `< SET DEVICE_NAME Shure >` -> `< REPORT DEVICE_NAME Shure >`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import math
import re
from typing import Any

import pytest

from simulator.receivers import (
    IEM_MODELS,
    ReceiverFarm,
    ReceiverSimulator,
    ScenarioError,
)
from simulator.receivers.scenario import parse_event

from .conftest import Connect

CRLF = "\r\n"
METER = re.compile(r"^< REPORT 1 AUDIO_IN_LVL_([LR]) (\d+) >$")


@pytest.fixture
async def p10t() -> AsyncIterator[ReceiverSimulator]:
    """A running P10T on a free port."""
    async with ReceiverSimulator(
        "P10T", seed=1, device_id="MON-IEM", channel_names=("IEM1 Vox", "IEM2 Gtr")
    ) as transmitter:
        yield transmitter


def _raw(client: Any) -> str:
    return b"".join(client.chunks).decode("latin-1")


async def test_shure_examples_byte_for_byte(
    p10t: ReceiverSimulator, connect: Connect
) -> None:
    p10t.channel(1).set_frequency_khz(578000, group=1, group_channel=1)
    client = await connect(p10t.port)
    reply = await client.request("< GET 1 FREQUENCY >" + CRLF, "FREQUENCY")
    assert reply == "< REPORT 1 FREQUENCY 578000 >"
    reply = await client.request("< SET DEVICE_NAME Shure >" + CRLF, "DEVICE_NAME")
    assert reply == "< REPORT DEVICE_NAME Shure >"
    assert p10t.device_id == "Shure"
    assert _raw(client).endswith("< REPORT DEVICE_NAME Shure >" + CRLF)
    assert "< REPORT 1 FREQUENCY 578000 >" + CRLF in _raw(client)


async def test_commands_without_crlf_are_ignored(
    p10t: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(p10t.port)
    await client.send("< GET DEVICE_NAME >")
    assert await client.collect(0.3) == []
    await client.send("< GET 1 RF_MUTE >< GET 2 RF_MUTE >" + CRLF)
    assert await client.collect(0.3) == ["< REPORT 2 RF_MUTE 0 >"]
    # A CRLF arriving in a later read still completes the command.
    await client.send("< GET 1 RF_TX_LVL >\r")
    await client.send("\n")
    assert await client.next_containing("RF_TX_LVL") == "< REPORT 1 RF_TX_LVL 50 >"


async def test_every_property_of_both_channels(
    p10t: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(p10t.port)
    expected = {
        "CHAN_NAME": ("IEM1 Vox", "IEM2 Gtr"),
        "GROUP_CHAN": ("01,01", "01,02"),
        "RF_TX_LVL": ("50", "50"),
        "RF_MUTE": ("0", "0"),
        "AUDIO_TX_MODE": ("3", "3"),
        "AUDIO_IN_LINE_LVL": ("1", "1"),
        "METER_RATE": ("0", "0"),
    }
    for name, values in expected.items():
        for number, value in enumerate(values, start=1):
            reply = await client.request(f"< GET {number} {name} >{CRLF}", name)
            assert reply == f"< REPORT {number} {name} {value} >"
    reply = await client.request("< GET 2 FREQUENCY >" + CRLF, "FREQUENCY")
    assert re.fullmatch(r"< REPORT 2 FREQUENCY \d{6} >", reply)


@pytest.mark.parametrize(
    "command",
    [
        "< GET 0 ALL >",
        "< GET 1 ALL >",
        "< GET MODEL >",
        "< GET 3 RF_MUTE >",
        "< GET 1 BATT_BARS >",
        "< SET 1 RF_TX_LVL 75 >",
        "< SET 1 RF_MUTE ON >",
        "< SET 1 AUDIO_TX_MODE 4 >",
        "< SET 1 FREQUENCY 0578000 >",
        "< SET DEVICE_NAME NineChars >",
        "< REP 1 RF_MUTE 1 >",
    ],
)
async def test_what_a_p10t_cannot_do_is_report_err(
    p10t: ReceiverSimulator, connect: Connect, command: str
) -> None:
    client = await connect(p10t.port)
    assert await client.request(command + CRLF, "REPORT") == "< REPORT ERR >"
    assert p10t.iem(1).rf_power_mw == 50
    assert p10t.device_id == "MON-IEM"


async def test_sets_are_reported_to_every_client(
    p10t: ReceiverSimulator, connect: Connect
) -> None:
    first, second = await connect(p10t.port), await connect(p10t.port)
    await first.send("< SET 1 RF_MUTE 1 >" + CRLF)
    assert await first.next_containing("RF_MUTE") == "< REPORT 1 RF_MUTE 1 >"
    assert await second.next_containing("RF_MUTE") == "< REPORT 1 RF_MUTE 1 >"
    assert p10t.iem(1).rf_muted is True
    # Unchanged: answered directly, to the sender only.
    await first.send("< SET 1 RF_MUTE 1 >" + CRLF)
    assert await first.next_containing("RF_MUTE") == "< REPORT 1 RF_MUTE 1 >"
    assert await second.collect(0.2) == []
    await first.send("< SET 2 FREQUENCY 480000 >" + CRLF)
    assert await first.next_containing("FREQUENCY") == "< REPORT 2 FREQUENCY 480000 >"
    assert await first.next_containing("GROUP_CHAN") == "< REPORT 2 GROUP_CHAN --,-- >"
    reply = await first.request("< SET 2 CHAN_NAME Mix 2 >" + CRLF, "CHAN_NAME")
    assert reply == "< REPORT 2 CHAN_NAME Mix 2 >"


async def test_state_changes_are_pushed(
    p10t: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(p10t.port)
    async with asyncio.timeout(2):
        await p10t.wait_for_clients(1)
    p10t.iem(2).set_rf_power(100)
    assert await client.next_containing("RF_TX_LVL") == "< REPORT 2 RF_TX_LVL 100 >"
    p10t.state.set_device_id("FOH")
    assert await client.next_containing("DEVICE_NAME") == "< REPORT DEVICE_NAME FOH >"
    with pytest.raises(ValueError, match="RF power"):
        p10t.iem(1).set_rf_power(20)


async def test_meters_are_left_and_right_reports_at_the_meter_rate(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("P10T", seed=2, static=True) as p10t:
        client = await connect(p10t.port)
        reply = await client.request("< SET 1 METER_RATE 100 >" + CRLF, "METER_RATE")
        assert reply == "< REPORT 1 METER_RATE 100 >"
        meters = [await client.next_containing("AUDIO_IN_LVL") for _ in range(6)]
        matches = [METER.match(meter) for meter in meters]
        assert all(matches), meters
        assert [m[1] for m in matches if m] == ["L", "R"] * 3
        # At rest: -30 dBFS left, 3 dB less right, 2^23 being full scale.
        left, right = (int(m[2]) for m in matches[:2] if m)
        assert left == round(2**23 * 10 ** (-30 / 20))
        assert 20 * math.log10(right / left) == pytest.approx(-3, abs=0.01)
        assert _raw(client).count("AUDIO_IN_LVL_L") >= 3
        await client.send("< SET 1 METER_RATE 0 >" + CRLF)
        await client.next_containing("METER_RATE 0")
        await client.collect(0.15)
        assert not any("AUDIO_IN_LVL" in m for m in await client.collect(0.3))


@pytest.mark.parametrize("fault", ["silent", "answer_err", "inject_garbage"])
async def test_faults_as_the_other_models(
    p10t: ReceiverSimulator, connect: Connect, fault: str
) -> None:
    setattr(p10t.faults, fault, True)
    client = await connect(p10t.port)
    await client.send("< GET DEVICE_NAME >" + CRLF)
    messages = await client.collect(0.3)
    if fault == "silent":
        assert messages == []
    elif fault == "answer_err":
        assert messages == ["< REPORT ERR >"]
    else:
        assert messages == ["< REPORT DEVICE_NAME MON-IEM >"]
        assert len(_raw(client)) > len("< REPORT DEVICE_NAME MON-IEM >\r\n")


async def test_drop_connections(p10t: ReceiverSimulator, connect: Connect) -> None:
    client = await connect(p10t.port)
    async with asyncio.timeout(2):
        await p10t.wait_for_clients(1)
    await p10t.drop_connections()
    assert await client.closed_by_server()


def test_p10t_is_an_iem_model_not_a_command_string_receiver() -> None:
    assert IEM_MODELS["P10T"].channel_count == 2
    assert IEM_MODELS["P10T"].max_name_length == 8


async def test_rf_events_through_the_scenario_vocabulary(connect: Connect) -> None:
    scenario = {
        "receivers": [
            {"key": "monitors", "model": "P10T", "device_id": "MON-IEM"},
            {"key": "lectern", "model": "QLXD4"},
        ],
        "events": [
            {"at": 0, "receiver": "monitors", "channel": 2, "action": "rf_mute"},
            {
                "at": 0,
                "receiver": "monitors",
                "channel": 1,
                "action": "rf_power",
                "mw": 10,
            },
        ],
    }
    async with ReceiverFarm.from_scenario(scenario, seed=1) as farm:
        monitors = farm.receiver("monitors")
        async with asyncio.timeout(2):
            await monitors.wait_until(lambda: monitors.iem(2).rf_muted)
            await monitors.wait_until(lambda: monitors.iem(1).rf_power_mw == 10)
    models = {"monitors": "P10T", "lectern": "QLXD4"}
    event = {"receiver": "lectern", "channel": 1, "action": "rf_mute"}
    with pytest.raises(ScenarioError, match="needs a P10T"):
        parse_event(event, models, timed=False)
    event = {"receiver": "monitors", "channel": 1, "action": "rf_power", "mw": 20}
    with pytest.raises(ScenarioError, match="10, 50 or 100"):
        parse_event(event, models, timed=False)
