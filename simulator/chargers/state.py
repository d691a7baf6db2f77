"""A simulated charger's state, and what it reports for it.

The state is plain numbers (a pack's charge as a float percent); what a
client sees is derived from it by `bay_values` / `device_values`, in the
charger's own order and encodings. The server compares those with what it
last told its clients and pushes the difference, the way a charger pushes
`< REP 1 BATT_TIME_TO_FULL 00106 >` as the minutes count down.

Encodings follow Shure's SBC220/240 command strings (docs/chargers.md): an
empty bay reports `NO` and 255 ("no data") everywhere; a faulted bay reports
`ERROR`, 254 in the byte values, 65534 in the time to full and cycle count,
and its error code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
import math

from ..receivers.encoding import braced, digits

STORAGE_PERCENT = 40.0
"""Where storage mode takes a pack (a simulator choice, not a Shure figure)."""
FULL_PERCENT = 100.0
CALCULATING_SECONDS = 5.0
"""How long a newly docked pack reads "calculating"."""
TIME_TO_FULL_DONE = 65529
TIME_TO_FULL_CALCULATING = 65533
TIME_TO_FULL_ERROR = 65534
NO_DATA = 255
FAULT_MARK = 254
DEFAULT_ERROR = 7
"""`BATT_ERROR 007`, communication failure: the fault seen on real units."""
BAY_PROPERTIES = (
    "BATT_DETECTED",
    "BATT_TIME_TO_FULL",
    "BATT_STATE",
    "BATT_CHARGE",
    "BATT_CYCLE",
    "BATT_TEMP_F",
    "BATT_HEALTH",
    "BATT_BARS",
    "BATT_ERROR",
)
"""A bay's properties, in the order an SBC220 reports them."""
DEVICE_PROPERTIES = ("MODEL", "DEVICE_ID", "FW_VER", "STORAGE_MODE")
MODEL_WIDTH = 32
DEVICE_ID_WIDTH = 31
FW_WIDTH = 24


class Phase(StrEnum):
    """Where a docked pack is in its charge."""

    CALCULATING = "CALCULATING"
    CHARGING = "NORMAL"
    DISCHARGING = "DISCHARGING"
    FULL = "FULL"
    READY_TO_STORE = "READY_TO_STORE"


