"""Telemetry plans: which devices report what, read from TOML and checked.

Every key is checked and a mistake names the key and where it is. The
built-in plan is ``simulator/scenarios/telemetry.toml``. Shape::

    [gps]                        # optional defaults for devices with "gps"
    start = [52.3731, 4.8922]    # latitude, longitude the walk starts at
    radius_m = 150               # never wander further than this (metres)
    speed_m_s = 0.5              # how fast the walk moves

    [[devices]]
    device_code = "SL-ULXD-1"    # required: a Micboard device code
    send = ["pack", "gps"]       # rack | pack | gps | status (default status)
    status = "online"            # the usual status (default online)
    temperature = [30, 36]       # rack/pack: range the value drifts in (°C)
    humidity = [40, 60]          # rack/pack: range the value drifts in (%)
    start = [52.37, 4.89]        # gps: this device's own start point
    radius_m = 50                # gps: this device's own radius
    warning_every = 120          # report "warning" for warning_for seconds
    warning_for = 20             #   every warning_every seconds, the first
    warning_start = 30           #   one warning_start s after the start
                                 #   (default: after warning_every)

``rack`` sends a rack's temperature (24-32 °C) and humidity (30-50 %),
``pack`` a body-worn transmitter's (30-36 °C, 40-60 %), ``gps`` latitude and
longitude; every message carries ``status``. Ranges must lie within what
micboard accepts (``FIELD_RANGES``, the same as its status processor).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
import tomllib
from typing import Any

from ..toml_table import TomlTable

DEFAULT_PLAN = Path(__file__).parents[1] / "scenarios" / "telemetry.toml"
STATUSES = ("online", "offline", "warning", "error")
# What micboard accepts (custom_components/micboard/mqtt_status/processor.py RANGES).
FIELD_RANGES: dict[str, tuple[float, float]] = {
    "temperature": (-50.0, 150.0),
    "humidity": (0.0, 100.0),
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
}
KINDS = ("rack", "pack", "gps", "status")
# kind -> (temperature range, humidity range)
CLIMATE: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "rack": ((24.0, 32.0), (30.0, 50.0)),
    "pack": ((30.0, 36.0), (40.0, 60.0)),
}
DEFAULT_START = (52.3731, 4.8922)
DEFAULT_RADIUS_M = 150.0
DEFAULT_SPEED_M_S = 0.5
MAX_RADIUS_M = 100_000.0
TOPIC_FORBIDDEN = frozenset("/+#\x00")


class PlanError(ValueError):
    """A plan that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class WarningSchedule:
    """``warning`` for ``duration`` seconds every ``every`` seconds."""

    every: float
    duration: float
    start: float

    def active(self, elapsed: float) -> bool:
        """True while a scripted warning is on, ``elapsed`` s after start."""
        if elapsed < self.start:
            return False
        return (elapsed - self.start) % self.every < self.duration


@dataclass(frozen=True)
class GpsPlan:
    """A slow random walk around ``start`` within ``radius_m``."""

    start: tuple[float, float]
    radius_m: float
    speed_m_s: float


@dataclass(frozen=True)
class DevicePlan:
    """What one device reports."""

    device_code: str
    status: str = "online"
    temperature: tuple[float, float] | None = None
    humidity: tuple[float, float] | None = None
    gps: GpsPlan | None = None
    warning: WarningSchedule | None = None

    def status_at(self, elapsed: float) -> str:
        """The status word to report ``elapsed`` seconds after the start."""
        if self.warning is not None and self.warning.active(elapsed):
            return "warning"
        return self.status


@dataclass(frozen=True)
class Plan:
    """A whole plan, validated."""

    devices: tuple[DevicePlan, ...]


def _table(data: object, path: str) -> TomlTable:
    return TomlTable(data, path, error=PlanError, root="plan", finite=True)


def _range(
    table: TomlTable, key: str, default: tuple[float, float]
) -> tuple[float, float]:
    value = table.pair(key) or default
    low, high = value
    accepted_low, accepted_high = FIELD_RANGES[key]
    if not accepted_low <= low < high <= accepted_high:
        raise PlanError(
            f"{table.where(key)}: need low < high within "
            f"{accepted_low:g}..{accepted_high:g}, got {list(value)}"
        )
    return value


def _start(table: TomlTable, default: tuple[float, float]) -> tuple[float, float]:
    start = table.pair("start") or default
    latitude, longitude = start
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise PlanError(
            f"{table.where('start')}: [latitude -90..90, longitude -180..180], "
            f"got {list(start)}"
        )
    return start


def _positive(table: TomlTable, key: str, default: float, ceiling: float) -> float:
    value: float = table.get(key, float, default)
    if not 0 < value <= ceiling:
        raise PlanError(f"{table.where(key)}: more than 0, at most {ceiling:g}")
    return value


