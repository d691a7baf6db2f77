"""Plain, immutable models of Shure networked charging stations.

A charger reports per bay (`< REP 2 BATT_CHARGE 087 >`) and a few device
properties (`MODEL`, `DEVICE_ID`, `FW_VER`, `STORAGE_MODE`). Values here are
in engineering units; Shure's markers (254 on a faulted bay, 255 unknown,
65529 "full", 65533 "calculating", ...) never appear as numbers: they
become None or an explicit state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
import re

from ..models import EMPTY_RAW


class ChargeState(StrEnum):
    """What a bay says it is doing (`BATT_STATE`)."""

    FULL = "full"
    CALCULATING = "calculating"
    NORMAL = "normal"
    WARM = "warm"
    WARM_FULL = "warm_full"
    HOT = "hot"
    COLD = "cold"
    PRECHARGE = "precharge"
    READY_TO_STORE = "ready_to_store"
    DISCHARGE_CALC = "discharge_calc"
    DISCHARGING = "discharging"
    DISCHARGING_WARM = "discharging_warm"
    DISCHARGING_COLD = "discharging_cold"
    ERROR = "error"
    NO_BATTERY = "no_battery"


READY_STATES = frozenset(
    {ChargeState.FULL, ChargeState.WARM_FULL, ChargeState.READY_TO_STORE}
)
"""Charged to the target: full, or (storage mode) at storage level."""
CHARGING_STATES = frozenset(
    {
        ChargeState.CALCULATING,
        ChargeState.NORMAL,
        ChargeState.WARM,
        ChargeState.PRECHARGE,
    }
)
"""Charging towards full. HOT and COLD are not counted: Shure does not say
whether a pack charges on at those temperatures."""


class TimeToFullState(StrEnum):
    """What `BATT_TIME_TO_FULL` says besides a number of minutes."""

    KNOWN = "known"
    FULL = "full"
    """65529: the target (full, or storage level) is reached."""
    CALCULATING = "calculating"
    """65533: the charger is still estimating."""
    ERROR = "error"
    """65534: the bay is faulted."""
    UNKNOWN = "unknown"
    """65535 (and the other reserved markers): no estimate, or no pack."""


class BayError(StrEnum):
    """`BATT_ERROR`: why a bay cannot charge its pack."""

    NONE = "none"
    UNKNOWN_MODULE = "unknown_module"
    UNRECOGNIZED_BATTERY = "unrecognized_battery"
    DEEP_DISCHARGE_RECOVERY_FAILED = "deep_discharge_recovery_failed"
    CHARGE_FAILED = "charge_failed"
    CHECK_BATTERY = "check_battery"
    CHECK_CHARGER = "check_charger"
    COMMUNICATION_FAILURE = "communication_failure"
    OTHER = "other"
    """A code Shure's list does not have (the raw code is in `error_code`)."""


BAY_ERROR_CODES: Mapping[int, BayError] = {
    0: BayError.NONE,
    1: BayError.UNKNOWN_MODULE,
    2: BayError.UNRECOGNIZED_BATTERY,
    3: BayError.DEEP_DISCHARGE_RECOVERY_FAILED,
    4: BayError.CHARGE_FAILED,
    5: BayError.CHECK_BATTERY,
    6: BayError.CHECK_CHARGER,
    7: BayError.COMMUNICATION_FAILURE,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Bay:
    """One charging bay and the pack docked in it."""

    number: int
    battery_present: bool | None = None
    """`BATT_DETECTED`; None until reported."""
    charge_percent: int | None = None
    bars: int | None = None
    minutes_to_full: int | None = None
    """Set only while `time_to_full_state` is KNOWN (storage mode: minutes to
    storage level)."""
    time_to_full_state: TimeToFullState | None = None
    state: ChargeState | None = None
    health_percent: int | None = None
    cycles: int | None = None
    error: BayError | None = None
    error_code: int | None = None
    """The raw `BATT_ERROR` code (None when the bay has no data)."""
    raw: Mapping[str, str] = EMPTY_RAW
    """Last raw value of every property reported (diagnostics)."""

    @property
    def faulted(self) -> bool:
        """The bay reports a fault (an error code, or the ERROR markers)."""
        return (
            self.state is ChargeState.ERROR
            or self.time_to_full_state is TimeToFullState.ERROR
            or self.error not in (None, BayError.NONE)
        )

    @property
    def ready(self) -> bool | None:
        """The docked pack is charged (to full, or to storage level).

        False without a pack or on a fault; None while the charger has said
        too little to tell.
        """
        if self.battery_present is False or self.faulted:
            return False
        if (
            self.state in READY_STATES
            or self.time_to_full_state is TimeToFullState.FULL
        ):
            return True
        if self.state is None and self.time_to_full_state is None:
            return None
        return False

    @property
    def charging(self) -> bool | None:
        """The docked pack is being charged (not yet at its target)."""
        if self.battery_present is False or self.faulted:
            return False
        if self.ready:
            return False
        if self.state is None:
            return None
        return self.state in CHARGING_STATES


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargerModel:
    """What micboard knows about one charger model."""

    name: str
    bays_per_unit: int
    """Bays on one unit: these exist from the start."""
    max_bays: int
    """Bays one address can report (SBC220/240: four linked units)."""
    confirmed: bool
    """Its command strings are published and checked against Shure's examples;
    False: assumed to speak the same per-bay vocabulary (unverified)."""


CHARGER_MODELS: tuple[ChargerModel, ...] = (
    ChargerModel(name="SBC220", bays_per_unit=2, max_bays=8, confirmed=True),
    ChargerModel(name="SBC240", bays_per_unit=2, max_bays=8, confirmed=True),
    ChargerModel(name="SBC250", bays_per_unit=2, max_bays=2, confirmed=False),
    ChargerModel(name="SBC450", bays_per_unit=4, max_bays=4, confirmed=False),
    ChargerModel(name="SBC850", bays_per_unit=8, max_bays=8, confirmed=False),
    ChargerModel(name="SBC840M", bays_per_unit=8, max_bays=8, confirmed=False),
    ChargerModel(name="SBC840", bays_per_unit=8, max_bays=8, confirmed=False),
)
MAX_BAYS = 8
"""Bays accepted before the model is known."""
_MODEL_PATTERN = re.compile("|".join(re.escape(model.name) for model in CHARGER_MODELS))


def identify_charger(model: str) -> ChargerModel | None:
    """The charger model a MODEL string names (`SBC220`, `SBC220-A`), if any."""
    match = _MODEL_PATTERN.match(model.strip().upper())
    if match is None:
        return None
    return next(spec for spec in CHARGER_MODELS if spec.name == match.group(0))


def is_charger_model(model: str | None) -> bool:
    """Whether a MODEL string names a networked charger micboard knows."""
    return model is not None and identify_charger(model) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Charger:
    """A snapshot of a charging station and its bays."""

    host: str
    port: int
    model: str | None = None
    spec: ChargerModel | None = None
    """None until the model is reported (or for a model micboard does not know)."""
    device_id: str | None = None
    firmware: str | None = None
    storage_mode: bool | None = None
    bays: Mapping[int, Bay] = field(default_factory=dict)
    raw: Mapping[str, str] = EMPTY_RAW
    """Last raw value of every device-level property (diagnostics)."""
