"""A board client's local view, merged the way the card merges it.

``initial_data`` replaces the view; ``batch_update`` merges each update's
``changes`` into its device (``battery``, ``rf``, ``audio``, ``iem`` and
``charger`` one level deep, other fields replaced); updates for devices the
view does not hold are ignored, as the card does. A compact subscriber's ``meter_frame`` rows
set the meter readings of the device at their position in the last
``initial_data`` (docs/websocket-api.md#meter_frame); a row whose position
holds no device is counted in ``bad_rows``, which the soak reports.
Comparisons leave out meter-rate noise.
"""

from __future__ import annotations

import copy
from typing import Any

NESTED = frozenset({"battery", "rf", "audio", "iem", "charger"})
NOISE = frozenset(
    {
        "last_seen",
        "rf.level_dbm",
        "rf.levels_dbm",
        "rf.antenna",
        "rf.quality",
        "audio.level_dbfs",
        "audio.peak_dbfs",
        "rf.level_percent",
        "rf.levels_percent",
        "audio.level_percent",
        "iem.input_left_dbfs",
        "iem.input_right_dbfs",
    }
)
"""Fields that move at the receiver's meter rate (or with every status
message): a snapshot of them is stale by the time it is compared."""

type Device = dict[str, Any]

SHORT_ROW = 5
"""A meter_frame row: [index, rf level, antenna, audio level, audio peak, ...];
UHF-R: [index, "%", rf %, antenna, audio %, rf % per antenna...]; an IEM
channel: [index, "iem", audio level, input left, input right]."""


def row_meters(row: list[Any]) -> dict[str, dict[str, Any]]:
    """The meter fields a meter_frame row sets, by form (its second element)."""
    if row[1] == "iem":
        return {
            "audio": {"level_dbfs": row[2]},
            "iem": {"input_left_dbfs": row[3], "input_right_dbfs": row[4]},
        }
    if row[1] == "%":
        return {
            "rf": {
                "level_percent": row[2],
                "levels_percent": list(row[SHORT_ROW:]) or None,
                "antenna": row[3],
            },
            "audio": {"level_percent": row[4]},
        }
    level = row[1]
    quality, levels = None, None if level is None else [level]
    if len(row) > SHORT_ROW:
        quality, levels = row[SHORT_ROW], list(row[SHORT_ROW + 1 :]) or None
    return {
        "rf": {
            "level_dbm": level,
            "levels_dbm": levels,
            "quality": quality,
            "antenna": row[2],
        },
        "audio": {"level_dbfs": row[3], "peak_dbfs": row[4]},
    }


def device_key(device: Device) -> str:
    """What the card keys a device by: ``key``, else the case-folded code."""
    return str(device.get("key") or device["device_code"]).lower()


class BoardView:
    """Devices by key, as a card would hold them."""

    def __init__(self) -> None:
        """Empty until the first ``initial_data``."""
        self.devices: dict[str, Device] = {}
        self.index: list[str] = []
        self.initial_count = 0
        self.batch_count = 0
        self.frame_count = 0
        self.bad_rows = 0

    @property
    def ready(self) -> bool:
        """Whether an ``initial_data`` has arrived."""
        return self.initial_count > 0

    def apply(self, event: dict[str, Any]) -> None:
        """Merge one subscription event (other event types change nothing)."""
        kind = event.get("type")
        if kind == "initial_data":
            self.devices = {}
            self.index = []
            for device in event.get("devices") or []:
                self.index.append(device_key(device))
                self.devices.setdefault(device_key(device), copy.deepcopy(device))
            self.initial_count += 1
        elif kind == "batch_update":
            self.batch_count += 1
            for update in event.get("updates") or []:
                self._merge(update)
        elif kind == "meter_frame":
            self.frame_count += 1
            for row in event.get("rows") or []:
                self._set_meters(row)

    def _set_meters(self, row: list[Any]) -> None:
        position = row[0] if row and isinstance(row[0], int) else -1
        key = self.index[position] if 0 <= position < len(self.index) else None
        device = None if key is None else self.devices.get(key)
        if device is None or len(row) < SHORT_ROW:
            self.bad_rows += 1
            return
        for field, values in row_meters(row).items():
            device.setdefault(field, {}).update(values)

    def _merge(self, update: dict[str, Any]) -> None:
        device = self.devices.get(str(update.get("device_code", "")).lower())
        changes = update.get("changes")
        if device is None or not isinstance(changes, dict):
            return
        for field, value in changes.items():
            current = device.get(field)
            if (
                field in NESTED
                and isinstance(value, dict)
                and isinstance(current, dict)
            ):
                current.update(value)
            else:
                device[field] = copy.deepcopy(value)


def comparable(device: Device) -> dict[str, Any]:
    """The device flattened to ``field`` / ``group.field`` keys, noise left out."""
    flat: dict[str, Any] = {}
    for field, value in device.items():
        if field in NESTED and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"{field}.{sub}"] = sub_value
        else:
            flat[field] = value
    return {k: v for k, v in flat.items() if k not in NOISE}


def differences(view: dict[str, Device], truth: list[Device]) -> set[str]:
    """``device_key/field`` for every non-noise field where the view differs
    from ``micboard/devices`` (a missing or extra device is ``key/*``)."""
    expected = {device_key(d): comparable(d) for d in truth}
    seen = {key: comparable(d) for key, d in view.items()}
    found = {f"{key}/*" for key in expected.keys() ^ seen.keys()}
    for key in expected.keys() & seen.keys():
        mine, theirs = seen[key], expected[key]
        found.update(
            f"{key}/{field}"
            for field in mine.keys() | theirs.keys()
            if mine.get(field) != theirs.get(field)
        )
    return found
