"""The soak itself: clients, checker, fault loop, samples; returns a report."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
import time
import tomllib

import aiohttp
from ha_client import HaSocket, login

from .boards import BoardClient
from .checks import (
    ALERT_CHECK,
    HEAL_LIMIT,
    HealthSamples,
    Outcome,
    affected_entities,
    alert_window,
    target_entries,
    view_mismatches,
    wait_recovery,
)
from .faults import Injector
from .schedule import PlannedFault, make_schedule
from .stack import Stack
from .tracker import EntityTracker

REPO = Path(__file__).resolve().parents[3]
SCENARIO = REPO / "simulator" / "scenarios" / "mixed.toml"
SAMPLE_EVERY = 10.0
VIEW_CHECK_EVERY = 15.0
CONNECT_TIMEOUT = 60.0


def scripted_offline_receivers(scenario: Path = SCENARIO) -> set[str]:
    """Receivers the scenario's own timeline takes offline: no faults on
    them, so a scripted outage is never taken for a fault that did not heal."""
    data = tomllib.loads(scenario.read_text())
    return {
        e["receiver"] for e in data.get("events", []) if e.get("action") == "offline"
    }


@dataclass
class SoakRun:
    """Everything one run gathers."""

    seed: int
    seconds: float
    clients: int
    schedule: list[PlannedFault] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    periodic_mismatches: list[str] = field(default_factory=list)
    client_drops: list[str] = field(default_factory=list)
    health: HealthSamples = field(default_factory=HealthSamples)
    log_offset: int = 0
    alerts_seen: int = 0


class Soak:
    """One soak against a ready stack."""

    def __init__(self, stack: Stack, run: SoakRun) -> None:
        """Nothing connects until ``execute``."""
        self.stack = stack
        self.run = run
        self._t0 = time.monotonic()
        self._session: aiohttp.ClientSession | None = None
        self._token = ""
        self.clients = [BoardClient(n) for n in range(run.clients)]

    def clock(self) -> float:
        """Seconds since the soak started."""
        return time.monotonic() - self._t0

    async def _reopen(self, client: BoardClient) -> None:
        assert self._session is not None
        await client.open(self._session, self.stack.url, self._token)
        async with asyncio.timeout(CONNECT_TIMEOUT):
            while not client.view.ready:  # noqa: ASYNC110 - set by a callback
                await asyncio.sleep(0.05)

    async def _add_probe(self) -> None:
        assert self._session is not None
        async with self._session.post(
            f"{self.stack.url}/api/config/config_entries/flow",
            json={"handler": "soakprobe"},
            headers={"Authorization": f"Bearer {self._token}"},
        ) as response:
            body = await response.json()
        if body.get("type") not in ("create_entry", "abort"):
            raise RuntimeError(f"adding the soak probe failed: {body}")

    async def execute(self) -> SoakRun:
        """Run for the whole duration."""
        async with aiohttp.ClientSession() as session:
            self._session = session
            self._token = await login(session, self.stack.url, self.stack.info["admin"])
            await self._add_probe()
            checker = await HaSocket.connect(session, self.stack.url, self._token)
            tracker = EntityTracker(self.clock)
            await tracker.load(checker)
            receivers = await self.stack.receivers(session)
            device_ids = {r["key"]: r["device_id"] for r in receivers}
            eligible = sorted(set(device_ids) - scripted_offline_receivers())
            self.run.schedule = make_schedule(
                self.run.seed, self.run.seconds, eligible, self.run.clients
            )
            await asyncio.gather(*(self._reopen(c) for c in self.clients))
            self.run.log_offset = self.stack.ha_log.stat().st_size
            self._t0 = time.monotonic()
            print(
                f"soak: seed {self.run.seed}, {len(self.run.schedule)} faults planned "
                f"over {self.run.seconds:.0f} s, {len(self.clients)} board clients",
                flush=True,
            )
            injector = Injector(
                self.stack, session, self.clients, self._reopen, self.clock
            )
            background = [
                asyncio.create_task(self._sample_loop(checker)),
                asyncio.create_task(self._view_loop(checker)),
            ]
            try:
                await self._fault_loop(injector, tracker, checker, device_ids)
                await asyncio.sleep(max(0.0, self.run.seconds - self.clock()))
            finally:
                for task in background:
                    task.cancel()
                await asyncio.gather(*background, return_exceptions=True)
            self.run.periodic_mismatches.extend(
                await view_mismatches(checker, self.clients, self.clock)
            )
            self.run.alerts_seen = len(tracker.ledger.alerts)
            await self.run.health.sample(self.stack, checker, self.clock())
            for client in self.clients:
                await client.close()
            await checker.close()
        return self.run

    async def _fault_loop(
        self,
        injector: Injector,
        tracker: EntityTracker,
        checker: HaSocket,
        device_ids: dict[str, str],
    ) -> None:
        schedule = self.run.schedule
        for position, fault in enumerate(schedule):
            await asyncio.sleep(max(0.0, fault.at - self.clock()))
            print(f"fault {fault.describe()} (seed {self.run.seed})", flush=True)
            outcome = Outcome(fault, self.clock(), self.clock())
            entries = target_entries(tracker, fault, device_ids)
            try:
                outcome.healed = await injector.inject(fault)
            except Exception as err:  # noqa: BLE001 - reported as a failed fault
                outcome.error = f"{type(err).__name__}: {err}"
                outcome.healed = self.clock()
            outcome.affected = affected_entities(
                tracker, entries, outcome.started, outcome.healed
            )
            following = (
                schedule[position + 1].at
                if position + 1 < len(schedule)
                else self.run.seconds
            )
            limit = max(outcome.healed + HEAL_LIMIT, following - 1.0)
            await wait_recovery(tracker, outcome, self.clock, limit)
            back = outcome.healed + (outcome.recovery or HEAL_LIMIT)
            await asyncio.sleep(max(0.0, back + 2.0 - self.clock()))
            outcome.view_mismatches = await view_mismatches(
                checker, self.clients, self.clock
            )
            window_end = max(outcome.healed, back) + ALERT_CHECK
            await asyncio.sleep(max(0.0, window_end - self.clock()))
            verdict = tracker.ledger.judge(
                alert_window(tracker, outcome, entries, window_end)
            )
            outcome.lost, outcome.doubled = verdict.lost, verdict.doubled
            self.run.outcomes.append(outcome)
            print(describe_outcome(outcome), flush=True)

    async def _sample_loop(self, checker: HaSocket) -> None:
        while True:
            await self.run.health.sample(self.stack, checker, self.clock())
            await asyncio.sleep(SAMPLE_EVERY)

    async def _view_loop(self, checker: HaSocket) -> None:
        while True:
            await asyncio.sleep(VIEW_CHECK_EVERY)
            for client in self.clients:
                if client.socket is not None and not client.alive:
                    self.run.client_drops.append(
                        f"{self.clock():.1f} s: {client.name} closed by Home Assistant"
                    )
                    await self._reopen(client)
            found = await view_mismatches(checker, self.clients, self.clock)
            self.run.periodic_mismatches.extend(
                f"{self.clock():.1f} s: {m}" for m in found
            )


def describe_outcome(outcome: Outcome) -> str:
    """One line per fault for the console."""
    recovery = "n/a" if outcome.recovery is None else f"{outcome.recovery:.2f} s"
    parts = [
        f"  healed at {outcome.healed:.1f} s",
        f"{len(outcome.affected)} entities unavailable, all back after {recovery}",
    ]
    if outcome.still_unavailable:
        parts.append(
            f"NOT back within {HEAL_LIMIT:.0f} s: {', '.join(outcome.still_unavailable[:5])}"
        )
    for label, items in (
        ("lost", outcome.lost),
        ("doubled", outcome.doubled),
        ("view mismatch", outcome.view_mismatches),
    ):
        if items:
            parts.append(f"{label}: {'; '.join(items[:3])}")
    if outcome.error:
        parts.append(f"ERROR {outcome.error}")
    return "; ".join(parts)
