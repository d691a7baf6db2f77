"""Percentiles and least-squares slopes for the soak's numbers."""

from __future__ import annotations

from collections.abc import Sequence
import math

SECONDS_PER_HOUR = 3600.0


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (``fraction`` 0..1); None without values."""
    if not values:
        return None
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be 0..1, got {fraction}")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of (x, y) points; None with under two distinct x."""
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def slope_per_hour(
    samples: Sequence[tuple[float, float]], warm_up: float
) -> float | None:
    """Slope per hour of (seconds, value) samples taken after ``warm_up``."""
    kept = [(t, v) for t, v in samples if t >= warm_up]
    per_second = slope(kept)
    return None if per_second is None else per_second * SECONDS_PER_HOUR


def slopes_by_half(
    samples: Sequence[tuple[float, float]], warm_up: float
) -> tuple[float | None, float | None]:
    """Slopes per hour of the first and second half of the samples after warm-up.

    Growth that levels off (caches filling) shows as a second half far flatter
    than the first; a leak keeps the same slope in both.
    """
    kept = [(t, v) for t, v in samples if t >= warm_up]
    if len(kept) < 4:
        return None, None
    middle = kept[0][0] + (kept[-1][0] - kept[0][0]) / 2
    first = [(t, v) for t, v in kept if t <= middle]
    second = [(t, v) for t, v in kept if t >= middle]
    return slope_per_hour(first, warm_up), slope_per_hour(second, warm_up)


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """count, p50, p99 and max."""
    return {
        "count": len(values),
        "p50": percentile(values, 0.50),
        "p99": percentile(values, 0.99),
        "max": max(values) if values else None,
    }
