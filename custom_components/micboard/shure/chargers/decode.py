"""Fold a charger's `REP` messages into an immutable `Charger` snapshot.

Every `REP` is a state update, solicited or pushed. Bays that exist on every
unit of the model are there from the moment the model is known; the bays of
linked units (an SBC220 chain reports bays 1..8 behind one address) appear
as they report. When a pack leaves a bay its values go with it: the next
pack's arrive as the charger reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
import logging
from typing import Any

from ..commandstrings.decode import _with_raw
from ..commandstrings.messages import Report
from ..commandstrings.values import parse_text
from .models import MAX_BAYS, Bay, Charger, identify_charger
from .values import (
    parse_bars,
    parse_cycles,
    parse_error,
    parse_percent,
    parse_state,
    parse_time_to_full,
    parse_yes_no,
)

_LOGGER = logging.getLogger(__name__)

type ApplyBay = Callable[[Bay, str], Bay]
"""(bay, raw value) -> updated bay; ValueError to reject the value."""

IDENTITY_PROPERTIES = ("MODEL", "DEVICE_ID", "FW_VER")
DEVICE_PROPERTIES = (*IDENTITY_PROPERTIES, "STORAGE_MODE")
# Reported by chargers, deliberately not modelled (not "unknown"): the
# temperature's encoding is disputed (docs/chargers.md), the rest is not
# shown anywhere.
_KEPT_RAW = frozenset(
    {
        "BATT_TEMP_C",
        "BATT_TEMP_F",
        "BATT_CAPACITY_MAX",
        "BATT_CURRENT_CAPACITY",
        "BATT_CURRENT_CAPACITY_MAX",
        "BATT_MODULE_TYPE",
        "FLASH",
    }
)
_PACK_FIELDS: dict[str, Any] = {
    "charge_percent": None,
    "bars": None,
    "minutes_to_full": None,
    "time_to_full_state": None,
    "state": None,
    "health_percent": None,
    "cycles": None,
    "error": None,
    "error_code": None,
}


def _setter(name: str, parse: Callable[[str], Any]) -> ApplyBay:
    return lambda bay, raw: replace(bay, **{name: parse(raw)})


def _apply_present(bay: Bay, raw: str) -> Bay:
    present = parse_yes_no(raw)
    if bay.battery_present and not present:
        return replace(bay, battery_present=False, **_PACK_FIELDS)
    return replace(bay, battery_present=present)


def _apply_time_to_full(bay: Bay, raw: str) -> Bay:
    state, minutes = parse_time_to_full(raw)
    return replace(bay, time_to_full_state=state, minutes_to_full=minutes)


def _apply_error(bay: Bay, raw: str) -> Bay:
    error, code = parse_error(raw)
    return replace(bay, error=error, error_code=code)


BAY_PROPERTIES: Mapping[str, ApplyBay] = {
    "BATT_DETECTED": _apply_present,
    "BATT_TIME_TO_FULL": _apply_time_to_full,
    "BATT_STATE": _setter("state", parse_state),
    "BATT_CHARGE": _setter("charge_percent", parse_percent),
    "BATT_CYCLE": _setter("cycles", parse_cycles),
    "BATT_HEALTH": _setter("health_percent", parse_percent),
    "BATT_BARS": _setter("bars", parse_bars),
    "BATT_ERROR": _apply_error,
}
"""Per-bay properties, in the order an SBC220 reports a bay."""


class ChargerDecoder:
    """Holds the current snapshot and applies reports to it."""

    def __init__(self, host: str, port: int) -> None:
        """Start from a charger that has said nothing."""
        self._charger = Charger(host=host, port=port)
        self._changed_bays: set[int] = set()
        self._device_changed = False
        self.rejected_fields = 0
        self.unknown_properties = 0

    @property
    def charger(self) -> Charger:
        """The current snapshot."""
        return self._charger

    def take_changes(self) -> tuple[frozenset[int], bool]:
        """Bays, and whether the device, changed since the last call."""
        changes = frozenset(self._changed_bays), self._device_changed
        self._changed_bays.clear()
        self._device_changed = False
        return changes

    def apply_report(self, report: Report) -> None:
        """Apply one `REP` message."""
        if report.channel is None:
            self._apply_device_report(report)
        else:
            self._apply_bay_report(report)

    @property
    def _bay_limit(self) -> int:
        spec = self._charger.spec
        return MAX_BAYS if spec is None else spec.max_bays

    def _apply_device_report(self, report: Report) -> None:
        old = self._charger
        known = report.name in DEVICE_PROPERTIES
        changes: dict[str, Any] = {
            "raw": _with_raw(old.raw, report, always=known and report.index is None)
        }
        self._count_unknown(report.name, known=known)
        try:
            if known and report.index is not None:
                raise ValueError(f"unexpected tokens before the value: {report.index}")
            if report.name == "MODEL":
                changes.update(self._model_changes(report.value))
            elif report.name == "DEVICE_ID":
                changes["device_id"] = parse_text(report.value)
            elif report.name == "FW_VER":
                changes["firmware"] = parse_text(report.value)
            elif report.name == "STORAGE_MODE":
                changes["storage_mode"] = parse_yes_no(report.value)
        except ValueError as err:
            self._reject(report, err)
        charger = replace(old, **changes)
        if charger.spec != old.spec:
            charger = self._with_model_bays(charger)
        if charger != old:
            self._charger = charger
            self._device_changed = True

    @staticmethod
    def _model_changes(raw: str) -> dict[str, Any]:
        model = parse_text(raw)
        if model is None:
            raise ValueError("empty model")
        return {"model": model, "spec": identify_charger(model)}

    def _with_model_bays(self, charger: Charger) -> Charger:
        """The model's own bays exist; bays it cannot have go."""
        spec = charger.spec
        limit = self._bay_limit if spec is None else spec.max_bays
        bays = {n: bay for n, bay in charger.bays.items() if n <= limit}
        for number in range(1, (spec.bays_per_unit if spec else 0) + 1):
            bays.setdefault(number, Bay(number=number))
        self._changed_bays.update(set(bays) ^ set(charger.bays))
        return replace(charger, bays=bays)

    def _apply_bay_report(self, report: Report) -> None:
        number = report.channel
        assert number is not None
        if not 1 <= number <= self._bay_limit:
            self.rejected_fields += 1
            _LOGGER.debug(
                "%s: report for bay %s out of range", self._charger.host, number
            )
            return
        old = self._charger.bays.get(number) or Bay(number=number)
        apply = BAY_PROPERTIES.get(report.name)
        self._count_unknown(report.name, known=apply is not None)
        bay = replace(
            old,
            raw=_with_raw(
                old.raw, report, always=apply is not None and report.index is None
            ),
        )
        if apply is not None:
            try:
                if report.index is not None:
                    raise ValueError(
                        f"unexpected tokens before the value: {report.index}"
                    )
                bay = apply(bay, report.value)
            except ValueError as err:
                self._reject(report, err)
        if self._charger.bays.get(number) != bay:
            self._charger = replace(
                self._charger, bays={**self._charger.bays, number: bay}
            )
            self._changed_bays.add(number)

    def _count_unknown(self, name: str, *, known: bool) -> None:
        if not known and name not in _KEPT_RAW:
            self.unknown_properties += 1

    def _reject(self, report: Report, err: ValueError) -> None:
        self.rejected_fields += 1
        _LOGGER.debug(
            "%s: rejected %s %r: %s", self._charger.host, report.name, report, err
        )
