"""Rate limiting of meter-driven entity states (the "meter state interval" option).

A receiver can meter at 10 Hz per channel. Entity states (and so the state
machine and the recorder) get at most one write per interval per entity,
and what they write is the *worst* reading of the interval (the lowest RF
level or signal quality, the highest audio level), so a dropout between two
writes still shows in the history. The state is that running worst: when it
moves into a worse band (for example RF dropping below -85 dBm) it is
written at once; a better band shows at the end of the interval, as that
interval's worst. The live board gets every sample from the coordinator
through the live directory, never through these states.
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
    """Decides which meter values become entity states, and which value.

    Readings are gathered in windows of `interval` seconds, the first starting
    at a write (a window with no readings does not count: the next starts
    with the next reading). When a window closes (`close`, from the caller's
    timer) its worst reading is written if it differs from the state.
    """

    interval: float
    """Seconds; 0 writes every changed value."""
    bands: tuple[float, ...]
    hysteresis: float = 2.0
    """How far past an edge a value must go to count as a crossing, so a
    level hovering on an edge does not write on every sample."""
    higher_is_worse: bool = False
    """Audio: the loudest reading is the worst; RF and quality: the lowest."""
    _last_write: float | None = field(default=None, init=False)
    _last_value: float | None = field(default=None, init=False)
    _window_start: float = field(default=0.0, init=False)
    _worst: float | None = field(default=None, init=False)
    _has_worst: bool = field(default=False, init=False)

    @property
    def pending(self) -> float | None:
        """The value to write: the worst reading of the window."""
        return self._worst if self._has_worst else self._last_value

    def band(self, value: float | None) -> int | None:
        """Index of the band a value falls in (None for unknown)."""
        return None if value is None else bisect(self.bands, value)

    def decide(self, value: float | None, now: float) -> float | None:
        """Take one reading: 0 = write `pending` now; else seconds until the
        window closes (call `close` then); None = nothing new to write."""
        if self.interval <= 0:
            self._worst, self._has_worst = value, True
            if value == self._last_value and self._last_write is not None:
                return None
            return 0.0
        ends = self._window_start + self.interval
        if now >= ends and (not self._has_worst or self._worst == self._last_value):
            # The window is over and held nothing new: this reading starts one.
            self._has_worst, self._window_start = False, now
        worst = self._worse(self._worst, value) if self._has_worst else value
        self._worst, self._has_worst = worst, True
        if self._last_write is None or self._crossed(worst):
            return 0.0
        if worst == self._last_value:
            return None
        return max(0.0, self._window_start + self.interval - now)

    def close(self, now: float) -> bool:
        """The window is over: whether to write `pending` (else a new window starts)."""
        if self._has_worst and self._worst != self._last_value:
            return True
        self._has_worst, self._window_start = False, now
        return False

    def written(self, value: float | None, now: float) -> None:
        """Record that a value became the entity's state; a new window starts."""
        self._last_value = value
        self._last_write = self._window_start = now
        self._worst, self._has_worst = None, False

    def _worse(self, a: float | None, b: float | None) -> float | None:
        if a is None or b is None:
            return None  # unknown (no transmitter, no reading) outranks any level
        return max(a, b) if self.higher_is_worse else min(a, b)

    def _crossed(self, value: float | None) -> bool:
        """Whether the value is decisively in a worse band than the last one written,
        or known where that was unknown (or the other way round)."""
        last = self._last_value
        if value is None or last is None:
            return value != last
        band = bisect(self.bands, last)
        if self.higher_is_worse:
            return (
                band < len(self.bands) and value >= self.bands[band] + self.hysteresis
            )
        return band > 0 and value < self.bands[band - 1] - self.hysteresis
