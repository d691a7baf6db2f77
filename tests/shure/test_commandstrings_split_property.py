"""Any split of a recorded byte stream parses to the same final state."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from custom_components.micboard.shure.commandstrings.framing import FrameSplitter

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

HOSTILE = (
    b"<" + b"{" * 700 + b"<{<}" * 1100 + b"< REP {" + b"x" * 300 + b">" + b"{>" * 200
)
"""Open braces that never close, `<` hidden in braces past the frame limit."""

RECORDINGS = (
    AD4Q_ALL + AD4Q_SAMPLES + GARBAGE_STREAM + b"< REP 2 CHAN_NAME {A>B} >",
    ULXD4D_ALL + ULXD4D_SAMPLES + b"< REP 1 BATT_BARS 007 >< REP ERR >",
    b"garbage" + SLXD4D_ALL + SLXD_SAMPLES + b"< SAMPLE 1 ALL 1 2 >",
    HOSTILE + SLXD4D_ALL + HOSTILE + b"< REP 2 TX_BATT_BARS 001 >",
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
    ad, ulx, slx, hostile = EXPECTED
    assert ad[0].channels[2].name == "A>B"  # type: ignore[attr-defined]
    assert len(ad[1]) == 4  # type: ignore[arg-type]
    assert isinstance(ad[4], int)
    assert ad[4] >= 4
    assert ulx[6] == 1
    assert slx[7] == 1
    assert hostile[0].channels[2].battery.bars == 1  # type: ignore[attr-defined]
    assert hostile[0].channels[1].name == "Guitar"  # type: ignore[attr-defined]
    assert isinstance(hostile[4], int)
    assert hostile[4] >= 4


def reference_frames(
    data: bytes, *, max_frame: int, max_braced: int
) -> tuple[list[str], int]:
    """The framing rules of framing.py read literally, rescanning as they say.

    Slow (a stray brace is read again byte by byte) but obviously right:
    the frames and the count of garbage runs the splitter must produce.
    """
    frames: list[str] = []
    garbage = 0
    in_garbage = False
    position = 0
    while (start := data.find(b"<", position)) >= 0 or position < len(data):
        skipped = data[position : len(data) if start < 0 else start]
        if skipped.strip() and not in_garbage:
            garbage, in_garbage = garbage + 1, True
        if start < 0:
            break
        in_garbage = False
        index, brace = start + 1, None
        while True:
            if index >= len(data):
                return frames, garbage
            if index - start >= max_frame:
                garbage, in_garbage = garbage + 1, True
                position = start + max_frame
                break
            byte = data[index : index + 1]
            if brace is not None:
                if byte == b"}":
                    brace = None
                elif index - brace > max_braced:
                    index, brace = brace + 1, None
                    continue
            elif byte == b"{":
                brace = index
            elif byte == b">":
                frames.append(data[start + 1 : index].decode("latin-1"))
                position = index + 1
                break
            elif byte == b"<":
                garbage += 1
                start, brace = index, None
            index += 1
    return frames, garbage


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b"<", b">", b"{", b"}", b" ", b"x", b"<{", b"{<}"]),
        max_size=400,
    ).map(b"".join),
    cuts=st.lists(st.integers(min_value=0, max_value=1200), max_size=20),
    max_braced=st.integers(min_value=1, max_value=12),
    max_frame=st.integers(min_value=4, max_value=80),
)
def test_hostile_input_any_split_matches_the_rules(
    data: bytes, cuts: list[int], max_braced: int, max_frame: int
) -> None:
    splitter = FrameSplitter(max_frame=max_frame, max_braced=max_braced)
    frames: list[str] = []
    start = 0
    for point in [*sorted({cut % (len(data) + 1) for cut in cuts}), len(data)]:
        frames.extend(splitter.feed(data[start:point]))
        start = point
    expected = reference_frames(data, max_frame=max_frame, max_braced=max_braced)
    assert (frames, splitter.garbage_frames) == expected
    assert splitter.bytes_examined <= 3 * len(data)
    assert splitter.buffered <= max_frame + max_braced + 1
