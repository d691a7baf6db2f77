"""What the soak measures around each fault and across the run."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from ha_client import HaSocket

from .alerts import FaultWindow
from .boards import BoardClient
from .schedule import RECEIVER_FAULTS, PlannedFault
from .stack import Stack, rss_kib
from .tracker import EntityTracker
from .view import differences

HEAL_LIMIT = 10.0
"""Seconds after a heal by which every affected entity must be available."""
VIEW_SETTLE = 5.0
"""A view difference counts only if it is still there this much later."""
ALERT_CHECK = 10.0
"""Seconds after recovery that still belong to a fault's alert window."""


@dataclass
class Outcome:
    """One fault's result."""

    fault: PlannedFault
    started: float
    healed: float
    affected: list[str] = field(default_factory=list)
    recovery: float | None = None
    """Seconds from heal until every affected entity was available."""
    still_unavailable: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    view_mismatches: list[str] = field(default_factory=list)
    error: str | None = None


def target_entries(
    tracker: EntityTracker, fault: PlannedFault, device_ids: dict[str, str]
) -> set[str]:
    """The config entries a fault acts on."""
    if fault.kind in RECEIVER_FAULTS:
        return tracker.entry_ids(f"{device_ids[fault.target]} (")
    if fault.target == "systemapi":
        return tracker.entry_ids("Shure System API")
    if fault.target == "mosquitto":
        return tracker.entry_ids("MQTT status")
    return set()


def affected_entities(
    tracker: EntityTracker, entries: set[str], start: float, healed: float
) -> list[str]:
    """Entities of the entries that were available at the start and went
    unavailable before the heal."""
    return sorted(
        entity
        for entity, history in tracker.of_entries(entries).items()
        if history.available_at(start) and history.went_unavailable(start, healed)
    )


async def wait_recovery(
    tracker: EntityTracker, outcome: Outcome, clock: Callable[[], float], limit: float
) -> None:
    """Wait (until soak time ``limit``) for the affected entities to be back."""
    while True:
        times = [
            tracker.entities[e].recovered_at(outcome.healed) for e in outcome.affected
        ]
        if all(t is not None for t in times):
            outcome.recovery = (
                max((t or outcome.healed for t in times), default=outcome.healed)
                - outcome.healed
            )
            break
        if clock() >= limit:
            break
        await asyncio.sleep(0.1)
    outcome.still_unavailable = sorted(
        e
        for e in outcome.affected
        if (t := tracker.entities[e].recovered_at(outcome.healed)) is None
        or t - outcome.healed > HEAL_LIMIT
    )


def alert_window(
    tracker: EntityTracker, outcome: Outcome, entries: set[str], end: float
) -> FaultWindow:
    """Receiver faults: one ``receiver_offline`` per channel whose entities
    went offline; System API and MQTT faults: no alert fired again."""
    fault = outcome.fault
    window = FaultWindow(fault.describe(), outcome.started, end)
    mine = tracker.of_entries(entries)
    alert_entities = {
        e: h for e, h in mine.items() if e.startswith("event.") and e.endswith("_alert")
    }
    if fault.kind in RECEIVER_FAULTS:
        offline_devices = {
            h.device_id
            for e in outcome.affected
            if (h := tracker.entities[e]).device_id
        }
        window.expected = {
            (e, "receiver_offline")
            for e, h in alert_entities.items()
            if h.device_id in offline_devices
        }
    elif fault.target == "systemapi":
        window.refire_watch = frozenset(alert_entities)
    elif fault.target == "mosquitto":
        window.refire_watch = frozenset(
            e
            for e in tracker.entities
            if e.startswith("event.") and e.endswith("_alert")
        )
    return window


async def view_mismatches(
    checker: HaSocket, clients: list[BoardClient], clock: Callable[[], float]
) -> list[str]:
    """``client/device/field`` differences from ``micboard/devices`` that
    persist for VIEW_SETTLE seconds."""
    persistent: set[str] | None = None
    deadline = clock() + VIEW_SETTLE
    while True:
        truth = await checker.call("micboard/devices")
        found = {
            f"{c.name}:{key}"
            for c in clients
            if c.alive and c.view.ready
            for key in differences(c.view.devices, truth)
        } | {
            f"{c.name}:meter_frame/rows for no device"
            for c in clients
            if c.view.bad_rows
        }
        persistent = found if persistent is None else persistent & found
        if not persistent or clock() >= deadline:
            return sorted(persistent)
        await asyncio.sleep(1.0)


@dataclass
class HealthSamples:
    """Home Assistant's process, sampled through the run."""

    rss_kib: list[tuple[float, float]] = field(default_factory=list)
    tasks: list[tuple[float, float]] = field(default_factory=list)
    lags_ms: list[tuple[float, float]] = field(default_factory=list)

    async def sample(self, stack: Stack, checker: HaSocket, now: float) -> None:
        """RSS from /proc, task count and loop lags from the soak probe."""
        pid = stack.ha_pid()
        rss = rss_kib(pid) if pid else None
        if rss is not None:
            self.rss_kib.append((now, float(rss)))
        stats = await checker.call("soakprobe/stats")
        self.tasks.append((now, float(stats["tasks"])))
        self.lags_ms.extend((now, float(lag)) for lag in stats["lags_ms"])
