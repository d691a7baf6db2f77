"""What every simulated TCP device (receiver, charger) does the same way.

One asyncio TCP server on ``host:port`` (port 0 = any free port), one task
per client connection, a tick task while it listens, the messages clients
sent (``received``) and ``wait_until`` for tests. Each device adds what a
connection is and how it answers.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
import contextlib
import os
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from .receivers.faults import Faults

DEFAULT_HOST = "127.0.0.1"
RECEIVED_HISTORY = 10_000
CONDITION_POLL_SECONDS = 0.05


class Connection(Protocol):
    """One client connection, as the device's server sees it."""

    def abort(self) -> None:
        """Drop the connection at once (RST)."""

    async def serve(self) -> None:
        """Run until the client goes away."""


class TcpDevice[ConnectionT: Connection]:
    """Listening, connections, lifecycle and test observation of one device."""

    faults: Faults
    tick_seconds: float

    def __init__(self, host: str, port: int, *, tick_name: str) -> None:
        """Nothing listens until ``start``."""
        self.host = host
        self.port = port
        self.received: deque[str] = deque(maxlen=RECEIVED_HISTORY)
        self._tick_name = tick_name
        self._server: asyncio.Server | None = None
        self._connections: dict[ConnectionT, asyncio.Task[None]] = {}
        self._tick_task: asyncio.Task[None] | None = None
        self._activity: asyncio.Event | None = None

    # -- identity --------------------------------------------------------
    @property
    def address(self) -> str:
        """``host:port`` as a client would dial it."""
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """True while the device listens."""
        return self._server is not None

    @property
    def connection_count(self) -> int:
        """How many clients are connected right now."""
        return len(self._connections)

    # -- lifecycle -------------------------------------------------------
    async def start(self) -> None:
        """Listen; after a ``stop`` it listens on the same port again."""
        if self._server is not None:
            return
        self._before_start()
        try:
            self._server = await asyncio.start_server(
                self._accept, self.host, self.port, reuse_address=True
            )
        except OSError as err:
            reason = os.strerror(err.errno) if err.errno else str(err)
            raise OSError(
                err.errno, f"cannot listen on {self.address}: {reason}"
            ) from None
        self.port = self._server.sockets[0].getsockname()[1]
        self._tick_task = asyncio.create_task(self._tick_loop(), name=self._tick_name)

    async def stop(self) -> None:
        """Stop listening and drop every client (the device goes offline)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        await self.drop_connections()
        await server.wait_closed()
        if self._tick_task is not None:
            self._tick_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tick_task
            self._tick_task = None
        self._after_stop()

    async def __aenter__(self) -> Self:
        """Start listening."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop listening."""
        await self.stop()

    async def drop_connections(self) -> None:
        """Abort every client connection (RST) and wait until they are gone."""
        tasks = list(self._connections.values())
        for connection in list(self._connections):
            connection.abort()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- observation for tests -------------------------------------------
    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds (no timeout of its own).

        It is re-checked whenever a client connects, disconnects or sends,
        and every ``CONDITION_POLL_SECONDS`` for anything else.
        """
        while not condition():
            if self._activity is None:
                self._activity = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CONDITION_POLL_SECONDS):
                    await self._activity.wait()

    def _notify_activity(self) -> None:
        if self._activity is not None:
            self._activity.set()
            self._activity = None

    # -- what each device adds -------------------------------------------
    def _connect(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> ConnectionT:
        """A connection object for a client that just connected."""
        raise NotImplementedError

    def _before_start(self) -> None:
        """Called before listening (again)."""

    def _after_stop(self) -> None:
        """Called once the server and its tasks are gone."""

    def _connection_closed(self, connection: ConnectionT) -> None:
        """Called when a client's connection ended, before activity is told."""

    async def _tick_loop(self) -> None:
        """What changes on its own while the device listens."""
        raise NotImplementedError

    async def _accept(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if self.faults.refuse_connections or self._server is None:
            writer.transport.abort()
            return
        connection = self._connect(reader, writer)
        task = asyncio.current_task()
        assert task is not None
        self._connections[connection] = task
        self._notify_activity()
        try:
            await connection.serve()
        finally:
            del self._connections[connection]
            self._connection_closed(connection)
            self._notify_activity()
