"""Async client for one networked charger speaking command strings (TCP 2202).

On every connection:

1. `< GET 0 ALL >` and the identity (`MODEL`, `DEVICE_ID`, `FW_VER`) plus
   `STORAGE_MODE`, in one write. The client is *ready* once the charger has
   reported its identity on this connection (another device may answer at
   the address after a reconnect). Missing pieces are asked for once more
   after `identity_timeout`.
2. When the identity is answered but no bay has reported (a charger that
   refuses `GET 0 ALL`), each property of each of the model's own bays is
   asked for.
3. Chargers have no metering and answer `METER_RATE` with `< REP ERR >`, so
   the keep-alive is `< GET DEVICE_ID >` every `keepalive_interval`; when
   nothing at all arrives for `silence_timeout` the socket is dropped and
   reopened with backoff (`ReconnectingConnection`, as for receivers).

Chargers push a `REP` whenever a value changes (a countdown of
`BATT_TIME_TO_FULL`, a pack docked); every `REP` is a state update.
Listeners are called synchronously on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import suppress
import logging

from ..commandstrings.client import DEFAULT_PORT
from ..commandstrings.connection import (
    ConnectionCallbacks,
    ConnectionTimings,
    ReconnectingConnection,
)
from ..commandstrings.events import ClientCounters, ConnectionChanged, SessionReady
from ..commandstrings.framing import FrameSplitter
from ..commandstrings.messages import ErrorReport, Report, format_get, parse_message
from ..push_session import PushSession
from .decode import (
    BAY_PROPERTIES,
    DEVICE_PROPERTIES,
    IDENTITY_PROPERTIES,
    ChargerDecoder,
)
from .events import ChargerChanged, ChargerEvent
from .models import Charger

_LOGGER = logging.getLogger(__name__)

KEEPALIVE = format_get("DEVICE_ID")

type ChargerListener = Callable[[ChargerEvent], None]


class ChargerClient(PushSession[ChargerEvent, Charger]):
    """Live state of one charging station (read only)."""

    def __init__(
        self,
        host: str,
        port: int = DEFAULT_PORT,
        *,
        keepalive_interval: float = 30.0,
        silence_timeout: float = 60.0,
        backoff_min: float = 1.0,
        backoff_max: float = 60.0,
        identity_timeout: float = 5.0,
        connect_timeout: float = 10.0,
    ) -> None:
        """Prepare a client; call `start()` to connect."""
        self._identity_timeout = identity_timeout
        self._decoder = ChargerDecoder(host, port)
        self._connection = ReconnectingConnection(
            host,
            port,
            keepalive=KEEPALIVE,
            timings=ConnectionTimings(
                keepalive_interval=keepalive_interval,
                silence_timeout=silence_timeout,
                backoff_min=backoff_min,
                backoff_max=backoff_max,
                connect_timeout=connect_timeout,
            ),
            callbacks=ConnectionCallbacks(
                on_connected=self._on_connected,
                on_data=self._on_data,
                run_session=self._run_session,
                on_disconnected=self._on_disconnected,
            ),
        )
        super().__init__(host, port, self._connection, logger=_LOGGER, device="charger")
        self._splitter = FrameSplitter()
        self._progress = asyncio.Event()
        self._identity_reported: set[str] = set()
        self._bay_reported = False
        self._garbage_frames = 0
        self._messages = 0
        self._reports = 0
        self._rep_errors = 0

    # Public state

    @property
    def charger(self) -> Charger:
        """The current snapshot (immutable; replaced on every change)."""
        return self._decoder.charger

    @property
    def connected(self) -> bool:
        """Whether the socket is open."""
        return self._connection.connected

    @property
    def counters(self) -> ClientCounters:
        """Lifetime counters, for diagnostics (a charger sends no samples)."""
        return ClientCounters(
            **self._link_counts(),
            messages=self._messages,
            reports=self._reports,
            rep_errors=self._rep_errors,
            garbage_frames=self._garbage_frames,
            rejected_fields=self._decoder.rejected_fields,
            unknown_properties=self._decoder.unknown_properties,
        )

    # Lifecycle

    def _snapshot(self) -> Charger:
        return self.charger

    async def _close(self) -> None:
        await self._connection.close()

    # Connection callbacks

    def _on_connected(self) -> None:
        self._splitter = FrameSplitter()
        self._identity_reported.clear()
        self._bay_reported = False
        self._emit(ConnectionChanged(connected=True, reason="connected"))

    def _on_disconnected(self, reason: str) -> None:
        self._emit(ConnectionChanged(connected=False, reason=reason))

    async def _run_session(self) -> None:
        send = self._connection.send
        await send(
            format_get("ALL", 0)
            + b"".join(format_get(name) for name in DEVICE_PROPERTIES)
        )
        await self._wait_for_identity()
        if missing := [
            n for n in IDENTITY_PROPERTIES if n not in self._identity_reported
        ]:
            _LOGGER.debug("%s: asking again for %s", self._host, ", ".join(missing))
            await send(b"".join(format_get(name) for name in missing))
            await self._wait_for_identity()
        spec = self.charger.spec
        if not self._bay_reported and spec is not None:
            _LOGGER.debug("%s: no bay reported; asking bay by bay", self._host)
            await send(
                b"".join(
                    format_get(name, bay)
                    for bay in range(1, spec.bays_per_unit + 1)
                    for name in BAY_PROPERTIES
                )
            )
        if self.charger.model is not None:
            self._ready.set()
            self._emit(SessionReady())

    async def _wait_for_identity(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._identity_timeout
        while not self._identity_reported.issuperset(IDENTITY_PROPERTIES):
            self._progress.clear()
            with suppress(TimeoutError):
                async with asyncio.timeout_at(deadline):
                    await self._progress.wait()
            if loop.time() >= deadline:
                return

    def _on_data(self, data: bytes) -> None:
        splitter = self._splitter
        garbage_before = splitter.garbage_frames
        for frame in splitter.feed(data):
            self._handle_frame(frame)
        self._garbage_frames += splitter.garbage_frames - garbage_before
        bays, device = self._decoder.take_changes()
        if bays or device:
            self._emit(ChargerChanged(bays=bays, device=device))
        self._check_trouble()

    def _handle_frame(self, frame: str) -> None:
        message = parse_message(frame)
        if not isinstance(message, Report | ErrorReport):
            self._garbage_frames += 1
            _LOGGER.debug("%s: skipped unrecognised frame %.80r", self._host, frame)
            return
        self._messages += 1
        if isinstance(message, ErrorReport):
            # Expected now and then: a charger refuses what it does not have.
            self._rep_errors += 1
            return
        self._reports += 1
        self._decoder.apply_report(message)
        if message.channel is None and message.name in IDENTITY_PROPERTIES:
            self._identity_reported.add(message.name)
            self._progress.set()
        elif message.channel is not None:
            self._bay_reported = True

    def _check_trouble(self) -> None:
        self._note_trouble(self._garbage_frames + self._decoder.rejected_fields)
