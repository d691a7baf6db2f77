"""The live-hub benchmark's bookkeeping measures what it claims (no timing here)."""

from __future__ import annotations

import json

import pytest

from benchmarks import bench_live_hub as bench


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""


def test_temperatures_are_unique_per_device_for_many_rounds() -> None:
    """Latency matching relies on (device, temperature) being unique."""
    devices = 200
    seen = {
        (n % devices, bench.temperature_for(n, devices)) for n in range(devices * 4000)
    }
    assert len(seen) == devices * 4000
    assert all(-50 <= t <= 150 for _, t in seen)  # accepted by the processor


def test_percentile_nearest_rank() -> None:
    """p50/p99 of a known list; empty gives None."""
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.5) == 51.0
    assert bench.percentile(values, 0.99) == 99.0
    assert bench.percentile([], 0.5) is None


def test_matchers_pair_updates_with_publishes() -> None:
    """batch_update and subscribe_entities diffs are matched by device and value."""
    sent = bench.Sent()
    sent.at[("rx-1", 21.5)] = 10.0
    latencies: list[float] = []
    bench.micboard_matcher(sent, latencies)(
        {
            "type": "batch_update",
            "updates": [
                {"device_code": "RX-1", "changes": {"temperature": 21.5}},
                {"device_code": "RX-2", "changes": {"humidity": 3}},
            ],
        },
        10.25,
    )
    assert latencies == [250.0]
    bench.entities_matcher(sent, latencies, {"sensor.rx_1_temperature": "rx-1"})(
        {"c": {"sensor.rx_1_temperature": {"+": {"s": "21.5"}}}}, 10.5
    )
    assert latencies == [250.0, 500.0]


def test_marginal_cpu_is_relative_to_idle() -> None:
    """CPU per update subtracts the idle run of the same rate."""

    def run(mode: str, cpu: float) -> bench.Run:
        return bench.Run(
            mode=mode,
            rate=100,
            seconds=10.0,
            published=1000,
            accepted=1000,
            latency_ms={},
            matched_updates=0,
            ha_cpu_percent=cpu,
            lag_ms={},
            client_bytes=0,
            client_messages=0,
        )

    runs = [run("micboard", 12.0), run("idle", 10.0)]
    bench.add_marginal_cpu(runs)
    assert runs[0].marginal_cpu_us_per_update == pytest.approx(200.0)
    assert runs[1].marginal_cpu_us_per_update is None


def test_meter_traffic_is_told_apart_from_status_traffic() -> None:
    """Frames and meter-field updates count as meter bytes; status updates do not;
    in a list message only the meter events' share counts."""
    frame = {
        "type": "meter_frame",
        "timestamp": "t",
        "rows": [[0, -60, "AB", -20, None]],
    }
    meters = {
        "type": "batch_update",
        "updates": [{"device_code": "A-1", "changes": {"rf": {"level_dbm": -60}}}],
    }
    status = {
        "type": "batch_update",
        "updates": [
            {
                "device_code": "A-1",
                "changes": {"temperature": 21.5, "rf": {"interference": True}},
            }
        ],
    }
    assert bench.carries_meters(frame)
    assert bench.carries_meters(meters)
    assert not bench.carries_meters(status)
    assert not bench.carries_meters({"type": "system_alert"})
    one = [{"id": 1, "type": "event", "event": frame}]
    assert bench.meter_share(one, 1234) == 1234
    assert bench.meter_share([{"id": 1, "type": "event", "event": status}], 99) == 0
    both = [
        {"id": 1, "type": "event", "event": meters},
        {"id": 1, "type": "event", "event": status},
    ]
    expected = len(json.dumps(both[0], separators=(",", ":")))
    assert bench.meter_share(both, 10_000) == expected
