"""Per-family vocabulary: which `REP` property sets which model field.

Each family gets one table mapping a property name to a function that
applies a raw value to a `Channel`. A function raises ValueError for a value
that makes no sense; the decoder then rejects that field only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
import re
from typing import Any, Literal

from ..models import Channel, ReceiverFamily
from .psm1000 import (
    decode_no_sample,
    parse_audio_mode,
    parse_input_level,
    parse_rf_power,
)
from .samples import (
    DIGITAL_OFFSET,
    ULX_AUDIO_OFFSET,
    ULX_RF_OFFSET,
    SampleResult,
    decode_ad_sample,
    decode_slxd_sample,
    decode_ulx_sample,
)
from .values import (
    is_absent_word,
    parse_bars,
    parse_count,
    parse_frequency,
    parse_gain,
    parse_group_channel,
    parse_int,
    parse_interference,
    parse_known_text,
    parse_offset_level,
    parse_on_off,
    parse_percent,
    parse_quality,
    parse_runtime,
    parse_temperature,
    parse_text,
    parse_tx_offset,
    raw_int,
)

type ApplyProperty = Callable[[Channel, str | None, str], Channel]
"""(channel, index, raw value) -> updated channel; ValueError to reject."""

type Section = Literal["channel", "battery", "rf", "audio", "iem"]

DEVICE_PROPERTIES = ("MODEL", "DEVICE_ID", "FW_VER", "RF_BAND")
GAIN_OFFSET = 18
MAX_ANTENNAS = 8


def _setter(section: Section, name: str, parse: Callable[[str], Any]) -> ApplyProperty:
    def apply(channel: Channel, _index: str | None, raw: str) -> Channel:
        value = parse(raw)
        if section == "channel":
            return replace(channel, **{name: value})
        part = getattr(channel, section)
        return replace(channel, **{section: replace(part, **{name: value})})

    return apply


def _apply_runtime(channel: Channel, _index: str | None, raw: str) -> Channel:
    state, minutes = parse_runtime(raw)
    battery = replace(channel.battery, runtime_state=state, runtime_minutes=minutes)
    return replace(channel, battery=battery)


def _apply_group_channel(channel: Channel, _index: str | None, raw: str) -> Channel:
    group, rf_channel = parse_group_channel(raw)
    return replace(channel, group=group, rf_channel=rf_channel)


def _apply_antenna_level(channel: Channel, index: str | None, raw: str) -> Channel:
    """`RSSI n value`: level of antenna n (`value - 120` dBm)."""
    if index is None:
        raise ValueError("RSSI without antenna index")
    antenna = parse_int(index, 1, MAX_ANTENNAS)
    level = parse_offset_level(raw, DIGITAL_OFFSET, DIGITAL_OFFSET)
    levels = list(channel.rf.antenna_levels_dbm)
    levels.extend([None] * (antenna - len(levels)))
    levels[antenna - 1] = level
    known = [value for value in levels if value is not None]
    rf = replace(channel.rf, antenna_levels_dbm=tuple(levels), level_dbm=max(known))
    return replace(channel, rf=rf)


def _gain(low_db: int, high_db: int) -> ApplyProperty:
    return _setter(
        "audio", "gain_db", lambda raw: parse_gain(raw, low_db, high_db, GAIN_OFFSET)
    )


def _level(section: Section, name: str, offset: int) -> ApplyProperty:
    return _setter(section, name, lambda raw: parse_offset_level(raw, offset, offset))


_name = _setter("channel", "name", parse_text)
_frequency = _setter("channel", "frequency_mhz", parse_frequency)
_tx_model = _setter("channel", "tx_model", parse_known_text)
_tx_offset = _setter("channel", "tx_offset_db", parse_tx_offset)
_bars = _setter("battery", "bars", parse_bars)
_charge = _setter("battery", "charge_percent", parse_percent)
_health = _setter("battery", "health_percent", parse_percent)
_cycles = _setter("battery", "cycles", parse_count)
_battery_type = _setter("battery", "type", parse_known_text)
_battery_temperature = _setter("battery", "temperature_c", parse_temperature)
_muted = _setter("audio", "muted", parse_on_off)
_tx_muted = _setter("audio", "tx_muted", parse_on_off)
_interference = _setter("rf", "interference", parse_interference)
_quality = _setter("rf", "quality", parse_quality)
_antenna = _setter("rf", "antenna", lambda raw: parse_text(raw.upper()))


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """What one family says, and what it can be told."""

    family: ReceiverFamily
    properties: Mapping[str, ApplyProperty]
    decode_sample: Callable[[int, Sequence[str]], SampleResult]
    tx_model_property: str
    battery_bars_property: str
    battery_runtime_property: str
    name_max_length: int
    gain_range_db: tuple[int, int] = (-18, 42)
    mute_property: str | None = "AUDIO_MUTE"
    identify_device: bool = True
    identify_channel: bool = True

    @property
    def can_mute(self) -> bool:
        """Whether the receiver's output can be muted per channel."""
        return self.mute_property is not None

    @property
    def can_set_gain(self) -> bool:
        """Whether a channel's audio gain can be set (within `gain_range_db`)."""
        return "AUDIO_GAIN" in self.properties

    @property
    def query_properties(self) -> tuple[str, ...]:
        """Channel properties to GET one by one when `GET 0 ALL` is refused."""
        return tuple(self.properties)


