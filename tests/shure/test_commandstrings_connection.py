"""ReconnectingConnection: backoff, timeouts and misbehaving callbacks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import random
from typing import Any

import pytest

from custom_components.micboard.shure.commandstrings import connection as module
from custom_components.micboard.shure.commandstrings.connection import (
    ConnectionCallbacks,
    ConnectionTimings,
    ReconnectingConnection,
)

from .commandstrings_helpers import FakeReceiver, wait_for
from .commandstrings_transcripts import ULXD4D_IDENTITY

type MakeFake = Callable[..., Awaitable[FakeReceiver]]

FAST = ConnectionTimings(
    keepalive_interval=0.05,
    silence_timeout=1.0,
    backoff_min=0.01,
    backoff_max=0.05,
    connect_timeout=0.1,
)


def _callbacks(**overrides: Any) -> ConnectionCallbacks:
    async def session() -> None:
        return None

    defaults: dict[str, Any] = {
        "on_connected": lambda: None,
        "on_data": lambda data: None,
        "run_session": session,
        "on_disconnected": lambda reason: None,
    }
    return ConnectionCallbacks(**(defaults | overrides))


def test_backoff_grows_exponentially_with_a_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bounds: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        bounds.append((low, high))
        return high

    monkeypatch.setattr(random, "uniform", uniform)
    connection = ReconnectingConnection(
        "127.0.0.1",
        1,
        keepalive=b"",
        timings=ConnectionTimings(backoff_min=1, backoff_max=60),
        callbacks=_callbacks(),
    )
    delays = [connection._backoff_delay(failures) for failures in range(8)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    assert all(low == 1 for low, _ in bounds)
    assert connection._backoff_delay(1000) == 60


def test_backoff_has_jitter() -> None:
    connection = ReconnectingConnection(
        "127.0.0.1",
        1,
        keepalive=b"",
        timings=ConnectionTimings(),
        callbacks=_callbacks(),
    )
    delays = {connection._backoff_delay(5) for _ in range(20)}
    assert len(delays) > 1
    assert all(1 <= delay <= 32 for delay in delays)


async def test_connect_timeout_counts_as_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def hang(*args: object) -> None:
        await asyncio.sleep(10)

    monkeypatch.setattr(asyncio, "open_connection", hang)
    connection = ReconnectingConnection(
        "127.0.0.1", 1, keepalive=b"", timings=FAST, callbacks=_callbacks()
    )
    connection.start()
    connection.start()  # idempotent
    await wait_for(lambda: connection.connect_failures >= 2)
    assert "TimeoutError" in connection.last_error
    await connection.close()
    connection.start()  # closed: does nothing
    assert not connection.connected


async def test_send_when_not_connected() -> None:
    connection = ReconnectingConnection(
        "127.0.0.1", 1, keepalive=b"", timings=FAST, callbacks=_callbacks()
    )
    with pytest.raises(ConnectionError):
        await connection.send(b"< GET MODEL >")


async def test_failing_callbacks_and_session_are_logged_not_fatal(
    make_fake_receiver: MakeFake, caplog: pytest.LogCaptureFixture
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY)

    def explode(*args: object) -> None:
        raise RuntimeError("callback bug")

    async def broken_session() -> None:
        raise RuntimeError("session bug")

    connection = ReconnectingConnection(
        "127.0.0.1",
        fake.port,
        keepalive=b"< GET 1 METER_RATE >",
        timings=FAST,
        callbacks=_callbacks(
            on_connected=explode, on_data=explode, run_session=broken_session
        ),
    )
    connection.start()
    await wait_for(lambda: fake.count("GET 1 METER_RATE") >= 2)
    assert connection.connected
    assert "session bug" in caplog.text
    assert "callback bug" in caplog.text
    await connection.close(b"< SET 1 METER_RATE 00000 >")
    await wait_for(lambda: fake.count("SET 1 METER_RATE 00000") == 1)


async def test_session_network_error_ends_the_connection(
    make_fake_receiver: MakeFake,
) -> None:
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY)
    reasons: list[str] = []

    async def failing_session() -> None:
        raise ConnectionResetError("reset during setup")

    connection = ReconnectingConnection(
        "127.0.0.1",
        fake.port,
        keepalive=b"",
        timings=FAST,
        callbacks=_callbacks(
            run_session=failing_session, on_disconnected=reasons.append
        ),
    )
    connection.start()
    await wait_for(lambda: len(reasons) >= 2)
    assert reasons[0] == "ConnectionResetError: reset during setup"
    await connection.close()


class _BrokenWriter:
    def write(self, data: bytes) -> None:
        raise ConnectionResetError

    async def drain(self) -> None:
        return None


async def test_farewell_failure_is_not_raised() -> None:
    connection = ReconnectingConnection(
        "127.0.0.1", 1, keepalive=b"", timings=FAST, callbacks=_callbacks()
    )
    connection._writer = _BrokenWriter()  # type: ignore[assignment]
    await connection.close(b"< SET 0 METER_RATE 00000 >")
    connection._writer = None


def test_describe() -> None:
    assert module._describe(None) == "connection ended"
    assert module._describe(TimeoutError()) == "TimeoutError"
    assert module._describe(OSError("boom")) == "OSError: boom"


async def test_unencodable_host_is_a_connect_failure(
    socket_enabled: None, unencodable_hosts: None
) -> None:
    connection = ReconnectingConnection(
        "b" * 70 + ".example", 2202, keepalive=b"", timings=FAST, callbacks=_callbacks()
    )
    connection.start()
    await wait_for(lambda: connection.connect_failures >= 2)
    assert "cannot connect" in connection.last_error
    await connection.close()
