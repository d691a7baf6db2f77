"""The charger simulator over TCP: what it answers, pushes, events and faults."""

from __future__ import annotations

import pytest

from simulator.chargers import ChargerSimulator, UnknownChargerModelError

from .conftest import Connect

BAY_ORDER = [
    "BATT_DETECTED",
    "BATT_TIME_TO_FULL",
    "BATT_STATE",
    "BATT_CHARGE",
    "BATT_CYCLE",
    "BATT_TEMP_F",
    "BATT_HEALTH",
    "BATT_BARS",
    "BATT_ERROR",
]


async def test_get_0_all_reports_the_device_then_each_bay_in_order(
    connect: Connect,
) -> None:
    async with ChargerSimulator(
        "SBC220", units=2, device_id="CHG-1", static=True
    ) as sim:
        sim.dock(1, percent=100, health=84, cycles=362)
        sim.fault_bay(4)
        client = await connect(sim.port)
        await client.send("< GET 0 ALL >")
        await client.next_containing("4 BATT_ERROR")
        messages = client.messages
        assert messages[:4] == [
            "< REP MODEL {SBC220                          } >",
            "< REP DEVICE_ID {CHG-1                          } >",
            "< REP FW_VER {1.4.53                  } >",
            "< REP STORAGE_MODE OFF >",
        ]
        bays = messages[4:]
        assert len(bays) == 4 * len(BAY_ORDER)
        assert [m.split()[3] for m in bays[:9]] == BAY_ORDER
        assert [m.split()[2] for m in bays] == [
            str(n) for n in (1, 2, 3, 4) for _ in BAY_ORDER
        ]
        assert bays[:9] == [
            "< REP 1 BATT_DETECTED YES >",
            "< REP 1 BATT_TIME_TO_FULL 65529 >",
            "< REP 1 BATT_STATE FULL >",
            "< REP 1 BATT_CHARGE 100 >",
            "< REP 1 BATT_CYCLE 00362 >",
            "< REP 1 BATT_TEMP_F 086 >",
            "< REP 1 BATT_HEALTH 084 >",
            "< REP 1 BATT_BARS 005 >",
            "< REP 1 BATT_ERROR 000 >",
        ]
        assert bays[27:] == [
            "< REP 4 BATT_DETECTED YES >",
            "< REP 4 BATT_TIME_TO_FULL 65534 >",
            "< REP 4 BATT_STATE ERROR >",
            "< REP 4 BATT_CHARGE 254 >",
            "< REP 4 BATT_CYCLE 65534 >",
            "< REP 4 BATT_TEMP_F 254 >",
            "< REP 4 BATT_HEALTH 254 >",
            "< REP 4 BATT_BARS 254 >",
            "< REP 4 BATT_ERROR 007 >",
        ]
        assert "< REP 3 BATT_DETECTED NO >" in bays
        assert "< REP 3 BATT_CHARGE 255 >" in bays


async def test_single_gets_sets_and_refusals(connect: Connect) -> None:
    async with ChargerSimulator("SBC240", static=True) as sim:
        client = await connect(sim.port)
        assert await client.request("< GET 2 ALL >", "2 BATT_ERROR") == (
            "< REP 2 BATT_ERROR 255 >"
        )
        assert await client.request("< GET 1 BATT_STATE >", "BATT_STATE") == (
            "< REP 1 BATT_STATE NO_BATT >"
        )
        # A charger has no meters: METER_RATE is refused, GET and SET alike.
        for refused in (
            "< GET 1 METER_RATE >",
            "< SET 1 METER_RATE 01000 >",
            "< GET 3 BATT_CHARGE >",
            "< GET 3 ALL >",
            "< GET RF_BAND >",
            "< SET STORAGE_MODE MAYBE >",
            "< SET DEVICE_ID {TOO-LONG-ID} >",
            "< HELLO >",
            "< GET >",
        ):
            assert await client.request(refused, "REP") == "< REP ERR >", refused
        assert await client.request("< SET STORAGE_MODE ON >", "STORAGE_MODE") == (
            "< REP STORAGE_MODE ON >"
        )
        assert await client.request("< SET STORAGE_MODE ON >", "STORAGE_MODE") == (
            "< REP STORAGE_MODE ON >"
        )
        assert await client.request("< SET STORAGE_MODE TOGGLE >", "STORAGE_MODE") == (
            "< REP STORAGE_MODE OFF >"
        )
        assert await client.request("< SET FLASH ON >", "FLASH") == "< REP FLASH ON >"
        assert await client.request("< GET FLASH >", "FLASH") == "< REP FLASH ON >"
        reply = await client.request("< SET DEVICE_ID {CREW} >", "DEVICE_ID")
        assert reply == "< REP DEVICE_ID {CREW                           } >"
        assert sim.device_id == "CREW"