_ULX_PROPERTIES: Mapping[str, ApplyProperty] = {
    "CHAN_NAME": _name,
    "FREQUENCY": _frequency,
    "GROUP_CHAN": _apply_group_channel,
    "TX_TYPE": _tx_model,
    "TX_OFFSET": _tx_offset,
    "BATT_BARS": _bars,
    "BATT_CHARGE": _charge,
    "BATT_RUN_TIME": _apply_runtime,
    "BATT_HEALTH": _health,
    "BATT_CYCLE": _cycles,
    "BATT_TYPE": _battery_type,
    "BATT_TEMP_C": _battery_temperature,
    "AUDIO_GAIN": _gain(-18, 42),
    "AUDIO_MUTE": _muted,
    "TX_MUTE_STATUS": _tx_muted,
    "AUDIO_LVL": _level("audio", "level_dbfs", ULX_AUDIO_OFFSET),
    "RX_RF_LVL": _level("rf", "level_dbm", ULX_RF_OFFSET),
    "RF_INT_DET": _interference,
}

_AD_PROPERTIES: Mapping[str, ApplyProperty] = {
    "CHAN_NAME": _name,
    "FREQUENCY": _frequency,
    "GROUP_CHANNEL": _apply_group_channel,
    "TX_MODEL": _tx_model,
    "TX_OFFSET": _tx_offset,
    "TX_BATT_BARS": _bars,
    "TX_BATT_CHARGE_PERCENT": _charge,
    "TX_BATT_MINS": _apply_runtime,
    "TX_BATT_HEALTH_PERCENT": _health,
    "TX_BATT_CYCLE_COUNT": _cycles,
    "TX_BATT_TYPE": _battery_type,
    "TX_BATT_TEMP_C": _battery_temperature,
    "AUDIO_GAIN": _gain(-18, 42),
    "AUDIO_MUTE": _muted,
    "TX_MUTE_MODE_STATUS": _tx_muted,
    "AUDIO_LEVEL_RMS": _level("audio", "level_dbfs", DIGITAL_OFFSET),
    "AUDIO_LEVEL_PEAK": _level("audio", "peak_dbfs", DIGITAL_OFFSET),
    "RSSI": _apply_antenna_level,
    "CHAN_QUALITY": _quality,
    "ANTENNA_STATUS": _antenna,
    "INTERFERENCE_STATUS": _interference,
}

_PSM1000_PROPERTIES: Mapping[str, ApplyProperty] = {
    "CHAN_NAME": _name,
    "FREQUENCY": _frequency,
    "GROUP_CHAN": _apply_group_channel,
    "RF_TX_LVL": _setter("iem", "rf_power_mw", parse_rf_power),
    "RF_MUTE": _setter("iem", "rf_muted", parse_on_off),
    "AUDIO_TX_MODE": _setter("iem", "audio_mode", parse_audio_mode),
    "AUDIO_IN_LINE_LVL": _setter("iem", "input_level", parse_input_level),
}
"""P10T channel settings; its meters (AUDIO_IN_LVL_L/_R) are decoded as
samples (dialect.py)."""

