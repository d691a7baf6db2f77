"""The UHF-R benchmark decodes what it times (no timing asserted here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import bench_uhfr


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""


def test_datagrams_are_samples_of_both_channels() -> None:
    datagrams = bench_uhfr.sample_datagrams(6, seed=3)
    assert len(datagrams) == 6
    assert all(d.startswith(b"* SAMPLE ") and d.endswith(b" *") for d in datagrams)
    assert [d.split()[2] for d in datagrams] == [b"1", b"2"] * 3


def test_every_datagram_is_decoded() -> None:
    assert bench_uhfr.decode_all(bench_uhfr.sample_datagrams(400, seed=3)) == 400


def test_quick_run_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "uhfr.json"
    assert (
        bench_uhfr.main(["--samples", "200", "--repeats", "1", "--json", str(out)]) == 0
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["benchmark"], report["samples"], report["decoded"]) == (
        "bench_uhfr",
        200,
        200,
    )
    assert report["samples_per_s"] > 0
