"""UhfrClient over real UDP: the UHF-R simulator and transcript peers on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from custom_components.micboard.shure.commandstrings import (
    ConnectionChanged,
    MeterSampled,
    ReceiverEvent,
    SessionReady,
    StateChanged,
)
from custom_components.micboard.shure.errors import CannotConnectError
from custom_components.micboard.shure.models import ReceiverFamily
from custom_components.micboard.shure.uhfr import UhfrClient
from custom_components.micboard.shure.uhfr.commands import meter_steps
from simulator.receivers import UhfrSimulator

from ..helpers import free_udp_port
from .commandstrings_helpers import wait_for
from .uhfr_helpers import FAST_TIMINGS, TranscriptPeer, transcript_answers
from .uhfr_transcripts import GET_BATTERY_1, GET_NAME_1, UR4D_REPORTS

type MakeSim = Callable[..., Awaitable[UhfrSimulator]]
type MakeClient = Callable[..., UhfrClient]


@pytest.fixture
async def make_sim(socket_enabled: None) -> AsyncIterator[MakeSim]:
    """Start UHF-R simulators on 127.0.0.1; stopped at teardown."""
    sims: list[UhfrSimulator] = []

    async def make(model: str = "UR4D", **kwargs: Any) -> UhfrSimulator:
        sim = UhfrSimulator(
            model, port=0, seed=5, channel_names=("HH41 Pastor", "BP42 Choir"), **kwargs
        )
        await sim.start()
        sims.append(sim)
        return sim

    yield make
    for sim in sims:
        await sim.stop()


@pytest.fixture
async def make_client(socket_enabled: None) -> AsyncIterator[MakeClient]:
    """UHF-R clients with fast timings; stopped at teardown."""
    clients: list[UhfrClient] = []

    def make(port: int, **overrides: Any) -> UhfrClient:
        options: dict[str, Any] = {"meter_interval_ms": 100, **FAST_TIMINGS}
        client = UhfrClient("127.0.0.1", port, **(options | overrides))
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.stop()


def _record(client: UhfrClient) -> list[ReceiverEvent]:
    events: list[ReceiverEvent] = []
    client.add_listener(events.append)
    return events


def _sent(sim: UhfrSimulator, text: str) -> int:
    return sum(1 for message in sim.received if message == text)


async def test_ur4d_from_start_to_stop(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    sim = await make_sim("UR4D", static=True)
    client = make_client(sim.port)
    events = _record(client)
    await client.start()
    receiver = await client.wait_ready(3)

    assert (receiver.model, receiver.family, receiver.channel_count) == (
        "UR4D",
        ReceiverFamily.UHFR,
        2,
    )
    assert receiver.channels[1].name == "HH41 Pastor"
    assert receiver.channels[2].name == "BP42 Choir"
    assert receiver.channels[1].tx_model == "UR2"
    assert client.connected
    assert client.ready
    assert client.last_error == "online, receiving answers"
    for channel in (1, 2):
        for name in ("CHAN_NAME", "TX_BAT", "FREQUENCY", "GROUP_CHAN", "MUTE"):
            assert _sent(sim, f"* GET {channel} {name} *") >= 1
    await wait_for(lambda: len(sim.metering) == 2)
    assert _sent(sim, "* METER 1 ALL 003 *") >= 1
    assert _sent(sim, "* METER 2 ALL 003 *") >= 1
    assert events[0] == ConnectionChanged(connected=True, reason="answering")
    await wait_for(lambda: any(isinstance(e, MeterSampled) for e in events))
    assert sum(isinstance(e, SessionReady) for e in events) == 1
    ready_at = next(i for i, e in enumerate(events) if isinstance(e, SessionReady))
    changed = [e for e in events[:ready_at] if isinstance(e, StateChanged)]
    assert any(e.device for e in changed)
    sample = next(e for e in events if isinstance(e, MeterSampled)).sample
    assert sample.antenna == "AB"  # a static channel: both antennas carry it
    assert sample.rf_level_percent is not None
    assert sample.rf_level_dbm is None

    await client.stop()
    await wait_for(lambda: not sim.metering)
    assert _sent(sim, "* METER 1 ALL STOP *") == 1
    assert _sent(sim, "* METER 2 ALL STOP *") == 1
    assert not client.connected
    assert events[-1] == ConnectionChanged(connected=False, reason="stopped")
    await client.stop()  # idempotent
    with pytest.raises(RuntimeError):
        await client.start()


async def test_ur4s_is_the_receiver_whose_channel_2_stays_silent(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    sim = await make_sim("UR4S", static=True)
    client = make_client(sim.port)
    await client.start()
    receiver = await client.wait_ready(3)
    assert (receiver.model, receiver.channel_count) == ("UR4S", 1)
    assert set(receiver.channels) == {1}
    keepalives = _sent(sim, "* GET 1 TX_BAT *")
    await wait_for(lambda: _sent(sim, "* GET 1 TX_BAT *") > keepalives)
    asked_before = _sent(sim, "* GET 2 TX_BAT *")
    keepalives = _sent(sim, "* GET 1 TX_BAT *")
    await wait_for(lambda: _sent(sim, "* GET 1 TX_BAT *") >= keepalives + 3)
    assert _sent(sim, "* GET 2 TX_BAT *") == asked_before  # not asked any more
    assert _sent(sim, "* METER 2 ALL 003 *") == 0


async def test_the_published_example_transcript(
    socket_enabled: None, make_client: MakeClient
) -> None:
    """A peer answering with the transcript (no samples): a UR4D, decoded."""
    peer = await TranscriptPeer(transcript_answers(UR4D_REPORTS)).start()
    try:
        client = make_client(peer.port)
        await client.start()
        receiver = await client.wait_ready(3)
        assert receiver.model == "UR4D"
        assert receiver.channels[1].name == "Lead Vox"
        assert receiver.channels[1].battery.bars == 4
        assert receiver.channels[1].audio.gain_db == -10
        assert receiver.channels[2].transmitter_present is False
        assert peer.count(GET_NAME_1) >= 1
        assert peer.count(GET_BATTERY_1) >= 1
        assert client.counters.reports >= len(UR4D_REPORTS)
    finally:
        peer.close()


async def test_changes_show_on_the_next_keepalive(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    """The simulator never pushes: the client's periodic GETs bring changes."""
    sim = await make_sim("UR4D", static=True)
    client = make_client(sim.port, meter_interval_ms=0)
    events = _record(client)
    await client.start()
    await client.wait_ready(3)
    sim.channel(2).rename("New Name")
    sim.channel(1).transmitter_off()
    await wait_for(lambda: client.receiver.channels[2].name == "New Name")
    await wait_for(lambda: client.receiver.channels[1].transmitter_present is False)
    assert client.receiver.channels[1].battery.bars is None
    assert any(isinstance(e, StateChanged) and 2 in e.channels for e in events)
    assert not any(isinstance(e, MeterSampled) for e in events)
    assert _sent(sim, "* METER 1 ALL STOP *") >= 1  # metering off: said so
    assert not any("ALL 0" in message for message in sim.received)