@dataclass
class BayState:
    """One bay: the pack in it (if any) and how fast it charges."""

    number: int
    present: bool = False
    charge: float = 0.0
    health: int = 100
    cycles: int = 0
    per_minute: float = 1.0
    """Percent gained (or, towards storage level, lost) per minute."""
    error: int = 0
    """BATT_ERROR code; 0 = none."""
    temperature_f: int = 86
    calculating_for: float = 0.0
    """Seconds of "calculating" left."""

    def dock(
        self,
        *,
        charge: float,
        health: int | None = None,
        cycles: int | None = None,
        calculating: bool,
    ) -> None:
        """A pack goes in."""
        self.present = True
        self.charge = charge
        self.error = 0
        if health is not None:
            self.health = health
        if cycles is not None:
            self.cycles = cycles
        self.calculating_for = CALCULATING_SECONDS if calculating else 0.0

    def undock(self) -> None:
        """The pack comes out (a fault goes with it)."""
        self.present = False
        self.error = 0
        self.calculating_for = 0.0

    def phase(self, storage_mode: bool) -> Phase:
        """What the pack is doing now."""
        if self.calculating_for > 0:
            return Phase.CALCULATING
        target = STORAGE_PERCENT if storage_mode else FULL_PERCENT
        if storage_mode and self.charge > target + 0.5:
            return Phase.DISCHARGING
        if self.charge >= target - 0.5:
            return Phase.READY_TO_STORE if storage_mode else Phase.FULL
        return Phase.CHARGING

    def advance(self, seconds: float, storage_mode: bool) -> None:
        """Let `seconds` of charging pass."""
        if not self.present or self.error:
            return
        if self.calculating_for > 0:
            self.calculating_for = max(0.0, self.calculating_for - seconds)
            return
        step = self.per_minute * seconds / 60
        phase = self.phase(storage_mode)
        target = STORAGE_PERCENT if storage_mode else FULL_PERCENT
        if phase is Phase.CHARGING:
            self.charge = min(target, self.charge + step)
        elif phase is Phase.DISCHARGING:
            self.charge = max(target, self.charge - step)
        if abs(self.charge - target) <= 0.5:
            # Arrived: the pack reads exactly the target, as its state says.
            self.charge = target

    def minutes_left(self, storage_mode: bool) -> int | None:
        """Whole minutes to the target; None when the rate is zero."""
        target = STORAGE_PERCENT if storage_mode else FULL_PERCENT
        if self.per_minute <= 0:
            return None
        return math.ceil(abs(target - self.charge) / self.per_minute)

    def values(self, storage_mode: bool) -> dict[str, str]:
        """Every property's value as the charger sends it, in its order."""
        if not self.present:
            return {
                "BATT_DETECTED": "NO",
                "BATT_TIME_TO_FULL": "65535",
                "BATT_STATE": "NO_BATT",
                "BATT_CHARGE": str(NO_DATA),
                "BATT_CYCLE": "65535",
                "BATT_TEMP_F": str(NO_DATA),
                "BATT_HEALTH": str(NO_DATA),
                "BATT_BARS": str(NO_DATA),
                "BATT_ERROR": str(NO_DATA),
            }
        if self.error:
            return {
                "BATT_DETECTED": "YES",
                "BATT_TIME_TO_FULL": str(TIME_TO_FULL_ERROR),
                "BATT_STATE": "ERROR",
                "BATT_CHARGE": str(FAULT_MARK),
                "BATT_CYCLE": str(TIME_TO_FULL_ERROR),
                "BATT_TEMP_F": str(FAULT_MARK),
                "BATT_HEALTH": str(FAULT_MARK),
                "BATT_BARS": str(FAULT_MARK),
                "BATT_ERROR": digits(self.error, 3),
            }
        phase = self.phase(storage_mode)
        if phase is Phase.CALCULATING:
            time_to_full = TIME_TO_FULL_CALCULATING
        elif phase in (Phase.FULL, Phase.READY_TO_STORE):
            time_to_full = TIME_TO_FULL_DONE
        else:
            minutes = self.minutes_left(storage_mode)
            time_to_full = 65535 if minutes is None else min(minutes, 65527)
        charge = math.floor(self.charge)
        return {
            "BATT_DETECTED": "YES",
            "BATT_TIME_TO_FULL": digits(time_to_full, 5),
            "BATT_STATE": phase.value,
            "BATT_CHARGE": digits(charge, 3),
            "BATT_CYCLE": digits(self.cycles, 5),
            "BATT_TEMP_F": digits(self.temperature_f, 3),
            "BATT_HEALTH": digits(self.health, 3),
            "BATT_BARS": digits(min(5, (charge + 19) // 20), 3),
            "BATT_ERROR": "000",
        }


@dataclass
class ChargerState:
    """The whole charger: identity, storage mode and its bays."""

    model: str
    device_id: str
    firmware: str
    bays: list[BayState] = field(default_factory=list)
    storage_mode: bool = False
    flash: bool = False

    def bay(self, number: int) -> BayState:
        """Bay `number` (1-based)."""
        if not 1 <= number <= len(self.bays):
            raise IndexError(f"{self.model} has no bay {number}")
        return self.bays[number - 1]

    def device_values(self) -> dict[str, str]:
        """Device-level properties as the charger sends them."""
        return {
            "MODEL": braced(self.model, MODEL_WIDTH),
            "DEVICE_ID": braced(self.device_id, DEVICE_ID_WIDTH),
            "FW_VER": braced(self.firmware, FW_WIDTH),
            "STORAGE_MODE": "ON" if self.storage_mode else "OFF",
        }

    def reported(self) -> dict[tuple[int | None, str], str]:
        """Every (bay or None, property) -> value a client may have been told."""
        values: dict[tuple[int | None, str], str] = {
            (None, name): value for name, value in self.device_values().items()
        }
        for bay in self.bays:
            for name, value in bay.values(self.storage_mode).items():
                values[bay.number, name] = value
        return values
