"""probe_receiver: who is at host:port, without keeping a connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import socket
import struct

import pytest

from custom_components.micboard.shure.commandstrings import probe_receiver
from custom_components.micboard.shure.errors import (
    CannotConnectError,
    NotAShureReceiverError,
)
from custom_components.micboard.shure.models import ReceiverFamily, ReceiverIdentity

from .commandstrings_helpers import FakeReceiver
from .commandstrings_transcripts import AD4Q_IDENTITY

type MakeFake = Callable[..., Awaitable[FakeReceiver]]
type Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture
async def raw_server(
    socket_enabled: None,
) -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    servers: list[asyncio.Server] = []

    async def start(handler: Handler) -> int:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        servers.append(server)
        port: int = server.sockets[0].getsockname()[1]
        return port

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


async def test_probe_returns_the_identity(make_fake_receiver: MakeFake) -> None:
    fake = await make_fake_receiver(identity=AD4Q_IDENTITY)
    identity = await probe_receiver("127.0.0.1", fake.port, timeout=2)
    assert identity == ReceiverIdentity(
        model="AD4Q-A",
        family=ReceiverFamily.AXIENT_DIGITAL,
        channel_count=4,
        device_id="RF 5-8",
        firmware="2.4.11.0",
        rf_band="G56",
    )
    assert fake.received == ["GET MODEL", "GET DEVICE_ID", "GET FW_VER", "GET RF_BAND"]


async def test_probe_returns_early_when_pieces_are_refused(
    make_fake_receiver: MakeFake,
) -> None:
    fake = await make_fake_receiver(identity=["< REP MODEL {SLXD4QDAN+} >"])
    loop = asyncio.get_running_loop()
    started = loop.time()
    identity = await probe_receiver("127.0.0.1", fake.port, timeout=3)
    assert loop.time() - started < 2
    assert identity.model == "SLXD4QDAN+"
    assert identity.family is ReceiverFamily.SLXD
    assert identity.channel_count == 4
    assert identity.firmware is None


async def test_probe_unknown_shure_model(make_fake_receiver: MakeFake) -> None:
    fake = await make_fake_receiver(identity=["< REP MODEL {P10T} >"])
    identity = await probe_receiver("127.0.0.1", fake.port, timeout=2)
    assert identity.family is None
    assert identity.channel_count is None


async def test_probe_connection_refused(socket_enabled: None) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CannotConnectError):
        await probe_receiver("127.0.0.1", port, timeout=1)


async def test_probe_silent_device(make_fake_receiver: MakeFake) -> None:
    fake = await make_fake_receiver(identity=AD4Q_IDENTITY, gets="ignore")
    with pytest.raises(NotAShureReceiverError):
        await probe_receiver("127.0.0.1", fake.port, timeout=0.2)


async def test_probe_device_answering_errors(make_fake_receiver: MakeFake) -> None:
    fake = await make_fake_receiver(identity=[])
    with pytest.raises(NotAShureReceiverError):
        await probe_receiver("127.0.0.1", fake.port, timeout=2)


async def test_probe_device_closing_at_once(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.write(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        writer.close()

    port = await raw_server(close)
    with pytest.raises(NotAShureReceiverError):
        await probe_receiver("127.0.0.1", port, timeout=2)


async def test_probe_device_resetting_the_connection(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    """Reset (RST) before a word: not reached, rather than "not a Shure receiver"."""

    async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.close()

    port = await raw_server(reset)
    with pytest.raises(CannotConnectError, match="without answering"):
        await probe_receiver("127.0.0.1", port, timeout=2)


async def test_probe_connection_closed_at_once_cannot_connect(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    """Accepted and closed before reading anything: cannot connect."""

    async def close_at_once(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        writer.close()

    port = await raw_server(close_at_once)
    with pytest.raises(CannotConnectError, match="without answering"):
        await probe_receiver("127.0.0.1", port, timeout=2)


async def test_probe_ignores_channel_reports_and_garbage(
    raw_server: Callable[[Handler], Awaitable[int]],
) -> None:
    async def chatty(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        await reader.read(100)
        writer.write(
            b"< SAMPLE 1 ALL 102 095 086 >< REP 1 CHAN_NAME {x} >< HELLO >"
            b"< REP MODEL {AD4D} >< REP DEVICE_ID {a} >< REP FW_VER {1.0} >"
            b"< REP RF_BAND {G57} >"
        )
        await writer.drain()
        await reader.read(100)
        writer.close()

    port = await raw_server(chatty)
    identity = await probe_receiver("127.0.0.1", port, timeout=2)
    assert identity.channel_count == 2
    assert identity.rf_band == "G57"


async def test_probe_unencodable_host(
    socket_enabled: None, unencodable_hosts: None
) -> None:
    with pytest.raises(CannotConnectError):
        await probe_receiver("a" * 70 + ".example", 2202, timeout=1)
