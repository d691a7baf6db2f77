"""Charger scenario files: which chargers to run, their bays, and a timeline.

The same shape and rules as the receivers' scenarios (every key checked, a
typo names the key and where it is). Example: ``simulator/scenarios/chargers.toml``::

    [simulation]              # all optional
    seed = 7
    tick_seconds = 1.0        # charging step
    repeat_seconds = 300      # replay the events every N seconds

    [[chargers]]
    model = "SBC220"          # SBC220 or SBC240
    units = 2                 # linked units behind one address (1..4): 2 bays each
    key = "crew"              # name for events (default device_id, else chgN)
    device_id = "CHG-1"       # 1..8 characters
    port = 12302              # else base port + index (or any free port)
    faults = []               # the receivers' fault switches, on from the start
    bays = [                  # in bay order; fewer than the chargers have is fine
      { percent = 100, health = 92, cycles = 120 },   # a charged pack
      { percent = 35, per_minute = 6 },               # charging, 6 % a minute
      {},                                             # empty
      { error = 7 },                                  # faulted (BATT_ERROR 007)
    ]

    [[events]]
    at = 30                   # seconds after start
    charger = "crew"
    bay = 3                   # for bay actions
    action = "dock"
    percent = 20

Actions (parameters): dock (percent, health, cycles, per_minute), undock,
bay_fault (error = 7), clear_fault, charge (percent), rate (per_minute);
charger-wide: storage_mode (enabled), drop_connections, fault (name,
enabled = true), offline (seconds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..receivers.scenario import FAULT_NAMES
from ..scenario_file import (
    check_unique_keys,
    device_id_and_port,
    load_scenario_file,
    simulation_settings,
)
from ..toml_table import TomlTable
from .server import UnknownChargerModelError, model_bays

# action -> (needs a bay, {parameter: type}, required parameters)
ACTIONS: dict[str, tuple[bool, dict[str, type], frozenset[str]]] = {
    "dock": (
        True,
        {"percent": float, "health": int, "cycles": int, "per_minute": float},
        frozenset({"percent"}),
    ),
    "undock": (True, {}, frozenset()),
    "bay_fault": (True, {"error": int}, frozenset()),
    "clear_fault": (True, {}, frozenset()),
    "charge": (True, {"percent": float}, frozenset({"percent"})),
    "rate": (True, {"per_minute": float}, frozenset({"per_minute"})),
    "storage_mode": (False, {"enabled": bool}, frozenset({"enabled"})),
    "drop_connections": (False, {}, frozenset()),
    "fault": (False, {"name": str, "enabled": bool}, frozenset({"name"})),
    "offline": (False, {"seconds": float}, frozenset({"seconds"})),
}
# parameter -> inclusive range (the same name means the same thing everywhere)
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "percent": (0, 100),
    "health": (0, 100),
    "cycles": (0, 65527),
    "per_minute": (0, 6000),
    "error": (1, 247),
    "seconds": (0, 86400),
}


class ChargerScenarioError(ValueError):
    """A scenario that cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class BayPlan:
    """How one bay starts: empty, a pack at some charge, or faulted."""

    percent: float | None = None
    """None: no pack."""
    health: int | None = None
    cycles: int | None = None
    per_minute: float | None = None
    error: int | None = None


@dataclass(frozen=True)
class ChargerPlan:
    """How one charger starts."""

    key: str
    model: str
    units: int = 1
    device_id: str | None = None
    port: int | None = None
    bays: tuple[BayPlan, ...] = ()
    faults: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChargerEvent:
    """Something that happens ``at_seconds`` after the rig starts."""

    at_seconds: float
    charger: str
    action: str
    bay: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChargerScenario:
    """A whole charger scenario, validated."""

    chargers: tuple[ChargerPlan, ...]
    events: tuple[ChargerEvent, ...] = ()
    seed: int | None = None
    tick_seconds: float = 1.0
    repeat_seconds: float | None = None


def _table(data: object, path: str) -> TomlTable:
    return TomlTable(
        data, path, error=ChargerScenarioError, root="scenario", finite=True
    )


def _check_range(key: str, value: float | None, where: str) -> None:
    bounds = PARAM_RANGES.get(key)
    if value is not None and bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = (f"{bound:g}" for bound in bounds)
        raise ChargerScenarioError(f"{where}: {low}..{high}, got {value!r}")


def _bay_plan(table: TomlTable) -> BayPlan:
    values: dict[str, Any] = {
        "percent": table.get("percent", float),
        "health": table.get("health", int),
        "cycles": table.get("cycles", int),
        "per_minute": table.get("per_minute", float),
        "error": table.get("error", int),
    }
    for key, value in values.items():
        _check_range(key, value, table.where(key))
    table.finish()
    return BayPlan(**values)