def test_meter_steps() -> None:
    assert [meter_steps(ms) for ms in (0, 100, 1000, 12_000, 65_000, -5)] == [
        0,
        3,
        33,
        399,
        399,
        0,
    ]


async def test_a_refused_port_is_offline_with_the_reason(
    make_client: MakeClient,
) -> None:
    client = make_client(free_udp_port())
    await client.start()
    await wait_for(lambda: client.counters.connect_failures >= 2)
    assert not client.connected
    assert client.last_error.startswith("port unreachable: ConnectionRefusedError")
    with pytest.raises(CannotConnectError, match="port unreachable"):
        await client.wait_ready(0.2)


async def test_an_unresolvable_host_keeps_retrying(
    socket_enabled: None, unencodable_hosts: None
) -> None:
    client = UhfrClient("x" * 70 + ".example", **FAST_TIMINGS)
    try:
        await client.start()
        await wait_for(lambda: client.counters.connect_failures >= 2)
        assert client.last_error.startswith("cannot open a socket: ")
        assert not client.connected
    finally:
        await client.stop()


@pytest.mark.parametrize("static", [True, False])
async def test_silent_receiver_is_lost_and_back(
    make_sim: MakeSim, make_client: MakeClient, static: bool
) -> None:
    """Back after silence without a single value changed (static) or with drift."""
    sim = await make_sim("UR4D", static=static)
    client = make_client(sim.port)
    events = _record(client)
    await client.start()
    await client.wait_ready(3)
    sim.faults.silent = True
    await wait_for(lambda: not client.connected)
    lost = [e for e in events if isinstance(e, ConnectionChanged) and not e.connected]
    assert lost[0].reason.startswith("no answer for ")
    assert client.last_error == lost[0].reason
    events.clear()
    sim.faults.silent = False
    await wait_for(lambda: any(isinstance(e, SessionReady) for e in events))
    assert client.connected
    assert events[0] == ConnectionChanged(connected=True, reason="answering")
    assert client.counters.disconnects == 1
    assert client.counters.connects == 2


