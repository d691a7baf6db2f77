"""Receiver, channel and transmitter state, with change notification.

Every mutator that changes something a client can see reports a ``Change``
to the listener the server installs; the server turns that into unsolicited
``REP`` messages for every connected client. Mutators return whether they
changed anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
import math

UNKNOWN_3 = 255
UNKNOWN_5 = 65535
RUNTIME_COMMS_WARNING = 65533
RUNTIME_CALCULATING = 65534
RUNTIME_UNKNOWN = 65535
GAIN_RAW_MIN = 0
GAIN_RAW_MAX = 60
GAIN_DB_OFFSET = 18
# TX_OFFSET is reported as dB + 12 (000..060); a transmitter's offset in dB:
TX_OFFSET_DB_MIN = -12
TX_OFFSET_DB_MAX = 21
# A realistic lithium-ion pack: 100 % is eight hours of talk.
DEFAULT_MINUTES_PER_PERCENT = 4.8
BATTERY_TYPES = ("LION", "ALKA", "NIMH", "LITH")


class Change(StrEnum):
    """What changed; each protocol property lists the changes it reports."""

    DEVICE_ID = "device_id"
    DEVICE_FLASH = "device_flash"
    NAME = "name"
    TRANSMITTER = "transmitter"
    BATTERY = "battery"
    MUTE = "mute"
    TX_MUTE = "tx_mute"
    GAIN = "gain"
    FREQUENCY = "frequency"
    INTERFERENCE = "interference"
    FLASH = "flash"
    IEM = "iem"
    """An in-ear monitor transmitter's RF or audio settings (iem.py)."""


class Presence(StrEnum):
    """Whether the receiver hears the channel's transmitter."""

    ON = "on"
    OFF = "off"
    OUT_OF_RANGE = "out_of_range"


type ChangeListener = Callable[[int | None, Change], None]


def _ignore_change(channel: int | None, change: Change) -> None:
    """Default listener: nobody is listening yet."""


def bars_for_charge(charge: float) -> int:
    """Battery bars (0..5) a transmitter shows for ``charge`` percent."""
    if charge < 5:
        return 0
    return min(5, math.ceil(charge / 20))


def charge_for_bars(bars: int) -> float:
    """A charge in the middle of the range that shows ``bars`` bars."""
    return 2.5 if bars <= 0 else min(bars, 5) * 20 - 10


@dataclass
class Battery:
    """A transmitter battery; ``charge`` (percent) drives bars and minutes."""

    charge: float = 100.0
    minutes_per_percent: float = DEFAULT_MINUTES_PER_PERCENT
    kind: str = "LION"
    health_percent: int = 96
    cycle_count: int = 37
    temperature_c: int = 27
    runtime_sentinel: int | None = None  # 65533/65534/65535 shown instead

    @property
    def bars(self) -> int:
        """Bars 0..5 derived from the charge."""
        return bars_for_charge(self.charge)

    @property
    def percent(self) -> int:
        """Charge as a whole percent 0..100."""
        return min(100, max(0, round(self.charge)))

    @property
    def minutes(self) -> int:
        """Remaining runtime in minutes, or the sentinel if one is set."""
        if self.runtime_sentinel is not None:
            return self.runtime_sentinel
        return max(0, int(self.charge * self.minutes_per_percent))

    @property
    def rechargeable(self) -> bool:
        """Only Shure lithium-ion packs report charge, health and cycles."""
        return self.kind == "LION"

    def visible(self) -> tuple[int, int, int]:
        """What a client can see; used to decide whether to report a change."""
        return (self.bars, self.percent, self.minutes)

    def details(self) -> tuple[object, ...]:
        """Everything a client can see, including type, health and cycles."""
        return (
            *self.visible(),
            self.kind,
            self.health_percent,
            self.cycle_count,
            self.temperature_c,
        )


@dataclass
class Transmitter:
    """The body pack or handheld linked to a channel."""

    model: str
    battery: Battery = field(default_factory=Battery)
    muted: bool = False  # the transmitter's own mute switch
    offset_db: int = 0
    rf_power: str = "NORMAL"
    drain_per_minute: float = 0.0  # battery percent lost per real minute


