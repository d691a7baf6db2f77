"""ReceiverClient against a fake receiver on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging
import socket

import pytest

from custom_components.micboard.shure.commandstrings import (
    ConnectionChanged,
    MeterSampled,
    ReceiverClient,
    ReceiverEvent,
    SessionReady,
    StateChanged,
)
from custom_components.micboard.shure.errors import CannotConnectError
from custom_components.micboard.shure.models import ReceiverFamily
from simulator.receivers import ReceiverSimulator

from .commandstrings_helpers import FakeReceiver, wait_for
from .commandstrings_transcripts import (
    AD4Q_IDENTITY,
    SLXD4D_CHANNELS,
    SLXD4D_IDENTITY,
    ULXD4D_IDENTITY,
)

type MakeFake = Callable[..., Awaitable[FakeReceiver]]
type MakeClient = Callable[..., ReceiverClient]

ULXD_CHANNELS = (
    "< REP 1 CHAN_NAME {Lead Vox} >",
    "< REP 1 BATT_BARS 004 >",
    "< REP 2 CHAN_NAME {Spare} >",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _record(client: ReceiverClient) -> list[ReceiverEvent]:
    events: list[ReceiverEvent] = []
    client.add_listener(events.append)
    return events


async def test_connect_get_all_identity_metering_and_stop(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)
    events = _record(client)
    await client.start()
    receiver = await client.wait_ready(2)

    assert receiver.model == "ULXD4D"
    assert receiver.family is ReceiverFamily.ULXD
    assert receiver.device_id == "ULXD-RX1"
    assert receiver.firmware == "2.4.6"
    assert receiver.channels[1].name == "Lead Vox"
    assert client.connected
    assert client.ready
    assert (client.host, client.port) == ("127.0.0.1", fake.port)
    assert fake.received[0] == "GET 0 ALL"
    assert "GET MODEL" not in fake.received
    await wait_for(lambda: fake.count("SET 2 METER_RATE 01000") == 1)
    assert fake.count("SET 1 METER_RATE 01000") == 1
    assert events[0] == ConnectionChanged(connected=True, reason="connected")
    changed = [event for event in events if isinstance(event, StateChanged)]
    assert changed[0].device is True
    assert {1, 2} <= set().union(*(event.channels for event in changed))

    await client.stop()
    assert fake.count("SET 1 METER_RATE 00000") == 1
    assert fake.count("SET 2 METER_RATE 00000") == 1
    assert not client.connected
    assert events[-1] == ConnectionChanged(connected=False, reason="stopped")
    await client.stop()  # idempotent
    with pytest.raises(RuntimeError):
        await client.start()
    await fake.close()
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_get_all_refused_falls_back_to_property_gets(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(
        identity=SLXD4D_IDENTITY, channels=SLXD4D_CHANNELS, get_all="refuse"
    )
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.count("SET 2 METER_RATE 01000") == 1)
    for request in ("GET MODEL", "GET DEVICE_ID", "GET FW_VER", "GET RF_BAND"):
        assert fake.count(request) == 1
    assert fake.count("GET 1 TX_BATT_BARS") == 1
    assert fake.count("GET 2 CHAN_NAME") == 1
    assert fake.count("GET 1 RSSI") == 1
    # On a loaded machine the answers may still be in flight when metering
    # is switched on after the identity wait: wait for them to be decoded.
    await wait_for(
        lambda: (
            (first := client.receiver.channels.get(1)) is not None
            and first.battery.bars is not None
        )
    )
    channel = client.receiver.channels[1]
    assert channel.battery.bars == 3
    assert channel.rf.antenna_levels_dbm == (-37, -41)
    assert client.receiver.channels[2].transmitter_present is False
    assert client.counters.rep_errors >= 1


async def test_get_all_unanswered_falls_back(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(
        identity=AD4Q_IDENTITY, channels=(), get_all="ignore"
    )
    client = make_client(fake.port)
    await client.start()
    receiver = await client.wait_ready(2)
    assert receiver.channel_count == 4
    await wait_for(lambda: fake.count("GET 4 TX_MODEL") == 1)
    assert fake.count("GET MODEL") == 1


async def test_missing_identity_piece_is_asked_then_ready_anyway(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    identity = [line for line in AD4Q_IDENTITY if "FW_VER" not in line]
    fake = await make_fake_receiver(identity=identity)
    client = make_client(fake.port)
    await client.start()
    receiver = await client.wait_ready(2)
    assert receiver.model == "AD4Q-A"
    assert receiver.firmware is None
    assert fake.count("GET FW_VER") == 1
    assert fake.count("GET MODEL") == 0
    assert fake.count("GET 1 TX_MODEL") == 0  # GET 0 ALL was answered


async def test_never_ready_without_a_model(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=[], get_all="ignore")
    client = make_client(fake.port)
    await client.start()
    with pytest.raises(CannotConnectError, match="not ready"):
        await client.wait_ready(0.6)
    assert client.connected
    assert fake.count("SET 0 METER_RATE 01000") == 1


@pytest.mark.parametrize(
    ("interval", "sent"),
    [(0, "00000"), (50, "00000"), (70000, "00000"), (250, "00250")],
)
async def test_meter_rate_option(
    make_fake_receiver: MakeFake, make_client: MakeClient, interval: int, sent: str
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY)
    client = make_client(fake.port, meter_interval_ms=interval)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.count(f"SET 2 METER_RATE {sent}") == 1)
    assert fake.count(f"SET 1 METER_RATE {sent}") == 1


async def test_keepalive_keeps_a_quiet_receiver_connected(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY)
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.count("GET 1 METER_RATE") >= 10)
    assert fake.connections == 1
    assert client.counters.disconnects == 0


async def test_silence_drops_and_reconnects(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, keepalive="ignore")
    client = make_client(fake.port, silence_timeout=0.3)
    events = _record(client)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.connections >= 2, what="reconnect")
    lost = [
        event
        for event in events
        if isinstance(event, ConnectionChanged) and not event.connected
    ]
    assert "nothing received" in lost[0].reason
    assert fake.count("GET 1 METER_RATE") >= 2
    await wait_for(lambda: client.connected)
    assert client.counters.connects >= 2


async def test_connection_refused_is_retried(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    port = _free_port()
    client = make_client(port)
    await client.start()
    await wait_for(lambda: client.counters.connect_failures >= 3)
    assert not client.connected
    assert "cannot connect" in client.last_error
    # The library only traces; telling the user is the integration's job.
    unavailable = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(unavailable) == 1
    assert all(r.levelno == logging.DEBUG for r in unavailable)
    assert "Traceback" not in caplog.text
    await make_fake_receiver(port=port, identity=ULXD4D_IDENTITY)
    await client.wait_ready(2)
    assert client.connected
    assert "back online" in caplog.text


async def test_receiver_closing_the_socket_reconnects(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)
    events = _record(client)
    await client.start()
    await client.wait_ready(2)
    fake.drop()
    await wait_for(lambda: fake.connections == 2 and client.connected)
    flips = [
        event.connected for event in events if isinstance(event, ConnectionChanged)
    ]
    assert flips[:3] == [True, False, True]
    assert client.ready
    assert client.receiver.channels[1].name == "Lead Vox"


async def test_samples_are_delivered_at_full_rate(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: client.receiver.channels[2].raw.get("METER_RATE") == "01000")
    events = _record(client)
    samples: list[MeterSampled] = []
    client.add_listener(
        lambda event: samples.append(event) if isinstance(event, MeterSampled) else None
    )
    fake.push(b"< SAMPLE 1 ALL AX 098 032 >" * 5 + b"< SAMPLE 2 ALL XB 090 010 >")
    await wait_for(lambda: len(samples) == 6)
    assert not any(isinstance(event, StateChanged) for event in events)
    first = samples[0]
    assert first.channel == 1
    assert first.sample.rf_level_dbm == -30
    assert client.meters[2].antenna == "XB"  # meters are kept apart from the snapshot
    assert client.meters[1] == samples[4].sample
    assert client.counters.samples == 6


async def test_garbage_and_stray_errors_are_counted_and_warned_once(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    fake.push(
        b"< HELLO >" * 150
        + b"< REP ERR >< SAMPLE 1 ALL AX 098 >"
        + b"< REP 1 BATT_BARS 002 >"
    )
    await wait_for(lambda: client.receiver.channels[1].battery.bars == 2)
    counters = client.counters
    assert counters.garbage_frames == 150
    assert counters.rep_errors == 1
    assert counters.rejected_samples == 1
    assert counters.bytes_received > 1000
    assert counters.reports > 5
    assert counters.unknown_properties == 0  # METER_RATE replies are expected
    trouble = [r for r in caplog.records if "cannot be used" in r.getMessage()]
    assert len(trouble) == 1
    assert client.connected


async def test_listener_errors_do_not_break_the_client(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)

    def broken(event: ReceiverEvent) -> None:
        raise RuntimeError("listener bug")

    client.add_listener(broken)
    events = _record(client)
    removed: list[ReceiverEvent] = []
    remove = client.add_listener(removed.append)
    remove()
    remove()
    await client.start()
    await client.wait_ready(2)
    assert events
    assert removed == []
    assert "listener bug" in caplog.text


async def test_reconnect_asks_get_all_not_each_property(
    socket_enabled: None, make_client: MakeClient
) -> None:
    async with ReceiverSimulator("AD4Q", seed=4) as rx:
        client = make_client(rx.port)
        await client.start()
        await client.wait_ready(2)
        await wait_for(lambda: "< SET 4 METER_RATE 01000 >" in rx.received)
        first_connection = len(rx.received)
        await rx.drop_connections()
        await wait_for(lambda: client.counters.connects == 2)
        await wait_for(
            lambda: list(rx.received).count("< SET 4 METER_RATE 01000 >") == 2
        )
        second_connection = list(rx.received)[first_connection:]
        assert second_connection[0] == "< GET 0 ALL >"
        per_property = [
            message
            for message in second_connection
            if message.startswith("< GET ")
            and message not in ("< GET 0 ALL >", "< GET 1 METER_RATE >")
        ]
        assert per_property == []
        assert client.ready


async def test_reconnect_still_falls_back_when_get_all_is_refused(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(
        identity=SLXD4D_IDENTITY, channels=SLXD4D_CHANNELS, get_all="refuse"
    )
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.count("GET 2 CHAN_NAME") == 1)
    fake.drop()
    await wait_for(lambda: fake.count("GET 2 CHAN_NAME") == 2)
    assert fake.count("GET 0 ALL") == 2
    assert fake.count("GET 1 TX_BATT_BARS") == 2


async def test_unanswered_get_all_is_logged_once_per_connection(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, "custom_components.micboard.shure")
    fake = await make_fake_receiver(identity=AD4Q_IDENTITY, get_all="ignore")
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: fake.count("GET 4 TX_MODEL") == 1)
    fake.drop()
    await wait_for(lambda: fake.count("GET 4 TX_MODEL") == 2)
    delayed = [
        record
        for record in caplog.records
        if "no answer to GET 0 ALL within 0.2 s" in record.getMessage()
    ]
    assert len(delayed) == 2
    assert "asking the identity directly" in delayed[0].getMessage()
    assert "127.0.0.1" in delayed[0].getMessage()
    assert all(record.exc_info is None for record in delayed)
    assert all(record.levelno == logging.DEBUG for record in delayed)


async def test_silent_peer_is_reported_as_connected_without_answer(
    socket_enabled: None, make_client: MakeClient
) -> None:
    heard: list[bytes] = []

    async def never_answer(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while data := await reader.read(4096):
            heard.append(data)
        writer.close()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        client = make_client(port, silence_timeout=30.0)
        await client.start()
        with pytest.raises(CannotConnectError) as raised:
            await client.wait_ready(0.5)
        assert client.connected
        assert b"GET 0 ALL" in b"".join(heard)
        assert str(raised.value) == (
            f"127.0.0.1:{port} not ready: connected, no answer from the receiver yet"
        )
        await client.stop()


async def test_peer_answering_without_model_is_reported_as_receiving(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake = await make_fake_receiver(identity=[], get_all="refuse")
    client = make_client(fake.port)
    await client.start()
    with pytest.raises(CannotConnectError, match="not ready: connected, receiving"):
        await client.wait_ready(0.6)


async def test_a_flooding_peer_does_not_starve_other_tasks(
    socket_enabled: None, make_client: MakeClient
) -> None:
    flood = b"< REP 1 CHAN_NAME {Flood} >" * 80_000  # about 2 MB

    async def flood_then_wait(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writer.write(flood)
        await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(flood_then_wait, "127.0.0.1", 0)
    async with server:
        client = make_client(server.sockets[0].getsockname()[1])
        bytes_between_ticks: list[int] = []

        async def ticker() -> None:
            seen = 0
            while seen < len(flood):
                now = client.counters.bytes_received
                bytes_between_ticks.append(now - seen)
                seen = now
                await asyncio.sleep(0)

        ticking = asyncio.create_task(ticker())
        await client.start()
        async with asyncio.timeout(30):
            await ticking
        assert len(bytes_between_ticks) > 100
        assert max(bytes_between_ticks) <= 2 * 4096
        await client.stop()


async def test_odd_digits_neither_raise_nor_lose_the_rest_of_a_read(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = await make_fake_receiver(identity=SLXD4D_IDENTITY, channels=SLXD4D_CHANNELS)
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    fake.push(b"< REP 1 TX_BATT_BARS \xb2 >< REP 2 CHAN_NAME {After} >")
    await wait_for(lambda: client.receiver.channels[2].name == "After")
    assert client.receiver.channels[1].battery.bars == 3
    assert client.counters.rejected_fields == 1
    assert not [record for record in caplog.records if record.exc_info]


async def test_reconnect_is_ready_only_once_this_connection_named_the_receiver(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    """Another receiver behind the address: ready with its model, never the old one.

    Its GET 0 ALL answer lists channels before the identity, so the first
    report of the new connection is no proof of who answers.
    """
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY, channels=ULXD_CHANNELS)
    client = make_client(fake.port)
    events = _record(client)
    await client.start()
    await client.wait_ready(2)
    await wait_for(lambda: any(isinstance(e, SessionReady) for e in events))
    fake.identity, fake.channels = list(SLXD4D_IDENTITY), list(SLXD4D_CHANNELS)
    fake.get_all = "ignore"
    loop = asyncio.get_running_loop()

    def answer_all_channels_first(request: str) -> None:
        if request == "GET 0 ALL":
            fake.push("".join(SLXD4D_CHANNELS).encode("latin-1"))
            identity = "".join(SLXD4D_IDENTITY).encode("latin-1")
            loop.call_later(0.2, fake.push, identity)

    fake.on_request = answer_all_channels_first
    models_when_ready: list[str | None] = []
    client.add_listener(
        lambda event: (
            models_when_ready.append(client.receiver.model)
            if isinstance(event, SessionReady)
            else None
        )
    )
    fake.drop()
    await wait_for(lambda: models_when_ready, what="the second handshake")
    assert models_when_ready == ["SLXD4D"]