def _gps_defaults(table: TomlTable) -> GpsPlan:
    plan = GpsPlan(
        start=_start(table, DEFAULT_START),
        radius_m=_positive(table, "radius_m", DEFAULT_RADIUS_M, MAX_RADIUS_M),
        speed_m_s=_positive(table, "speed_m_s", DEFAULT_SPEED_M_S, 100.0),
    )
    table.finish()
    return plan


def _device_code(table: TomlTable) -> str:
    if not table.has("device_code"):
        raise PlanError(f"{table.where('device_code')}: missing")
    code: str = table.get("device_code", str)
    if not code or any(ch in TOPIC_FORBIDDEN or ch.isspace() for ch in code):
        raise PlanError(
            f"{table.where('device_code')}: a device code without spaces, "
            f"'/', '+' or '#', got {code!r}"
        )
    return code


def _kinds(table: TomlTable) -> frozenset[str]:
    send = table.get("send", list, ["status"])
    if not send or not all(isinstance(kind, str) for kind in send):
        raise PlanError(f"{table.where('send')}: a list of {', '.join(KINDS)}")
    if unknown := sorted(set(send) - set(KINDS)):
        raise PlanError(
            f"{table.where('send')}: unknown {', '.join(map(repr, unknown))} "
            f"(one of {', '.join(KINDS)})"
        )
    kinds = frozenset(send)
    if {"rack", "pack"} <= kinds:
        raise PlanError(f"{table.where('send')}: rack or pack, not both")
    return kinds


def _warning(table: TomlTable) -> WarningSchedule | None:
    every = table.get("warning_every", float)
    duration = table.get("warning_for", float)
    start = table.get("warning_start", float)
    if every is None and duration is None and start is None:
        return None
    if every is None or duration is None:
        raise PlanError(f"{table.path}: warning_every and warning_for go together")
    if not 0 < duration < every:
        raise PlanError(
            f"{table.path}: need 0 < warning_for < warning_every, "
            f"got {duration:g} and {every:g}"
        )
    start = every if start is None else start
    if start < 0:
        raise PlanError(f"{table.where('warning_start')}: must not be negative")
    return WarningSchedule(every=every, duration=duration, start=start)


def _device(table: TomlTable, gps_defaults: GpsPlan) -> DevicePlan:
    code = _device_code(table)
    kinds = _kinds(table)
    status = table.get("status", str, "online")
    if status not in STATUSES:
        raise PlanError(f"{table.where('status')}: one of {', '.join(STATUSES)}")
    climate = next((CLIMATE[kind] for kind in ("rack", "pack") if kind in kinds), None)
    temperature = humidity = None
    if climate is not None:
        temperature = _range(table, "temperature", climate[0])
        humidity = _range(table, "humidity", climate[1])
    gps = None
    if "gps" in kinds:
        gps = GpsPlan(
            start=_start(table, gps_defaults.start),
            radius_m=_positive(table, "radius_m", gps_defaults.radius_m, MAX_RADIUS_M),
            speed_m_s=gps_defaults.speed_m_s,
        )
    warning = _warning(table)
    for key, needs in (
        ("temperature", "rack or pack"),
        ("humidity", "rack or pack"),
        ("start", "gps"),
        ("radius_m", "gps"),
    ):
        if table.has(key):
            raise PlanError(f"{table.where(key)}: only with send = {needs}")
    table.finish()
    return DevicePlan(
        device_code=code,
        status=status,
        temperature=temperature,
        humidity=humidity,
        gps=gps,
        warning=warning,
    )


def parse_plan(data: Mapping[str, Any]) -> Plan:
    """Validate a plan given as a dict (the shape of the TOML file)."""
    table = _table(data, "")
    gps_defaults = _gps_defaults(_table(table.get("gps", dict, {}), "gps"))
    items = table.get("devices", list, [])
    table.finish()
    devices = tuple(
        _device(_table(item, f"devices[{index}]"), gps_defaults)
        for index, item in enumerate(items)
    )
    if not devices:
        raise PlanError("devices: a plan needs at least one [[devices]] entry")
    seen: dict[str, int] = {}
    for index, device in enumerate(devices):
        key = device.device_code.casefold()
        if key in seen:
            raise PlanError(
                f"devices[{index}].device_code: {device.device_code!r} is "
                f"already devices[{seen[key]}]"
            )
        seen[key] = index
    return Plan(devices=devices)


def load_plan(source: str | Path | Mapping[str, Any] | None = None) -> Plan:
    """A plan from a TOML file, a parsed dict, or (None) the built-in one."""
    if isinstance(source, Mapping):
        return parse_plan(source)
    path = DEFAULT_PLAN if source is None else Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PlanError(f"{path}: cannot read ({err.strerror or err})") from None
    except UnicodeDecodeError as err:
        raise PlanError(f"{path}: not UTF-8 text ({err.reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PlanError(f"{path}: not valid TOML ({err})") from None
    try:
        return parse_plan(data)
    except PlanError as err:
        raise PlanError(f"{path}: {err}") from None
