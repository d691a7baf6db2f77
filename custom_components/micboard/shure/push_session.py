"""What every client of a device that pushes its state has in common.

The command-string receiver client, the UHF-R client and the charger client
all keep one link to one device (a TCP connection that stays up, or UDP
reachability), tell listeners about changes synchronously on the event loop,
become *ready* once the device's identity is known, and warn once when the
device keeps sending data that cannot be used. `PushSession` carries those
pieces; each client adds how its device is spoken to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
import asyncio
from collections.abc import Callable
from contextlib import suppress
import logging
from typing import Protocol

from .errors import CannotConnectError

TROUBLE_THRESHOLD = 100
"""Unusable frames and values after which a client warns (once)."""


class Link(Protocol):
    """The link a client keeps to its device, as far as `PushSession` uses it."""

    connects: int
    connect_failures: int
    disconnects: int
    bytes_received: int
    last_error: str

    def start(self) -> None:
        """Start reaching the device in the background."""


class PushSession[EventT, SnapshotT](ABC):
    """Listeners, readiness, lifecycle and the trouble warning of one client."""

    def __init__(
        self,
        host: str,
        port: int,
        link: Link,
        *,
        logger: logging.Logger,
        device: str,
        trouble_unit: str = "frames",
    ) -> None:
        """Share `link`'s state; `device` names the device in log messages."""
        self._host = host
        self._port = port
        self._link = link
        self._logger = logger
        self._device = device
        self._trouble_unit = trouble_unit
        self._listeners: list[Callable[[EventT], None]] = []
        self._ready = asyncio.Event()
        self._started = False
        self._stopped = False
        self._trouble_logged = False

    @property
    def host(self) -> str:
        """The device's host."""
        return self._host

    @property
    def port(self) -> int:
        """The device's port."""
        return self._port

    @property
    def ready(self) -> bool:
        """Whether the device's identity (at least its model) is known."""
        return self._ready.is_set()

    @property
    def last_error(self) -> str:
        """Why the last attempt to reach the device failed, or it went away."""
        return self._link.last_error

    def add_listener(self, callback: Callable[[EventT], None]) -> Callable[[], None]:
        """Call `callback` for every event; returns a function that removes it."""
        self._listeners.append(callback)

        def remove() -> None:
            with suppress(ValueError):
                self._listeners.remove(callback)

        return remove

    async def start(self) -> None:
        """Start reaching the device in the background; returns at once."""
        if self._stopped:
            raise RuntimeError("a stopped client cannot be started again")
        self._started = True
        self._link.start()

    async def wait_ready(self, timeout: float | None = None) -> SnapshotT:  # noqa: ASYNC109
        """Wait until the identity is known; CannotConnectError on timeout."""
        try:
            async with asyncio.timeout(timeout):
                await self._ready.wait()
        except TimeoutError as err:
            raise CannotConnectError(
                f"{self._host}:{self._port} not ready: {self.last_error}"
            ) from err
        return self._snapshot()

    async def stop(self) -> None:
        """Let go of the device and end every task (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        await self._close()

    @abstractmethod
    def _snapshot(self) -> SnapshotT:
        """The device's current state, as `wait_ready` returns it."""

    @abstractmethod
    async def _close(self) -> None:
        """Say goodbye to the device if it needs it, and close the link."""

    def _link_counts(self) -> dict[str, int]:
        """The link's lifetime counters, named as in `ClientCounters`."""
        link = self._link
        return {
            "connects": link.connects,
            "connect_failures": link.connect_failures,
            "disconnects": link.disconnects,
            "bytes_received": link.bytes_received,
        }

    def _note_trouble(self, trouble: int) -> None:
        """Warn once when `trouble` unusable frames or values reach the limit."""
        if self._trouble_logged or trouble < TROUBLE_THRESHOLD:
            return
        self._trouble_logged = True
        self._logger.warning(
            "%s %s keeps sending data that cannot be used (%s %s or values so "
            "far); see the integration's diagnostics",
            self._device.capitalize(),
            self._host,
            trouble,
            self._trouble_unit,
        )

    def _emit(self, event: EventT) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                self._logger.exception(
                    "Error in a listener of %s %s", self._device, self._host
                )
