"""Frame bodies to messages, and outgoing command formatting."""

from __future__ import annotations

import pytest

from custom_components.micboard.shure.commandstrings.messages import (
    ErrorReport,
    Report,
    Sample,
    format_get,
    format_set,
    parse_message,
    split_tokens,
)


def test_device_report_with_padded_braced_string() -> None:
    message = parse_message(" REP MODEL {AD4Q-A                          } ")
    assert message == Report(None, "MODEL", ("AD4Q-A",))
    assert isinstance(message, Report)
    assert message.value == "AD4Q-A"
    assert message.index is None
    assert message.key == "MODEL"


def test_channel_report_with_brackets_in_name() -> None:
    message = parse_message(" REP 2 CHAN_NAME {A>B <x>   } ")
    assert message == Report(2, "CHAN_NAME", ("A>B <x>",))


def test_indexed_report() -> None:
    message = parse_message(" REP 1 RSSI 2 083 ")
    assert isinstance(message, Report)
    assert message.index == "2"
    assert message.value == "083"
    assert message.key == "RSSI 2"


def test_report_without_value() -> None:
    message = parse_message(" REP 1 FLASH ")
    assert isinstance(message, Report)
    assert message.value == ""


@pytest.mark.parametrize("body", [" REP ERR ", "REP 1 ERR", " rep err "])
def test_error_report(body: str) -> None:
    assert parse_message(body) == ErrorReport()


def test_sample() -> None:
    message = parse_message(" SAMPLE 1 ALL 005 031 102 102 BB 31 086 31 065 ")
    assert message == Sample(
        1, ("005", "031", "102", "102", "BB", "31", "086", "31", "065")
    )


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        " HELLO ",
        " REP ",
        " REP 1 ",
        " REP 1 9BAD 1 ",
        " REP 1 CHAN_NAME {unclosed ",
        " SAMPLE ",
        " SAMPLE X ALL 1 2 3 ",
        " SAMPLE 1 SOME 1 2 3 ",
        " GET 1 CHAN_NAME ",
    ],
)
def test_unrecognised_bodies(body: str) -> None:
    assert parse_message(body) is None


def test_split_tokens_keeps_inner_spacing_and_strips_padding() -> None:
    assert split_tokens("REP 1 CHAN_NAME {  Lead  Vox   }") == [
        "REP",
        "1",
        "CHAN_NAME",
        "Lead  Vox",
    ]
    assert split_tokens("a {b") is None
    assert split_tokens("{}") == [""]


def test_format_commands() -> None:
    assert format_get("MODEL") == b"< GET MODEL >"
    assert format_get("ALL", 0) == b"< GET 0 ALL >"
    assert format_set("METER_RATE", "01000", 1) == b"< SET 1 METER_RATE 01000 >"
    assert format_set("FLASH", "ON") == b"< SET FLASH ON >"


@pytest.mark.parametrize(
    ("body", "tokens"),
    [
        (" SAMPLE 1 ALL AX 098 032 ", ["SAMPLE", "1", "ALL", "AX", "098", "032"]),
        (
            "SAMPLE\t1  ALL\nXB\r\x0b090\x0c010",
            ["SAMPLE", "1", "ALL", "XB", "090", "010"],
        ),
        ("REP 1 CHAN_NAME Lead\u2003Vox", ["REP", "1", "CHAN_NAME", "Lead", "Vox"]),
        ("REP a}b }", ["REP", "a}b", "}"]),
        ("", []),
        (" \t ", []),
    ],
)
def test_split_tokens_without_braces_splits_on_any_whitespace(
    body: str, tokens: list[str]
) -> None:
    """The brace-free fast path splits exactly where the brace-aware one does."""
    assert split_tokens(body) == tokens
    assert split_tokens(body + " {x}") == [*tokens, "x"]  # the brace-aware path
