"""These tests need no Home Assistant instance."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import socket
from typing import Any, NoReturn

import pytest

from custom_components.micboard.shure.commandstrings import ReceiverClient

from .commandstrings_helpers import FakeReceiver

FAST_TIMINGS: dict[str, float] = {
    "keepalive_interval": 0.05,
    "silence_timeout": 1.0,
    "backoff_min": 0.01,
    "backoff_max": 0.05,
    "identity_timeout": 0.2,
    "command_timeout": 0.3,
    "connect_timeout": 1.0,
}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""


@pytest.fixture
async def make_fake_receiver(
    socket_enabled: None,
) -> AsyncIterator[Callable[..., Awaitable[FakeReceiver]]]:
    """Start fake command-string receivers on 127.0.0.1; closed at teardown."""
    receivers: list[FakeReceiver] = []

    async def make(*, port: int = 0, **kwargs: Any) -> FakeReceiver:
        receiver = FakeReceiver(**kwargs)
        await receiver.start(port)
        receivers.append(receiver)
        return receiver

    yield make
    for receiver in receivers:
        await receiver.close()


@pytest.fixture
async def make_client(
    socket_enabled: None,
) -> AsyncIterator[Callable[..., ReceiverClient]]:
    """Create command-string clients with fast timings; stopped at teardown."""
    clients: list[ReceiverClient] = []

    def make(port: int, **overrides: Any) -> ReceiverClient:
        client = ReceiverClient("127.0.0.1", port, **(FAST_TIMINGS | overrides))
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.stop()


@pytest.fixture
def unencodable_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve names the way IDNA does for a label over 63 characters.

    The test package blocks DNS for names (differently per version), so the
    encoding failure a real resolver raises is reproduced here.
    """

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> NoReturn:
        raise UnicodeError("encoding with 'idna' codec failed (label too long)")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
