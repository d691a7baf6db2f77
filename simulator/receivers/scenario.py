"""Scenario files: which receivers to run, their channels, and a timeline.

A scenario is TOML (or the same structure as a dict); every key is checked,
and a typo is an error that names the key and where it is. Full example:
``simulator/scenarios/mixed.toml``. Shape::

    [simulation]            # all optional
    seed = 7                # repeatable meters and starting batteries
    tick_seconds = 1.0      # battery drain step
    drain_per_minute = 0.5  # default battery % lost per real minute
    repeat_seconds = 300    # replay the events every N seconds

    [[receivers]]
    model = "AD4Q"          # required: ULXD4/ULXD4D/ULXD4Q/QLXD4/AD4D/AD4Q/...
    key = "choir"           # name for events (default device_id, else rxN)
    device_id = "CHOIR"     # 1..8 characters
    port = 12210            # else base port + index (or any free port)
    sample_layout = "standard"  # AD only: standard | quadversity | fdc
    faults = ["split_frames"]   # switches on from the start
    metering_lockup = false     # QLX-D bug: hangs if a metering client vanishes
    channels = [            # in channel order; fewer than the model has is fine
      { name = "BP02 Anna", battery = 80, transmitter = "ADX1",
        drain_per_minute = 3, battery_type = "LION", runtime_minutes = 400,
        muted = false, tx_muted = false, interference = false, gain_db = 0,
        on = true },        # transmitter = "off" (or on = false): switched off
    ]

    [[events]]
    at = 30                 # seconds after start
    receiver = "choir"      # a receiver key
    channel = 2             # for channel actions
    action = "transmitter_off"

Actions (parameters): transmitter_off, out_of_range, transmitter_on (model,
battery), rename (name), battery (percent | bars | minutes), mute, unmute,
tx_mute, tx_unmute, interference (detected = true), drain (per_minute),
gain (db), tx_offset (db); P10T transmitters only: rf_mute, rf_unmute,
rf_power (mw: 10, 50 or 100); receiver-wide: flash, drop_connections, fault (name, enabled =
true), offline (seconds). Parameters are range-checked (``PARAM_RANGES``).
``parse_event`` validates one event on its own (the control server's
``POST /events`` uses it without ``at``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import math
from pathlib import Path
from typing import Any

from ..scenario_file import (
    check_unique_keys,
    device_id_and_port,
    load_scenario_file,
    simulation_settings,
)
from ..toml_table import TomlTable
from .families import Family, SampleLayout, UnknownModelError, model_spec
from .faults import Faults
from .state import BATTERY_TYPES, TX_OFFSET_DB_MAX, TX_OFFSET_DB_MIN

FAULT_NAMES = frozenset(
    name for name in Faults.__dataclass_fields__ if name != "split_pause_seconds"
)
# action -> (needs a channel, {parameter: type}, required parameters)
ACTIONS: dict[str, tuple[bool, dict[str, type], frozenset[str]]] = {
    "transmitter_off": (True, {}, frozenset()),
    "out_of_range": (True, {}, frozenset()),
    "transmitter_on": (True, {"model": str, "battery": float}, frozenset()),
    "rename": (True, {"name": str}, frozenset({"name"})),
    "battery": (True, {"percent": float, "bars": int, "minutes": int}, frozenset()),
    "mute": (True, {}, frozenset()),
    "unmute": (True, {}, frozenset()),
    "tx_mute": (True, {}, frozenset()),
    "tx_unmute": (True, {}, frozenset()),
    "interference": (True, {"detected": bool}, frozenset()),
    "drain": (True, {"per_minute": float}, frozenset({"per_minute"})),
    "gain": (True, {"db": int}, frozenset({"db"})),
    "tx_offset": (True, {"db": int}, frozenset({"db"})),
    "rf_mute": (True, {}, frozenset()),
    "rf_unmute": (True, {}, frozenset()),
    "rf_power": (True, {"mw": int}, frozenset({"mw"})),
    "flash": (False, {}, frozenset()),
    "drop_connections": (False, {}, frozenset()),
    "fault": (False, {"name": str, "enabled": bool}, frozenset({"name"})),
    "offline": (False, {"seconds": float}, frozenset({"seconds"})),
}
# (action, parameter) -> inclusive range; floats must also be finite
PARAM_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("transmitter_on", "battery"): (0, 100),
    ("battery", "percent"): (0, 100),
    ("battery", "bars"): (0, 5),
    ("battery", "minutes"): (0, 65535),
    ("drain", "per_minute"): (0, 6000),
    ("gain", "db"): (-18, 42),
    ("tx_offset", "db"): (TX_OFFSET_DB_MIN, TX_OFFSET_DB_MAX),
    ("offline", "seconds"): (0, 86400),
    ("rf_power", "mw"): (10, 100),
}
IEM_ACTIONS = frozenset({"rf_mute", "rf_unmute", "rf_power"})
"""Actions only an in-ear monitor transmitter (P10T) understands."""
# what a receiver stores in a channel name (as its CHAN_NAME setter accepts)
NAME_CHARACTERS = frozenset(chr(code) for code in range(0x20, 0x7F)) - {"{", "}"}
MODEL_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-_."
)


class ScenarioError(ValueError):
    """A scenario that cannot be loaded; the message says where and why."""


@dataclass(frozen=True)
class ChannelPlan:
    """How one channel starts."""

    name: str | None = None
    transmitter: str | None = None  # model; None = the family's default
    transmitter_on: bool = True
    battery_percent: float | None = None
    runtime_minutes: int | None = None
    battery_type: str | None = None
    drain_per_minute: float | None = None
    muted: bool = False
    tx_muted: bool = False
    interference: bool = False
    gain_db: int | None = None


@dataclass(frozen=True)
class ReceiverPlan:
    """How one receiver starts."""

    key: str  # what events use to name the receiver
    model: str
    device_id: str | None = None
    port: int | None = None
    sample_layout: SampleLayout = SampleLayout.STANDARD
    channels: tuple[ChannelPlan, ...] = ()
    faults: frozenset[str] = frozenset()
    metering_lockup: bool = False


@dataclass(frozen=True)
class ScenarioEvent:
    """Something that happens ``at_seconds`` after the farm starts."""

    at_seconds: float
    receiver: str
    action: str
    channel: int | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """A whole scenario, validated."""

    receivers: tuple[ReceiverPlan, ...]
    events: tuple[ScenarioEvent, ...] = ()
    seed: int | None = None
    tick_seconds: float = 1.0
    repeat_seconds: float | None = None
    drain_per_minute: float = 0.0


def _table(data: object, path: str) -> TomlTable:
    return TomlTable(data, path, error=ScenarioError, root="scenario")


def _non_negative(value: float | None, where: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ScenarioError(f"{where}: must be a finite number, got {value!r}")
    if value is not None and value < 0:
        raise ScenarioError(f"{where}: must not be negative")
    return value


def _channel_plan(table: TomlTable, path: str) -> ChannelPlan:
    transmitter = table.get("transmitter", str)
    battery_type = table.get("battery_type", str)
    if battery_type is not None and battery_type not in BATTERY_TYPES:
        raise ScenarioError(f"{path}.battery_type: one of {', '.join(BATTERY_TYPES)}")
    percent = table.get("battery", float)
    if percent is not None and not 0 <= percent <= 100:
        raise ScenarioError(f"{path}.battery: percent 0..100, got {percent}")
    gain_db = table.get("gain_db", int)
    if gain_db is not None and not -18 <= gain_db <= 42:
        raise ScenarioError(f"{path}.gain_db: -18..42, got {gain_db}")
    switched_on = table.get("on", bool, True)
    plan = ChannelPlan(
        name=table.get("name", str),
        transmitter=None if transmitter in (None, "off") else transmitter,
        transmitter_on=switched_on and transmitter != "off",
        battery_percent=percent,
        runtime_minutes=table.get("runtime_minutes", int),
        battery_type=battery_type,
        drain_per_minute=_non_negative(
            table.get("drain_per_minute", float), f"{path}.drain_per_minute"
        ),
        muted=table.get("muted", bool, False),
        tx_muted=table.get("tx_muted", bool, False),
        interference=table.get("interference", bool, False),
        gain_db=gain_db,
    )
    table.finish()
    return plan


def _receiver_plan(table: TomlTable, index: int) -> ReceiverPlan:
    path = f"receivers[{index}]"
    try:
        spec = model_spec(table.require("model", str))
    except UnknownModelError as err:
        raise ScenarioError(f"{path}.model: {err}") from None
    device_id, port = device_id_and_port(table, path, ScenarioError)
    layout_name = table.get("sample_layout", str, SampleLayout.STANDARD.value)
    try:
        layout = SampleLayout(layout_name)
    except ValueError:
        raise ScenarioError(f"{path}.sample_layout: unknown {layout_name!r}") from None
    if layout is not SampleLayout.STANDARD and spec.family is not Family.AD:
        raise ScenarioError(f"{path}.sample_layout: only Axient Digital has {layout}")
    channel_tables = table.tables("channels")
    if len(channel_tables) > spec.channel_count:
        raise ScenarioError(
            f"{path}.channels: {spec.model} has {spec.channel_count} channel(s)"
        )
    channels = tuple(
        _channel_plan(channel, f"{path}.channels[{i}]")
        for i, channel in enumerate(channel_tables)
    )
    fault_list = table.get("faults", list, [])
    if not all(isinstance(name, str) for name in fault_list):
        raise ScenarioError(f"{path}.faults: expected a list of fault names")
    faults = frozenset(fault_list)
    if not faults <= FAULT_NAMES:
        bad = ", ".join(sorted(faults - FAULT_NAMES))
        raise ScenarioError(f"{path}.faults: unknown {bad}")
    metering_lockup = table.get("metering_lockup", bool, False)
    key = table.get("key", str) or device_id or f"rx{index + 1}"
    table.finish()
    return ReceiverPlan(
        key=key,
        model=spec.model,
        device_id=device_id,
        port=port,
        sample_layout=layout,
        channels=channels,
        faults=faults,
        metering_lockup=metering_lockup,
    )


def _check_param(action: str, key: str, value: Any, where: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ScenarioError(f"{where}: must be a finite number, got {value!r}")
    bounds = PARAM_RANGES.get((action, key))
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = (f"{bound:g}" for bound in bounds)
        raise ScenarioError(f"{where}: {low}..{high}, got {value!r}")
    if (action, key) == ("rename", "name") and not set(value) <= NAME_CHARACTERS:
        raise ScenarioError(
            f"{where}: printable ASCII without braces only, got {value!r}"
        )
    if (action, key) == ("transmitter_on", "model") and not (
        0 < len(value) <= 32 and set(value) <= MODEL_CHARACTERS
    ):
        raise ScenarioError(
            f"{where}: a transmitter model such as ULXD2 (letters, digits, "
            f"'+', '-', '_', '.'; at most 32), got {value!r}"
        )


def parse_event(
    data: object,
    receivers: Mapping[str, str],
    *,
    path: str = "event",
    timed: bool = True,
) -> ScenarioEvent:
    """Validate one event: a scenario ``[[events]]`` entry, as a dict.

    ``receivers`` maps every receiver key to its model. With ``timed`` the
    entry needs ``at`` (seconds after start); without, ``at`` is an unknown
    key and the event's ``at_seconds`` is 0 (an event to apply right now,
    as the control server does). Raises ``ScenarioError`` naming ``path``.
    """
    table = _table(data, path)
    at_seconds = 0.0
    if timed:
        at = _non_negative(table.require("at", float), f"{path}.at")
        assert at is not None
        at_seconds = at
    receiver = table.require("receiver", str)
    model = receivers.get(receiver)
    if model is None:
        known = ", ".join(receivers) or "none"
        raise ScenarioError(
            f"{path}.receiver: no receiver {receiver!r} (known: {known})"
        )
    action = table.require("action", str)
    if action not in ACTIONS:
        raise ScenarioError(f"{path}.action: unknown {action!r} ({', '.join(ACTIONS)})")
    needs_channel, kinds, required = ACTIONS[action]
    channel = table.get("channel", int)
    spec = model_spec(model)
    count = spec.channel_count
    if action in IEM_ACTIONS and spec.family is not Family.PSM1000:
        raise ScenarioError(f"{path}.action: {action} needs a P10T, not a {model}")
    if needs_channel and (channel is None or not 1 <= channel <= count):
        raise ScenarioError(f"{path}.channel: {action} needs a channel 1..{count}")
    if not needs_channel and channel is not None:
        raise ScenarioError(f"{path}.channel: {action} acts on the whole receiver")
    params = {
        key: table.get(key, kind) for key, kind in kinds.items() if key in table.rest()
    }
    if missing := required - params.keys():
        raise ScenarioError(f"{path}: {action} needs {', '.join(sorted(missing))}")
    if action == "battery" and not params:
        raise ScenarioError(f"{path}: battery needs percent, bars or minutes")
    for key, value in params.items():
        _check_param(action, key, value, f"{path}.{key}")
    if action == "rf_power" and params["mw"] not in (10, 50, 100):
        raise ScenarioError(f"{path}.mw: 10, 50 or 100, got {params['mw']!r}")
    if action == "fault" and params["name"] not in FAULT_NAMES:
        raise ScenarioError(f"{path}.name: unknown fault {params['name']!r}")
    table.finish()
    return ScenarioEvent(at_seconds, receiver, action, channel, params)


def parse_scenario(data: Mapping[str, Any]) -> Scenario:
    """Validate a scenario given as a dict (the shape of the TOML file)."""
    table = _table(data, "")
    simulation = _table(table.get("simulation", dict, {}), "simulation")
    seed, tick, repeat = simulation_settings(simulation, ScenarioError)
    drain = _non_negative(
        simulation.get("drain_per_minute", float, 0.0), "simulation.drain_per_minute"
    )
    simulation.finish()
    receivers = tuple(
        _receiver_plan(item, i) for i, item in enumerate(table.tables("receivers"))
    )
    if not receivers:
        raise ScenarioError("receivers: a scenario needs at least one receiver")
    check_unique_keys((plan.key for plan in receivers), "receivers", ScenarioError)
    models = {plan.key: plan.model for plan in receivers}
    events = tuple(
        parse_event(item, models, path=f"events[{i}]")
        for i, item in enumerate(table.get("events", list, []))
    )
    table.finish()
    return Scenario(
        receivers=receivers,
        events=tuple(sorted(events, key=lambda event: event.at_seconds)),
        seed=seed,
        tick_seconds=tick,
        repeat_seconds=repeat,
        drain_per_minute=drain or 0.0,
    )


def load_scenario(source: str | Path | Mapping[str, Any]) -> Scenario:
    """Load a scenario from a TOML file path or an already-parsed dict."""
    return load_scenario_file(source, parse_scenario, ScenarioError)
