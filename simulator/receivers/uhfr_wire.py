"""UHF-R wire text: what a simulated UR4S/UR4D says and how it reads commands.

The simulator's own implementation (it shares no code with the client
library, so a bug cannot hide by living in both). Facts it follows: one
`* ... *` message per datagram, words GET/SET/METER in, REPORT/SAMPLE out,
values unbraced, spaces in names sent as `_` and names padded to 12 like the
emulators of public UHF-R tools do, `U`/`UNKNOWN`/`-- --` when unknown.
"""

from __future__ import annotations

import math

from .meters import MeterReading
from .state import ChannelState

NAME_WIDTH = 12
RF_STRONGEST = 20
RF_WEAKEST = 100
RF_DBM_STRONG = -40.0
RF_DBM_WEAK = -100.0
AUDIO_FULL_SCALE = 255
GAIN_MAX = 32
BATTERY_TYPES = {
    "ALKA": "ALKALINE",
    "NIMH": "NIMH",
    "LITH": "LITHIUM",
    "LION": "LITHIUM",
}
PROPERTIES = (
    "CHAN_NAME",
    "TX_TYPE",
    "TX_BAT",
    "TX_BAT_MINS",
    "TX_BAT_TYPE",
    "FREQUENCY",
    "GROUP_CHAN",
    "MUTE",
    "AUDIO_GAIN",
)


def frame(body: str) -> bytes:
    """`* body *` as one datagram's bytes."""
    return f"* {body} *".encode("latin-1", errors="replace")


def commands_in(text: str) -> list[list[str]]:
    """The tokens of every `* ... *` command in a datagram (others skipped)."""
    commands: list[list[str]] = []
    pieces = text.split("*")
    for piece in pieces[1:-1]:
        tokens = piece.split()
        if tokens and tokens[0].upper() in ("GET", "SET", "METER"):
            commands.append(tokens)
    return commands


def report_value(channel: ChannelState, gain: int, name: str) -> str | None:
    """The value `REPORT x NAME` carries, None for a property it lacks."""
    transmitter = channel.transmitter
    battery = transmitter.battery
    linked = channel.linked
    match name:
        case "CHAN_NAME":
            return channel.name.replace(" ", "_").ljust(NAME_WIDTH)
        case "TX_TYPE":
            return transmitter.model if linked else "UNKNOWN"
        case "TX_BAT":
            return str(max(1, battery.bars)) if linked else "U"
        case "TX_BAT_MINS":
            known = linked and battery.kind == "LION" and battery.minutes < 65533
            return f"{battery.minutes:05d}" if known else "UNKNOWN"
        case "TX_BAT_TYPE":
            return BATTERY_TYPES.get(battery.kind, "UNKNOWN") if linked else "UNKNOWN"
        case "FREQUENCY":
            return f"{channel.frequency_khz:06d}"
        case "GROUP_CHAN":
            if channel.group <= 0:
                return "-- --"
            return f"{channel.group:02d} {channel.group_channel:02d}"
        case "MUTE":
            return "ON" if channel.audio_muted else "OFF"
        case "AUDIO_GAIN":
            return f"{gain:02d}"
    return None


def rf_raw(level_dbm: float) -> int:
    """A level in dBm on UHF-R's scale: 020 strongest .. 100 weakest."""
    span = RF_DBM_STRONG - RF_DBM_WEAK
    raw = (
        RF_STRONGEST + (RF_DBM_STRONG - level_dbm) * (RF_WEAKEST - RF_STRONGEST) / span
    )
    return min(RF_WEAKEST, max(RF_STRONGEST, round(raw)))


def audio_raw(level_dbfs: float) -> int:
    """A level in dBFS as a 0..255 amplitude."""
    amplitude = AUDIO_FULL_SCALE * math.pow(10.0, level_dbfs / 20.0)
    return min(AUDIO_FULL_SCALE, max(0, round(amplitude)))


def sample_body(channel: ChannelState, reading: MeterReading) -> str:
    """`SAMPLE x ALL nn aaa bbb d eee` for one reading."""
    linked = reading.linked
    antenna = ("A" if linked and reading.active[0] else "X") + (
        "B" if linked and reading.active[1] else "X"
    )
    rf_a, rf_b = (rf_raw(level) for level in reading.rssi_dbm[:2])
    battery = str(max(1, channel.transmitter.battery.bars)) if linked else "U"
    audio = audio_raw(reading.audio_peak_dbfs)
    return (
        f"SAMPLE {channel.number} ALL {antenna} {rf_a:03d} {rf_b:03d} "
        f"{battery} {audio:03d}"
    )
