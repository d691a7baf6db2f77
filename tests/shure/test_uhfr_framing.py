"""UHF-R framing: the `* ... *` messages of one datagram, whatever else it holds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from custom_components.micboard.shure.uhfr.framing import (
    MAX_DATAGRAM_BYTES,
    split_datagram,
)

from .uhfr_transcripts import SAMPLE_1, UR4D_REPORTS


def test_one_message_per_datagram() -> None:
    split = split_datagram(b"* REPORT 1 TX_BAT 4 *")
    assert split.bodies == ("REPORT 1 TX_BAT 4",)
    assert split.garbage == 0


def test_every_transcript_datagram_holds_one_message() -> None:
    for datagram in (*UR4D_REPORTS, SAMPLE_1):
        split = split_datagram(datagram)
        assert len(split.bodies) == 1, datagram
        assert split.garbage == 0


def test_padding_inside_the_frame_is_stripped() -> None:
    split = split_datagram(b"* REPORT 1 CHAN_NAME Lead_Vox     *")
    assert split.bodies == ("REPORT 1 CHAN_NAME Lead_Vox",)


def test_several_messages_and_line_ends_in_one_datagram() -> None:
    data = b"\r\n* REPORT 1 MUTE ON *\r\n* REPORT 2 MUTE OFF ** SAMPLE 1 ALL XX 1 2 3 4 *\n"
    assert split_datagram(data) == split_datagram(data)  # no state between calls
    split = split_datagram(data)
    assert split.bodies == (
        "REPORT 1 MUTE ON",
        "REPORT 2 MUTE OFF",
        "SAMPLE 1 ALL XX 1 2 3 4",
    )
    assert split.garbage == 0


def test_garbage_around_a_message_is_counted_and_skipped() -> None:
    split = split_datagram(b"\x00junk* REPORT 1 TX_BAT 3 *tail\xff")
    assert split.bodies == ("REPORT 1 TX_BAT 3",)
    assert split.garbage == 2


def test_an_asterisk_inside_a_value_drops_the_message_whole() -> None:
    split = split_datagram(b"* REPORT 1 CHAN_NAME A*B *")
    assert split.bodies == ()
    assert split.garbage == 2


def test_text_without_the_framing_spaces_is_not_a_message() -> None:
    for data in (b"*REPORT 1 TX_BAT 3*", b"* report 1 tx_bat 3 *", b"* *", b"**"):
        assert split_datagram(data).bodies == (), data


def test_an_oversized_datagram_is_dropped_whole() -> None:
    data = b"* REPORT 1 TX_BAT 3 *" + b" " * MAX_DATAGRAM_BYTES
    assert split_datagram(data).bodies == ()
    assert split_datagram(data).garbage == 1


# -- properties ------------------------------------------------------------

_WORD = st.sampled_from(["REPORT", "SAMPLE", "GET", "SET", "METER"])
_TOKEN = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.", min_size=1, max_size=12
)
_BODY = st.builds(
    lambda word, tokens: " ".join([word, *tokens]),
    _WORD,
    st.lists(_TOKEN, max_size=8),
)
_ANY_BYTES = st.binary(max_size=40)
_PLAIN_JUNK = st.binary(max_size=40).map(lambda data: data.replace(b"*", b"").lower())
"""Junk that cannot pass for a message: no asterisk, no word in capitals."""


def _datagram(bodies: list[str], garbage: list[bytes]) -> bytes:
    parts = [garbage[0]]
    for body, junk in zip(bodies, garbage[1:], strict=False):
        parts += [f"* {body} *".encode(), junk]
    return b"".join(parts)


@settings(max_examples=300, deadline=None)
@given(
    bodies=st.lists(_BODY, max_size=6),
    garbage=st.lists(_ANY_BYTES, min_size=7, max_size=7),
)
def test_garbage_never_hides_a_message(bodies: list[str], garbage: list[bytes]) -> None:
    """Any bytes around messages, asterisks included: every message comes out,
    in order, and nothing that comes out lacks the message shape."""
    found = list(split_datagram(_datagram(bodies, garbage)).bodies)
    position = 0
    for body in bodies:
        position = found.index(body, position) + 1
    for body in found:
        assert body.split()[0].isupper()


@settings(max_examples=300, deadline=None)
@given(
    bodies=st.lists(_BODY, max_size=6),
    garbage=st.lists(_PLAIN_JUNK, min_size=7, max_size=7),
)
def test_garbage_without_asterisks_gives_exactly_the_messages(
    bodies: list[str], garbage: list[bytes]
) -> None:
    split = split_datagram(_datagram(bodies, garbage))
    assert list(split.bodies) == bodies
    junk = [
        part for part in garbage[: len(bodies) + 1] if part.decode("latin-1").strip()
    ]
    assert split.garbage == len(junk)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_are_read_without_error(data: bytes) -> None:
    split = split_datagram(data)
    assert split.garbage >= 0
    for body in split.bodies:
        assert "*" not in body
        assert body == body.strip()