async def test_charging_pushes_the_countdown_without_gets(connect: Connect) -> None:
    async with ChargerSimulator("SBC220", tick_seconds=0.05) as sim:
        client = await connect(sim.port)
        await sim.wait_until(lambda: sim.connection_count == 1)
        sim.dock(1, percent=50, per_minute=3000)  # 1 % per 20 ms
        assert (
            await client.next_containing("1 BATT_STATE")
            == "< REP 1 BATT_STATE CALCULATING >"
        )
        sim.bay(1).calculating_for = 0
        first = await client.next_containing("BATT_TIME_TO_FULL 000")
        second = await client.next_containing("BATT_CHARGE")
        assert first.startswith("< REP 1 BATT_TIME_TO_FULL 0000")
        assert int(second.split()[-2]) > 50
        done = await client.next_containing("1 BATT_STATE FULL", seconds=5)
        assert done == "< REP 1 BATT_STATE FULL >"
        assert sim.bay(1).charge == 100
        assert await client.request("< GET 1 BATT_TIME_TO_FULL >", "TIME_TO_FULL") == (
            "< REP 1 BATT_TIME_TO_FULL 65529 >"
        )


async def test_storage_mode_takes_packs_to_storage_level(connect: Connect) -> None:
    async with ChargerSimulator("SBC220", tick_seconds=0.05) as sim:
        sim.dock(1, percent=90, per_minute=6000)
        sim.dock(2, percent=20, per_minute=6000)
        sim.bay(1).calculating_for = sim.bay(2).calculating_for = 0
        client = await connect(sim.port)
        await sim.wait_until(lambda: sim.connection_count == 1)
        sim.set_storage_mode(True)
        assert await client.next_containing("STORAGE_MODE") == "< REP STORAGE_MODE ON >"
        await sim.wait_until(lambda: sim.bay(1).charge == sim.bay(2).charge == 40)
        await client.collect(0.2)
        assert "< REP 1 BATT_STATE DISCHARGING >" in client.messages
        assert "< REP 1 BATT_STATE READY_TO_STORE >" in client.messages
        assert "< REP 2 BATT_STATE READY_TO_STORE >" in client.messages
        assert "< REP 2 BATT_CHARGE 040 >" in client.messages
        assert await client.collect(0.3) == []  # arrived: nothing moves any more


async def test_static_charger_stays_still(connect: Connect) -> None:
    async with ChargerSimulator("SBC220", tick_seconds=0.02, static=True) as sim:
        sim.dock(1, percent=50, per_minute=3000)
        client = await connect(sim.port)
        assert await client.collect(0.3) == []
        assert sim.bay(1).charge == 50
        assert await client.request("< GET 1 BATT_STATE >", "STATE") == (
            "< REP 1 BATT_STATE NORMAL >"
        )


async def test_events_push_to_every_client(connect: Connect) -> None:
    async with ChargerSimulator("SBC220", units=2, static=True) as sim:
        first, second = await connect(sim.port), await connect(sim.port)
        await sim.wait_until(lambda: sim.connection_count == 2)
        sim.dock(3, percent=20, health=97, cycles=18, per_minute=2)
        for client in (first, second):
            assert (
                await client.next_containing("3 BATT_DETECTED")
                == "< REP 3 BATT_DETECTED YES >"
            )
            assert await client.next_containing("3 BATT_TIME_TO_FULL") == (
                "< REP 3 BATT_TIME_TO_FULL 00040 >"
            )
        sim.fault_bay(3, error=4)
        assert (
            await first.next_containing("3 BATT_STATE ERROR")
            == "< REP 3 BATT_STATE ERROR >"
        )
        assert (
            await first.next_containing("3 BATT_ERROR 004")
            == "< REP 3 BATT_ERROR 004 >"
        )
        sim.clear_fault(3)
        assert (
            await first.next_containing("3 BATT_STATE") == "< REP 3 BATT_STATE NORMAL >"
        )
        sim.set_charge(3, 100)
        assert (
            await first.next_containing("3 BATT_STATE") == "< REP 3 BATT_STATE FULL >"
        )
        sim.set_rate(3, 10)
        sim.undock(3)
        assert (
            await first.next_containing("3 BATT_DETECTED")
            == "< REP 3 BATT_DETECTED NO >"
        )


async def test_faults_and_going_offline(connect: Connect) -> None:
    async with ChargerSimulator("SBC220", static=True) as sim:
        client = await connect(sim.port)
        sim.faults.silent = True
        await client.send("< GET MODEL >")
        assert await client.collect(0.2) == []
        sim.faults.silent = False
        sim.faults.answer_err = True
        assert await client.request("< GET MODEL >", "REP") == "< REP ERR >"
        sim.faults.answer_err = False
        sim.faults.split_frames = sim.faults.inject_garbage = True
        assert await client.request("< GET MODEL >", "MODEL") == (
            "< REP MODEL {SBC220                          } >"
        )
        sim.faults.split_frames = sim.faults.inject_garbage = False
        await sim.drop_connections()
        assert await client.closed_by_server()
        sim.faults.refuse_connections = True
        refused = await connect(sim.port)
        assert await refused.closed_by_server()
        sim.faults.refuse_connections = False
        await sim.stop()
        assert not sim.running
        with pytest.raises(OSError):  # noqa: PT011
            await connect(sim.port)
        await sim.start()
        assert await (await connect(sim.port)).request("< GET FW_VER >", "FW_VER")


def test_models_and_units_are_checked() -> None:
    with pytest.raises(UnknownChargerModelError, match="SBC220, SBC240"):
        ChargerSimulator("SBC999")
    with pytest.raises(ValueError, match=r"1\.\.4 linked units"):
        ChargerSimulator("SBC220", units=5)
    assert len(ChargerSimulator("SBC220", units=4).state.bays) == 8
