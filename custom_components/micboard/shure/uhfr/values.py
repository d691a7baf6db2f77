"""Parsers for single UHF-R values, and the meter scales micboard uses.

Each parser returns a typed value (None for "unknown": `U`, `UNKNOWN`,
`-- --`) or raises ValueError for a value that makes no sense; the decoder
then rejects that one field and keeps the previous value.

UHF-R publishes no unit for its meters. The RF level in a SAMPLE is a coarse
scale where 020 is the strongest signal (overload) and 100 the weakest, and
the audio level is a number 000..255. Neither is turned into dBm or dBFS
here; both become a percent of their range (see `rf_percent`,
`audio_percent` and docs/receivers.md).
"""

from __future__ import annotations

from ..commandstrings.values import is_absent_word, parse_group_channel, parse_int
from ..models import RuntimeState

RF_STRONGEST = 20
RF_WEAKEST = 100
AUDIO_MAX = 255
AUDIO_STEPS = 8
"""Lit segments of the audio meter: the position of the highest set bit."""
GAIN_MAX = 32
"""AUDIO_GAIN 00..32 means 0 to -32 dB."""
MAX_BARS = 5


def parse_name(raw: str) -> str | None:
    """A channel name: `_` stands for a space; padding and empty are dropped."""
    text = raw.replace("_", " ").strip()
    if any(not char.isprintable() for char in text):
        raise ValueError(f"unprintable name: {raw!r}")
    return text or None


def parse_bars(raw: str) -> int | None:
    """TX_BAT (and a SAMPLE's battery field): 1..5 bars, `U` unknown."""
    if is_absent_word(raw) or raw.strip().upper() == "U":
        return None
    return parse_int(raw.strip(), 0, MAX_BARS)


def parse_group_chan(raw: str) -> tuple[int | None, int | None]:
    """GROUP_CHAN `gg cc`, `-- --` when the frequency is in no group."""
    parts = raw.split()
    if len(parts) != 2:
        raise ValueError(f"not group and channel: {raw!r}")
    return parse_group_channel(",".join(parts))


def parse_gain(raw: str) -> int:
    """AUDIO_GAIN `nn` (00..32): the output is attenuated by nn dB."""
    return -parse_int(raw.strip(), 0, GAIN_MAX)


def parse_runtime(raw: str) -> tuple[RuntimeState, int | None]:
    """TX_BAT_MINS: minutes when a number, otherwise unknown.

    No source shows a number; `UNKNOWN` is documented. A number is read as
    minutes, as the property's name says.
    """
    if is_absent_word(raw) or raw.strip().upper() == "U":
        return RuntimeState.UNKNOWN, None
    return RuntimeState.KNOWN, parse_int(raw.strip(), 0, 65532)


def rf_percent(raw: str) -> int:
    """RF level 020 (strongest) .. 100 (weakest) as 100 .. 0 %.

    The scale Micboard shows for UHF-R: `(100 - raw) / 80`. Values below 020
    (stronger than the top of the scale) read 100 %.
    """
    value = parse_int(raw, 0, RF_WEAKEST)
    strength = min(RF_WEAKEST - value, RF_WEAKEST - RF_STRONGEST)
    return round(strength * 100 / (RF_WEAKEST - RF_STRONGEST))


def audio_percent(raw: str) -> int:
    """Audio 000..255 as lit segments of an 8-step meter, in percent.

    The position of the highest set bit (0..8), as Micboard reads it: right
    whether the value is an amplitude or a bar of LEDs. 12.5 % per step,
    halves rounded up.
    """
    lit = parse_int(raw, 0, AUDIO_MAX).bit_length()
    return (lit * 100 + AUDIO_STEPS // 2) // AUDIO_STEPS
