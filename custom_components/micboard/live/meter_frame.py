"""Compact meter frames (docs/websocket-api.md#meter_frame).

A subscriber that asks for `"meters": "compact"` gets meter readings as one
`meter_frame` per window: a row of numbers per device whose meters moved,
the device named by its position in the subscription's last `initial_data`.
Three row forms: the dB meters of most receivers, UHF-R's percent meters
(second element `"%"`) and an IEM channel's input meters (`"iem"`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from weakref import WeakValueDictionary

from .serialization import COMPACT_METER_FIELDS, METER_FIELDS

METERS_BATCH = "batch_update"
"""Meter readings as fields of `batch_update` (the default)."""
METERS_COMPACT = "compact"
"""Meter readings as `meter_frame` rows."""
METER_MODES = (METERS_BATCH, METERS_COMPACT)
METER_FIELDS_OF = {METERS_BATCH: METER_FIELDS, METERS_COMPACT: COMPACT_METER_FIELDS}
"""What each mode sends on the meter clock (the rest goes as state)."""

SHORT_ROW = 5
"""[index, rf level, antenna, audio level, audio peak]."""
PERCENT_ROW = "%"
"""[index, "%", rf.level_percent, rf.antenna, audio.level_percent, *levels_percent]."""
IEM_ROW = "iem"
"""[index, "iem", audio.level_dbfs, iem.input_left_dbfs, iem.input_right_dbfs]."""
PERCENT_FIELDS = (
    ("rf", "level_percent"),
    ("rf", "levels_percent"),
    ("audio", "level_percent"),
)


class MeterIndex:
    """Device key -> position in an `initial_data` (shared by equal boards)."""

    __slots__ = ("__weakref__", "order", "positions")

    def __init__(self, order: tuple[str, ...]) -> None:
        """Number the keys in board order."""
        self.order = order
        self.positions = {key: n for n, key in enumerate(order)}


class MeterIndexes:
    """One `MeterIndex` per distinct board order, alive while a subscription holds it."""

    def __init__(self) -> None:
        """No boards yet."""
        self._by_order: WeakValueDictionary[tuple[str, ...], MeterIndex] = (
            WeakValueDictionary()
        )

    def get(self, order: Sequence[str]) -> MeterIndex:
        """The index of a board order (the same object for the same order)."""
        key = tuple(order)
        index = self._by_order.get(key)
        if index is None:
            index = self._by_order[key] = MeterIndex(key)
        return index


def _percent_metered(device: Mapping[str, Any], pending: Mapping[str, Any]) -> bool:
    """Whether a device's meters are UHF-R's percents (held, or just changed)."""
    return any(
        device[name].get(key) is not None or key in (pending.get(name) or ())
        for name, key in PERCENT_FIELDS
    )


def meter_row(
    position: int, device: Mapping[str, Any], pending: Mapping[str, Any] | None = None
) -> list[Any]:
    """A device's current meter readings as a frame row.

    An IEM channel: `[index, "iem", audio.level_dbfs, iem.input_left_dbfs,
    iem.input_right_dbfs]`. A device with percent meters (held, or among its
    `pending` changes): `[index, "%", rf.level_percent, rf.antenna,
    audio.level_percent]`, then `rf.levels_percent`. Any other:
    `[index, rf.level_dbm, rf.antenna, audio.level_dbfs, audio.peak_dbfs]`,
    then `rf.quality` and the per-antenna levels unless they say nothing
    more: no quality, and `levels_dbm` is `[level_dbm]` (or both unknown).
    """
    if device.get("channel_kind") == "iem":
        iem = device["iem"]
        return [
            position,
            IEM_ROW,
            device["audio"]["level_dbfs"],
            iem["input_left_dbfs"],
            iem["input_right_dbfs"],
        ]
    rf = device["rf"]
    if _percent_metered(device, pending or {}):
        row = [
            position,
            PERCENT_ROW,
            rf["level_percent"],
            rf["antenna"],
            device["audio"]["level_percent"],
        ]
        row.extend(rf["levels_percent"] or ())
        return row
    audio = device["audio"]
    level = rf["level_dbm"]
    row = [position, level, rf["antenna"], audio["level_dbfs"], audio["peak_dbfs"]]
    quality = rf["quality"]
    levels = rf["levels_dbm"]
    if quality is None and (
        (levels is None and level is None)
        or (level is not None and levels is not None and list(levels) == [level])
    ):
        return row
    row.append(quality)
    if levels:
        row.extend(levels)
    return row


def device_meters(row: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """What a row says, as the device's meter fields it sets."""
    if row[1] == IEM_ROW:
        return {
            "audio": {"level_dbfs": row[2]},
            "iem": {"input_left_dbfs": row[3], "input_right_dbfs": row[4]},
        }
    if row[1] == PERCENT_ROW:
        return {
            "rf": {
                "level_percent": row[2],
                "levels_percent": list(row[SHORT_ROW:]) or None,
                "antenna": row[3],
            },
            "audio": {"level_percent": row[4]},
        }
    level = row[1]
    if len(row) > SHORT_ROW:
        quality, levels = row[SHORT_ROW], list(row[SHORT_ROW + 1 :]) or None
    else:
        quality, levels = None, None if level is None else [level]
    return {
        "rf": {
            "level_dbm": level,
            "levels_dbm": levels,
            "quality": quality,
            "antenna": row[2],
        },
        "audio": {"level_dbfs": row[3], "peak_dbfs": row[4]},
    }


def meter_frame(
    index: MeterIndex | None,
    pending: Mapping[str, Mapping[str, Any]],
    stamps: Mapping[str, str],
    device: Callable[[str], Mapping[str, Any] | None],
) -> dict[str, Any] | None:
    """The `meter_frame` event of a board for the devices with pending meters.

    Rows carry each device's current readings, in board order; `timestamp`
    is when the latest of them changed. None when none of them is on the board.
    """
    if index is None:
        return None
    positions = index.positions
    rows = []
    latest = ""
    for key in pending:
        position = positions.get(key)
        found = device(key)
        if position is None or found is None:
            continue
        rows.append(meter_row(position, found, pending[key]))
        latest = max(latest, stamps[key])
    if not rows:
        return None
    rows.sort(key=lambda row: int(row[0]))
    return {"type": "meter_frame", "timestamp": latest, "rows": rows}
