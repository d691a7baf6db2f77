"""One TCP connection that stays up: reconnects, keep-alive, silence watchdog.

Knows nothing about the protocol beyond the keep-alive bytes; the owner gets
callbacks for connect, data, its own session coroutine, and disconnect.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import logging
import random

_LOGGER = logging.getLogger(__name__)

_READ_SIZE = 4096
_FAREWELL_TIMEOUT = 1.0
CONNECTED_NO_ANSWER = "connected, no answer from the receiver yet"
CONNECTED_RECEIVING = "connected, receiving data"


class SilenceError(ConnectionError):
    """Nothing arrived from the device for too long."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionTimings:
    """All timings, in seconds (short ones make fast tests)."""

    keepalive_interval: float = 30.0
    silence_timeout: float = 60.0
    backoff_min: float = 1.0
    backoff_max: float = 60.0
    connect_timeout: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionCallbacks:
    """What the owner is told. Callbacks must not raise; failures are logged."""

    on_connected: Callable[[], None]
    on_data: Callable[[bytes], None]
    run_session: Callable[[], Awaitable[None]]
    """Runs once per connection, alongside reading, before keep-alives start."""
    on_disconnected: Callable[[str], None]


def backoff_delay(failures: int, low: float, high: float) -> float:
    """Seconds to wait after `failures` failures: exponential, with jitter."""
    ceiling = min(high, low * 2 ** min(failures, 30))
    return random.uniform(low, max(low, ceiling))


class AvailabilityLog:
    """Traces (debug) a device going unavailable once, then each reason, then back.

    The integration tells the user; the library only traces.
    """

    def __init__(self, host: str, port: int, logger: logging.Logger) -> None:
        """Trace for `host:port` into `logger`."""
        self._host = host
        self._port = port
        self._logger = logger
        self._unavailable = False

    def unavailable(self, reason: str) -> None:
        """The device cannot be reached, because of `reason`."""
        if self._unavailable:
            self._logger.debug("Receiver %s:%s: %s", self._host, self._port, reason)
            return
        self._logger.debug(
            "Receiver %s:%s is unavailable (%s); retrying in the background",
            self._host,
            self._port,
            reason,
        )
        self._unavailable = True

    def back(self) -> None:
        """The device answers again."""
        if self._unavailable:
            self._logger.debug("Receiver %s:%s is back online", self._host, self._port)
            self._unavailable = False


def call_safely(
    callback: Callable[..., None], *args: object, logger: logging.Logger, what: str
) -> None:
    """Call an owner's callback; an exception is logged, never raised."""
    try:
        callback(*args)
    except Exception:
        logger.exception("Error in %s callback %s", what, callback)


class ReconnectingConnection:
    """Keeps one socket to host:port open until closed."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        keepalive: bytes,
        timings: ConnectionTimings,
        callbacks: ConnectionCallbacks,
    ) -> None:
        """Prepare; nothing happens before `start()`."""
        self._host = host
        self._port = port
        self._keepalive = keepalive
        self._timings = timings
        self._callbacks = callbacks
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._last_received = 0.0
        self._received_data = False
        self._closing = False
        self._availability = AvailabilityLog(host, port, _LOGGER)
        self.last_error = "not connected yet"
        """Why the connection is not (or no longer) serving: the last failure
        or, while connected, whether the receiver has said anything yet."""
        self.connects = 0
        self.connect_failures = 0
        self.disconnects = 0
        self.bytes_received = 0

    @property
    def connected(self) -> bool:
        """Whether a socket is open right now."""
        return self._writer is not None

    def start(self) -> None:
        """Start the background connect/read loop (idempotent)."""
        if self._task is None and not self._closing:
            self._task = asyncio.create_task(
                self._run(), name=f"shure {self._host}:{self._port}"
            )

    async def close(self, farewell: bytes = b"") -> None:
        """Send `farewell` if connected, close the socket, end every task."""
        self._closing = True
        writer = self._writer
        if writer is not None and farewell:
            try:
                writer.write(farewell)
                async with asyncio.timeout(_FAREWELL_TIMEOUT):
                    await writer.drain()
            except (OSError, TimeoutError) as err:
                _LOGGER.debug("%s: farewell not sent: %s", self._host, _describe(err))
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait((task,))

    async def send(self, data: bytes) -> None:
        """Write and drain; ConnectionError when not connected."""
        writer = self._writer
        if writer is None:
            raise ConnectionError("not connected")
        writer.write(data)
        await writer.drain()

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                async with asyncio.timeout(self._timings.connect_timeout):
                    reader, writer = await asyncio.open_connection(
                        self._host, self._port
                    )
            except (OSError, TimeoutError, ValueError) as err:
                # ValueError: a host name the resolver cannot even encode.
                self.connect_failures += 1
                self._note_unavailable(f"cannot connect: {_describe(err)}")
            else:
                if await self._run_session(reader, writer):
                    failures = 0
            await asyncio.sleep(self._backoff_delay(failures))
            failures += 1

    def _backoff_delay(self, failures: int) -> float:
        timings = self._timings
        return backoff_delay(failures, timings.backoff_min, timings.backoff_max)

    async def _run_session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Serve one connection until it ends; True if any data arrived."""
        self._writer = writer
        self._last_received = asyncio.get_running_loop().time()
        self._received_data = False
        self.last_error = CONNECTED_NO_ANSWER
        self.connects += 1
        self._availability.back()
        _call(self._callbacks.on_connected)
        tasks = (
            asyncio.create_task(self._read(reader)),
            asyncio.create_task(self._drive()),
        )
        reason = "stopped"
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            reason = _describe(next(iter(done)).exception())
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
            self._writer = None
            writer.close()
            self.disconnects += 1
            if not self._closing:
                self._note_unavailable(reason)
            _call(self._callbacks.on_disconnected, reason)
        return self._received_data

    async def _read(self, reader: asyncio.StreamReader) -> None:
        loop = asyncio.get_running_loop()
        while data := await reader.read(_READ_SIZE):
            self._last_received = loop.time()
            if not self._received_data:
                self._received_data = True
                self.last_error = CONNECTED_RECEIVING
            self.bytes_received += len(data)
            _call(self._callbacks.on_data, data)
            # read() returns buffered data without suspending: a peer that
            # keeps sending would otherwise hold the event loop.
            await asyncio.sleep(0)
        raise ConnectionError("closed by the receiver")

    async def _drive(self) -> None:
        try:
            await self._callbacks.run_session()
        except (OSError, TimeoutError):
            raise
        except Exception:
            _LOGGER.exception("Unexpected error setting up %s", self._host)
        await self._keep_alive()

    async def _keep_alive(self) -> None:
        loop = asyncio.get_running_loop()
        interval = self._timings.keepalive_interval
        silence = self._timings.silence_timeout
        last_sent = loop.time()
        while True:
            now = loop.time()
            quiet = now - self._last_received
            if quiet >= silence:
                raise SilenceError(f"nothing received for {quiet:.1f} s")
            if now - last_sent >= interval:
                await self.send(self._keepalive)
                last_sent = now
                continue
            wake = min(last_sent + interval, self._last_received + silence)
            await asyncio.sleep(wake - now)

    def _note_unavailable(self, reason: str) -> None:
        self.last_error = reason
        self._availability.unavailable(reason)


def _call(callback: Callable[..., None], *args: object) -> None:
    call_safely(callback, *args, logger=_LOGGER, what="connection")


def _describe(err: BaseException | None) -> str:
    if err is None:
        return "connection ended"
    text = str(err)
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
