"""The receivers simulator's HTTP control port, over real HTTP and TCP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import json
from pathlib import Path
import re
import signal
import socket
import time
from typing import Any

import aiohttp
import pytest

from simulator.receivers import ReceiverFarm, ScenarioError
from simulator.receivers.control import ControlServer
from simulator.receivers.scenario import parse_event

from .conftest import Connect
from .test_cli import MIXED, _ask, _ready_lines, _run, _running, _stop

SCENARIO: dict[str, Any] = {
    "receivers": [
        {
            "key": "stage-left",
            "model": "ULXD4Q",
            "device_id": "SL-ULXD",
            "channels": [{"name": "H01 Dave", "battery": 92}],
        },
        {"key": "lectern", "model": "QLXD4", "device_id": "LECTERN"},
        {"key": "choir", "model": "AD4Q", "device_id": "CHOIR-AD"},
    ]
}


@asynccontextmanager
async def controlled() -> AsyncIterator[
    tuple[ReceiverFarm, ControlServer, aiohttp.ClientSession]
]:
    """A running farm, its control server and an HTTP session."""
    async with ReceiverFarm.from_scenario(SCENARIO, seed=1) as farm:
        control = ControlServer(farm, host="127.0.0.1", port=0)
        await control.start()
        try:
            async with aiohttp.ClientSession(base_url=control.url) as session:
                yield farm, control, session
        finally:
            await control.stop()


async def _post(
    session: aiohttp.ClientSession, body: str | dict[str, Any]
) -> tuple[int, Any]:
    data = body if isinstance(body, str) else json.dumps(body)
    async with session.post("/events", data=data) as response:
        return response.status, await response.json()


async def test_battery_event_changes_what_a_tcp_client_reads(
    connect: Connect,
) -> None:
    async with controlled() as (farm, control, session):
        assert control.port > 0
        assert control.url == f"http://127.0.0.1:{control.port}"
        stage = farm.receiver("stage-left")
        client = await connect(stage.port)
        before = await client.request("< GET 1 BATT_BARS >", "BATT_BARS")
        assert before == "< REP 1 BATT_BARS 005 >"
        status, body = await _post(
            session,
            {"receiver": "stage-left", "channel": 1, "action": "battery", "bars": 1},
        )
        assert (status, body) == (200, {"ok": True})
        # the change is also pushed unsolicited to the connected client
        assert await client.next_containing("BATT_BARS") == "< REP 1 BATT_BARS 001 >"
        reply = await client.request("< GET 1 BATT_BARS >", "BATT_BARS")
        assert reply == "< REP 1 BATT_BARS 001 >"
        choir = await connect(farm.receiver("choir").port)
        status, _ = await _post(
            session, {"receiver": "choir", "channel": 3, "action": "transmitter_off"}
        )
        assert status == 200
        reply = await choir.request("< GET 3 TX_MODEL >", "TX_MODEL")
        assert reply == "< REP 3 TX_MODEL UNKNOWN >"


async def test_tx_offset_event_is_pushed_as_tx_offset_db_plus_12(
    connect: Connect,
) -> None:
    async with controlled() as (farm, _control, session):
        client = await connect(farm.receiver("stage-left").port)
        before = await client.request("< GET 2 TX_OFFSET >", "TX_OFFSET")
        assert before == "< REP 2 TX_OFFSET 012 >"  # 0 dB
        status, body = await _post(
            session,
            {"receiver": "stage-left", "channel": 2, "action": "tx_offset", "db": -6},
        )
        assert (status, body) == (200, {"ok": True})
        assert await client.next_containing("TX_OFFSET") == "< REP 2 TX_OFFSET 006 >"
        status, _ = await _post(
            session,
            {"receiver": "stage-left", "channel": 2, "action": "tx_offset", "db": 22},
        )
        assert status == 400
        reply = await client.request("< GET 2 TX_OFFSET >", "TX_OFFSET")
        assert reply == "< REP 2 TX_OFFSET 006 >"


async def test_rename_and_fault_events_reach_the_receiver(connect: Connect) -> None:
    async with controlled() as (farm, _control, session):
        stage = farm.receiver("stage-left")
        status, _ = await _post(
            session,
            {
                "receiver": "stage-left",
                "channel": 2,
                "action": "rename",
                "name": "H02 Kim",
            },
        )
        assert status == 200
        assert stage.channel(2).name == "H02 Kim"
        status, _ = await _post(
            session, {"receiver": "stage-left", "action": "fault", "name": "answer_err"}
        )
        assert status == 200
        client = await connect(stage.port)
        assert await client.request("< GET MODEL >", "REP") == "< REP ERR >"


async def test_offline_event_answers_at_once_and_the_receiver_comes_back() -> None:
    async with controlled() as (farm, _control, session):
        lectern = farm.receiver("lectern")
        port = lectern.port
        started = time.monotonic()
        status, body = await _post(
            session, {"receiver": "lectern", "action": "offline", "seconds": 1.5}
        )
        assert (status, body) == (200, {"ok": True})
        assert time.monotonic() - started < 1.5  # it did not wait the spell out
        assert not lectern.running
        async with asyncio.timeout(5):
            await lectern.wait_until(lambda: lectern.running)
        assert lectern.port == port


async def test_stop_cancels_a_running_offline_event() -> None:
    async with controlled() as (farm, control, session):
        status, _ = await _post(
            session, {"receiver": "lectern", "action": "offline", "seconds": 60}
        )
        assert status == 200
        await control.stop()
        assert not control._background
        assert not farm.receiver("lectern").running


async def test_get_receivers_lists_the_ready_file_entries() -> None:
    async with controlled() as (farm, _control, session):
        async with session.get("/receivers") as response:
            assert response.status == 200
            entries = await response.json()
        assert [entry["key"] for entry in entries] == ["stage-left", "lectern", "choir"]
        assert entries[0] == {
            "key": "stage-left",
            "model": "ULXD4Q",
            "host": "127.0.0.1",
            "port": farm.receiver("stage-left").port,
            "device_id": "SL-ULXD",
            "channels": 4,
        }
        assert entries[2]["channels"] == 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "body is not valid JSON"),
        ('{"receiver": "lectern", "action": "offline", "seconds": NaN}', "NaN"),
        ("[1, 2]", "body must be a JSON object"),
        ({"receiver": "nope", "action": "flash"}, "no receiver 'nope'"),
        ({"receiver": "lectern", "action": "dance"}, "unknown 'dance'"),
        ({"action": "flash"}, "event.receiver: missing"),
        (
            {"receiver": "stage-left", "action": "battery", "bars": 1},
            "needs a channel 1..4",
        ),
        (
            {"receiver": "stage-left", "channel": 1, "action": "battery", "bars": 9},
            "event.bars: 0..5, got 9",
        ),
        (
            {"receiver": "stage-left", "channel": 1, "action": "battery"},
            "battery needs percent, bars or minutes",
        ),
        (
            {"receiver": "stage-left", "channel": 1, "action": "gain", "db": "loud"},
            "event.db: expected int",
        ),
        (
            {"receiver": "stage-left", "channel": 1, "action": "gain", "db": 99},
            "event.db: -18..42",
        ),
        ({"receiver": "lectern", "action": "offline"}, "offline needs seconds"),
        (
            {"receiver": "lectern", "action": "offline", "seconds": 1, "at": 5},
            r"unknown key\(s\) at",
        ),
        (
            {"receiver": "lectern", "action": "fault", "name": "explode"},
            "unknown fault 'explode'",
        ),
        (
            {"receiver": "stage-left", "channel": 1, "action": "rename", "name": "{x}"},
            "without braces",
        ),
        (
            {
                "receiver": "stage-left",
                "channel": 1,
                "action": "transmitter_on",
                "model": "UL XD2",
            },
            "event.model: a transmitter model",
        ),
    ],
)
async def test_bad_requests_are_400_with_a_message(
    body: str | dict[str, Any], message: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with controlled() as (farm, _control, session):
        status, answer = await _post(session, body)
        assert status == 400
        assert set(answer) == {"error"}
        assert re.search(message, answer["error"]), answer["error"]
        # nothing was applied
        assert farm.receiver("stage-left").channel(1).transmitter.battery.bars == 5
        assert farm.receiver("lectern").running
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]


async def test_unknown_paths_and_methods_answer_json() -> None:
    async with controlled() as (_farm, _control, session):
        async with session.get("/nowhere") as response:
            assert response.status == 404
            assert "Not Found" in (await response.json())["error"]
        async with session.get("/events") as response:
            assert response.status == 405
            assert "GET /events" in (await response.json())["error"]
        async with session.post("/events", data=b"x" * 70_000) as response:
            assert response.status == 413
            assert "error" in await response.json()


async def test_busy_control_port_names_the_address() -> None:
    async with ReceiverFarm.from_scenario(SCENARIO) as farm:
        with socket.socket() as blocker:
            blocker.bind(("127.0.0.1", 0))
            blocker.listen()
            port = blocker.getsockname()[1]
            control = ControlServer(farm, host="127.0.0.1", port=port)
            with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{port}"):
                await control.start()
            await control.stop()


def test_parse_event_is_the_scenario_vocabulary_without_at() -> None:
    models = {"sl": "ULXD4Q"}
    event = parse_event(
        {"receiver": "sl", "channel": 2, "action": "transmitter_on", "battery": 50},
        models,
        timed=False,
    )
    assert (event.at_seconds, event.channel, event.params) == (
        0.0,
        2,
        {"battery": 50.0},
    )
    timed = parse_event(
        {"at": 3, "receiver": "sl", "action": "flash"}, models, path="events[0]"
    )
    assert timed.at_seconds == 3.0
    with pytest.raises(ScenarioError, match=r"events\[0\]\.at: missing"):
        parse_event({"receiver": "sl", "action": "flash"}, models, path="events[0]")
    with pytest.raises(ScenarioError, match="finite"):
        parse_event(
            {"receiver": "sl", "channel": 1, "action": "drain", "per_minute": 1e999},
            models,
            timed=False,
        )


async def test_cli_control_port_end_to_end(tmp_path: Path) -> None:
    """The real subcommand: ready files, an event, then a clean SIGTERM."""
    control_file = tmp_path / "control.json"
    ready_file = tmp_path / "ready.json"
    with _running(
        "receivers",
        "--scenario",
        str(MIXED),
        "--base-port",
        "0",
        "--control-port",
        "0",
        "--control-ready",
        str(control_file),
        "--json-ready",
        str(ready_file),
    ) as process:
        lines = _ready_lines(process)
        url = json.loads(control_file.read_text(encoding="utf-8"))["url"]
        assert url.startswith("http://127.0.0.1:")
        assert f"control  {url}" in lines
        entries = json.loads(ready_file.read_text(encoding="utf-8"))
        stage = next(entry for entry in entries if entry["key"] == "stage-left")

        async with aiohttp.ClientSession(base_url=url) as session:
            async with session.get("/receivers") as response:
                listed = await response.json()
            status, _ = await _post(
                session,
                {
                    "receiver": "stage-left",
                    "channel": 1,
                    "action": "battery",
                    "bars": 2,
                },
            )
            _, bad = await _post(session, {"receiver": "stage-left"})
        assert listed == entries
        assert status == 200
        assert "action: missing" in bad["error"]
        assert _ask(stage["port"], b"< GET 1 BATT_BARS >") == (
            "< REP 1 BATT_BARS 002 >"
        )
        code, out, err = _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert "stopped" in out
    assert "Traceback" not in err


def test_cli_busy_control_port_exits_1() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = _run(
            "receivers",
            "--model",
            "AD4D",
            "--base-port",
            "0",
            "--control-port",
            str(port),
        )
    assert result.returncode == 1
    assert result.stderr == (
        f"simulator receivers: error: cannot listen on 127.0.0.1:{port}: "
        "Address already in use\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--control-ready", "x.json"), "--control-ready needs --control-port"),
        (("--control-port", "70000"), "--control-port must be 0..65535"),
    ],
)
def test_bad_control_options_exit_2(args: tuple[str, ...], message: str) -> None:
    result = _run("receivers", "--model", "AD4D", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
