"""A board client's local view, merged the way the card merges it.

``initial_data`` replaces the view; ``batch_update`` merges each update's
``changes`` into its device (``battery``, ``rf``, ``audio`` and ``iem`` one
level deep, other fields replaced); updates for devices the view does not hold
are ignored, as the card does. Comparisons leave out meter-rate noise.
"""

from __future__ import annotations

import copy
from typing import Any

NESTED = frozenset({"battery", "rf", "audio", "iem"})
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


def device_key(device: Device) -> str:
    """What the card keys a device by: ``key``, else the case-folded code."""
    return str(device.get("key") or device["device_code"]).lower()


class BoardView:
    """Devices by key, as a card would hold them."""

    def __init__(self) -> None:
        """Empty until the first ``initial_data``."""
        self.devices: dict[str, Device] = {}
        self.initial_count = 0
        self.batch_count = 0

    @property
    def ready(self) -> bool:
        """Whether an ``initial_data`` has arrived."""
        return self.initial_count > 0

    def apply(self, event: dict[str, Any]) -> None:
        """Merge one subscription event (other event types change nothing)."""
        kind = event.get("type")
        if kind == "initial_data":
            self.devices = {}
            for device in event.get("devices") or []:
                self.devices.setdefault(device_key(device), copy.deepcopy(device))
            self.initial_count += 1
        elif kind == "batch_update":
            self.batch_count += 1
            for update in event.get("updates") or []:
                self._merge(update)

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
