"""The simulator's own framing and value encoding."""

from __future__ import annotations

from simulator.receivers.encoding import (
    MAX_MESSAGE_CHARS,
    MessageReader,
    braced,
    digits,
    split_tokens,
    unbrace,
)


def test_reader_reassembles_messages_split_across_reads() -> None:
    reader = MessageReader()
    assert reader.feed(b"< GET 1 CHA") == []
    assert reader.feed(b"N_NAME >< GET MODEL >< SET") == [
        "< GET 1 CHAN_NAME >",
        "< GET MODEL >",
    ]
    assert reader.feed(b" 1 AUDIO_MUTE ON >") == ["< SET 1 AUDIO_MUTE ON >"]


def test_reader_keeps_angle_brackets_inside_braces() -> None:
    reader = MessageReader()
    assert reader.feed(b"< SET 1 CHAN_NAME {A>B <C} >") == [
        "< SET 1 CHAN_NAME {A>B <C} >"
    ]


def test_reader_skips_garbage_and_restarts_on_a_new_message() -> None:
    reader = MessageReader()
    messages = reader.feed(b"\x00\xffnoise< GET 1 < GET MODEL >\r\n")
    assert messages == ["< GET MODEL >"]


def test_reader_drops_an_endless_message() -> None:
    reader = MessageReader()
    assert reader.feed(b"< GET " + b"X" * (MAX_MESSAGE_CHARS + 10)) == []
    assert reader.overflows == 1
    assert reader.feed(b">< GET MODEL >") == ["< GET MODEL >"]


def test_padding_and_digits() -> None:
    assert braced("AD4Q-A", 8) == "{AD4Q-A  }"
    assert braced("ABCDEFGHIJ", 8) == "{ABCDEFGH}"
    assert digits(7, 3) == "007"
    assert digits(123456, 5) == "99999"
    assert digits(-3, 3) == "000"


def test_tokens_keep_braced_strings_whole() -> None:
    assert split_tokens("SET 1 CHAN_NAME {H01 Dave   }") == [
        "SET",
        "1",
        "CHAN_NAME",
        "{H01 Dave   }",
    ]
    assert unbrace("{H01 Dave   }") == "H01 Dave"
