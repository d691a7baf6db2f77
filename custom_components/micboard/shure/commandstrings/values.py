"""Parsers for single raw values: sentinels out, units in.

Each parser returns a typed value (None for Shure's "unknown" sentinels) or
raises ValueError for a value that makes no sense (`bars 7`, frequency `abc`);
the caller then rejects that one field and keeps the previous value.
"""

from __future__ import annotations

import re

from ..models import RuntimeState

# ASCII digits only: str.isdigit() and \d also take "²" (latin-1 0xB2).
_NUMBER = re.compile(r"[+-]?[0-9]{1,7}")
_FREQUENCY = re.compile(r"[0-9]{6,7}")
_ANTENNA = re.compile(r"[ABRX]{1,8}")

UNKNOWN_BYTE = 255
UNKNOWN_WORD = 65535
_RUNTIME_SENTINELS = {
    65533: RuntimeState.COMMUNICATION_WARNING,
    65534: RuntimeState.CALCULATING,
    65535: RuntimeState.UNKNOWN,
}
_UNKNOWN_WORDS = frozenset({"", "UNKN", "UNKNOWN", "NONE", "N/A", "NA"})
_ON = frozenset({"ON", "1", "TRUE", "YES"})
_OFF = frozenset({"OFF", "0", "FALSE", "NO"})
_INTERFERENCE_NONE = frozenset({"NONE", "OFF", "NO", "0", "CLEAR", "OK"})
_INTERFERENCE_FOUND = frozenset(
    {"CRITICAL", "DETECTED", "ON", "YES", "1", "WARNING", "INTERFERENCE"}
)


def parse_int(raw: str, low: int, high: int) -> int:
    """A decimal integer within [low, high]."""
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"not a number: {raw!r}")
    value = int(raw)
    if not low <= value <= high:
        raise ValueError(f"{value} outside {low}..{high}")
    return value


def raw_int(raw: str | None) -> int | None:
    """A raw value read as a plain integer, None when it is not one."""
    if raw is None or not _NUMBER.fullmatch(raw := raw.strip()):
        return None
    return int(raw)


def parse_offset_level(raw: str, offset: int, high: int) -> int:
    """A meter value 0..high shown as `value - offset` (dBm, dBFS)."""
    return parse_int(raw, 0, high) - offset


def parse_bars(raw: str) -> int | None:
    """Battery bars 0..5; 255 is unknown."""
    value = parse_int(raw, 0, UNKNOWN_BYTE)
    if value == UNKNOWN_BYTE:
        return None
    if value > 5:
        raise ValueError(f"{value} bars")
    return value


def parse_percent(raw: str) -> int | None:
    """A percentage 0..100; 255 is unknown."""
    value = parse_int(raw, 0, UNKNOWN_BYTE)
    if value == UNKNOWN_BYTE:
        return None
    if value > 100:
        raise ValueError(f"{value} %")
    return value


def parse_count(raw: str) -> int | None:
    """A counter 0..65534; 65535 is unknown."""
    value = parse_int(raw, 0, UNKNOWN_WORD)
    return None if value == UNKNOWN_WORD else value


def parse_runtime(raw: str) -> tuple[RuntimeState, int | None]:
    """Battery runtime in minutes, or the state that replaces it."""
    value = parse_int(raw, 0, UNKNOWN_WORD)
    if state := _RUNTIME_SENTINELS.get(value):
        return state, None
    return RuntimeState.KNOWN, value


def parse_temperature(raw: str) -> int | None:
    """Battery temperature in °C; 255 is unknown."""
    value = parse_int(raw, -40, UNKNOWN_BYTE)
    if value == UNKNOWN_BYTE:
        return None
    if value > 100:
        raise ValueError(f"{value} °C")
    return value


def parse_frequency(raw: str) -> float | None:
    """Seven digits of kHz (`0578350`) as MHz; all zeros means none set."""
    if not _FREQUENCY.fullmatch(raw):
        raise ValueError(f"not a frequency: {raw!r}")
    khz = int(raw)
    if khz == 0:
        return None
    if not 50_000 <= khz <= 3_000_000:
        raise ValueError(f"{khz} kHz")
    return khz / 1000


def parse_gain(raw: str, low_db: int, high_db: int, offset: int) -> int:
    """Audio gain `raw - offset` in dB, within the family's range."""
    return parse_int(raw, low_db + offset, high_db + offset) - offset


def parse_tx_offset(raw: str) -> int | None:
    """Transmitter offset, `raw - 12` dB; 255 is unknown."""
    value = parse_int(raw, 0, UNKNOWN_BYTE)
    if value == UNKNOWN_BYTE:
        return None
    if value > 60:
        raise ValueError(f"offset {value}")
    return value - 12


def parse_quality(raw: str) -> int | None:
    """Channel quality 0..5; 255 is unknown."""
    return parse_bars(raw)


def parse_on_off(raw: str) -> bool | None:
    """ON/OFF; UNKN and friends are unknown."""
    word = raw.upper()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    if word in _UNKNOWN_WORDS:
        return None
    raise ValueError(f"not on/off: {raw!r}")


def parse_interference(raw: str) -> bool | None:
    """Interference detection: NONE versus CRITICAL/DETECTED."""
    word = raw.upper()
    if word in _INTERFERENCE_NONE:
        return False
    if word in _INTERFERENCE_FOUND:
        return True
    if word in _UNKNOWN_WORDS:
        return None
    raise ValueError(f"not an interference state: {raw!r}")


def parse_text(raw: str) -> str | None:
    """A braced string (already unbraced and stripped); empty is None."""
    if any(not char.isprintable() for char in raw):
        raise ValueError(f"unprintable text: {raw!r}")
    return raw or None


def parse_known_text(raw: str) -> str | None:
    """Text where UNKNOWN (a transmitter model, a battery type) means None."""
    text = parse_text(raw)
    if text is None or text.upper() in _UNKNOWN_WORDS:
        return None
    return text


def is_absent_word(raw: str) -> bool:
    """True for the words a receiver uses to say "no transmitter"."""
    return raw.strip().upper() in _UNKNOWN_WORDS


def parse_group_channel(raw: str) -> tuple[int | None, int | None]:
    """`gg,cc` (either may be `--` when none is selected)."""
    parts = raw.split(",")
    if len(parts) != 2:
        raise ValueError(f"not group,channel: {raw!r}")
    return _group_part(parts[0]), _group_part(parts[1])


def _group_part(part: str) -> int | None:
    part = part.strip()
    if not part or set(part) == {"-"}:
        return None
    return parse_int(part, 0, 999)


def parse_antenna(raw: str) -> str:
    """Diversity indicator: one letter per antenna (A, B, R red, X off)."""
    word = raw.upper()
    if not _ANTENNA.fullmatch(word):
        raise ValueError(f"not an antenna status: {raw!r}")
    return word
