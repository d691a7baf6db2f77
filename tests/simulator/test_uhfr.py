"""The UHF-R simulator over real UDP: replies, metering, faults, farms."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
import json
from pathlib import Path
import signal
import socket

import pytest

from simulator.receivers import ReceiverFarm, ReceiverSimulator, UhfrSimulator
from simulator.receivers.control import receiver_entries
from simulator.receivers.scenario import parse_event
from simulator.receivers.timeline import apply_event

from .test_cli import _ready_lines, _running, _stop


class UdpClient(asyncio.DatagramProtocol):
    """A raw UDP socket connected to a port; keeps every datagram and error."""

    def __init__(self) -> None:
        self.datagrams: asyncio.Queue[bytes] = asyncio.Queue()
        self.errors: list[Exception] = []
        self.transport: asyncio.DatagramTransport | None = None

    @classmethod
    async def connect(cls, port: int) -> UdpClient:
        loop = asyncio.get_running_loop()
        client = cls()
        await loop.create_datagram_endpoint(
            lambda: client, remote_addr=("127.0.0.1", port)
        )
        return client

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    def datagram_received(self, data: bytes, addr: object) -> None:
        self.datagrams.put_nowait(data)

    def error_received(self, exc: Exception) -> None:
        self.errors.append(exc)

    def send(self, text: str) -> None:
        assert self.transport is not None
        self.transport.sendto(text.encode())

    async def next(self, timeout: float = 2.0) -> str:
        async with asyncio.timeout(timeout):
            return (await self.datagrams.get()).decode("latin-1")

    async def ask(self, text: str) -> str:
        self.send(text)
        return await self.next()

    async def quiet(self, seconds: float = 0.3) -> list[str]:
        """Everything that arrives within `seconds`."""
        got: list[str] = []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    got.append((await self.datagrams.get()).decode("latin-1"))
        return got

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


@pytest.fixture
async def ur4d() -> AsyncIterator[UhfrSimulator]:
    async with UhfrSimulator(
        "UR4D", seed=1, static=True, channel_names=("HH41 Pastor",)
    ) as receiver:
        yield receiver


@pytest.fixture
async def client(ur4d: UhfrSimulator) -> AsyncIterator[UdpClient]:
    udp = await UdpClient.connect(ur4d.port)
    yield udp
    udp.close()


async def test_get_answers_to_the_sender(
    ur4d: UhfrSimulator, client: UdpClient
) -> None:
    assert (
        await client.ask("* GET 1 CHAN_NAME *") == "* REPORT 1 CHAN_NAME HH41_Pastor  *"
    )
    assert await client.ask("* GET 1 TX_BAT *") in {
        f"* REPORT 1 TX_BAT {n} *" for n in "12345"
    }
    assert await client.ask("* GET 2 TX_TYPE *") == "* REPORT 2 TX_TYPE UR2 *"
    assert await client.ask("* GET 1 MUTE *") == "* REPORT 1 MUTE OFF *"
    assert await client.ask("* GET 1 AUDIO_GAIN *") == "* REPORT 1 AUDIO_GAIN 00 *"
    assert await client.ask("* GET 1 GROUP_CHAN *") == "* REPORT 1 GROUP_CHAN 01 01 *"
    frequency = await client.ask("* GET 2 FREQUENCY *")
    assert frequency == f"* REPORT 2 FREQUENCY {ur4d.channel(2).frequency_khz:06d} *"
    assert (
        await client.ask("* GET 1 TX_BAT_MINS *") == "* REPORT 1 TX_BAT_MINS UNKNOWN *"
    )
    client.send("* GET 1 NO_SUCH_THING *")
    client.send("< GET 1 CHAN_NAME >")
    assert await client.quiet() == []
    assert "* GET 1 CHAN_NAME *" in ur4d.received


async def test_a_transmitter_switched_off_reads_unknown(
    ur4d: UhfrSimulator, client: UdpClient
) -> None:
    ur4d.channel(1).transmitter_off()
    assert await client.ask("* GET 1 TX_TYPE *") == "* REPORT 1 TX_TYPE UNKNOWN *"
    assert await client.ask("* GET 1 TX_BAT *") == "* REPORT 1 TX_BAT U *"
    ur4d.channel(1).set_frequency_khz(600_000)
    assert await client.ask("* GET 1 GROUP_CHAN *") == "* REPORT 1 GROUP_CHAN -- -- *"


async def test_a_ur4s_ignores_channel_2() -> None:
    async with UhfrSimulator("UR4S") as ur4s:
        udp = await UdpClient.connect(ur4s.port)
        try:
            udp.send("* GET 2 CHAN_NAME *")
            udp.send("* METER 2 ALL 003 *")
            assert await udp.quiet() == []
            assert (await udp.ask("* GET 1 CHAN_NAME *")).startswith("* REPORT 1 ")
        finally:
            udp.close()


async def test_set_changes_state_and_reports(
    ur4d: UhfrSimulator, client: UdpClient
) -> None:
    assert (
        await client.ask("* SET 2 CHAN_NAME Lead_Vox *")
        == "* REPORT 2 CHAN_NAME Lead_Vox     *"
    )
    assert ur4d.channel(2).name == "Lead Vox"
    assert await client.ask("* SET 1 MUTE TOGGLE *") == "* REPORT 1 MUTE ON *"
    assert ur4d.channel(1).audio_muted
    assert await client.ask("* SET 1 AUDIO_GAIN 12 *") == "* REPORT 1 AUDIO_GAIN 12 *"
    assert ur4d.gains[1] == 12
    client.send("* SET 1 AUDIO_GAIN 40 *")
    client.send("* SET 1 MUTE MAYBE *")
    assert await client.quiet() == []
    assert ur4d.gains[1] == 12


async def test_metering_streams_to_each_requester_until_stop(
    ur4d: UhfrSimulator, client: UdpClient
) -> None:
    other = await UdpClient.connect(ur4d.port)
    try:
        client.send("* METER 1 ALL 001 *")
        other.send("* METER 2 ALL 002 *")
        samples = await client.quiet(0.4)
        assert len(samples) >= 5
        assert all(sample.startswith("* SAMPLE 1 ALL AB ") for sample in samples)
        fields = samples[0].strip("* ").split()
        assert len(fields) == 8
        assert samples[0] == samples[-1]  # a static receiver reads the same
        assert ur4d.connection_count == 2
        assert (await other.next()).startswith("* SAMPLE 2 ALL ")
        client.send("* METER 1 ALL STOP *")
        await asyncio.sleep(0.1)
        await client.quiet(0.05)
        assert await client.quiet(0.2) == []
        assert ur4d.connection_count == 1
        await ur4d.drop_connections()
        await other.quiet(0.05)
        assert await other.quiet(0.2) == []
    finally:
        other.close()


async def test_silent_garbage_and_loss(ur4d: UhfrSimulator, client: UdpClient) -> None:
    ur4d.faults.silent = True
    client.send("* GET 1 MUTE *")
    assert await client.quiet() == []
    ur4d.faults.silent = False
    ur4d.faults.inject_garbage = True
    client.send("* GET 1 MUTE *")
    got = await client.quiet()
    assert len(got) == 2
    assert any("* REPORT 1 MUTE OFF *" in datagram for datagram in got)
    ur4d.faults.inject_garbage = False
    ur4d.faults.lose_datagrams = True
    for _ in range(40):
        client.send("* GET 1 MUTE *")
    answered = len(await client.quiet())
    assert 0 < answered < 40


async def test_refusing_closes_the_port_and_reopens_it(
    ur4d: UhfrSimulator, client: UdpClient
) -> None:
    ur4d.faults.refuse_connections = True
    await asyncio.sleep(0.2)
    client.send("* GET 1 MUTE *")
    await client.quiet(0.2)
    assert any(isinstance(err, ConnectionRefusedError) for err in client.errors)
    ur4d.faults.refuse_connections = False
    await asyncio.sleep(0.2)
    assert await client.ask("* GET 1 MUTE *") == "* REPORT 1 MUTE OFF *"


async def test_offline_and_back_on_the_same_port(ur4d: UhfrSimulator) -> None:
    port = ur4d.port
    await ur4d.stop()
    assert not ur4d.running
    await ur4d.start()
    assert ur4d.port == port
    udp = await UdpClient.connect(port)
    try:
        assert (await udp.ask("* GET 2 MUTE *")) == "* REPORT 2 MUTE OFF *"
    finally:
        udp.close()


def test_a_command_string_simulator_refuses_a_uhfr_model() -> None:
    with pytest.raises(ValueError, match="UR4D is not served by ReceiverSimulator"):
        ReceiverSimulator("UR4D")
    with pytest.raises(ValueError, match="ULXD4 is not served by UhfrSimulator"):
        UhfrSimulator("ULXD4")


async def test_a_farm_serves_uhfr_from_a_scenario() -> None:
    scenario = {
        "receivers": [
            {
                "key": "pulpit",
                "model": "UR4D",
                "channels": [
                    {"name": "HH41 Pastor", "battery": 90, "transmitter": "UR2"},
                    {"name": "BP42 Choir", "battery": 30, "battery_type": "LION"},
                ],
            },
            {"key": "stage", "model": "ULXD4"},
        ]
    }
    async with ReceiverFarm.from_scenario(scenario, static=True) as farm:
        pulpit = farm.receiver("pulpit")
        assert isinstance(pulpit, UhfrSimulator)
        assert not isinstance(farm.receiver("stage"), UhfrSimulator)
        entries = {entry["key"]: entry for entry in receiver_entries(farm)}
        assert entries["pulpit"]["protocol"] == "uhfr"
        assert entries["pulpit"]["channels"] == 2
        assert "protocol" not in entries["stage"]
        udp = await UdpClient.connect(pulpit.port)
        try:
            assert await udp.ask("* GET 2 TX_BAT *") == "* REPORT 2 TX_BAT 2 *"
            minutes = await udp.ask("* GET 2 TX_BAT_MINS *")
            assert minutes.startswith("* REPORT 2 TX_BAT_MINS 0")  # lithium: minutes
            assert (
                await udp.ask("* GET 2 TX_BAT_TYPE *")
                == "* REPORT 2 TX_BAT_TYPE LITHIUM *"
            )
            models = {key: rx.model for key, rx in farm.by_key.items()}
            event = parse_event(
                {"receiver": "pulpit", "channel": 1, "action": "battery", "bars": 1},
                models,
                timed=False,
            )
            await apply_event(pulpit, event)
            assert await udp.ask("* GET 1 TX_BAT *") == "* REPORT 1 TX_BAT 1 *"
            fault = parse_event(
                {"receiver": "pulpit", "action": "fault", "name": "lose_datagrams"},
                models,
                timed=False,
            )
            await apply_event(pulpit, fault)
            assert pulpit.faults.lose_datagrams
        finally:
            udp.close()


def test_the_command_line_runs_uhfr_receivers(tmp_path: Path) -> None:
    """`--model UR4D --count 2`: UDP receivers, listed with their protocol."""
    ready_file = tmp_path / "ready.json"
    with _running(
        "receivers",
        "--model",
        "UR4D",
        "--count",
        "2",
        "--base-port",
        "0",
        "--json-ready",
        str(ready_file),
    ) as process:
        lines = _ready_lines(process)
        entries = json.loads(ready_file.read_text(encoding="utf-8"))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.settimeout(5)
            udp.sendto(b"* GET 2 MUTE *", ("127.0.0.1", entries[1]["port"]))
            reply = udp.recv(1024)
        code, _out, err = _stop(process, signal.SIGTERM)
    assert code == 0, err
    assert [line.split()[0] for line in lines[:-1]] == ["UR4D", "UR4D"]
    assert [entry["protocol"] for entry in entries] == ["uhfr", "uhfr"]
    assert [entry["device_id"] for entry in entries] == ["UR4D01", "UR4D02"]
    assert reply == b"* REPORT 2 MUTE OFF *"
    assert "Traceback" not in err