def _charger_plan(table: TomlTable, index: int) -> ChargerPlan:
    path = table.path
    model = table.require("model", str)
    units = table.get("units", int, 1)
    try:
        bay_count = model_bays(model, units)
    except UnknownChargerModelError as err:
        raise ChargerScenarioError(f"{path}.model: {err}") from None
    except ValueError as err:
        raise ChargerScenarioError(f"{path}.units: {err}") from None
    device_id, port = device_id_and_port(table, path, ChargerScenarioError)
    bay_tables = table.tables("bays")
    if len(bay_tables) > bay_count:
        raise ChargerScenarioError(
            f"{path}.bays: {model} x{units} has {bay_count} bays"
        )
    bays = tuple(_bay_plan(bay) for bay in bay_tables)
    faults = table.get("faults", list, [])
    if (
        not all(isinstance(name, str) for name in faults)
        or not set(faults) <= FAULT_NAMES
    ):
        raise ChargerScenarioError(
            f"{path}.faults: a list of {', '.join(sorted(FAULT_NAMES))}"
        )
    key = table.get("key", str) or device_id or f"chg{index + 1}"
    table.finish()
    return ChargerPlan(
        key=key,
        model=model,
        units=units,
        device_id=device_id,
        port=port,
        bays=bays,
        faults=frozenset(faults),
    )


def parse_charger_event(
    data: object,
    chargers: Mapping[str, int],
    *,
    path: str = "event",
    timed: bool = True,
) -> ChargerEvent:
    """Validate one event (a scenario ``[[events]]`` entry, as a dict).

    ``chargers`` maps each charger key to its number of bays. Without
    ``timed``, ``at`` is an unknown key (the control server's form).
    """
    table = _table(data, path)
    at_seconds = 0.0
    if timed:
        at_seconds = table.require("at", float)
        if at_seconds < 0:
            raise ChargerScenarioError(f"{path}.at: must not be negative")
    charger = table.require("charger", str)
    bay_count = chargers.get(charger)
    if bay_count is None:
        known = ", ".join(chargers) or "none"
        raise ChargerScenarioError(
            f"{path}.charger: no charger {charger!r} (known: {known})"
        )
    action = table.require("action", str)
    if action not in ACTIONS:
        raise ChargerScenarioError(
            f"{path}.action: unknown {action!r} ({', '.join(ACTIONS)})"
        )
    needs_bay, kinds, required = ACTIONS[action]
    bay = table.get("bay", int)
    if needs_bay and (bay is None or not 1 <= bay <= bay_count):
        raise ChargerScenarioError(f"{path}.bay: {action} needs a bay 1..{bay_count}")
    if not needs_bay and bay is not None:
        raise ChargerScenarioError(f"{path}.bay: {action} acts on the whole charger")
    params = {
        key: table.get(key, kind) for key, kind in kinds.items() if table.has(key)
    }
    if missing := required - params.keys():
        raise ChargerScenarioError(
            f"{path}: {action} needs {', '.join(sorted(missing))}"
        )
    for key, value in params.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            _check_range(key, value, f"{path}.{key}")
    if action == "fault" and params["name"] not in FAULT_NAMES:
        raise ChargerScenarioError(f"{path}.name: unknown fault {params['name']!r}")
    table.finish()
    return ChargerEvent(at_seconds, charger, action, bay, params)


def parse_charger_scenario(data: Mapping[str, Any]) -> ChargerScenario:
    """Validate a charger scenario given as a dict (the TOML file's shape)."""
    table = _table(data, "")
    simulation = _table(table.get("simulation", dict, {}), "simulation")
    seed, tick, repeat = simulation_settings(simulation, ChargerScenarioError)
    simulation.finish()
    chargers = tuple(
        _charger_plan(item, i) for i, item in enumerate(table.tables("chargers"))
    )
    if not chargers:
        raise ChargerScenarioError("chargers: a scenario needs at least one charger")
    check_unique_keys((plan.key for plan in chargers), "chargers", ChargerScenarioError)
    bays = {plan.key: model_bays(plan.model, plan.units) for plan in chargers}
    events = tuple(
        parse_charger_event(item, bays, path=f"events[{i}]")
        for i, item in enumerate(table.get("events", list, []))
    )
    table.finish()
    return ChargerScenario(
        chargers=chargers,
        events=tuple(sorted(events, key=lambda event: event.at_seconds)),
        seed=seed,
        tick_seconds=tick,
        repeat_seconds=repeat,
    )


def load_charger_scenario(source: str | Path | Mapping[str, Any]) -> ChargerScenario:
    """Load a charger scenario from a TOML file path or a parsed dict."""
    return load_scenario_file(source, parse_charger_scenario, ChargerScenarioError)
