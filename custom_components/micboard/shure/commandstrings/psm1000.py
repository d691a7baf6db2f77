"""PSM1000 (P10T in-ear monitor transmitter) values: settings and audio meters.

What the P10T reports is documented by Shure's PSM1000 command-string page
(values unbraced, `RF_MUTE 1`/`0`, `RF_TX_LVL 10`/`50`/`100` mW,
`AUDIO_TX_MODE 1`/`2`/`3`, `AUDIO_IN_LINE_LVL 0`/`1`). Its audio input meters
are not: see `input_level_dbfs`.
"""

from __future__ import annotations

from collections.abc import Sequence
import math
import re

from ..models import IemAudioMode, IemInputLevel
from .samples import SampleResult
from .values import is_absent_word, parse_int

METER_FULL_SCALE = 2**23
"""The raw AUDIO_IN_LVL_L/_R value of a full-scale input (0 dBFS).

Derived, not published: Shure documents no scale for these meters. Micboard's
LED ladder for the P10T lights its steps at raw 10272 ... 2502970; read as a
linear amplitude of a 24-bit converter (full scale 2^23) those are about -58
and -10.5 dBFS, the span of a typical input meter, and idle inputs seen on
real units (a few hundred) land near -90 dBFS. If Shure ever publishes the
scale, this constant and `input_level_dbfs` are the only things to change.
"""
METER_FLOOR_DBFS = -120
"""What a raw 0 (digital silence) reads as; also the lowest value reported."""
_METER_DIGITS = re.compile(r"[0-9]{1,10}")
_AUDIO_MODES = {
    1: IemAudioMode.MONO,
    2: IemAudioMode.POINT_TO_POINT,
    3: IemAudioMode.STEREO,
}
_INPUT_LEVELS = {0: IemInputLevel.AUX, 1: IemInputLevel.LINE}
RF_POWER_LEVELS_MW = frozenset({10, 50, 100})


def input_level_dbfs(raw: str) -> int:
    """An AUDIO_IN_LVL_L/_R reading as whole dBFS (see METER_FULL_SCALE).

    0 dBFS at most (a hotter reading is clipped there), METER_FLOOR_DBFS at
    least; anything that is not a plain decimal is rejected.
    """
    if not _METER_DIGITS.fullmatch(raw):
        raise ValueError(f"not a meter reading: {raw!r}")
    value = int(raw)
    if value == 0:
        return METER_FLOOR_DBFS
    dbfs = round(20 * math.log10(value / METER_FULL_SCALE))
    return max(METER_FLOOR_DBFS, min(0, dbfs))


def parse_rf_power(raw: str) -> int | None:
    """RF_TX_LVL: 10, 50 or 100 mW; UNKN is unknown."""
    if is_absent_word(raw):
        return None
    value = parse_int(raw, 0, 1000)
    if value not in RF_POWER_LEVELS_MW:
        raise ValueError(f"RF power {value} mW")
    return value


def parse_audio_mode(raw: str) -> IemAudioMode | None:
    """AUDIO_TX_MODE: 1 mono, 2 point-to-point, 3 stereo; UNKN is unknown."""
    if is_absent_word(raw):
        return None
    return _AUDIO_MODES[parse_int(raw, 1, len(_AUDIO_MODES))]


def parse_input_level(raw: str) -> IemInputLevel | None:
    """AUDIO_IN_LINE_LVL: 0 aux (-10 dBV), 1 line (+4 dBu); UNKN is unknown."""
    if is_absent_word(raw):
        return None
    return _INPUT_LEVELS[parse_int(raw, 0, 1)]


def decode_no_sample(channel: int, fields: Sequence[str]) -> SampleResult:
    """A P10T sends no SAMPLE (its meters are REPORTs): reject any."""
    raise ValueError("PSM1000 transmitters send no SAMPLE messages")
