"""Live meter values (RF, antennas, audio) and the per-family SAMPLE layouts.

Values move like a real show: speech comes in bursts with pauses, RF jitters
around a per-channel level, interference makes RF jumpy and lowers quality,
and a channel without a transmitter shows noise-floor RF and silent audio.
"""

from __future__ import annotations

from dataclasses import dataclass
import random

from .encoding import digits
from .families import Family, SampleLayout
from .state import UNKNOWN_3, ChannelState, Presence

SILENCE_DBFS = -120.0
NOISE_FLOOR_DBM = -105.0
WEAK_RF_DBM = -85.0
# Thresholds of lit LEDs on Axient Digital's audio and RF bar meters.
_AD_AUDIO_LED_DBFS = (-60, -50, -40, -30, -20, -10, -3)
_AD_RF_LED_DBM = (-90, -80, -70, -60, -50)


@dataclass(frozen=True)
class MeterReading:
    """One instant of metering for a channel."""

    rssi_dbm: tuple[float, ...]  # per antenna
    active: tuple[bool, ...]  # per antenna: carrying the signal
    audio_rms_dbfs: float
    audio_peak_dbfs: float
    linked: bool
    # Frequency diversity (AD FD-C): the second RF section.
    second_rssi_dbm: tuple[float, ...] = ()
    second_active: tuple[bool, ...] = ()


def channel_quality(channel: ChannelState) -> int:
    """Axient Digital channel quality 0..5 (255 when nothing is linked)."""
    if not channel.linked:
        return UNKNOWN_3
    return 2 if channel.interference else 5


STATIC_RMS_DBFS = -30.0
STATIC_PEAK_DBFS = -22.0


class ChannelMeters:
    """A random walk that produces realistic readings for one channel.

    A ``static`` channel reads the same every time (its typical RF level,
    every antenna carrying the signal, steady speech): a rig at rest, where
    nothing a client sees changes unless someone changes it.
    """

    def __init__(
        self, rng: random.Random, antennas: int = 2, *, static: bool = False
    ) -> None:
        """Pick this channel's typical RF level and antenna offsets."""
        self._rng = rng
        self._antennas = antennas
        self.static = static
        self._rf_level = rng.uniform(-64.0, -46.0)
        self._antenna_offsets = [rng.uniform(-4.0, 4.0) for _ in range(antennas)]
        self._rms = -30.0
        self._talking = True
        self.last: MeterReading | None = None

    def reading(self, channel: ChannelState) -> MeterReading:
        """Advance the walk one step and return the new reading."""
        rssi, active = self._rf(channel, self._antennas)
        second_rssi, second_active = self._rf(channel, 2)
        rms, peak = self._audio(channel)
        self.last = MeterReading(
            rssi_dbm=rssi,
            active=active,
            audio_rms_dbfs=rms,
            audio_peak_dbfs=peak,
            linked=channel.linked,
            second_rssi_dbm=second_rssi,
            second_active=second_active,
        )
        return self.last

    def latest(self, channel: ChannelState) -> MeterReading:
        """The last reading (taking one if there is none yet)."""
        return self.last if self.last is not None else self.reading(channel)

    def _rf(
        self, channel: ChannelState, antennas: int
    ) -> tuple[tuple[float, ...], tuple[bool, ...]]:
        rng = self._rng
        if channel.presence is Presence.OFF:
            levels = [NOISE_FLOOR_DBM + self._noise(1.5) for _ in range(antennas)]
            return tuple(levels), (False,) * antennas
        if channel.presence is Presence.OUT_OF_RANGE:
            levels = [-93.0 + self._noise(3) for _ in range(antennas)]
            return tuple(levels), (False,) * antennas
        if self.static:
            levels = [
                self._rf_level + self._antenna_offsets[i % len(self._antenna_offsets)]
                for i in range(antennas)
            ]
            return tuple(levels), (True,) * antennas
        jitter = 6.0 if channel.interference else 1.5
        self._rf_level = min(-35.0, max(-80.0, self._rf_level + rng.gauss(0, 0.5)))
        levels = [
            self._rf_level + self._antenna_offsets[i % len(self._antenna_offsets)]
            for i in range(antennas)
        ]
        levels = [level + rng.gauss(0, jitter) for level in levels]
        active = [level > WEAK_RF_DBM for level in levels]
        if all(active) and rng.random() < 0.2:
            # Diversity: the receiver picks one antenna for a moment.
            active[rng.randrange(antennas)] = False
        return tuple(levels), tuple(active)

    def _noise(self, sigma: float) -> float:
        return 0.0 if self.static else self._rng.gauss(0, sigma)

    def _audio(self, channel: ChannelState) -> tuple[float, float]:
        rng = self._rng
        if not channel.linked or channel.audio_muted or channel.transmitter.muted:
            return SILENCE_DBFS, SILENCE_DBFS
        if self.static:
            return STATIC_RMS_DBFS, STATIC_PEAK_DBFS
        if rng.random() < 0.08:
            self._talking = not self._talking
        if self._talking:
            self._rms = min(-8.0, max(-40.0, self._rms + rng.gauss(0, 4)))
        else:
            self._rms += (-58.0 - self._rms) * 0.5 + rng.gauss(0, 2)
        peak = min(0.0, self._rms + rng.uniform(4.0, 12.0))
        return self._rms, peak