@dataclass
class ChannelState:
    """One receiver channel (one mic slot)."""

    number: int
    name: str
    frequency_khz: int
    transmitter: Transmitter
    max_name_length: int = 31
    group: int = 1
    group_channel: int = 1
    gain_raw: int = GAIN_DB_OFFSET  # 0 dB
    audio_muted: bool = False
    interference: bool = False
    flash: bool = False
    encryption_warning: bool = False
    presence: Presence = Presence.ON
    listener: ChangeListener = field(default=_ignore_change, repr=False)

    @property
    def linked(self) -> bool:
        """True while the receiver hears the transmitter."""
        return self.presence is Presence.ON

    def _changed(self, change: Change) -> bool:
        self.listener(self.number, change)
        return True

    def rename(self, name: str) -> bool:
        """Set the channel name (truncated to what the family stores)."""
        name = name[: self.max_name_length].rstrip()
        if name == self.name:
            return False
        self.name = name
        return self._changed(Change.NAME)

    def set_battery(
        self,
        *,
        percent: float | None = None,
        bars: int | None = None,
        minutes: int | None = None,
        kind: str | None = None,
        health_percent: int | None = None,
        cycle_count: int | None = None,
        temperature_c: int | None = None,
    ) -> bool:
        """Set the battery; ``minutes`` 65533..65535 reports that sentinel."""
        battery = self.transmitter.battery
        before = battery.details()
        if percent is not None:
            battery.charge = min(100.0, max(0.0, float(percent)))
        elif bars is not None:
            battery.charge = charge_for_bars(bars)
        elif minutes is not None and minutes < RUNTIME_COMMS_WARNING:
            battery.charge = min(100.0, minutes / battery.minutes_per_percent)
        if minutes is not None and minutes >= RUNTIME_COMMS_WARNING:
            battery.runtime_sentinel = minutes
        elif minutes is not None:
            battery.runtime_sentinel = None
            battery.minutes_per_percent = minutes / max(battery.charge, 0.5)
        if kind is not None:
            battery.kind = kind
        if health_percent is not None:
            battery.health_percent = health_percent
        if cycle_count is not None:
            battery.cycle_count = cycle_count
        if temperature_c is not None:
            battery.temperature_c = temperature_c
        if battery.details() == before or not self.linked:
            return False
        return self._changed(Change.BATTERY)

    def set_drain(self, percent_per_minute: float) -> None:
        """Set how fast the battery drains (percent per real minute)."""
        self.transmitter.drain_per_minute = max(0.0, percent_per_minute)

    def drain(self, elapsed_seconds: float) -> bool:
        """Advance the battery by ``elapsed_seconds``; a flat battery turns off."""
        transmitter = self.transmitter
        if not self.linked or transmitter.drain_per_minute <= 0:
            return False
        battery = transmitter.battery
        before = battery.visible()
        lost = transmitter.drain_per_minute * elapsed_seconds / 60
        battery.charge = max(0.0, battery.charge - lost)
        if battery.charge <= 0:
            return self.transmitter_off()
        if battery.visible() == before:
            return False
        return self._changed(Change.BATTERY)

    def _set_presence(self, presence: Presence) -> bool:
        if presence is self.presence:
            return False
        self.presence = presence
        return self._changed(Change.TRANSMITTER)

    def transmitter_off(self) -> bool:
        """The transmitter is switched off (or its battery died)."""
        return self._set_presence(Presence.OFF)

    def out_of_range(self) -> bool:
        """The transmitter walked out of range: the receiver loses it."""
        return self._set_presence(Presence.OUT_OF_RANGE)

    def transmitter_on(
        self, *, model: str | None = None, percent: float | None = None
    ) -> bool:
        """A transmitter (optionally another model or a fresh battery) links."""
        changed = False
        if model is not None and model != self.transmitter.model:
            self.transmitter.model = model
            changed = True
        if percent is not None:
            self.transmitter.battery.charge = min(100.0, max(0.0, percent))
            self.transmitter.battery.runtime_sentinel = None
            changed = True
        if self.transmitter.battery.charge <= 0:
            self.transmitter.battery.charge = 100.0
        if self.presence is Presence.ON:
            return self._changed(Change.TRANSMITTER) if changed else False
        return self._set_presence(Presence.ON)

    def set_audio_mute(self, muted: bool) -> bool:
        """Mute or unmute the receiver's audio output for this channel."""
        if muted == self.audio_muted:
            return False
        self.audio_muted = muted
        return self._changed(Change.MUTE)

    def set_tx_mute(self, muted: bool) -> bool:
        """Flip the transmitter's own mute switch."""
        if muted == self.transmitter.muted:
            return False
        self.transmitter.muted = muted
        return self._changed(Change.TX_MUTE) if self.linked else False

    def set_tx_offset_db(self, offset_db: int) -> bool:
        """Set the transmitter's gain offset in dB (reported as TX_OFFSET)."""
        if not TX_OFFSET_DB_MIN <= offset_db <= TX_OFFSET_DB_MAX:
            raise ValueError(
                f"offset {offset_db} outside {TX_OFFSET_DB_MIN}..{TX_OFFSET_DB_MAX}"
            )
        if offset_db == self.transmitter.offset_db:
            return False
        self.transmitter.offset_db = offset_db
        return self._changed(Change.TRANSMITTER) if self.linked else False

    def set_gain_db(self, gain_db: int) -> bool:
        """Set the audio gain in dB (-18..+42)."""
        return self.set_gain_raw(gain_db + GAIN_DB_OFFSET)

    def set_gain_raw(self, raw: int) -> bool:
        """Set the raw gain 000..060 (dB + 18); out-of-range values raise."""
        if not GAIN_RAW_MIN <= raw <= GAIN_RAW_MAX:
            raise ValueError(f"gain {raw} outside {GAIN_RAW_MIN}..{GAIN_RAW_MAX}")
        if raw == self.gain_raw:
            return False
        self.gain_raw = raw
        return self._changed(Change.GAIN)

    def set_frequency_khz(
        self, frequency_khz: int, *, group: int = 0, group_channel: int = 0
    ) -> bool:
        """Tune the channel (kHz); group 0 = a frequency outside any group."""
        wanted = (frequency_khz, group, group_channel)
        if wanted == (self.frequency_khz, self.group, self.group_channel):
            return False
        self.frequency_khz, self.group, self.group_channel = wanted
        return self._changed(Change.FREQUENCY)

    def set_interference(self, detected: bool) -> bool:
        """Report (or clear) RF interference on the channel."""
        if detected == self.interference:
            return False
        self.interference = detected
        return self._changed(Change.INTERFERENCE)

    def set_flash(self, on: bool) -> bool:
        """Flash the channel's front-panel LEDs."""
        if on == self.flash:
            return False
        self.flash = on
        return self._changed(Change.FLASH)


@dataclass
class ReceiverState:
    """Device-level state plus the channels."""

    device_id: str
    fw_version: str
    rf_band: str
    channels: list[ChannelState]
    flash: bool = False
    listener: ChangeListener = field(default=_ignore_change, repr=False)

    def attach(self, listener: ChangeListener) -> None:
        """Route every change (device and channel) to ``listener``."""
        self.listener = listener
        for channel in self.channels:
            channel.listener = listener

    def set_device_id(self, device_id: str) -> bool:
        """Change the user-settable device id (8 characters at most)."""
        device_id = device_id[:8].rstrip()
        if device_id == self.device_id:
            return False
        self.device_id = device_id
        self.listener(None, Change.DEVICE_ID)
        return True

    def set_flash(self, on: bool) -> bool:
        """Flash the whole front panel."""
        if on == self.flash:
            return False
        self.flash = on
        self.listener(None, Change.DEVICE_FLASH)
        return True
