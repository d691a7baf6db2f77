"""The parser benchmark measures what it claims (no timing asserted here)."""

from __future__ import annotations

import pytest

from benchmarks import bench_parser
from custom_components.micboard.shure.commandstrings.decode import ReceiverDecoder
from custom_components.micboard.shure.commandstrings.messages import (
    Sample,
    parse_message,
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the package-wide fixture: no hass instance is needed here."""


@pytest.mark.parametrize("model", bench_parser.MODELS)
def test_naive_and_real_framing_agree_on_brace_free_samples(model: str) -> None:
    """SAMPLE streams have no braces: the baseline splits them like the real one."""
    data = bench_parser.sample_stream(model, 300, seed=3)
    chunks = bench_parser.chunked(data, 7, seed=3)
    assert b"{" not in data
    assert len(chunks) > 300  # frames really straddle reads
    real = bench_parser.real_frames(chunks)
    assert bench_parser.naive_frames(chunks) == real
    assert len(real) == 300
    assert all(isinstance(parse_message(body), Sample) for body in real)


def test_rep_stream_needs_brace_aware_framing() -> None:
    """Names with `>` in braces: the real framing keeps them, the naive one cannot."""
    data = bench_parser.rep_stream("AD4Q", 404, seed=3)
    chunks = bench_parser.chunked(data, 64, seed=3)
    real = bench_parser.real_frames(chunks)
    naive = bench_parser.naive_frames(chunks)
    assert len(real) == 404
    assert " REP 1 CHAN_NAME {Lead>Vox" + " " * 23 + "} " in real
    assert " REP 1 CHAN_NAME {Lead" in naive  # cut at the `>` in the name
    assert naive != real
    decoder = ReceiverDecoder("127.0.0.1", 2202)
    assert bench_parser.run_real(chunks, decoder) == 404
    names = {channel.name for channel in decoder.receiver.channels.values()}
    assert names <= set(bench_parser.NAMES)
    assert any(">" in name for name in names if name)


def test_decoders_see_every_sample() -> None:
    """The timed pipeline decodes every SAMPLE into the model (none rejected)."""
    decoder = bench_parser.primed_decoder("ULXD4Q")
    chunks = bench_parser.chunked(bench_parser.sample_stream("ULXD4Q", 200, 5), 50, 5)
    assert bench_parser.run_real(chunks, decoder) == 200
    assert decoder.rejected_samples == 0
    assert decoder.meters[1].rf_level_dbm is not None


def test_hostile_streams_are_what_they_claim() -> None:
    """Each hostile stream has its size and its shape; every row is filled."""
    streams = bench_parser.hostile_streams(20_000, seed=3)
    normal, *hostile = streams.values()
    assert all(15_000 <= len(data) <= 20_000 for data in streams.values())
    assert b"{" not in normal
    assert b"}" not in streams["< then { never closed"]
    assert streams["unknown names (REP)"].count(b"XYZ_") > 500
    rows = [
        bench_parser.measure_hostile(name, data, repeats=1)
        for name, data in streams.items()
    ]
    assert [row.stream for row in rows] == list(streams)
    assert all(row.seconds > 0 and row.worst_read_ms > 0 for row in rows)
    assert all(0.9 <= row.examined_per_byte <= 3 for row in rows)
    assert len(hostile) == 3
