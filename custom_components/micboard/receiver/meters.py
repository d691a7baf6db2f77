"""Rate limiting of meter-driven entity states (the "meter state interval" option).

A receiver can meter at 10 Hz per channel. Entity states (and so the state
machine and the recorder) get at most one write per interval per entity,
except when the value crosses into another band (for example RF dropping
below -85 dBm), which is written at once. The live board gets every sample
from the coordinator through the live directory, never through these states.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass, field

RF_LEVEL_BANDS_DBM: tuple[float, ...] = (-90.0, -85.0, -70.0)
"""No usable signal / weak / fair / strong."""
AUDIO_LEVEL_BANDS_DBFS: tuple[float, ...] = (-50.0, -12.0, -3.0)
"""Silent / normal / hot / near clipping."""
RF_LEVEL_BANDS_PERCENT: tuple[float, ...] = (25.0, 50.0, 75.0)
"""UHF-R's RF scale (no dBm there), in quarters."""
AUDIO_LEVEL_BANDS_PERCENT: tuple[float, ...] = (10.0, 60.0, 85.0)
"""UHF-R's 8-step audio meter: silent / normal / hot / the top step."""


@dataclass
class MeterThrottle:
    """Decides which meter values become entity states."""

    interval: float
    """Seconds; 0 writes every changed value."""
    bands: tuple[float, ...]
    hysteresis: float = 2.0
    """How far past an edge a value must go to count as a crossing, so a
    level hovering on an edge does not write on every sample."""
    _last_write: float | None = field(default=None, init=False)
    _last_value: float | None = field(default=None, init=False)

    def band(self, value: float | None) -> int | None:
        """Index of the band a value falls in (None for unknown)."""
        return None if value is None else bisect(self.bands, value)

    def _crossed(self, value: float | None) -> bool:
        """Whether the value left the last written value's band decisively."""
        last = self._last_value
        if value is None or last is None:
            return value != last
        band = bisect(self.bands, last)
        below = self.bands[band - 1] - self.hysteresis if band > 0 else None
        above = self.bands[band] + self.hysteresis if band < len(self.bands) else None
        return (below is not None and value < below) or (
            above is not None and value >= above
        )

    def decide(self, value: float | None, now: float) -> float | None:
        """Seconds until the value may be written: 0 = now, None = not needed."""
        if value == self._last_value and self._last_write is not None:
            return None
        if self.interval <= 0 or self._last_write is None or self._crossed(value):
            return 0.0
        return max(0.0, self._last_write + self.interval - now)

    def written(self, value: float | None, now: float) -> None:
        """Record that a value became the entity's state."""
        self._last_value = value
        self._last_write = now
