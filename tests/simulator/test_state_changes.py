"""The Python control surface, unsolicited REPs, battery drain."""

from __future__ import annotations

import asyncio

import pytest

from simulator.receivers import Presence, ReceiverSimulator

from .conftest import Connect
from .raw_client import RawClient


async def _ready(client: RawClient) -> None:
    """One round trip, so the server has surely registered the client."""
    await client.request("< GET MODEL >", "MODEL")


async def test_rename_reaches_every_connected_client(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    first, second = await connect(ulxd.port), await connect(ulxd.port)
    await _ready(first)
    await _ready(second)
    assert ulxd.channel(1).rename("H01 Dave")
    expected = "< REP 1 CHAN_NAME {" + "H01 Dave".ljust(31) + "} >"
    assert await first.next_containing("CHAN_NAME") == expected
    assert await second.next_containing("CHAN_NAME") == expected
    assert not ulxd.channel(1).rename("H01 Dave")  # no change, no REP


async def test_set_from_one_client_is_reported_to_the_other(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("AD4Q") as rx:
        setter, watcher = await connect(rx.port), await connect(rx.port)
        await _ready(watcher)
        await setter.send("< SET 3 AUDIO_MUTE ON >")
        assert await watcher.next_containing("AUDIO_MUTE") == "< REP 3 AUDIO_MUTE ON >"
        assert await setter.next_containing("AUDIO_MUTE") == "< REP 3 AUDIO_MUTE ON >"


async def test_set_battery_reports_bars_and_minutes(connect: Connect) -> None:
    async with ReceiverSimulator("AD4Q", seed=1) as rx:
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(1).set_battery(bars=2, minutes=45)
        assert await client.next_containing("TX_BATT_BARS") == (
            "< REP 1 TX_BATT_BARS 002 >"
        )
        assert await client.next_containing("TX_BATT_MINS") == (
            "< REP 1 TX_BATT_MINS 00045 >"
        )


async def test_battery_sentinels_pass_through(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q") as rx:
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(2).set_battery(minutes=65534)
        assert await client.next_containing("BATT_RUN_TIME") == (
            "< REP 2 BATT_RUN_TIME 65534 >"
        )


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            "ULXD4Q",
            [
                "< REP 2 BATT_BARS 255 >",
                "< REP 2 BATT_CHARGE 255 >",
                "< REP 2 BATT_RUN_TIME 65535 >",
                "< REP 2 TX_TYPE UNKNOWN >",
                "< REP 2 TX_OFFSET 255 >",
            ],
        ),
        (
            "AD4D",
            [
                "< REP 2 TX_BATT_BARS 255 >",
                "< REP 2 TX_BATT_MINS 65535 >",
                "< REP 2 TX_MODEL UNKNOWN >",
                "< REP 2 CHAN_QUALITY 255 >",
            ],
        ),
        (
            "SLXD4D",
            [
                "< REP 2 TX_BATT_BARS 255 >",
                "< REP 2 TX_BATT_MINS 65535 >",
                "< REP 2 TX_MODEL UNKNOWN >",
            ],
        ),
    ],
)
async def test_transmitter_off_reports_unknowns(
    model: str, expected: list[str], connect: Connect
) -> None:
    async with ReceiverSimulator(model) as rx:
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(2).transmitter_off()
        for message in expected:
            await client.next_containing(message)
        rx.channel(2).transmitter_on(model=rx.spec.transmitter_models[1])
        await client.next_containing(f"{rx.spec.transmitter_models[1]} >")


async def test_out_of_range_and_back(connect: Connect) -> None:
    async with ReceiverSimulator("SLXD4D") as rx:
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(1).out_of_range()
        assert rx.channel(1).presence is Presence.OUT_OF_RANGE
        assert (
            await client.next_containing("1 TX_MODEL") == "< REP 1 TX_MODEL UNKNOWN >"
        )
        rx.channel(1).transmitter_on()
        assert await client.next_containing("1 TX_MODEL") == "< REP 1 TX_MODEL SLXD2 >"


async def test_interference_and_tx_mute_are_reported(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q") as rx:
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(4).set_interference(True)
        assert await client.next_containing("RF_INT_DET") == (
            "< REP 4 RF_INT_DET CRITICAL >"
        )
        rx.channel(4).set_tx_mute(True)
        assert await client.next_containing("TX_MUTE_STATUS") == (
            "< REP 4 TX_MUTE_STATUS ON >"
        )


async def test_battery_drains_with_unsolicited_reps_and_dies(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("AD4D", tick_seconds=0.05) as rx:
        channel = rx.channel(1)
        channel.set_battery(percent=3.0)
        client = await connect(rx.port)
        await _ready(client)
        channel.set_drain(600.0)  # 10 % per second
        percents: list[int] = []
        while True:
            message = await client.next_containing("TX_BATT_")
            if "TX_BATT_CHARGE_PERCENT" in message:
                percents.append(int(message.split()[4]))
            if message == "< REP 1 TX_BATT_BARS 255 >":
                break
        assert percents[0] < 3
        assert percents == sorted(percents, reverse=True)
        assert channel.presence is Presence.OFF


async def test_changes_before_start_are_kept() -> None:
    rx = ReceiverSimulator("QLXD4", channel_names=["LEC Vox"])
    rx.channel(1).set_battery(percent=40)
    assert rx.channel(1).transmitter.battery.bars == 2
    assert rx.channel(1).name == "LEC Vox"
    with pytest.raises(IndexError):
        rx.channel(2)


async def test_wait_for_received_sees_commands(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    await client.send("< SET 1 METER_RATE 00000 >")
    async with asyncio.timeout(2):
        assert await ulxd.wait_for_received("METER_RATE 00000") == (
            "< SET 1 METER_RATE 00000 >"
        )


async def test_only_values_that_moved_are_reported(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q") as rx:
        rx.channel(1).set_battery(percent=70)
        client = await connect(rx.port)
        await _ready(client)
        rx.channel(1).set_battery(percent=65)  # still four bars
        rx.channel(1).rename("marker")
        await client.next_containing("CHAN_NAME")
        battery = [m for m in client.messages if "BATT_" in m]
        assert battery == ["< REP 1 BATT_CHARGE 065 >", "< REP 1 BATT_RUN_TIME 00312 >"]


async def test_static_receiver_battery_does_not_drain(connect: Connect) -> None:
    """Static: a drain setting changes nothing, so no REP arrives on its own."""
    async with ReceiverSimulator("AD4D", tick_seconds=0.02, static=True) as rx:
        channel = rx.channel(1)
        channel.set_battery(percent=50.0)
        channel.set_drain(600.0)
        client = await connect(rx.port)
        await _ready(client)
        await asyncio.sleep(0.3)
        assert channel.transmitter.battery.charge == 50.0
        channel.set_battery(percent=20.0)
        # The first unsolicited report is the one asked for, not a drained value.
        message = await client.next_containing("TX_BATT_CHARGE_PERCENT")
        assert message == "< REP 1 TX_BATT_CHARGE_PERCENT 020 >"
