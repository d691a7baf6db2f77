"""Decode `SAMPLE x ALL ...` meter fields, one decoder per family.

A decoder raises ValueError when the layout does not fit (wrong field
count); a single absurd value only blanks that value and is counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import MeterSample
from .values import parse_antenna, parse_int, parse_offset_level, parse_quality

type SampleResult = tuple[MeterSample, int]
"""The sample and the number of values rejected in it."""

ULX_RF_OFFSET = 128
ULX_AUDIO_OFFSET = 50
DIGITAL_OFFSET = 120
"""AD and SLX-D audio (dBFS) and RSSI (dBm) are `value - 120`."""

SLXD_SAMPLE_FIELDS: tuple[str, ...] = (
    "audio_peak_dbfs",
    "audio_level_dbfs",
    "rf_level_dbm",
)
"""SLX-D field order, as the command-string document gives it.

One capture from an SLXD4DE has been read as RF first; if that proves right,
reorder this table and nothing else.
"""


_AD_SECTION_NUMBERS = (4, 8)
"""Values in one AD RF section: two or four (bitmap, RSSI) pairs."""


class _Values:
    """Collects per-field results, counting the rejected ones."""

    def __init__(self) -> None:
        self.rejected = 0

    def level(self, raw: str, offset: int, high: int) -> int | None:
        try:
            return parse_offset_level(raw, offset, high)
        except ValueError:
            self.rejected += 1
            return None

    def antenna(self, raw: str) -> str | None:
        try:
            return parse_antenna(raw)
        except ValueError:
            self.rejected += 1
            return None

    def quality(self, raw: str) -> int | None:
        try:
            return parse_quality(raw)
        except ValueError:
            self.rejected += 1
            return None


def decode_ulx_sample(channel: int, fields: Sequence[str]) -> SampleResult:
    """ULX-D / QLX-D: antenna LEDs, RF (value - 128 dBm), audio (value - 50)."""
    if len(fields) != 3:
        raise ValueError(f"ULX-D sample needs 3 fields, got {len(fields)}")
    values = _Values()
    antenna = values.antenna(fields[0])
    rf_level = values.level(fields[1], ULX_RF_OFFSET, ULX_RF_OFFSET)
    sample = MeterSample(
        channel=channel,
        antenna=antenna,
        rf_level_dbm=rf_level,
        antenna_levels_dbm=() if rf_level is None else (rf_level,),
        audio_level_dbfs=values.level(fields[2], ULX_AUDIO_OFFSET, ULX_AUDIO_OFFSET),
    )
    return sample, values.rejected


def decode_ad_sample(channel: int, fields: Sequence[str]) -> SampleResult:
    """Axient Digital, parsed by length.

    quality, audio LED bitmap, audio peak, audio RMS, then one or more RF
    sections: an antenna status token (letters) followed by (RF bitmap, RSSI)
    pairs, two per section (diversity) or four (Quadversity). FD-C appends a
    second section. Sections are found by their status token, not by count.
    """
    if len(fields) < 7:
        raise ValueError(f"AD sample needs at least 7 fields, got {len(fields)}")
    values = _Values()
    quality = values.quality(fields[0])
    parse_int(fields[1], 0, 255)  # audio LED bitmap: checked, not used
    peak = values.level(fields[2], DIGITAL_OFFSET, DIGITAL_OFFSET)
    rms = values.level(fields[3], DIGITAL_OFFSET, DIGITAL_OFFSET)
    antennas: list[str | None] = []
    levels: list[int] = []
    for header, pairs in _rf_sections(fields[4:]):
        antennas.append(values.antenna(header))
        for bitmap, rssi in pairs:
            parse_int(bitmap, 0, 255)
            level = values.level(rssi, DIGITAL_OFFSET, DIGITAL_OFFSET)
            if level is not None:
                levels.append(level)
    sample = MeterSample(
        channel=channel,
        quality=quality,
        audio_peak_dbfs=peak,
        audio_level_dbfs=rms,
        antenna=antennas[0],
        antenna_levels_dbm=tuple(levels),
        rf_level_dbm=max(levels, default=None),
    )
    return sample, values.rejected


def _rf_sections(
    fields: Sequence[str],
) -> list[tuple[str, list[tuple[str, str]]]]:
    sections: list[tuple[str, list[str]]] = []
    for token in fields:
        if not token.isdigit():
            sections.append((token, []))
        elif sections:
            sections[-1][1].append(token)
        else:
            raise ValueError("AD sample RF section has no antenna status")
    result: list[tuple[str, list[tuple[str, str]]]] = []
    for header, numbers in sections:
        if len(numbers) not in _AD_SECTION_NUMBERS:
            raise ValueError(
                f"AD sample RF section {header!r} has {len(numbers)} values"
            )
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        result.append((header, pairs))
    return result


def decode_slxd_sample(channel: int, fields: Sequence[str]) -> SampleResult:
    """SLX-D: three `value - 120` levels in the order of SLXD_SAMPLE_FIELDS."""
    if len(fields) != len(SLXD_SAMPLE_FIELDS):
        raise ValueError(f"SLX-D sample needs 3 fields, got {len(fields)}")
    values = _Values()
    decoded = {
        name: values.level(raw, DIGITAL_OFFSET, DIGITAL_OFFSET)
        for name, raw in zip(SLXD_SAMPLE_FIELDS, fields, strict=True)
    }
    rf_level = decoded.get("rf_level_dbm")
    sample = MeterSample(
        channel=channel,
        audio_peak_dbfs=decoded.get("audio_peak_dbfs"),
        audio_level_dbfs=decoded.get("audio_level_dbfs"),
        rf_level_dbm=rf_level,
        antenna_levels_dbm=() if rf_level is None else (rf_level,),
    )
    return sample, values.rejected
