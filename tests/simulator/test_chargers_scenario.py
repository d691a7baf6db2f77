"""The charger simulator's scenario files, control port and command line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
import signal
from typing import Any

import aiohttp
import pytest

from simulator.chargers.control import ChargerControlServer
from simulator.chargers.rig import ChargerRig
from simulator.chargers.scenario import (
    ChargerScenarioError,
    load_charger_scenario,
    parse_charger_event,
)

from .conftest import Connect
from .test_cli import REPO, _ready_lines, _run, _running, _stop

CHARGERS_TOML = REPO / "simulator" / "scenarios" / "chargers.toml"


SCENARIO: dict[str, Any] = {
    "simulation": {"seed": 3},
    "chargers": [
        {
            "key": "crew",
            "model": "SBC220",
            "units": 2,
            "device_id": "CHG-1",
            "bays": [
                {"percent": 100, "health": 92},
                {"percent": 35, "per_minute": 6},
                {},
                {"error": 7},
            ],
        }
    ],
    "events": [
        {"at": 0.05, "charger": "crew", "bay": 3, "action": "dock", "percent": 20}
    ],
}


async def test_scenario_rig_and_its_timeline(connect: Connect) -> None:
    async with ChargerRig.from_scenario(SCENARIO, static=True) as rig:
        crew = rig.by_key["crew"]
        assert [(b.present, b.error) for b in crew.state.bays] == [
            (True, 0),
            (True, 0),
            (False, 0),
            (True, 7),
        ]
        await crew.wait_until(lambda: crew.bay(3).present)
        entry = rig.entries()[0]
        assert entry == {
            "key": "crew",
            "model": "SBC220",
            "host": "127.0.0.1",
            "port": crew.port,
            "device_id": "CHG-1",
            "bays": 4,
        }
        client = await connect(crew.port)
        assert await client.request("< GET 2 BATT_TIME_TO_FULL >", "TIME") == (
            "< REP 2 BATT_TIME_TO_FULL 00011 >"
        )


def test_the_dev_scenario_loads() -> None:
    scenario = load_charger_scenario(CHARGERS_TOML)
    assert [plan.key for plan in scenario.chargers] == ["crew"]
    assert {event.action for event in scenario.events} >= {
        "dock",
        "undock",
        "bay_fault",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"model": "SBC999"}, r"chargers\[0\]\.model: unknown charger model"),
        ({"units": 9}, r"chargers\[0\]\.units: SBC220: 1..4"),
        ({"device_id": "NINE-CHRS"}, r"device_id: 1..8 characters"),
        ({"port": 70000}, r"port: 0..65535"),
        ({"bays": [{}] * 5}, r"bays: SBC220 x2 has 4 bays"),
        ({"bays": [{"percent": 120}]}, r"bays\[0\]\.percent: 0..100, got 120"),
        ({"bays": [{"colour": "red"}]}, r"bays\[0\]: unknown key\(s\) colour"),
        ({"faults": ["explode"]}, r"faults: a list of"),
        ({"colour": "red"}, r"chargers\[0\]: unknown key\(s\) colour"),
    ],
)
def test_scenario_mistakes_name_the_key(change: dict[str, Any], message: str) -> None:
    charger = {**SCENARIO["chargers"][0], **change}
    with pytest.raises(ChargerScenarioError, match=message):
        load_charger_scenario({"chargers": [charger]})


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            {"charger": "nope", "action": "undock", "bay": 1},
            r"no charger 'nope' \(known: crew\)",
        ),
        ({"charger": "crew", "action": "explode"}, r"action: unknown 'explode'"),
        ({"charger": "crew", "action": "undock"}, r"bay: undock needs a bay 1..4"),
        (
            {"charger": "crew", "action": "undock", "bay": 5},
            r"bay: undock needs a bay 1..4",
        ),
        (
            {"charger": "crew", "action": "storage_mode", "bay": 1, "enabled": True},
            "acts on the whole charger",
        ),
        ({"charger": "crew", "action": "dock", "bay": 1}, "dock needs percent"),
        (
            {"charger": "crew", "action": "bay_fault", "bay": 1, "error": 0},
            r"error: 1..247, got 0",
        ),
        (
            {"charger": "crew", "action": "fault", "name": "explode"},
            "unknown fault 'explode'",
        ),
        ({"charger": "crew", "action": "offline", "seconds": 1e999}, "finite"),
        (
            {"charger": "crew", "action": "undock", "bay": 1, "at": 3},
            r"unknown key\(s\) at",
        ),
    ],
)
def test_event_mistakes(event: dict[str, Any], message: str) -> None:
    with pytest.raises(ChargerScenarioError, match=message):
        parse_charger_event(event, {"crew": 4}, timed=False)


async def _post(
    session: aiohttp.ClientSession, body: str | dict[str, Any]
) -> tuple[int, Any]:
    data = body if isinstance(body, str) else json.dumps(body)
    async with session.post("/events", data=data) as response:
        return response.status, await response.json()


async def test_control_port(connect: Connect) -> None:
    async with ChargerRig.from_scenario(SCENARIO, static=True) as rig:
        control = ChargerControlServer(rig, host="127.0.0.1", port=0)
        await control.start()
        try:
            crew = rig.by_key["crew"]
            client = await connect(crew.port)
            async with aiohttp.ClientSession(base_url=control.url) as session:
                async with session.get("/chargers") as response:
                    assert await response.json() == rig.entries()
                ok = await _post(
                    session, {"charger": "crew", "bay": 2, "action": "bay_fault"}
                )
                assert ok == (200, {"ok": True})
                # Under load the rig's own first pushes (bay 2 docked, error
                # 000) may reach this early client first; wait for the fault.
                assert (
                    await client.next_containing("2 BATT_ERROR 007")
                    == "< REP 2 BATT_ERROR 007 >"
                )
                ok = await _post(
                    session,
                    {"charger": "crew", "action": "storage_mode", "enabled": True},
                )
                assert ok == (200, {"ok": True})
                assert (
                    await client.next_containing("STORAGE_MODE")
                    == "< REP STORAGE_MODE ON >"
                )
                status, body = await _post(session, "{not json")
                assert status == 400
                assert body["error"].startswith("body is not valid JSON")
                status, body = await _post(session, "[1]")
                assert (status, body) == (
                    400,
                    {"error": "body must be a JSON object (one event)"},
                )
                status, body = await _post(
                    session, {"charger": "crew", "action": "undock"}
                )
                assert status == 400
                assert "undock needs a bay" in body["error"]
                status, body = await _post(session, "NaN")
                assert status == 400
                async with session.get("/nothing") as response:
                    assert response.status == 404
                    assert "error" in await response.json()
                ok = await _post(
                    session, {"charger": "crew", "action": "offline", "seconds": 30}
                )
                assert ok == (200, {"ok": True})
                assert not crew.running
        finally:
            await control.stop()
        assert not crew.running


async def test_cli_end_to_end(tmp_path: Path) -> None:
    """The real subcommand: ready files, an event over HTTP, a clean SIGTERM."""
    control_file = tmp_path / "control.json"
    ready_file = tmp_path / "chargers.json"
    with _running(
        "chargers",
        "--scenario",
        str(CHARGERS_TOML),
        "--control-port",
        "0",
        "--control-ready",
        str(control_file),
        "--json-ready",
        str(ready_file),
        "--static",
    ) as process:
        lines = _ready_lines(process)
        url = json.loads(control_file.read_text(encoding="utf-8"))["url"]
        (entry,) = json.loads(ready_file.read_text(encoding="utf-8"))
        assert entry["model"] == "SBC220"
        assert entry["bays"] == 4
        assert any(
            line.startswith("SBC220") and "CHG-1 (4 bays)" in line for line in lines
        )
        assert f"control  {url}" in lines
        async with aiohttp.ClientSession(base_url=url) as session:
            status, _ = await _post(
                session, {"charger": "crew", "bay": 3, "action": "dock", "percent": 10}
            )
        assert status == 200
        reader, writer = await asyncio.open_connection("127.0.0.1", entry["port"])
        writer.write(b"< GET 3 BATT_CHARGE >")
        await writer.drain()
        assert (
            await asyncio.wait_for(reader.readuntil(b">"), 5)
            == b"< REP 3 BATT_CHARGE 010 >"
        )
        writer.close()
        code, out, err = _stop(process, signal.SIGTERM)
    assert code == 0
    assert out.rstrip().endswith("stopped")
    assert err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--model", "SBC999"), "unknown charger model 'SBC999'"),
        (("--model", "SBC220", "--units", "0"), "1..4 linked units"),
        (("--model", "SBC220", "--base-port", "70000"), "--base-port must be 0..65535"),
        (
            ("--model", "SBC220", "--control-ready", "x.json"),
            "--control-ready needs --control-port",
        ),
        (("--scenario", "/nonexistent.toml"), "cannot read"),
    ],
)
def test_cli_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = _run("chargers", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
