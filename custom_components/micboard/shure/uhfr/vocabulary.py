"""What UHF-R receivers say: properties, the SAMPLE layout, the two models.

The table has the shape of the command-string families' (`Vocabulary`), so
the integration's controls read it the same way. Sources for every name:
docs/receivers.md ("UHF-R").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..commandstrings.samples import SampleResult
from ..commandstrings.values import (
    parse_antenna,
    parse_frequency,
    parse_known_text,
    parse_on_off,
)
from ..commandstrings.vocabulary import ApplyProperty, Vocabulary
from ..models import Channel, MeterSample, ReceiverFamily
from .values import (
    audio_percent,
    parse_bars,
    parse_gain,
    parse_group_chan,
    parse_name,
    parse_runtime,
    rf_percent,
)

MODELS: Mapping[str, int] = {"UR4S": 1, "UR4D": 2}
"""Model -> channels. The public protocol reports neither: micboard tells
them apart by whether channel 2 answers."""
MAX_CHANNELS = 2
NAME_MAX_LENGTH = 12
SAMPLE_FIELDS = 5
"""`nn aaa bbb d eee`: antennas, RF A, RF B, battery bars, audio."""


def _apply_name(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, name=parse_name(raw))


def _apply_frequency(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, frequency_mhz=parse_frequency(raw.strip()))


def _apply_group_chan(channel: Channel, _index: str | None, raw: str) -> Channel:
    group, rf_channel = parse_group_chan(raw)
    return replace(channel, group=group, rf_channel=rf_channel)


def _apply_tx_type(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, tx_model=parse_known_text(raw.strip()))


def _apply_bars(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, battery=replace(channel.battery, bars=parse_bars(raw)))


def _apply_runtime(channel: Channel, _index: str | None, raw: str) -> Channel:
    state, minutes = parse_runtime(raw)
    battery = replace(channel.battery, runtime_state=state, runtime_minutes=minutes)
    return replace(channel, battery=battery)


def _apply_battery_type(channel: Channel, _index: str | None, raw: str) -> Channel:
    battery = replace(channel.battery, type=parse_known_text(raw.strip()))
    return replace(channel, battery=battery)


def _apply_mute(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, audio=replace(channel.audio, muted=parse_on_off(raw)))


def _apply_gain(channel: Channel, _index: str | None, raw: str) -> Channel:
    return replace(channel, audio=replace(channel.audio, gain_db=parse_gain(raw)))


PROPERTIES: Mapping[str, ApplyProperty] = {
    "CHAN_NAME": _apply_name,
    "FREQUENCY": _apply_frequency,
    "GROUP_CHAN": _apply_group_chan,
    "TX_TYPE": _apply_tx_type,
    "TX_BAT": _apply_bars,
    "TX_BAT_MINS": _apply_runtime,
    "TX_BAT_TYPE": _apply_battery_type,
    "MUTE": _apply_mute,
    "AUDIO_GAIN": _apply_gain,
}

QUERY_PROPERTIES: tuple[str, ...] = (
    "CHAN_NAME",
    "TX_TYPE",
    "TX_BAT",
    "TX_BAT_MINS",
    "FREQUENCY",
    "GROUP_CHAN",
    "MUTE",
    "AUDIO_GAIN",
)
"""What micboard asks every channel for, on every keep-alive."""


def decode_sample(channel: int, fields: Sequence[str]) -> SampleResult:
    """`nn aaa bbb d eee` as a meter sample (the battery field is not in it).

    RF and audio become percentages (see values.py); a single absurd value
    blanks only itself and is counted.
    """
    if len(fields) != SAMPLE_FIELDS:
        raise ValueError(f"UHF-R sample needs 5 fields, got {len(fields)}")
    rejected = 0
    antenna: str | None = None
    try:
        antenna = parse_antenna(fields[0])
    except ValueError:
        rejected += 1
    levels: list[int] = []
    for raw in fields[1:3]:
        try:
            levels.append(rf_percent(raw))
        except ValueError:
            rejected += 1
    audio: int | None = None
    try:
        audio = audio_percent(fields[4])
    except ValueError:
        rejected += 1
    sample = MeterSample(
        channel=channel,
        antenna=antenna,
        antenna_levels_percent=tuple(levels),
        rf_level_percent=max(levels, default=None),
        audio_level_percent=audio,
    )
    return sample, rejected


UHFR_VOCABULARY = Vocabulary(
    family=ReceiverFamily.UHFR,
    properties=PROPERTIES,
    decode_sample=decode_sample,
    tx_model_property="TX_TYPE",
    battery_bars_property="TX_BAT",
    battery_runtime_property="TX_BAT_MINS",
    name_max_length=NAME_MAX_LENGTH,
    gain_range_db=(-32, 0),
    mute_property="MUTE",
    identify_device=False,
    identify_channel=False,
)


def model_for(channel_count: int) -> str:
    """UR4D for a receiver whose channel 2 answers, else UR4S."""
    return "UR4D" if channel_count >= 2 else "UR4S"