async def test_refusing_receiver_is_lost_at_once_and_back(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    sim = await make_sim("UR4D", static=True)
    client = make_client(sim.port, silence_timeout=30.0)
    await client.start()
    await client.wait_ready(3)
    sim.faults.refuse_connections = True
    await wait_for(lambda: not client.connected, timeout=2.0)
    assert client.last_error.startswith("port unreachable")
    sim.faults.refuse_connections = False
    await wait_for(lambda: client.connected and len(sim.metering) == 2)


async def test_restarted_receiver_is_metered_again(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    sim = await make_sim("UR4D", static=True)
    client = make_client(sim.port)
    await client.start()
    await client.wait_ready(3)
    await wait_for(lambda: len(sim.metering) == 2)
    await sim.stop()
    await wait_for(lambda: not client.connected)
    await sim.start()
    await wait_for(lambda: client.connected and len(sim.metering) == 2)
    assert client.receiver.model == "UR4D"


async def test_garbage_datagrams_cost_nothing(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    sim = await make_sim("UR4D", static=True)
    sim.faults.inject_garbage = True
    client = make_client(sim.port)
    await client.start()
    receiver = await client.wait_ready(3)
    assert receiver.channels[2].name == "BP42 Choir"
    await wait_for(lambda: client.counters.garbage_frames > 10)
    assert client.connected
    assert client.counters.rejected_fields == 0


async def test_a_lossy_network_still_gets_everything(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    """Half the answers lost: missing GETs are asked again, writes resent."""
    sim = await make_sim("UR4D", static=True)
    sim.faults.lose_datagrams = True
    client = make_client(sim.port, identity_timeout=1.0, command_timeout=3.0)
    await client.start()
    receiver = await client.wait_ready(5)
    assert receiver.model == "UR4D"
    await wait_for(
        lambda: all(
            client.receiver.channels[n].frequency_mhz is not None for n in (1, 2)
        )
    )
    await client.set_audio_mute(2, True)
    assert sim.channel(2).audio_muted


async def test_a_broken_listener_is_logged_and_the_others_still_hear(
    make_sim: MakeSim, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    sim = await make_sim("UR4S", static=True)
    client = make_client(sim.port)

    def broken(event: ReceiverEvent) -> None:
        raise RuntimeError("listener bug")

    def removed(event: ReceiverEvent) -> None:
        raise AssertionError("a removed listener was called")

    client.add_listener(broken)
    events = _record(client)
    remove = client.add_listener(removed)
    remove()
    remove()  # removing twice is harmless
    await client.start()
    await client.wait_ready(3)
    assert any(isinstance(e, SessionReady) for e in events)
    assert "Error in a listener of receiver 127.0.0.1" in caplog.text


async def test_stop_before_start_sends_nothing(make_sim: MakeSim) -> None:
    sim = await make_sim("UR4D")
    client = UhfrClient("127.0.0.1", sim.port)
    await client.stop()
    await asyncio.sleep(0.05)
    assert not sim.received


async def test_last_error_while_the_first_answer_is_awaited(
    make_sim: MakeSim, make_client: MakeClient
) -> None:
    """Before a first try has failed it says so; an ICMP refusal shows at once."""
    sim = await make_sim("UR4D")
    sim.faults.silent = True
    client = make_client(sim.port, backoff_min=5.0, backoff_max=5.0)
    assert client.last_error == "not connected yet"
    await client.start()
    await wait_for(lambda: len(sim.received) > 0)
    assert client.last_error == "asked over UDP, no answer yet"
    refused = make_client(free_udp_port(), backoff_min=5.0, backoff_max=5.0)
    await refused.start()
    await wait_for(lambda: refused.last_error.startswith("port unreachable"), 2.0)
    assert refused.counters.connect_failures == 0  # the first try is still on
