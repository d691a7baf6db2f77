"""A probe that benchmarks/bench_ha_load.py puts into its throw-away config.

Never installed anywhere else. Inside the Home Assistant process it measures:

- event-loop lag: a timer due every 50 ms records how late it ran;
- state writes: `state_changed` events counted per entity (a bus listener,
  so the count costs the measured process almost nothing, unlike a
  websocket subscriber that would get ~2000 events/s serialized to it);
- samples received: the micboard receiver clients' own counters.

`loopprobe.snapshot` (response only) returns what was gathered since the
last snapshot and starts over, so a caller brackets a window with two calls.
"""

from __future__ import annotations

from collections import Counter
import time
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, EVENT_STATE_CHANGED
from homeassistant.core import (
    Event,
    EventStateChangedData,
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.helpers.typing import ConfigType

DOMAIN = "loopprobe"
PERIOD = 0.05
"""Seconds between timer ticks."""


def _percentile(ordered: list[float], fraction: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


class Probe:
    """Timer lateness and state-change counts since the last snapshot."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start empty."""
        self.hass = hass
        self.lags: list[float] = []
        self.changes: Counter[str] = Counter()
        self.since = time.time()
        self._due = 0.0
        self._handle: Any = None

    @callback
    def start(self) -> None:
        """Start the timer and the state listener."""
        loop = self.hass.loop
        self._due = loop.time() + PERIOD
        self._handle = loop.call_at(self._due, self._tick)
        self.hass.bus.async_listen(EVENT_STATE_CHANGED, self._on_state_changed)

    @callback
    def stop(self, _event: Event | None = None) -> None:
        """Stop the timer."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @callback
    def _tick(self) -> None:
        loop = self.hass.loop
        now = loop.time()
        self.lags.append(now - self._due)
        self._due += PERIOD
        if self._due <= now:  # skip the ticks a long stall swallowed
            self._due = now + PERIOD
        self._handle = loop.call_at(self._due, self._tick)

    @callback
    def _on_state_changed(self, event: Event[EventStateChangedData]) -> None:
        self.changes[event.data["entity_id"]] += 1

    def _samples(self) -> dict[str, int]:
        """The micboard clients' lifetime counters, summed over loaded entries."""
        totals = {"entries": 0, "samples": 0, "reports": 0, "bytes": 0}
        for entry in self.hass.config_entries.async_entries("micboard"):
            data = getattr(entry, "runtime_data", None)
            client = getattr(getattr(data, "coordinator", None), "client", None)
            counters = getattr(client, "counters", None)
            if counters is None:
                continue
            totals["entries"] += 1
            totals["samples"] += counters.samples
            totals["reports"] += counters.reports
            totals["bytes"] += counters.bytes_received
        return totals

    @callback
    def snapshot(self, call: ServiceCall) -> ServiceResponse:
        """What was measured since the last snapshot; then start over."""
        now = time.time()
        lags = sorted(lag * 1000 for lag in self.lags)
        result: dict[str, Any] = {
            "since": self.since,
            "until": now,
            "lag_ms": {
                "ticks": len(lags),
                "mean": sum(lags) / len(lags) if lags else None,
                "p50": _percentile(lags, 0.50),
                "p95": _percentile(lags, 0.95),
                "p99": _percentile(lags, 0.99),
                "max": lags[-1] if lags else None,
            },
            "state_changed": dict(self.changes),
            "micboard": self._samples(),
        }
        if call.data.get("reset", True):
            self.lags = []
            self.changes = Counter()
            self.since = now
        return result


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Start probing as soon as Home Assistant loads the probe."""
    probe = Probe(hass)
    probe.start()
    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, probe.stop)
    hass.services.async_register(
        DOMAIN, "snapshot", probe.snapshot, supports_response=SupportsResponse.ONLY
    )
    return True
