"""Framing: `>` outside braces, straddled reads, garbage, runaway buffers."""

from __future__ import annotations

from custom_components.micboard.shure.commandstrings.framing import (
    MAX_BRACED_BYTES,
    MAX_FRAME_BYTES,
    FrameSplitter,
)


def test_many_frames_in_one_read() -> None:
    splitter = FrameSplitter()
    frames = splitter.feed(b"< REP 1 BATT_BARS 004 >< REP ERR >< SAMPLE 1 ALL AX 1 2 >")
    assert frames == [" REP 1 BATT_BARS 004 ", " REP ERR ", " SAMPLE 1 ALL AX 1 2 "]
    assert splitter.garbage_frames == 0
    assert splitter.buffered == 0


def test_frame_straddling_reads() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"< REP 1 CHAN_") == []
    assert splitter.buffered > 0
    assert splitter.feed(b"NAME {Lead") == []
    assert splitter.feed(b" Vox} >< REP") == [" REP 1 CHAN_NAME {Lead Vox} "]
    assert splitter.feed(b" ERR >") == [" REP ERR "]


def test_angle_brackets_inside_braces_do_not_end_a_frame() -> None:
    splitter = FrameSplitter()
    frames = splitter.feed(b"< REP 1 CHAN_NAME {A>B} >< REP 2 CHAN_NAME {<=>} >")
    assert frames == [" REP 1 CHAN_NAME {A>B} ", " REP 2 CHAN_NAME {<=>} "]
    assert splitter.garbage_frames == 0


def test_bytes_before_the_first_frame_are_skipped_and_counted_once() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"junk") == []
    assert splitter.feed(b" more junk") == []
    assert splitter.feed(b"< REP ERR >") == [" REP ERR "]
    assert splitter.garbage_frames == 1


def test_whitespace_between_frames_is_not_garbage() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"\r\n< REP ERR >\r\n  < REP ERR >") == [" REP ERR "] * 2
    assert splitter.garbage_frames == 0


def test_truncated_frame_is_dropped_at_the_next_open_bracket() -> None:
    splitter = FrameSplitter()
    frames = splitter.feed(b"< REP 1 BATT_BA< REP 1 BATT_BARS 003 >")
    assert frames == [" REP 1 BATT_BARS 003 "]
    assert splitter.garbage_frames == 1


def test_frame_without_open_bracket_is_skipped() -> None:
    splitter = FrameSplitter()
    frames = splitter.feed(b"REP 1 BATT_BARS 003 >< REP ERR >")
    assert frames == [" REP ERR "]
    assert splitter.garbage_frames == 1


def test_runaway_frame_is_capped_and_sync_recovers() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"<" + b"x" * (MAX_FRAME_BYTES + 10)) == []
    assert splitter.buffered < MAX_FRAME_BYTES
    assert splitter.garbage_frames == 1
    assert splitter.feed(b"< REP ERR >") == [" REP ERR "]


def test_runaway_resyncs_to_an_open_bracket_inside_it() -> None:
    splitter = FrameSplitter(max_frame=64)
    frames = splitter.feed(b"<" + b"x" * 100 + b"< REP ERR >")
    assert frames == [" REP ERR "]
    assert splitter.garbage_frames == 1


def test_stray_open_brace_does_not_swallow_later_frames() -> None:
    splitter = FrameSplitter(max_braced=32)
    stream = b"< REP 1 CHAN_NAME {lost >< REP ERR >" + b" " * 40
    frames = splitter.feed(stream)
    assert frames == [" REP 1 CHAN_NAME {lost ", " REP ERR "]


def test_memory_stays_bounded_under_endless_garbage() -> None:
    splitter = FrameSplitter()
    for _ in range(100):
        splitter.feed(b"no frame here " * 100)
        assert splitter.buffered == 0
    for _ in range(10):
        splitter.feed(b"<" + b"z" * 1000)
        assert splitter.buffered <= MAX_FRAME_BYTES


def test_latin1_bytes_decode_without_error() -> None:
    splitter = FrameSplitter()
    assert splitter.feed(b"< REP 1 CHAN_NAME {Caf\xe9} >") == [
        " REP 1 CHAN_NAME {Café} "
    ]


def _hostile_streams() -> dict[str, bytes]:
    """Inputs that once made the splitter rescan the same bytes again and again."""
    return {
        "open braces": (b"<" + b"{" * 3000) * 8,
        "braces in runaway frames": (b"<" + b"{<}" * 2000) * 4,
        "stray braces before the end": (b"< REP {" + b"x" * 300 + b">") * 100,
        "nested open brackets": b"<" + b"{<" * 12000,
    }


def test_framing_examines_each_byte_a_bounded_number_of_times() -> None:
    for name, stream in _hostile_streams().items():
        for max_braced in (16, MAX_BRACED_BYTES, 1024):
            splitter = FrameSplitter(max_braced=max_braced)
            splitter.feed(stream)
            assert splitter.bytes_examined <= 3 * len(stream), (name, max_braced)


def test_framing_work_does_not_depend_on_how_the_stream_is_cut() -> None:
    stream = _hostile_streams()["open braces"]
    whole = FrameSplitter()
    whole.feed(stream)
    pieces = FrameSplitter()
    for start in range(0, len(stream), 7):
        pieces.feed(stream[start : start + 7])
    assert pieces.bytes_examined <= 3 * len(stream)
    assert pieces.garbage_frames == whole.garbage_frames
    assert pieces.buffered == whole.buffered


def test_frames_after_hostile_input_still_arrive() -> None:
    for name, stream in _hostile_streams().items():
        splitter = FrameSplitter()
        splitter.feed(stream)
        frames = splitter.feed(b"}}} > junk < REP ERR >< REP 1 CHAN_NAME {A>B} >")
        assert frames[-2:] == [" REP ERR ", " REP 1 CHAN_NAME {A>B} "], name
        assert splitter.buffered == 0


def test_stray_brace_rescan_finds_the_frame_end_inside_the_brace() -> None:
    splitter = FrameSplitter(max_braced=8)
    frames = splitter.feed(b"< A {b > c {d < REP ERR >")
    assert frames == [" A {b ", " REP ERR "]
    assert splitter.garbage_frames == 1


def test_runaway_frame_is_dropped_whole() -> None:
    splitter = FrameSplitter(max_frame=64)
    frames = splitter.feed(b"<{< REP ERR >}" + b"x" * 60 + b"< REP 1 BATT_BARS 003 >")
    assert frames == [" REP 1 BATT_BARS 003 "]
    assert splitter.garbage_frames == 1
