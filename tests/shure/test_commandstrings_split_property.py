"""Any split of a recorded byte stream parses to the same final state."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from .commandstrings_helpers import DecodedStream
from .commandstrings_transcripts import (
    AD4Q_ALL,
    AD4Q_SAMPLES,
    GARBAGE_STREAM,
    SLXD4D_ALL,
    SLXD_SAMPLES,
    ULXD4D_ALL,
    ULXD4D_SAMPLES,
)

RECORDINGS = (
    AD4Q_ALL + AD4Q_SAMPLES + GARBAGE_STREAM + b"< REP 2 CHAN_NAME {A>B} >",
    ULXD4D_ALL + ULXD4D_SAMPLES + b"< REP 1 BATT_BARS 007 >< REP ERR >",
    b"garbage" + SLXD4D_ALL + SLXD_SAMPLES + b"< SAMPLE 1 ALL 1 2 >",
)


def _outcome(stream: DecodedStream) -> tuple[object, ...]:
    decoder = stream.decoder
    return (
        decoder.receiver,
        stream.samples,
        stream.unparsed,
        stream.errors,
        stream.splitter.garbage_frames,
        stream.splitter.buffered,
        decoder.rejected_fields,
        decoder.rejected_samples,
        decoder.unknown_properties,
    )


EXPECTED = [_outcome(DecodedStream().feed(recording)) for recording in RECORDINGS]


@settings(max_examples=200, deadline=None)
@given(
    recording=st.integers(min_value=0, max_value=len(RECORDINGS) - 1),
    cuts=st.lists(st.floats(min_value=0, max_value=1), max_size=40),
)
def test_any_split_gives_the_same_state(recording: int, cuts: list[float]) -> None:
    data = RECORDINGS[recording]
    points = sorted({int(cut * len(data)) for cut in cuts})
    stream = DecodedStream()
    start = 0
    for point in [*points, len(data)]:
        stream.feed(data[start:point])
        start = point
    assert _outcome(stream) == EXPECTED[recording]


def test_byte_by_byte_gives_the_same_state() -> None:
    for recording, expected in zip(RECORDINGS, EXPECTED, strict=True):
        stream = DecodedStream()
        for index in range(len(recording)):
            stream.feed(recording[index : index + 1])
        assert _outcome(stream) == expected


def test_recordings_are_meaningful() -> None:
    """The property would be vacuous if nothing decoded."""
    ad, ulx, slx = EXPECTED
    assert ad[0].channels[2].name == "A>B"  # type: ignore[attr-defined]
    assert len(ad[1]) == 4  # type: ignore[arg-type]
    assert isinstance(ad[4], int)
    assert ad[4] >= 4
    assert ulx[6] == 1
    assert slx[7] == 1
