"""Several simulated chargers run together from a scenario, with its timeline."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from ..device_group import DeviceGroup, play_timeline, port_for, seed_for
from ..tcp_device import DEFAULT_HOST
from .scenario import ChargerEvent, ChargerPlan, ChargerScenario, load_charger_scenario
from .server import ChargerSimulator


def _charger_from_plan(
    plan: ChargerPlan,
    scenario: ChargerScenario,
    *,
    host: str,
    port: int,
    seed: int | None,
    static: bool,
) -> ChargerSimulator:
    charger = ChargerSimulator(
        plan.model,
        units=plan.units,
        host=host,
        port=port,
        device_id=plan.device_id,
        seed=seed,
        tick_seconds=scenario.tick_seconds,
        static=static,
    )
    for number, bay_plan in enumerate(plan.bays, start=1):
        bay = charger.bay(number)
        if bay_plan.per_minute is not None:
            bay.per_minute = bay_plan.per_minute
        if bay_plan.percent is not None:
            bay.dock(
                charge=bay_plan.percent,
                health=bay_plan.health,
                cycles=bay_plan.cycles,
                calculating=False,
            )
        if bay_plan.error is not None:
            bay.present = True
            bay.error = bay_plan.error
    for fault in plan.faults:
        setattr(charger.faults, fault, True)
    return charger


async def apply_charger_event(charger: ChargerSimulator, event: ChargerEvent) -> None:
    """Do what ``event`` says to ``charger`` (``offline`` waits it out)."""
    params = event.params
    match event.action:
        case "drop_connections":
            await charger.drop_connections()
        case "offline":
            await charger.stop()
            await asyncio.sleep(float(params["seconds"]))
            await charger.start()
        case "fault":
            setattr(
                charger.faults, str(params["name"]), bool(params.get("enabled", True))
            )
        case "storage_mode":
            charger.set_storage_mode(bool(params["enabled"]))
    if event.bay is None:
        return
    bay = event.bay
    match event.action:
        case "dock":
            charger.dock(
                bay,
                percent=float(params["percent"]),
                health=params.get("health"),
                cycles=params.get("cycles"),
                per_minute=params.get("per_minute"),
            )
        case "undock":
            charger.undock(bay)
        case "bay_fault":
            charger.fault_bay(bay, int(params.get("error", 7)))
        case "clear_fault":
            charger.clear_fault(bay)
        case "charge":
            charger.set_charge(bay, float(params["percent"]))
        case "rate":
            charger.set_rate(bay, float(params["per_minute"]))


async def run_charger_timeline(
    chargers: Mapping[str, ChargerSimulator],
    events: Sequence[ChargerEvent],
    repeat_seconds: float | None = None,
) -> None:
    """Play ``events`` (sorted by time); loop every ``repeat_seconds`` if set."""
    await play_timeline(
        events,
        lambda event: apply_charger_event(chargers[event.charger], event),
        repeat_seconds,
    )


class ChargerRig(DeviceGroup[ChargerSimulator, ChargerEvent]):
    """Chargers started and stopped together, plus a timeline."""

    def __init__(
        self,
        chargers: Sequence[ChargerSimulator],
        *,
        keys: Sequence[str],
        events: Sequence[ChargerEvent] = (),
        repeat_seconds: float | None = None,
    ) -> None:
        """Group ``chargers``; ``keys`` name them for events and lookups."""
        super().__init__(
            chargers,
            keys=keys,
            events=events,
            repeat_seconds=repeat_seconds,
            timeline_name="charger-timeline",
        )
        self.chargers = self._devices

    @classmethod
    def from_scenario(
        cls,
        source: str | Path | Mapping[str, Any] | ChargerScenario,
        *,
        host: str = DEFAULT_HOST,
        base_port: int = 0,
        seed: int | None = None,
        static: bool = False,
    ) -> Self:
        """Chargers as a scenario describes (raises ``ChargerScenarioError``)."""
        scenario = (
            source
            if isinstance(source, ChargerScenario)
            else load_charger_scenario(source)
        )
        base_seed = seed if seed is not None else scenario.seed
        chargers = [
            _charger_from_plan(
                plan,
                scenario,
                host=host,
                port=port_for(index, plan.port, base_port),
                seed=seed_for(base_seed, index),
                static=static,
            )
            for index, plan in enumerate(scenario.chargers)
        ]
        return cls(
            chargers,
            keys=[plan.key for plan in scenario.chargers],
            events=scenario.events,
            repeat_seconds=scenario.repeat_seconds,
        )

    def entries(self) -> list[dict[str, Any]]:
        """One entry per charger: what ``--json-ready`` and ``GET /chargers`` give."""
        return [
            {
                "key": key,
                "model": charger.model,
                "host": charger.host,
                "port": charger.port,
                "device_id": charger.device_id,
                "bays": len(charger.state.bays),
            }
            for key, charger in self.by_key.items()
        ]

    async def _play(self) -> None:
        await run_charger_timeline(self.by_key, self.events, self.repeat_seconds)
