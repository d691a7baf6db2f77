"""Telemetry values: slow, bounded random walks, one stream per device.

Each device draws from its own random generator (seeded from the run's seed
and its device code), so adding a device to a plan does not change what the
others report. Every value is clamped into its plan range, which the plan
parser keeps within what micboard accepts: nothing produced here is ever
rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
import random
from typing import Any

from .plan import FIELD_RANGES, DevicePlan, GpsPlan, Plan

METRES_PER_DEGREE = 111_320.0
# How far (as a fraction of its range) a climate value may move per minute,
# and how strongly it is pulled back towards the middle of its range.
CLIMATE_STEP_PER_MINUTE = 0.12
CLIMATE_PULL_PER_MINUTE = 0.05


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


@dataclass
class _Drift:
    """A value that wanders inside ``low..high`` and drifts back to the middle."""

    low: float
    high: float
    value: float

    def advance(self, rng: random.Random, seconds: float) -> float:
        span = self.high - self.low
        minutes = seconds / 60
        middle = (self.low + self.high) / 2
        step = rng.gauss(0.0, CLIMATE_STEP_PER_MINUTE * span * math.sqrt(minutes))
        pull = (middle - self.value) * min(1.0, CLIMATE_PULL_PER_MINUTE * minutes)
        self.value = _clamp(self.value + step + pull, self.low, self.high)
        return self.value


@dataclass
class _Walk:
    """A position (metres north and east of the start) that wanders slowly."""

    plan: GpsPlan
    north_m: float = 0.0
    east_m: float = 0.0

    def advance(self, rng: random.Random, seconds: float) -> tuple[float, float]:
        spread = self.plan.speed_m_s * math.sqrt(max(seconds, 0.0))
        self.north_m += rng.gauss(0.0, spread)
        self.east_m += rng.gauss(0.0, spread)
        distance = math.hypot(self.north_m, self.east_m)
        if distance > self.plan.radius_m:  # step back inside the circle
            scale = self.plan.radius_m / distance
            self.north_m *= scale
            self.east_m *= scale
        return self.position()

    def position(self) -> tuple[float, float]:
        start_lat, start_lon = self.plan.start
        latitude = _clamp(start_lat + self.north_m / METRES_PER_DEGREE, -90.0, 90.0)
        cos_lat = max(math.cos(math.radians(latitude)), 0.01)
        longitude = start_lon + self.east_m / (METRES_PER_DEGREE * cos_lat)
        if not -180.0 <= longitude <= 180.0:  # across the antimeridian
            longitude = (longitude + 180.0) % 360.0 - 180.0
        return latitude, longitude


def _rounded(name: str, value: float, digits: int, low: float, high: float) -> float:
    accepted_low, accepted_high = FIELD_RANGES[name]
    low, high = max(low, accepted_low), min(high, accepted_high)
    return _clamp(round(value, digits), low, high)


class _DeviceStream:
    """The values of one device, advanced round by round."""

    def __init__(self, plan: DevicePlan, seed: int | None) -> None:
        self.plan = plan
        self.rng = random.Random(
            None if seed is None else f"{seed}:{plan.device_code.casefold()}"
        )
        self.temperature = self._drift(plan.temperature)
        self.humidity = self._drift(plan.humidity)
        self.walk = self._walk(plan.gps)

    def _drift(self, bounds: tuple[float, float] | None) -> _Drift | None:
        if bounds is None:
            return None
        low, high = bounds
        quarter = (high - low) / 4
        return _Drift(low, high, self.rng.uniform(low + quarter, high - quarter))

    def _walk(self, gps: GpsPlan | None) -> _Walk | None:
        """Start somewhere within half the radius: devices do not overlap."""
        if gps is None:
            return None
        distance = gps.radius_m / 2 * math.sqrt(self.rng.random())
        angle = self.rng.uniform(0, 2 * math.pi)
        return _Walk(gps, distance * math.cos(angle), distance * math.sin(angle))

    def payload(self, elapsed: float, seconds: float) -> dict[str, Any]:
        payload: dict[str, Any] = {"status": self.plan.status_at(elapsed)}
        if self.temperature is not None:
            value = self.temperature.advance(self.rng, seconds)
            low, high = self.temperature.low, self.temperature.high
            payload["temperature"] = _rounded("temperature", value, 1, low, high)
        if self.humidity is not None:
            value = self.humidity.advance(self.rng, seconds)
            low, high = self.humidity.low, self.humidity.high
            payload["humidity"] = _rounded("humidity", value, 1, low, high)
        if self.walk is not None:
            latitude, longitude = self.walk.advance(self.rng, seconds)
            payload["latitude"] = _rounded("latitude", latitude, 6, -90, 90)
            payload["longitude"] = _rounded("longitude", longitude, 6, -180, 180)
        return payload


class TelemetryGenerator:
    """Payloads for every device of a plan, one round at a time."""

    def __init__(self, plan: Plan, seed: int | None = None) -> None:
        """``seed`` makes the values repeatable (None: different every run)."""
        self.plan = plan
        self._streams = [_DeviceStream(device, seed) for device in plan.devices]
        self._last_elapsed: float | None = None

    def round(self, elapsed: float) -> list[tuple[str, dict[str, Any]]]:
        """(device code, payload) for every device, ``elapsed`` s after start."""
        previous = self._last_elapsed
        seconds = 0.0 if previous is None else max(0.0, elapsed - previous)
        self._last_elapsed = elapsed
        return [
            (stream.plan.device_code, stream.payload(elapsed, seconds))
            for stream in self._streams
        ]
