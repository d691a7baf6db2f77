"""Percentiles and slopes of the soak's numbers."""

from __future__ import annotations

import pytest
from soak.stats import percentile, slope, slope_per_hour, slopes_by_half, summary


def test_percentile_nearest_rank() -> None:
    """Nearest rank on the sorted values; order of input does not matter."""
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.99) == 5.0
    assert percentile(values, 0.0) == 1.0
    assert percentile(list(range(1, 101)), 0.99) == 99
    assert percentile([], 0.5) is None
    with pytest.raises(ValueError, match="fraction"):
        percentile(values, 1.5)


def test_slope_of_a_line_and_of_noise() -> None:
    """An exact line gives its slope; a flat series 0; too few points None."""
    assert slope([(0, 1), (1, 3), (2, 5)]) == pytest.approx(2.0)
    assert slope([(0, 4), (1, 6), (2, 4), (3, 6)]) == pytest.approx(0.4)
    assert slope([(0, 7), (5, 7)]) == 0
    assert slope([(1, 1)]) is None
    assert slope([(1, 1), (1, 2)]) is None


def test_slope_per_hour_skips_warm_up() -> None:
    """Growth during the warm-up is left out; seconds become hours."""
    samples = [(0.0, 0.0), (10.0, 100.0)] + [
        (t, 100.0 + t / 3600) for t in range(60, 600, 10)
    ]
    assert slope_per_hour(samples, warm_up=60) == pytest.approx(1.0)
    assert slope_per_hour(samples, warm_up=0) > 10


def test_slopes_by_half_tell_levelling_off_from_a_leak() -> None:
    """Caches that fill and stop: a flat second half; a leak: the same slope twice."""
    levelling = [(float(t), min(t, 1800) / 3600) for t in range(0, 3600, 10)]
    first, second = slopes_by_half(levelling, warm_up=0)
    assert first == pytest.approx(1.0, rel=0.05)
    assert second == pytest.approx(0.0, abs=1e-9)
    leak = [(float(t), 5 + t / 3600) for t in range(0, 3600, 10)]
    assert slopes_by_half(leak, warm_up=0) == (
        pytest.approx(1.0),
        pytest.approx(1.0),
    )
    assert slopes_by_half(leak[:3], warm_up=0) == (None, None)


def test_summary() -> None:
    """count, p50, p99, max."""
    assert summary([1.0, 2.0, 3.0]) == {"count": 3, "p50": 2.0, "p99": 3.0, "max": 3.0}
    assert summary([]) == {"count": 0, "p50": None, "p99": None, "max": None}
