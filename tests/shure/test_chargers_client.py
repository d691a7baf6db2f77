"""ChargerClient over real sockets: a scripted fake charger and the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import logging
from typing import Any

import pytest

from custom_components.micboard.shure.chargers import (
    ChargerChanged,
    ChargerClient,
    ChargerEvent,
)
from custom_components.micboard.shure.commandstrings import (
    ConnectionChanged,
    SessionReady,
)
from custom_components.micboard.shure.errors import CannotConnectError
from simulator.chargers import ChargerSimulator

from ..helpers import unused_port
from .chargers_transcripts import (
    CHARGING_BAY_2,
    HEALTHY_BAY_1,
    SBC220_IDENTITY,
)
from .commandstrings_helpers import FakeReceiver, wait_for

type MakeFake = Callable[..., Awaitable[FakeReceiver]]

FAST: dict[str, float] = {
    "keepalive_interval": 0.05,
    "silence_timeout": 1.0,
    "backoff_min": 0.01,
    "backoff_max": 0.05,
    "identity_timeout": 0.3,
    "connect_timeout": 1.0,
}
BAYS = (*HEALTHY_BAY_1, *CHARGING_BAY_2)


@pytest.fixture
async def make_charger_client(
    socket_enabled: None,
) -> AsyncIterator[Callable[..., ChargerClient]]:
    """Charger clients with fast timings; stopped at teardown."""
    clients: list[ChargerClient] = []

    def make(port: int, **overrides: Any) -> ChargerClient:
        client = ChargerClient("127.0.0.1", port, **(FAST | overrides))
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.stop()


def _record(client: ChargerClient) -> list[ChargerEvent]:
    events: list[ChargerEvent] = []
    client.add_listener(events.append)
    return events


async def test_handshake_asks_everything_at_once_and_is_ready(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port)
    events = _record(client)
    await client.start()
    charger = await client.wait_ready(3)
    assert fake.received[:5] == [
        "GET 0 ALL",
        "GET MODEL",
        "GET DEVICE_ID",
        "GET FW_VER",
        "GET STORAGE_MODE",
    ]
    assert (charger.model, charger.device_id, charger.firmware) == (
        "SBC220",
        "MA: 5-8",
        "1.4.53",
    )
    assert charger.bays[1].ready is True
    assert charger.bays[2].minutes_to_full == 108
    assert any(isinstance(event, SessionReady) for event in events)
    assert events[0] == ConnectionChanged(connected=True, reason="connected")
    # Keep-alive: a charger has no METER_RATE, so DEVICE_ID is asked instead.
    await wait_for(lambda: fake.count("GET DEVICE_ID") >= 3, what="keep-alives")
    assert not any("METER_RATE" in request for request in fake.received)
    # No bay was asked for one by one: GET 0 ALL answered.
    assert not any(request.startswith("GET 1 ") for request in fake.received)


async def test_refused_get_all_asks_each_bay_of_the_unit(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(
        identity=SBC220_IDENTITY, channels=BAYS, get_all="refuse"
    )
    client = make_charger_client(fake.port)
    await client.start()
    await client.wait_ready(3)
    await wait_for(
        lambda: 2 in client.charger.bays and client.charger.bays[2].cycles == 12
    )
    asked = [r for r in fake.received if r.startswith(("GET 1 ", "GET 2 ", "GET 3 "))]
    assert "GET 1 BATT_DETECTED" in asked
    assert "GET 2 BATT_ERROR" in asked
    assert not any(r.startswith("GET 3 ") for r in asked)  # one unit: bays 1 and 2
    assert client.charger.bays[1].health_percent == 84
    assert client.counters.rep_errors >= 1


async def test_identity_asked_again_when_missing(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    ignored: set[str] = set()

    def drop_first_fw_ver(request: str) -> None:
        if request == "GET FW_VER" and request not in ignored:
            ignored.add(request)
            fake.gets = "ignore"
        else:
            fake.gets = "answer"

    fake.get_all = "ignore"
    fake.on_request = drop_first_fw_ver
    client = make_charger_client(fake.port)
    await client.start()
    charger = await client.wait_ready(3)
    assert charger.firmware == "1.4.53"
    assert fake.count("GET FW_VER") == 2


async def test_a_device_that_never_says_its_model_is_never_ready(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=(), channels=BAYS, get_all="ignore")
    client = make_charger_client(fake.port, silence_timeout=5.0)
    await client.start()
    with pytest.raises(CannotConnectError, match="not ready"):
        await client.wait_ready(1.0)
    assert client.connected


async def test_refused_port(make_charger_client: Callable[..., ChargerClient]) -> None:
    client = make_charger_client(unused_port())
    events = _record(client)
    await client.start()
    await wait_for(lambda: client.counters.connect_failures >= 2)
    assert "cannot connect" in client.last_error
    assert not client.connected
    assert events == []
    with pytest.raises(CannotConnectError):
        await client.wait_ready(0.1)


async def test_silent_charger_is_dropped_and_reconnected(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port)
    events = _record(client)
    await client.start()
    await client.wait_ready(3)
    fake.gets = "ignore"  # the keep-alive goes unanswered: silence

    def lost() -> list[ConnectionChanged]:
        return [
            e for e in events if isinstance(e, ConnectionChanged) and not e.connected
        ]

    await wait_for(lambda: bool(lost()), timeout=5, what="the silence watchdog")
    assert "SilenceError" in lost()[0].reason
    fake.gets = "answer"
    await wait_for(
        lambda: sum(isinstance(e, SessionReady) for e in events) == 2, timeout=5
    )
    assert fake.connections == 2
    assert client.charger.bays[2].minutes_to_full == 108


async def test_aborted_socket_reconnects_and_reports_again(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port)
    events = _record(client)
    await client.start()
    await client.wait_ready(3)
    fake.drop()
    await wait_for(lambda: sum(isinstance(e, SessionReady) for e in events) == 2)
    lost = [e for e in events if isinstance(e, ConnectionChanged) and not e.connected]
    assert len(lost) == 1
    assert client.counters.disconnects == 1
    assert fake.count("GET 0 ALL") == 2


async def test_garbage_is_skipped_and_counted(
    make_fake_receiver: MakeFake,
    make_charger_client: Callable[..., ChargerClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port, silence_timeout=5.0)
    await client.start()
    await client.wait_ready(3)
    fake.push(b"\x00\xff< SAMPLE 1 ALL 1 2 >< HELLO >< REP 2 BATT_TIME_TO_FULL 00107 >")
    await wait_for(lambda: client.charger.bays[2].minutes_to_full == 107)
    assert client.counters.garbage_frames >= 2
    with caplog.at_level(logging.WARNING):
        fake.push(b"< REP 1 BATT_CHARGE 999 >" * 120)
        await wait_for(lambda: client.counters.rejected_fields >= 100)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "keeps sending data that cannot be used" in warnings[0].getMessage()
    assert client.charger.bays[1].charge_percent == 100


async def test_listener_errors_are_contained(
    make_fake_receiver: MakeFake,
    make_charger_client: Callable[..., ChargerClient],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port)

    def broken(_event: ChargerEvent) -> None:
        raise RuntimeError("listener bug")

    remove = client.add_listener(broken)
    events = _record(client)
    await client.start()
    await client.wait_ready(3)
    assert "Error in a listener of charger" in caplog.text
    assert any(isinstance(e, SessionReady) for e in events)
    remove()
    remove()  # removing twice is harmless


async def test_stop_is_final(
    make_fake_receiver: MakeFake, make_charger_client: Callable[..., ChargerClient]
) -> None:
    fake = await make_fake_receiver(identity=SBC220_IDENTITY, channels=BAYS)
    client = make_charger_client(fake.port)
    await client.start()
    await client.wait_ready(3)
    await client.stop()
    await client.stop()
    assert not client.connected
    with pytest.raises(RuntimeError, match="cannot be started again"):
        await client.start()


async def test_against_the_still_simulator_pushes_arrive(
    socket_enabled: None, make_charger_client: Callable[..., ChargerClient]
) -> None:
    async with ChargerSimulator(
        "SBC220", units=2, static=True, device_id="CHG-1"
    ) as sim:
        sim.dock(1, percent=100, health=84, cycles=362)
        client = make_charger_client(sim.port)
        events = _record(client)
        await client.start()
        charger = await client.wait_ready(3)
        assert sorted(charger.bays) == [1, 2, 3, 4]
        assert charger.bays[1].ready is True
        assert charger.bays[3].battery_present is False
        await asyncio.sleep(0.2)
        before = len(events)
        await asyncio.sleep(0.3)
        # At rest nothing changes, keep-alives or not.
        assert len(events) == before
        assert sim.received.count("< GET DEVICE_ID >") >= 3
        sim.dock(3, percent=20, per_minute=1)
        await wait_for(lambda: client.charger.bays[3].battery_present is True)
        assert client.charger.bays[3].minutes_to_full == 80
        assert ChargerChanged(bays=frozenset({3}), device=False) in events[before:]
        sim.fault_bay(2, error=4)
        await wait_for(lambda: client.charger.bays[2].faulted)
        assert client.charger.bays[2].error_code == 4
        assert client.counters.rep_errors == 0
