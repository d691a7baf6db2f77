"""These tests need no Home Assistant instance; they do need local sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from simulator.receivers import ReceiverSimulator

from .raw_client import RawClient

type Connect = Callable[[int], Awaitable[RawClient]]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""


@pytest.fixture(autouse=True)
def _local_sockets(socket_enabled: None) -> None:
    """Every simulator test talks TCP on 127.0.0.1."""


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    """Open raw clients to a port; every one is closed when the test ends."""
    opened: list[RawClient] = []

    async def open_client(port: int) -> RawClient:
        client = await RawClient.connect(port)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        await client.close()


@pytest.fixture
async def ulxd() -> AsyncIterator[ReceiverSimulator]:
    """A running ULXD4Q on a free port."""
    async with ReceiverSimulator("ULXD4Q", seed=1) as receiver:
        yield receiver
