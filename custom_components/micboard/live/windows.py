"""When the live hub sends: one coalescing window's two clocks.

Changes of a device's state (status, battery, transmitter, names, ...)
have a leading edge per device: a device whose state has not gone out
within the window goes out at once (on the next event-loop turn, batched
with whatever else is ready then), however busy other devices keep the
board; only repeated state changes of the same device wait, until a window
after the last time it went out, and are merged into one update.

Meter readings (RF levels, antennas, quality, audio levels) move at up to
10 Hz on every channel at once, so they run on the window's own clock: at
most one meter flush per window for the whole board, the first one after a
quiet window at once. They never hold a state change back, and a state
change never takes a meter flush's place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .serialization import Changes, merge_changes

type Pending = dict[str, Changes]
type Stamps = dict[str, str]
type FlushCallback = Callable[["Window", Pending, Stamps], None]

TIMER_SLACK = 0.001
"""Seconds early a timer may fire and still count as on time."""


def _queue(
    pending: Pending, stamps: Stamps, key: str, change: Changes, stamp: str
) -> None:
    """Merge a device's change into what is pending for it."""
    if key in pending:
        merge_changes(pending[key], change)
    else:
        pending[key] = {
            k: dict(v) if isinstance(v, dict) else v for k, v in change.items()
        }
    stamps[key] = stamp


@dataclass(eq=False)
class Window:
    """Pending changes of every subscription sharing one coalescing window."""

    seconds: float
    loop: asyncio.AbstractEventLoop
    on_state: FlushCallback
    on_meters: FlushCallback
    subs: set[Any] = field(default_factory=set)
    """The subscriptions of this window (the hub's)."""
    state: Pending = field(default_factory=dict)
    state_stamps: Stamps = field(default_factory=dict)
    due: dict[str, float] = field(default_factory=dict)
    """Devices with pending state changes, and when each may go out."""
    state_sent: dict[str, float] = field(default_factory=dict)
    """When each device's state last went out."""
    meters: Pending = field(default_factory=dict)
    meter_stamps: Stamps = field(default_factory=dict)
    last_meter_flush: float = float("-inf")
    state_handle: asyncio.TimerHandle | asyncio.Handle | None = None
    state_at: float = float("inf")
    meter_handle: asyncio.TimerHandle | asyncio.Handle | None = None

    def add(
        self, key: str, state: Changes | None, meters: Changes | None, stamp: str
    ) -> None:
        """Queue one device's changed state fields and meter readings."""
        if meters:
            _queue(self.meters, self.meter_stamps, key, meters, stamp)
            if self.meter_handle is None:
                due = self.last_meter_flush + self.seconds
                self.meter_handle = self._call(due, self._flush_meters)
        if state:
            _queue(self.state, self.state_stamps, key, state, stamp)
            if key not in self.due:
                due = self.state_sent.get(key, float("-inf")) + self.seconds
                self.due[key] = due
                if due < self.state_at:
                    self._schedule_state(due)

    def forget(self, key: str) -> None:
        """Drop everything pending for a device that went away."""
        for pending in (self.state, self.state_stamps, self.meters, self.meter_stamps):
            pending.pop(key, None)
        self.due.pop(key, None)
        self.state_sent.pop(key, None)

    def cancel(self) -> None:
        """Stop both clocks (the last subscription of this window ended)."""
        for handle in (self.state_handle, self.meter_handle):
            if handle is not None:
                handle.cancel()
        self.state_handle = self.meter_handle = None
        self.state_at = float("inf")

    def _call(
        self, when: float, callback: Callable[[], None]
    ) -> asyncio.TimerHandle | asyncio.Handle:
        if when <= self.loop.time():
            return self.loop.call_soon(callback)
        return self.loop.call_at(when, callback)

    def _schedule_state(self, when: float) -> None:
        if self.state_handle is not None:
            self.state_handle.cancel()
        self.state_at = when
        self.state_handle = self._call(when, self._flush_state)

    def _flush_state(self) -> None:
        self.state_handle = None
        self.state_at = float("inf")
        now = self.loop.time()
        ready = [key for key, due in self.due.items() if due <= now + TIMER_SLACK]
        changes: Pending = {}
        stamps: Stamps = {}
        for key in ready:
            del self.due[key]
            self.state_sent[key] = now
            change = self.state.pop(key, None)
            if change is not None:
                changes[key] = change
                stamps[key] = self.state_stamps.pop(key)
        if self.due:
            self._schedule_state(min(self.due.values()))
        if changes:
            self.on_state(self, changes, stamps)

    def _flush_meters(self) -> None:
        self.meter_handle = None
        changes, stamps = self.meters, self.meter_stamps
        if not changes:
            return
        self.meters, self.meter_stamps = {}, {}
        self.last_meter_flush = self.loop.time()
        self.on_meters(self, changes, stamps)
