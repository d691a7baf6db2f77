"""Scenario files, validation, and the farm that runs them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from simulator.receivers import (
    Presence,
    ReceiverFarm,
    ScenarioError,
    load_scenario,
)

from .conftest import Connect

MIXED = Path(__file__).parents[2] / "simulator" / "scenarios" / "mixed.toml"


def _minimal(**receiver: Any) -> dict[str, Any]:
    return {"receivers": [{"model": "AD4D", **receiver}]}


def test_mixed_scenario_has_every_model() -> None:
    scenario = load_scenario(MIXED)
    models = {plan.model for plan in scenario.receivers}
    assert models >= {
        "ULXD4Q",
        "QLXD4",
        "AD4D",
        "AD4Q",
        "SLXD4D",
        "SLXD4Q+",
        "UR4D",
        "P10T",
    }
    names = [ch.name for plan in scenario.receivers for ch in plan.channels]
    assert "H01 Dave" in names
    assert scenario.events
    assert [e.at_seconds for e in scenario.events] == sorted(
        e.at_seconds for e in scenario.events
    )


async def test_mixed_scenario_farm_starts_with_its_channel_plans(
    connect: Connect,
) -> None:
    async with ReceiverFarm.from_scenario(MIXED, base_port=0) as farm:
        assert len(farm.receivers) == 8
        assert len({rx.port for rx in farm.receivers}) == 8
        stage = farm.receiver("stage-left")
        assert stage.device_id == "SL-ULXD"
        assert stage.channel(1).name == "H01 Dave"
        assert stage.channel(4).presence is Presence.OFF
        assert stage.channel(2).transmitter.drain_per_minute == 6.0
        assert stage.channel(1).transmitter.drain_per_minute == 0.5
        choir = farm.receiver("choir")
        assert choir.channel(4).transmitter.battery.kind == "ALKA"
        client = await connect(choir.port)
        reply = await client.request("< GET 4 TX_BATT_CHARGE_PERCENT >", "CHARGE")
        assert reply == "< REP 4 TX_BATT_CHARGE_PERCENT 255 >"  # AA: no %
        reply = await client.request("< GET 1 CHAN_NAME >", "CHAN_NAME")
        assert "{BP11 Sara " in reply


async def test_timeline_events_change_state_and_reach_clients(
    connect: Connect,
) -> None:
    scenario = {
        "receivers": [
            {"model": "ULXD4Q", "key": "sl", "channels": [{"name": "H01 Dave"}]}
        ],
        "events": [
            {"at": 0.1, "receiver": "sl", "channel": 2, "action": "transmitter_off"},
            {
                "at": 0.2,
                "receiver": "sl",
                "channel": 1,
                "action": "rename",
                "name": "H01 Eve",
            },
            {"at": 0.3, "receiver": "sl", "action": "fault", "name": "answer_err"},
        ],
    }
    farm = ReceiverFarm.from_scenario(scenario)
    await farm.start(timeline=False)
    try:
        rx = farm.receiver("sl")
        client = await connect(rx.port)
        await client.request("< GET MODEL >", "MODEL")
        farm.start_timeline()
        assert await client.next_containing("2 TX_TYPE") == "< REP 2 TX_TYPE UNKNOWN >"
        assert "{H01 Eve " in await client.next_containing("CHAN_NAME")
        async with asyncio.timeout(2):
            await rx.wait_until(lambda: rx.faults.answer_err)
        assert await client.request("< GET MODEL >", "REP") == "< REP ERR >"
    finally:
        await farm.stop()


async def test_a_held_timeline_waits_for_start_timeline() -> None:
    scenario = {
        "receivers": [{"model": "QLXD4", "key": "lec"}],
        "events": [
            {
                "at": 0.0,
                "receiver": "lec",
                "channel": 1,
                "action": "rename",
                "name": "Late",
            }
        ],
    }
    farm = ReceiverFarm.from_scenario(scenario)
    await farm.start(timeline=False)
    try:
        rx = farm.receiver("lec")
        await asyncio.sleep(0.1)
        assert rx.channel(1).name != "Late"
        farm.start_timeline()
        async with asyncio.timeout(2):
            await rx.wait_until(lambda: rx.channel(1).name == "Late")
    finally:
        await farm.stop()


async def test_offline_event_stops_and_restarts_the_receiver() -> None:
    scenario = {
        "receivers": [{"model": "QLXD4", "key": "lec"}],
        "events": [{"at": 0.0, "receiver": "lec", "action": "offline", "seconds": 0.2}],
    }
    async with ReceiverFarm.from_scenario(scenario) as farm:
        rx = farm.receiver("lec")
        await asyncio.sleep(0.1)
        assert not rx.running
        await asyncio.sleep(0.3)
        assert rx.running


async def test_of_model_gives_distinct_ids_and_consecutive_ports() -> None:
    async with ReceiverFarm.of_model("SLXD4Q+", 3) as farm:
        assert [rx.device_id for rx in farm.receivers] == [
            "SLXD4Q01",
            "SLXD4Q02",
            "SLXD4Q03",
        ]
        base = farm.receivers[0].port
    farm = ReceiverFarm.of_model("ULXD4Q", 2, base_port=base)
    assert [rx.port for rx in farm.receivers] == [base, base + 1]


async def test_farm_start_failure_stops_what_it_started(connect: Connect) -> None:
    async with ReceiverFarm.of_model("AD4D", 1) as blocker:
        busy = blocker.receivers[0].port
        farm = ReceiverFarm.from_scenario(
            {"receivers": [{"model": "ULXD4Q"}, {"model": "AD4Q", "port": busy}]}
        )
        with pytest.raises(OSError, match="cannot listen"):
            await farm.start()
        assert not any(rx.running for rx in farm.receivers)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"receivers": []}, "at least one receiver"),
        ({"receivers": [{"model": "BLX4"}]}, r"receivers\[0\]\.model: unknown model"),
        (_minimal(colour="red"), r"receivers\[0\]: unknown key\(s\) colour"),
        (_minimal(channels=[{}, {}, {}]), "AD4D has 2 channel"),
        (_minimal(channels=[{"battery": 120}]), "battery: percent 0..100"),
        (_minimal(channels=[{"batery": 50}]), "unknown key.*batery"),
        (_minimal(channels=[{"battery": "full"}]), "expected float"),
        (_minimal(device_id="MUCH_TOO_LONG"), "device_id: 1..8"),
        (_minimal(sample_layout="octoversity"), "sample_layout"),
        ({"receivers": [{"model": "ULXD4Q", "sample_layout": "fdc"}]}, "Axient"),
        (_minimal(faults=["explode"]), "faults: unknown explode"),
        (
            {**_minimal(), "events": [{"at": 1, "receiver": "nope", "action": "mute"}]},
            "no receiver 'nope'",
        ),
        (
            {
                **_minimal(key="a"),
                "events": [{"at": 1, "receiver": "a", "action": "mute"}],
            },
            "needs a channel 1..2",
        ),
        (
            {
                **_minimal(key="a"),
                "events": [{"at": 1, "receiver": "a", "action": "dance", "channel": 1}],
            },
            "unknown 'dance'",
        ),
        (
            {
                **_minimal(key="a"),
                "events": [
                    {"at": 1, "receiver": "a", "action": "rename", "channel": 1}
                ],
            },
            "rename needs name",
        ),
        (
            {
                **_minimal(key="a"),
                "events": [{"at": -1, "receiver": "a", "action": "flash"}],
            },
            "must not be negative",
        ),
        ({"simulation": {"tick_seconds": 0}, **_minimal()}, "tick_seconds"),
        ({**_minimal(), "extra": 1}, r"scenario: unknown key\(s\) extra"),
    ],
)
def test_invalid_scenarios_name_the_problem(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        load_scenario(data)


def test_bad_toml_and_missing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[receivers]\nmodel = ", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(broken)
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "absent.toml")


def test_toml_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_text(
        """
[simulation]
seed = 4
drain_per_minute = 30

[[receivers]]
model = "SLXD4D"
device_id = "FOYER"
channels = [{ name = "BP02 Anna", battery = 50, transmitter = "SLXD1" }]

[[events]]
at = 1.5
receiver = "FOYER"
channel = 1
action = "battery"
bars = 1
""",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.seed == 4
    assert scenario.drain_per_minute == 30.0
    assert scenario.receivers[0].key == "FOYER"
    assert scenario.receivers[0].channels[0].transmitter == "SLXD1"
    assert scenario.events[0].params == {"bars": 1}


def test_of_model_numbers_past_99_keep_ids_distinct_and_short() -> None:
    """125 receivers (a 500-channel venue): 125 distinct ids of at most 8 characters."""
    farm = ReceiverFarm.of_model("ULXD4Q", 125)
    ids = [rx.device_id for rx in farm.receivers]
    assert len(set(ids)) == 125
    assert all(len(device_id) <= 8 for device_id in ids)
    assert (ids[0], ids[98], ids[-1]) == ("ULXD4001", "ULXD4099", "ULXD4125")
    assert len(farm.by_key) == 125
