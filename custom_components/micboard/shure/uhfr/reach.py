"""Whether a UDP receiver answers: the offline/online loop around one socket.

Knows nothing of properties: the owner says what to ask (`ask`), what to do
once a receiver answers again (`run_opening`), what to send on every
keep-alive, and turns datagrams into messages. A receiver is online from
the first valid message until `silence_timeout` passes without one or an
ICMP "port unreachable" arrives; while offline it is asked again after a
backoff delay with jitter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
import logging

from ..commandstrings.connection import AvailabilityLog, backoff_delay, call_safely
from .link import DatagramLink, LinkCallbacks, open_link
from .messages import Message
from .session_state import describe_error

_LOGGER = logging.getLogger(__name__)

RECEIVING = "online, receiving answers"
ASKED = "asked over UDP, no answer yet"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReachTimings:
    """All timings, in seconds (short ones make fast tests)."""

    keepalive_interval: float = 30.0
    silence_timeout: float = 60.0
    backoff_min: float = 1.0
    backoff_max: float = 60.0
    open_timeout: float = 10.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReachCallbacks:
    """What the owner does. Callbacks other than `run_opening` must not raise."""

    parse: Callable[[bytes], Sequence[Message]]
    handle: Callable[[Sequence[Message]], None]
    """Called after `on_online` when the messages are the first answer."""
    ask: Callable[[], None]
    """Send the requests that should bring an answer (while offline)."""
    run_opening: Callable[[], Awaitable[None]]
    keep_alive: Callable[[], None]
    on_online: Callable[[], None]
    on_offline: Callable[[str], None]


class Reachability:
    """Keeps asking one receiver over one socket until closed."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timings: ReachTimings,
        callbacks: ReachCallbacks,
    ) -> None:
        """Prepare; nothing happens before `start()`."""
        self._host = host
        self._port = port
        self._timings = timings
        self._callbacks = callbacks
        self._link: DatagramLink | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._refused: OSError | None = None
        self._last_answer = 0.0
        self._availability = AvailabilityLog(host, port, _LOGGER)
        self.online = False
        self.last_error = "not connected yet"
        """Why the receiver is not answering (the last reason), or RECEIVING."""
        self.connects = 0
        self.connect_failures = 0
        self.disconnects = 0
        self.bytes_received = 0

    def start(self) -> None:
        """Start the background loop (idempotent)."""
        if self._task is None:
            self._task = asyncio.create_task(
                self._run(), name=f"uhfr {self._host}:{self._port}"
            )

    async def close(self, farewell: Sequence[bytes] = ()) -> None:
        """End the loop, send `farewell` if the socket is open, close it."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait((task,))
        link, self._link = self._link, None
        if link is not None:
            for data in farewell:
                link.send(data)
            link.close()
        if self.online:
            self.online = False
            _call(self._callbacks.on_offline, "stopped")

    def send(self, data: bytes) -> None:
        """Send one datagram if the socket is open (errors come back as ICMP)."""
        if self._link is not None:
            self._link.send(data)

    # The loop

    async def _run(self) -> None:
        failures = 0
        while True:
            if not await self._attempt(self._backoff_delay(failures)):
                failures += 1
                continue
            failures = 0
            reason = await self._serve()
            self.online = False
            self.disconnects += 1
            self._note_unavailable(reason)
            _call(self._callbacks.on_offline, reason)

    def _backoff_delay(self, failures: int) -> float:
        timings = self._timings
        return backoff_delay(failures, timings.backoff_min, timings.backoff_max)

    async def _attempt(self, wait: float) -> bool:
        """Ask; True once anything valid answers within `wait` seconds."""
        if self._link is None:
            try:
                async with asyncio.timeout(self._timings.open_timeout):
                    self._link = await open_link(
                        self._host,
                        self._port,
                        LinkCallbacks(
                            on_datagram=self._on_datagram, on_error=self._on_error
                        ),
                    )
            except (OSError, ValueError, TimeoutError) as err:
                # ValueError: a host name the resolver cannot even encode.
                self.connect_failures += 1
                self._note_unavailable(f"cannot open a socket: {describe_error(err)}")
                await asyncio.sleep(wait)
                return False
        self._refused = None
        self._wake.clear()
        if self.connects == self.connect_failures == 0:
            self.last_error = ASKED
        _call(self._callbacks.ask)
        with suppress(TimeoutError):
            async with asyncio.timeout(wait):
                while not self.online:
                    await self._wake.wait()
                    self._wake.clear()
        if self.online:
            return True
        self.connect_failures += 1
        if self._refused is not None:
            reason = f"port unreachable: {describe_error(self._refused)}"
        else:
            reason = f"no answer from {self._host}:{self._port} over UDP"
        self._note_unavailable(reason)
        return False

    async def _serve(self) -> str:
        """Run the opening, then keep alive; the reason it went offline."""
        try:
            await self._callbacks.run_opening()
        except Exception:
            _LOGGER.exception("Unexpected error setting up %s", self._host)
        loop = asyncio.get_running_loop()
        interval = self._timings.keepalive_interval
        silence = self._timings.silence_timeout
        last_sent = loop.time()
        while True:
            self._wake.clear()
            now = loop.time()
            if self._refused is not None:
                return f"port unreachable: {describe_error(self._refused)}"
            quiet = now - self._last_answer
            if quiet >= silence:
                return f"no answer for {quiet:.1f} s"
            if now - last_sent >= interval:
                _call(self._callbacks.keep_alive)
                last_sent = now
                continue
            wake = min(last_sent + interval, self._last_answer + silence)
            with suppress(TimeoutError):
                async with asyncio.timeout(wake - now):
                    await self._wake.wait()

    # Socket callbacks

    def _on_error(self, err: OSError) -> None:
        _LOGGER.debug("%s:%s: %s", self._host, self._port, describe_error(err))
        if isinstance(err, ConnectionRefusedError):
            self._refused = err
            if not self.online:
                self.last_error = f"port unreachable: {describe_error(err)}"
            self._wake.set()

    def _on_datagram(self, data: bytes) -> None:
        self.bytes_received += len(data)
        messages = self._callbacks.parse(data)
        if messages:
            self._last_answer = asyncio.get_running_loop().time()
            self._refused = None
            if not self.online:
                self._go_online()
            self._wake.set()
        self._callbacks.handle(messages)

    def _go_online(self) -> None:
        self.online = True
        self.connects += 1
        self.last_error = RECEIVING
        self._availability.back()
        _call(self._callbacks.on_online)

    def _note_unavailable(self, reason: str) -> None:
        self.last_error = reason
        self._availability.unavailable(reason)


def _call(callback: Callable[..., None], *args: object) -> None:
    call_safely(callback, *args, logger=_LOGGER, what="UDP client")
