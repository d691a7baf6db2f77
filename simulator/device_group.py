"""Simulated devices run together (a receiver farm, a charger rig).

Both start their devices one by one (one that cannot listen stops the rest),
play a scenario's timeline while they run, and stop everything together.
A scenario's devices get consecutive ports from a base port (0: each picks a
free one) and seeds derived from one seed, so runs repeat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
import contextlib
from types import TracebackType
from typing import Protocol, Self


class Device(Protocol):
    """A simulated device, as far as a group starts and stops it."""

    async def start(self) -> None:
        """Listen."""

    async def stop(self) -> None:
        """Stop listening."""


class TimedEvent(Protocol):
    """A scenario event, as far as the timeline schedules it."""

    @property
    def at_seconds(self) -> float:
        """When the event happens, from the timeline's start."""


def port_for(index: int, explicit: int | None, base_port: int) -> int:
    """The port of a scenario's ``index``-th device."""
    if explicit is not None:
        return explicit
    return base_port + index if base_port else 0


def seed_for(seed: int | None, index: int) -> int | None:
    """The seed of a scenario's ``index``-th device (None: random)."""
    return None if seed is None else seed * 1000 + index


async def play_timeline[EventT: TimedEvent](
    events: Sequence[EventT],
    apply: Callable[[EventT], Awaitable[None]],
    repeat_seconds: float | None = None,
) -> None:
    """Play ``events`` (sorted by time); loop every ``repeat_seconds`` if set.

    Each event runs in a task of its own, so one that takes time (a device
    going offline for a while) does not hold up the next.
    """
    if not events:
        return
    loop = asyncio.get_running_loop()
    background: set[asyncio.Task[None]] = set()

    async def run(event: EventT) -> None:
        await apply(event)

    try:
        while True:
            started = loop.time()
            for event in events:
                delay = started + event.at_seconds - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                task = asyncio.create_task(run(event))
                background.add(task)
                task.add_done_callback(background.discard)
            if repeat_seconds is None:
                if background:
                    await asyncio.gather(*background)
                return
            await asyncio.sleep(max(0.0, started + repeat_seconds - loop.time()))
    finally:
        for task in background:
            task.cancel()
        if background:
            await asyncio.gather(*background, return_exceptions=True)


class DeviceGroup[DeviceT: Device, EventT: TimedEvent]:
    """Devices started and stopped together, plus a timeline of events."""

    def __init__(
        self,
        devices: Sequence[DeviceT],
        *,
        keys: Sequence[str],
        events: Sequence[EventT],
        repeat_seconds: float | None,
        timeline_name: str,
    ) -> None:
        """Group ``devices``; ``keys`` name them for events and lookups."""
        self._devices = list(devices)
        self.by_key: dict[str, DeviceT] = dict(zip(keys, self._devices, strict=True))
        self.events = tuple(events)
        self.repeat_seconds = repeat_seconds
        self._timeline_name = timeline_name
        self._timeline: asyncio.Task[None] | None = None

    async def _play(self) -> None:
        """Play the timeline (each kind knows how to apply its events)."""
        raise NotImplementedError

    async def start(self, *, timeline: bool = True) -> None:
        """Start every device; if one cannot listen, stop the rest and raise.

        With ``timeline=False`` the events wait for ``start_timeline()``, so a
        caller can connect its clients before the first event happens.
        """
        try:
            for device in self._devices:
                await device.start()
        except BaseException:
            await self.stop()
            raise
        if timeline:
            self.start_timeline()

    def start_timeline(self) -> None:
        """Start the timeline now (once; nothing to do without events)."""
        if self.events and self._timeline is None:
            self._timeline = asyncio.create_task(self._play(), name=self._timeline_name)

    async def stop(self) -> None:
        """Stop the timeline and every device."""
        if self._timeline is not None:
            self._timeline.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timeline
            self._timeline = None
        await asyncio.gather(*(device.stop() for device in self._devices))

    async def __aenter__(self) -> Self:
        """Start everything."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop everything."""
        await self.stop()
