"""The live board's serialized device (docs/websocket-api.md): fields, diffs, times.

Shared by the live directory (which diffs), the hub (which merges pending
changes) and the backends (which build the dicts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.util import dt as dt_util

NESTED_FIELDS: dict[str, tuple[str, ...]] = {
    "battery": ("level", "bars", "runtime_min", "charging", "status"),
    "rf": (
        "level_dbm",
        "levels_dbm",
        "quality",
        "antenna",
        "interference",
        "level_percent",
        "levels_percent",
    ),
    "audio": ("level_dbfs", "peak_dbfs", "muted", "level_percent"),
    "iem": (
        "rf_power_mw",
        "rf_muted",
        "audio_mode",
        "input_left_dbfs",
        "input_right_dbfs",
    ),
    "charger": (
        "code",
        "bay",
        "present",
        "ready",
        "minutes_to_full",
        "state",
        "health_percent",
        "cycles",
        "error",
        "storage_mode",
    ),
}
DEVICE_FIELDS: tuple[str, ...] = (
    "id",
    "device_code",
    "key",
    "name",
    "product_type",
    "device_type",
    "channel_kind",
    "firmware_version",
    "status",
    "is_active",
    "last_seen",
    "battery",
    "rf",
    "audio",
    "iem",
    "frequency_mhz",
    "tx_offset_db",
    "charger",
    "temperature",
    "humidity",
    "latitude",
    "longitude",
)
"""Every field of a serialized device except `groups` (added per user)."""

type Changes = dict[str, Any]

METER_FIELDS: dict[str, frozenset[str]] = {
    "rf": frozenset({"level_dbm", "levels_dbm", "quality", "antenna"}),
    "audio": frozenset({"level_dbfs", "peak_dbfs"}),
}
"""Meter readings: sub-fields that move at the receiver's meter rate."""

COMPACT_METER_FIELDS: dict[str, frozenset[str]] = {
    "rf": METER_FIELDS["rf"] | {"level_percent", "levels_percent"},
    "audio": METER_FIELDS["audio"] | {"level_percent"},
    "iem": frozenset({"input_left_dbfs", "input_right_dbfs"}),
}
"""Meter readings of a compact subscriber: also UHF-R's percent meters and an
IEM channel's input meters (batch_update subscribers get those as state, as
they always did)."""


def iso_now() -> str:
    """The current time as compact ISO 8601 UTC, to the millisecond (...Z)."""
    return dt_util.utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def later(candidate: str, current: Any) -> bool:
    """Whether an ISO time is later than another (None or unparsable: yes)."""
    if not isinstance(current, str):
        return True
    new, old = dt_util.parse_datetime(candidate), dt_util.parse_datetime(current)
    if new is None or old is None:
        return candidate > current
    return new > old


def code_key(code: str) -> str:
    """The matching key of a device code (case-insensitive)."""
    return code.casefold()


def blank_device(code: str) -> dict[str, Any]:
    """A serialized device with every value unknown."""
    device: dict[str, Any] = dict.fromkeys(DEVICE_FIELDS)
    for name, keys in NESTED_FIELDS.items():
        device[name] = dict.fromkeys(keys)
    device["device_code"] = code
    device["key"] = code_key(code)
    return device


def normalize_device(code: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """A backend's dict with every serialized-device field present and nothing else."""
    device = blank_device(code)
    for name in DEVICE_FIELDS:
        if name in NESTED_FIELDS:
            nested = raw.get(name)
            if isinstance(nested, Mapping):
                for key in NESTED_FIELDS[name]:
                    device[name][key] = nested.get(key)
        elif name not in ("device_code", "key") and name in raw:
            device[name] = raw[name]
    return device


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    """The fields of `new` that differ from `old` (nested dicts one level deep)."""
    changes: Changes = {}
    for name, value in new.items():
        before = old.get(name)
        if value == before:
            continue
        if name in NESTED_FIELDS and isinstance(before, dict):
            changes[name] = {k: v for k, v in value.items() if before.get(k) != v}
        else:
            changes[name] = value
    return changes


def merge_changes(into: Changes, changes: Mapping[str, Any]) -> None:
    """Fold later changes into earlier ones (nested dicts one level deep)."""
    for name, value in changes.items():
        if name in NESTED_FIELDS and isinstance(into.get(name), dict):
            into[name].update(value)
        else:
            into[name] = dict(value) if name in NESTED_FIELDS else value


def split_meters(
    changes: Mapping[str, Any],
    meter_fields: Mapping[str, frozenset[str]] = METER_FIELDS,
) -> tuple[Changes, Changes]:
    """Changes split into (state fields, meter readings); either may be empty."""
    state: Changes = {}
    meters: Changes = {}
    for name, value in changes.items():
        meter_keys = meter_fields.get(name)
        if meter_keys is None or not isinstance(value, Mapping):
            state[name] = value
            continue
        for key, sub in value.items():
            target = meters if key in meter_keys else state
            target.setdefault(name, {})[key] = sub
    return state, meters
