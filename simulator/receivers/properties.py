"""Per-family property tables: REP names, value encodings, what they report.

Each family lists its channel properties in the order `< GET x ALL >`
reports them. A property renders one or more values from the channel state
(indexed properties such as ``RSSI`` render ``"<antenna> <value>"``) and
names the state changes that make the receiver send it unsolicited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .encoding import braced, digits
from .families import Family, ModelSpec
from .meters import ChannelMeters, channel_quality
from .state import (
    UNKNOWN_3,
    UNKNOWN_5,
    Change,
    ChannelState,
    ReceiverState,
    Transmitter,
)

NAME_WIDTH = 31
MODEL_WIDTH = 32
DEVICE_ID_WIDTH = 8
RF_BAND_WIDTH = 8
TX_OFFSET_DB_OFFSET = 12
BATT_TEMP_OFFSET = 40  # BATT_TEMP_C raw = degrees C + 40

type ChannelRenderer = Callable[[ChannelState, ChannelMeters], list[str]]
type DeviceRenderer = Callable[[ReceiverState], str]

_BATTERY = frozenset({Change.BATTERY, Change.TRANSMITTER})
_TRANSMITTER = frozenset({Change.TRANSMITTER})
_METERED: frozenset[Change] = frozenset()  # never sent unsolicited


@dataclass(frozen=True)
class ChannelProperty:
    """A channel property: its REP name, renderer and reporting triggers."""

    name: str
    render: ChannelRenderer
    reports: frozenset[Change]
    indexed: bool = False  # values start with an antenna index


@dataclass(frozen=True)
class DeviceProperty:
    """A device-level property (no channel index)."""

    name: str
    render: DeviceRenderer
    reports: frozenset[Change]


def _on_off(value: bool) -> str:
    return "ON" if value else "OFF"


def _tx(value: Callable[[Transmitter], str], unknown: str) -> ChannelRenderer:
    """Render from the transmitter, or ``unknown`` when none is linked."""

    def render(channel: ChannelState, _meters: ChannelMeters) -> list[str]:
        return [value(channel.transmitter) if channel.linked else unknown]

    return render


def _rechargeable(
    value: Callable[[Transmitter], int], width: int, unknown: int
) -> ChannelRenderer:
    """Battery details only a Shure rechargeable pack reports."""

    def pick(transmitter: Transmitter) -> str:
        if not transmitter.battery.rechargeable:
            return digits(unknown, width)
        return digits(value(transmitter), width)

    return _tx(pick, digits(unknown, width))


def _channel(value: Callable[[ChannelState], str]) -> ChannelRenderer:
    def render(channel: ChannelState, _meters: ChannelMeters) -> list[str]:
        return [value(channel)]

    return render


def _group_channel(channel: ChannelState) -> str:
    if channel.group <= 0:
        return "{--,--}"
    return "{" + f"{digits(channel.group, 2)},{digits(channel.group_channel, 2)}" + "}"


def _rssi(channel: ChannelState, meters: ChannelMeters) -> list[str]:
    reading = meters.latest(channel)
    return [
        f"{index} {digits(round(level) + 120, 3)}"
        for index, level in enumerate(reading.rssi_dbm[:2], start=1)
    ]


def _audio_level(peak: bool) -> ChannelRenderer:
    def render(channel: ChannelState, meters: ChannelMeters) -> list[str]:
        reading = meters.latest(channel)
        level = reading.audio_peak_dbfs if peak else reading.audio_rms_dbfs
        return [digits(round(level) + 120, 3)]

    return render


def _antenna_status(channel: ChannelState, meters: ChannelMeters) -> list[str]:
    reading = meters.latest(channel)
    if not channel.linked:
        return ["XX"]
    return ["".join("B" if on else "X" for on in reading.active[:2])]


_BARS = _tx(lambda tx: digits(tx.battery.bars, 3), digits(UNKNOWN_3, 3))
_MINUTES = _tx(lambda tx: digits(tx.battery.minutes, 5), digits(UNKNOWN_5, 5))
_CHARGE = _rechargeable(lambda tx: tx.battery.percent, 3, UNKNOWN_3)
_HEALTH = _rechargeable(lambda tx: tx.battery.health_percent, 3, UNKNOWN_3)
_CYCLES = _rechargeable(lambda tx: tx.battery.cycle_count, 5, UNKNOWN_5)
_TEMP = _rechargeable(
    lambda tx: tx.battery.temperature_c + BATT_TEMP_OFFSET, 3, UNKNOWN_3
)
_BATT_TYPE = _tx(lambda tx: tx.battery.kind, "UNKN")
_TX_MODEL = _tx(lambda tx: tx.model, "UNKNOWN")
_TX_MUTE = _tx(lambda tx: _on_off(tx.muted), "UNKNOWN")
_TX_OFFSET = _tx(
    lambda tx: digits(tx.offset_db + TX_OFFSET_DB_OFFSET, 3), digits(UNKNOWN_3, 3)
)
_NAME = _channel(lambda ch: braced(ch.name, NAME_WIDTH))
_FREQUENCY = _channel(lambda ch: digits(ch.frequency_khz, 7))
_GAIN = _channel(lambda ch: digits(ch.gain_raw, 3))
_AUDIO_MUTE = _channel(lambda ch: _on_off(ch.audio_muted))
_FLASH = _channel(lambda ch: _on_off(ch.flash))

_NAME_P = ChannelProperty("CHAN_NAME", _NAME, frozenset({Change.NAME}))
_FREQUENCY_P = ChannelProperty("FREQUENCY", _FREQUENCY, frozenset({Change.FREQUENCY}))
_GAIN_P = ChannelProperty("AUDIO_GAIN", _GAIN, frozenset({Change.GAIN}))
_MUTE_P = ChannelProperty("AUDIO_MUTE", _AUDIO_MUTE, frozenset({Change.MUTE}))
_FLASH_P = ChannelProperty("FLASH", _FLASH, frozenset({Change.FLASH}))
_TX_MUTE_REPORTS = frozenset({Change.TX_MUTE, Change.TRANSMITTER})

ULXD_PROPERTIES: tuple[ChannelProperty, ...] = (
    _NAME_P,
    ChannelProperty("BATT_BARS", _BARS, _BATTERY),
    ChannelProperty("BATT_CHARGE", _CHARGE, _BATTERY),
    ChannelProperty("BATT_RUN_TIME", _MINUTES, _BATTERY),
    ChannelProperty("BATT_HEALTH", _HEALTH, _BATTERY),
    ChannelProperty("BATT_CYCLE", _CYCLES, _BATTERY),
    ChannelProperty("BATT_TYPE", _BATT_TYPE, _BATTERY),
    ChannelProperty("BATT_TEMP_C", _TEMP, _BATTERY),
    ChannelProperty("TX_TYPE", _TX_MODEL, _TRANSMITTER),
    _MUTE_P,
    ChannelProperty("TX_MUTE_STATUS", _TX_MUTE, _TX_MUTE_REPORTS),
    _FREQUENCY_P,
    ChannelProperty(
        "GROUP_CHAN", _channel(_group_channel), frozenset({Change.FREQUENCY})
    ),
    ChannelProperty(
        "RF_INT_DET",
        _channel(lambda ch: "CRITICAL" if ch.interference else "NONE"),
        frozenset({Change.INTERFERENCE}),
    ),
    ChannelProperty("TX_OFFSET", _TX_OFFSET, _TRANSMITTER),
    ChannelProperty("TX_RF_PWR", _tx(lambda tx: tx.rf_power, "UNKNOWN"), _TRANSMITTER),
    _GAIN_P,
    ChannelProperty(
        "ENCRYPTION_WARNING",
        _channel(lambda ch: _on_off(ch.encryption_warning)),
        frozenset(),
    ),
    _FLASH_P,
)

AD_PROPERTIES: tuple[ChannelProperty, ...] = (
    _NAME_P,
    ChannelProperty("TX_BATT_BARS", _BARS, _BATTERY),
    ChannelProperty("TX_BATT_CHARGE_PERCENT", _CHARGE, _BATTERY),
    ChannelProperty("TX_BATT_MINS", _MINUTES, _BATTERY),
    ChannelProperty("TX_BATT_HEALTH_PERCENT", _HEALTH, _BATTERY),
    ChannelProperty("TX_BATT_CYCLE_COUNT", _CYCLES, _BATTERY),
    ChannelProperty("TX_BATT_TYPE", _BATT_TYPE, _BATTERY),
    ChannelProperty("TX_BATT_TEMP_C", _TEMP, _BATTERY),
    ChannelProperty("TX_MODEL", _TX_MODEL, _TRANSMITTER),
    _MUTE_P,
    ChannelProperty("TX_MUTE_MODE_STATUS", _TX_MUTE, _TX_MUTE_REPORTS),
    _FREQUENCY_P,
    ChannelProperty(
        "GROUP_CHANNEL", _channel(_group_channel), frozenset({Change.FREQUENCY})
    ),
    ChannelProperty(
        "INTERFERENCE_STATUS",
        _channel(lambda ch: "DETECTED" if ch.interference else "NONE"),
        frozenset({Change.INTERFERENCE}),
    ),
    ChannelProperty(
        "CHAN_QUALITY",
        _channel(lambda ch: digits(channel_quality(ch), 3)),
        frozenset({Change.TRANSMITTER, Change.INTERFERENCE}),
    ),
    ChannelProperty("ANTENNA_STATUS", _antenna_status, _TRANSMITTER),
    ChannelProperty("TX_OFFSET", _TX_OFFSET, _TRANSMITTER),
    _GAIN_P,
    ChannelProperty("RSSI", _rssi, _METERED, indexed=True),
    ChannelProperty("AUDIO_LEVEL_RMS", _audio_level(peak=False), _METERED),
    ChannelProperty("AUDIO_LEVEL_PEAK", _audio_level(peak=True), _METERED),
    _FLASH_P,
)

SLXD_PROPERTIES: tuple[ChannelProperty, ...] = (
    _NAME_P,
    ChannelProperty("TX_BATT_BARS", _BARS, _BATTERY),
    ChannelProperty("TX_BATT_MINS", _MINUTES, _BATTERY),
    ChannelProperty("TX_MODEL", _TX_MODEL, _TRANSMITTER),
    ChannelProperty("LINK_TX_MODEL", _TX_MODEL, _TRANSMITTER),
    _FREQUENCY_P,
    ChannelProperty(
        "GROUP_CHANNEL", _channel(_group_channel), frozenset({Change.FREQUENCY})
    ),
    _GAIN_P,
    ChannelProperty("RSSI", _rssi, _METERED, indexed=True),
    ChannelProperty("AUDIO_LEVEL_RMS", _audio_level(peak=False), _METERED),
    ChannelProperty("AUDIO_LEVEL_PEAK", _audio_level(peak=True), _METERED),
    ChannelProperty("LOCK_STATUS", _channel(lambda _ch: "OFF"), frozenset()),
    _FLASH_P,
)

_FAMILY_TABLES: Mapping[Family, tuple[ChannelProperty, ...]] = {
    Family.ULXD: ULXD_PROPERTIES,
    Family.QLXD: ULXD_PROPERTIES,
    Family.AD: AD_PROPERTIES,
    Family.SLXD: SLXD_PROPERTIES,
    Family.UHFR: (),  # no command strings: UHF-R is served over UDP (uhfr.py)
}


def _fw_width(family: Family) -> int:
    return 18 if family in (Family.ULXD, Family.QLXD) else 24


def device_properties(spec: ModelSpec) -> tuple[DeviceProperty, ...]:
    """Device-level properties every family answers without a channel."""
    fw_width = _fw_width(spec.family)
    return (
        DeviceProperty(
            "MODEL", lambda _rx: braced(spec.model_string, MODEL_WIDTH), frozenset()
        ),
        DeviceProperty(
            "DEVICE_ID",
            lambda rx: braced(rx.device_id, DEVICE_ID_WIDTH),
            frozenset({Change.DEVICE_ID}),
        ),
        DeviceProperty(
            "FW_VER", lambda rx: braced(rx.fw_version, fw_width), frozenset()
        ),
        DeviceProperty(
            "RF_BAND", lambda rx: braced(rx.rf_band, RF_BAND_WIDTH), frozenset()
        ),
        DeviceProperty(
            "FLASH", lambda rx: _on_off(rx.flash), frozenset({Change.DEVICE_FLASH})
        ),
    )


def channel_properties(spec: ModelSpec) -> dict[str, ChannelProperty]:
    """The model's channel properties by name, minus what the model rejects."""
    return {
        prop.name: prop
        for prop in _FAMILY_TABLES[spec.family]
        if prop.name not in spec.rejected_properties
    }