_SLXD_PROPERTIES: Mapping[str, ApplyProperty] = {
    "CHAN_NAME": _name,
    "FREQUENCY": _frequency,
    "GROUP_CHANNEL": _apply_group_channel,
    "TX_MODEL": _tx_model,
    "TX_BATT_BARS": _bars,
    "TX_BATT_MINS": _apply_runtime,
    "AUDIO_GAIN": _gain(-18, 42),
    "AUDIO_LEVEL_RMS": _level("audio", "level_dbfs", DIGITAL_OFFSET),
    "AUDIO_LEVEL_PEAK": _level("audio", "peak_dbfs", DIGITAL_OFFSET),
    "RSSI": _apply_antenna_level,
}

_ULX_COMMON: dict[str, Any] = {
    "properties": _ULX_PROPERTIES,
    "decode_sample": decode_ulx_sample,
    "tx_model_property": "TX_TYPE",
    "battery_bars_property": "BATT_BARS",
    "battery_runtime_property": "BATT_RUN_TIME",
    # The reference gives 31 characters for AD and SLX-D only; ULX-D/QLX-D
    # front panels show 8, so stay conservative.
    "name_max_length": 8,
    "identify_channel": False,
}
_DIGITAL_COMMON: dict[str, Any] = {
    "tx_model_property": "TX_MODEL",
    "battery_bars_property": "TX_BATT_BARS",
    "battery_runtime_property": "TX_BATT_MINS",
    "name_max_length": 31,
}

VOCABULARIES: Mapping[ReceiverFamily, Vocabulary] = {
    ReceiverFamily.ULXD: Vocabulary(family=ReceiverFamily.ULXD, **_ULX_COMMON),
    # QLX-D offers neither a receiver mute nor FLASH.
    ReceiverFamily.QLXD: Vocabulary(
        family=ReceiverFamily.QLXD,
        mute_property=None,
        identify_device=False,
        **_ULX_COMMON,
    ),
    ReceiverFamily.AXIENT_DIGITAL: Vocabulary(
        family=ReceiverFamily.AXIENT_DIGITAL,
        properties=_AD_PROPERTIES,
        decode_sample=decode_ad_sample,
        **_DIGITAL_COMMON,
    ),
    ReceiverFamily.SLXD: Vocabulary(
        family=ReceiverFamily.SLXD,
        properties=_SLXD_PROPERTIES,
        decode_sample=decode_slxd_sample,
        mute_property=None,
        **_DIGITAL_COMMON,
    ),
    # An in-ear monitor transmitter: no transmitter of its own to read, and
    # nothing micboard offers to change on it but the channel name.
    ReceiverFamily.PSM1000: Vocabulary(
        family=ReceiverFamily.PSM1000,
        properties=_PSM1000_PROPERTIES,
        decode_sample=decode_no_sample,
        tx_model_property="",
        battery_bars_property="",
        battery_runtime_property="",
        name_max_length=8,
        mute_property=None,
        identify_device=False,
        identify_channel=False,
    ),
}

_MODELS: tuple[tuple[re.Pattern[str], ReceiverFamily], ...] = (
    (re.compile(r"ULXD4([QD])?"), ReceiverFamily.ULXD),
    (re.compile(r"QLXD4()"), ReceiverFamily.QLXD),
    (re.compile(r"AD4([QD])"), ReceiverFamily.AXIENT_DIGITAL),
    (re.compile(r"SLXD4([QD])?"), ReceiverFamily.SLXD),
)
_CHANNELS_BY_SUFFIX = {"Q": 4, "D": 2}


def identify_model(model: str) -> tuple[ReceiverFamily | None, int | None]:
    """Family and channel count from a MODEL string (`AD4Q-A`, `SLXD4QDAN+`)."""
    text = model.strip().upper()
    for pattern, family in _MODELS:
        if match := pattern.match(text):
            return family, _CHANNELS_BY_SUFFIX.get(match.group(1) or "", 1)
    return None, None


def transmitter_present(vocabulary: Vocabulary, raw: Mapping[str, str]) -> bool | None:
    """Whether a transmitter is linked, judged from the raw properties.

    Absent: the model reads UNKNOWN, or bars 255 with runtime 65535.
    Present: a real model, or a real bar count. Otherwise: cannot tell.
    """
    tx_model = raw.get(vocabulary.tx_model_property)
    bars = raw_int(raw.get(vocabulary.battery_bars_property))
    runtime = raw_int(raw.get(vocabulary.battery_runtime_property))
    if tx_model is not None and is_absent_word(tx_model):
        return False
    if bars == 255 and runtime == 65535:
        return False
    if tx_model is not None:
        return True
    if bars is not None and 0 <= bars <= 5:
        return True
    return None
