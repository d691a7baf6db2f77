"""Parsers for a charger's raw values: markers out, states in.

Byte-wide values use 254 on a faulted bay and 255 for "no data"; the
research behind this (docs/chargers.md) saw only those two, but a charger
reserves the top eight codes (248..255) as markers, so all of them read as
None. Sixteen-bit values reserve 65528..65535 the same way; of those,
`BATT_TIME_TO_FULL` gives 65529 (full), 65533 (calculating) and 65534
(error) a meaning. Anything else out of range raises ValueError: the decoder
rejects that one field and keeps the previous value.
"""

from __future__ import annotations

from ..commandstrings.values import parse_int
from .models import BAY_ERROR_CODES, BayError, ChargeState, TimeToFullState

BYTE_MARKERS = range(248, 256)
WORD_MARKERS = range(65528, 65536)
_TIME_TO_FULL_MARKERS = {
    65529: TimeToFullState.FULL,
    65533: TimeToFullState.CALCULATING,
    65534: TimeToFullState.ERROR,
}
_STATES = {
    state.name: state for state in ChargeState if state is not ChargeState.NO_BATTERY
} | {"NO_BATT": ChargeState.NO_BATTERY}
_YES = frozenset({"YES", "ON", "TRUE", "1"})
_NO = frozenset({"NO", "OFF", "FALSE", "0"})


def parse_byte(raw: str, high: int) -> int | None:
    """0..high; the marker codes 248..255 are None."""
    value = parse_int(raw, 0, 255)
    if value in BYTE_MARKERS:
        return None
    if value > high:
        raise ValueError(f"{value} above {high}")
    return value


def parse_percent(raw: str) -> int | None:
    """A charge or health percentage."""
    return parse_byte(raw, 100)


def parse_bars(raw: str) -> int | None:
    """Battery bars 0..5."""
    return parse_byte(raw, 5)


def parse_cycles(raw: str) -> int | None:
    """A cycle count; 65528..65535 (65534 on a faulted bay) are None."""
    value = parse_int(raw, 0, 65535)
    return None if value in WORD_MARKERS else value


def parse_time_to_full(raw: str) -> tuple[TimeToFullState, int | None]:
    """Minutes to the charge target, or the state that replaces them."""
    value = parse_int(raw, 0, 65535)
    if value not in WORD_MARKERS:
        return TimeToFullState.KNOWN, value
    return _TIME_TO_FULL_MARKERS.get(value, TimeToFullState.UNKNOWN), None


def parse_state(raw: str) -> ChargeState:
    """`BATT_STATE`'s words (`FULL`, `NORMAL`, `NO_BATT`, ...)."""
    state = _STATES.get(raw.strip().upper())
    if state is None:
        raise ValueError(f"not a charge state: {raw!r}")
    return state


def parse_error(raw: str) -> tuple[BayError | None, int | None]:
    """`BATT_ERROR`: the error and its code; (None, None) without data."""
    code = parse_byte(raw, 247)
    if code is None:
        return None, None
    return BAY_ERROR_CODES.get(code, BayError.OTHER), code


def parse_yes_no(raw: str) -> bool:
    """`BATT_DETECTED` (YES/NO) and `STORAGE_MODE` (ON/OFF)."""
    word = raw.strip().upper()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"not yes/no: {raw!r}")
