"""Plain, immutable models of Shure receivers shared by both backends.

Every value is in engineering units (MHz, dBm, dBFS, dB, minutes, °C, %);
a family whose meters have no published unit (UHF-R) fills the `*_percent`
fields instead of the dBm/dBFS ones.
Unknown values are `None`; Shure's sentinels (255, 65535, ...) never appear
here. Instances are frozen: a client hands out snapshots and replaces them as
the device reports changes, so a consumer may keep and compare them freely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

EMPTY_RAW: Mapping[str, str] = MappingProxyType({})


class ReceiverFamily(StrEnum):
    """A family of receivers sharing one command vocabulary."""

    ULXD = "ulxd"
    QLXD = "qlxd"
    AXIENT_DIGITAL = "axient_digital"
    SLXD = "slxd"
    UHFR = "uhfr"
    PSM1000 = "psm1000"


IEM_FAMILIES = frozenset({ReceiverFamily.PSM1000})
"""Families of in-ear monitor transmitters: each channel sends a monitor mix to
a performer's bodypack; there is no battery, RF level or mic audio to read."""


class IemAudioMode(StrEnum):
    """How an in-ear monitor transmitter channel sends its audio (AUDIO_TX_MODE)."""

    MONO = "mono"
    POINT_TO_POINT = "point_to_point"
    STEREO = "stereo"


class IemInputLevel(StrEnum):
    """The nominal level of an in-ear monitor transmitter's audio inputs."""

    AUX = "aux"
    """-10 dBV consumer level."""
    LINE = "line"
    """+4 dBu professional level."""


class RuntimeState(StrEnum):
    """What the transmitter says about its remaining battery runtime."""

    KNOWN = "known"
    COMMUNICATION_WARNING = "communication_warning"
    CALCULATING = "calculating"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class BatteryStatus:
    """The transmitter's battery, as reported through the receiver."""

    bars: int | None = None
    """0..5, None when unknown."""
    charge_percent: int | None = None
    runtime_minutes: int | None = None
    """Set only while `runtime_state` is KNOWN."""
    runtime_state: RuntimeState | None = None
    """None until the receiver has reported a runtime at all."""
    health_percent: int | None = None
    cycles: int | None = None
    type: str | None = None
    temperature_c: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RfStatus:
    """Radio link quality of one channel."""

    level_dbm: int | None = None
    """Strongest antenna level."""
    antenna_levels_dbm: tuple[int | None, ...] = ()
    """Per-antenna levels, where the family reports them (AD, SLX-D)."""
    quality: int | None = None
    """0..5 (Axient Digital only)."""
    antenna: str | None = None
    """Diversity indicator, one letter per antenna, e.g. "AB", "AX", "XX"."""
    interference: bool | None = None
    level_percent: int | None = None
    """Strongest antenna as a percent of a coarse scale, where the family
    reports no dBm (UHF-R)."""
    antenna_levels_percent: tuple[int, ...] = ()
    """Per-antenna `level_percent` (UHF-R: A, B)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioStatus:
    """Audio level, gain and mute of one channel."""

    level_dbfs: int | None = None
    """RMS level."""
    peak_dbfs: int | None = None
    muted: bool | None = None
    """Receiver output mute."""
    tx_muted: bool | None = None
    """Transmitter mute switch, where reported."""
    gain_db: int | None = None
    level_percent: int | None = None
    """Level as a percent of the meter's range, where the family reports no
    dBFS (UHF-R)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class IemStatus:
    """What an in-ear monitor transmitter channel reports (PSM1000); all None
    for a microphone channel."""

    rf_power_mw: int | None = None
    rf_muted: bool | None = None
    """True while the channel's RF output is muted (the performer hears nothing)."""
    audio_mode: IemAudioMode | None = None
    input_level: IemInputLevel | None = None
    input_left_dbfs: int | None = None
    """Left audio input meter; see shure/commandstrings/psm1000.py for the scale."""
    input_right_dbfs: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """One wireless channel: a microphone, or an in-ear monitor mix (PSM1000)."""

    number: int
    name: str | None = None
    frequency_mhz: float | None = None
    tx_model: str | None = None
    """Transmitter model, None when unknown or no transmitter is linked."""
    group: int | None = None
    rf_channel: int | None = None
    """The channel number within `group` (Shure's group/channel scan plan)."""
    tx_offset_db: int | None = None
    transmitter_present: bool | None = None
    """True/False when the receiver makes it clear, None when it cannot tell."""
    battery: BatteryStatus = field(default_factory=BatteryStatus)
    rf: RfStatus = field(default_factory=RfStatus)
    audio: AudioStatus = field(default_factory=AudioStatus)
    iem: IemStatus = field(default_factory=IemStatus)
    raw: Mapping[str, str] = EMPTY_RAW
    """Last raw value of every property reported (diagnostics)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiverIdentity:
    """Who a receiver says it is."""

    model: str
    family: ReceiverFamily | None
    """None for a Shure model this library has no vocabulary for."""
    channel_count: int | None
    device_id: str | None = None
    firmware: str | None = None
    rf_band: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Receiver:
    """A snapshot of a receiver and its channels."""

    host: str
    port: int
    model: str | None = None
    family: ReceiverFamily | None = None
    device_id: str | None = None
    firmware: str | None = None
    rf_band: str | None = None
    channel_count: int | None = None
    channels: Mapping[int, Channel] = field(default_factory=dict)
    raw: Mapping[str, str] = EMPTY_RAW
    """Last raw value of every device-level property (diagnostics)."""

    @property
    def identity(self) -> ReceiverIdentity | None:
        """The identity, once the model is known."""
        if self.model is None:
            return None
        return ReceiverIdentity(
            model=self.model,
            family=self.family,
            channel_count=self.channel_count,
            device_id=self.device_id,
            firmware=self.firmware,
            rf_band=self.rf_band,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MeterSample:
    """One meter reading of one channel (a `SAMPLE` message)."""

    channel: int
    rf_level_dbm: int | None = None
    """Strongest antenna level."""
    antenna_levels_dbm: tuple[int, ...] = ()
    antenna: str | None = None
    quality: int | None = None
    audio_level_dbfs: int | None = None
    audio_peak_dbfs: int | None = None
    rf_level_percent: int | None = None
    """Strongest antenna, percent of a coarse scale (UHF-R; no dBm there)."""
    antenna_levels_percent: tuple[int, ...] = ()
    audio_level_percent: int | None = None
    """Percent of the meter's range (UHF-R; no dBFS there)."""
    input_left_dbfs: int | None = None
    """In-ear monitor transmitters: the audio input meters (both, the latest of each)."""
    input_right_dbfs: int | None = None