def _scaled(value: float, offset: int, top: int) -> int:
    return min(top, max(0, round(value + offset)))


def _led_bitmap(value: float, thresholds: tuple[int, ...]) -> int:
    lit = sum(1 for threshold in thresholds if value >= threshold)
    return (1 << lit) - 1


def ulxd_sample(number: int, reading: MeterReading) -> str:
    """ULX-D / QLX-D: antenna letters, RF (dBm + 128), audio (dBFS + 50)."""
    antenna = ("A" if reading.active[0] else "X") + ("B" if reading.active[1] else "X")
    rf = _scaled(max(reading.rssi_dbm), 128, 115)
    audio = _scaled(reading.audio_peak_dbfs, 50, 50)
    return f"SAMPLE {number} ALL {antenna} {digits(rf, 3)} {digits(audio, 3)}"


def _ad_antenna_letter(linked: bool, active: bool, rssi: float) -> str:
    if not linked:
        return "X"
    if rssi < WEAK_RF_DBM:
        return "R"
    return "B" if active else "X"


def _ad_rf_section(
    linked: bool, rssi: tuple[float, ...], active: tuple[bool, ...]
) -> list[str]:
    letters = "".join(
        _ad_antenna_letter(linked, on, level)
        for on, level in zip(active, rssi, strict=True)
    )
    fields = [letters]
    for level in rssi:
        fields.append(digits(_led_bitmap(level, _AD_RF_LED_DBM), 2))
        fields.append(digits(_scaled(level, 120, 120), 3))
    return fields


def ad_sample(
    number: int, quality: int, reading: MeterReading, layout: SampleLayout
) -> str:
    """Axient Digital: quality, audio LEDs/peak/RMS, then RF section(s)."""
    fields = [
        digits(quality, 3),
        digits(_led_bitmap(reading.audio_peak_dbfs, _AD_AUDIO_LED_DBFS), 3),
        digits(_scaled(reading.audio_peak_dbfs, 120, 120), 3),
        digits(_scaled(reading.audio_rms_dbfs, 120, 120), 3),
    ]
    fields += _ad_rf_section(reading.linked, reading.rssi_dbm, reading.active)
    if layout is SampleLayout.FDC:
        fields += _ad_rf_section(
            reading.linked, reading.second_rssi_dbm, reading.second_active
        )
    return f"SAMPLE {number} ALL " + " ".join(fields)


def slxd_sample(number: int, reading: MeterReading) -> str:
    """SLX-D: audio peak, audio RMS, RSSI; each value - 120."""
    peak = digits(_scaled(reading.audio_peak_dbfs, 120, 120), 3)
    rms = digits(_scaled(reading.audio_rms_dbfs, 120, 120), 3)
    rssi = digits(_scaled(max(reading.rssi_dbm), 120, 120), 3)
    return f"SAMPLE {number} ALL {peak} {rms} {rssi}"


def sample_body(
    family: Family, layout: SampleLayout, channel: ChannelState, reading: MeterReading
) -> str:
    """The SAMPLE message body for ``channel`` in its family's layout."""
    if family is Family.AD:
        return ad_sample(channel.number, channel_quality(channel), reading, layout)
    if family is Family.SLXD:
        return slxd_sample(channel.number, reading)
    return ulxd_sample(channel.number, reading)


def antennas_for(family: Family, layout: SampleLayout) -> int:
    """How many antenna inputs a channel's first RF section meters."""
    if family is Family.AD and layout is SampleLayout.QUADVERSITY:
        return 4
    return 2
