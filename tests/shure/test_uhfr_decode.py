"""UHF-R messages, values and the decoder, from the transcripts."""

from __future__ import annotations

import pytest

from custom_components.micboard.shure.commandstrings.decode import RAW_VALUES_LIMIT
from custom_components.micboard.shure.models import ReceiverFamily, RuntimeState
from custom_components.micboard.shure.uhfr.decode import UhfrDecoder
from custom_components.micboard.shure.uhfr.framing import split_datagram
from custom_components.micboard.shure.uhfr.messages import (
    Report,
    Sample,
    format_get,
    format_meter,
    format_meter_stop,
    format_set,
    parse_message,
)
from custom_components.micboard.shure.uhfr.values import (
    audio_percent,
    parse_bars,
    parse_gain,
    parse_group_chan,
    parse_name,
    parse_runtime,
    rf_percent,
)

from .uhfr_transcripts import (
    GET_BATTERY_1,
    GET_GROUP_1,
    GET_NAME_1,
    METER_1_90_MS,
    METER_1_STOP,
    SAMPLE_1,
    SAMPLE_1_TOP,
    SAMPLE_2_NO_SIGNAL,
    UR4D_REPORTS,
)


def _feed(decoder: UhfrDecoder, *datagrams: bytes) -> list[object]:
    """Apply datagrams; return the meter samples they held."""
    samples: list[object] = []
    for datagram in datagrams:
        for body in split_datagram(datagram).bodies:
            message = parse_message(body)
            if isinstance(message, Report):
                decoder.apply_report(message)
            elif isinstance(message, Sample):
                samples.append(decoder.apply_sample(message))
    return samples


def test_requests_are_formatted_as_micboard_sends_them() -> None:
    assert format_get(1, "CHAN_NAME") == GET_NAME_1
    assert format_get(1, "TX_BAT") == GET_BATTERY_1
    assert format_get(1, "GROUP_CHAN") == GET_GROUP_1
    assert format_meter(1, 3) == METER_1_90_MS
    assert format_meter_stop(1) == METER_1_STOP
    assert format_set(1, "MUTE", "ON") == b"* SET 1 MUTE ON *"
    assert format_set(2, "CHAN_NAME", "Lead_Vox") == b"* SET 2 CHAN_NAME Lead_Vox *"


@pytest.mark.parametrize("value", ["two words", "A*B", "", "caf\xe9"])
def test_a_set_value_must_be_one_ascii_word_without_asterisk(value: str) -> None:
    with pytest.raises(ValueError, match="not a UHF-R value"):
        format_set(1, "CHAN_NAME", value)


@pytest.mark.parametrize("steps", [0, 1000])
def test_meter_steps_outside_three_digits_are_refused(steps: int) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.999"):
        format_meter(1, steps)


def test_message_parsing() -> None:
    assert parse_message("REPORT 2 GROUP_CHAN 01   05") == Report(
        2, "GROUP_CHAN", "01 05"
    )
    assert parse_message("REPORT 1 TX_BAT") == Report(1, "TX_BAT", "")
    assert parse_message("REPORT MODEL_NAME UR4D") == Report(None, "MODEL_NAME", "UR4D")
    assert parse_message("SAMPLE 1 ALL AX 070 100 4 032") == Sample(
        1, ("AX", "070", "100", "4", "032")
    )
    for body in (
        "REPORT",
        "REPORT 1",
        "REPORT 1 tx_bat 4",
        "SAMPLE 1 SOME 1",
        "SAMPLE x ALL",
        "GET 1 TX_BAT",
        "",
    ):
        assert parse_message(body) is None, body


def test_values() -> None:
    assert parse_name("Lead_Vox    ") == "Lead Vox"
    assert parse_name("___") is None
    assert parse_bars("U") is None
    assert parse_bars("UNKNOWN") is None
    assert parse_bars("3") == 3
    assert parse_gain("00") == 0
    assert parse_gain("32") == -32
    assert parse_group_chan("01 05") == (1, 5)
    assert parse_group_chan("-- --") == (None, None)
    assert parse_runtime("UNKNOWN") == (RuntimeState.UNKNOWN, None)
    assert parse_runtime("00125") == (RuntimeState.KNOWN, 125)
    assert [rf_percent(raw) for raw in ("020", "060", "070", "100", "000")] == [
        100,
        50,
        38,
        0,
        100,
    ]
    assert [
        audio_percent(raw) for raw in ("000", "001", "003", "032", "128", "255")
    ] == [
        0,
        13,
        25,
        75,
        100,
        100,
    ]


@pytest.mark.parametrize(
    ("parse", "raw"),
    [
        (parse_bars, "6"),
        (parse_bars, "X"),
        (parse_gain, "33"),
        (parse_gain, "-1"),
        (parse_group_chan, "01"),
        (parse_group_chan, "01 02 03"),
        (parse_name, "A\x07B"),
        (parse_runtime, "abc"),
        (rf_percent, "101"),
        (rf_percent, "RF"),
        (audio_percent, "256"),
        (audio_percent, "\xb2"),
    ],
)
def test_values_that_make_no_sense_raise(parse: object, raw: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each parser words it its own way
        parse(raw)  # type: ignore[operator]


def test_ur4d_transcript_decodes() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    _feed(decoder, *UR4D_REPORTS)
    decoder.set_model("UR4D")
    receiver = decoder.receiver
    assert (receiver.model, receiver.family, receiver.channel_count) == (
        "UR4D",
        ReceiverFamily.UHFR,
        2,
    )
    assert receiver.device_id is None
    one, two = receiver.channels[1], receiver.channels[2]
    assert one.name == "Lead Vox"
    assert one.tx_model == "UR2"
    assert one.battery.bars == 4
    assert one.battery.runtime_state is RuntimeState.UNKNOWN
    assert one.battery.runtime_minutes is None
    assert one.battery.charge_percent is None
    assert one.frequency_mhz == 578.35
    assert (one.group, one.rf_channel) == (1, 5)
    assert one.audio.muted is False
    assert one.audio.gain_db == -10
    assert one.transmitter_present is True
    assert two.name == "Spare"
    assert two.tx_model is None
    assert two.battery.bars is None
    assert two.frequency_mhz == 590.125
    assert (two.group, two.rf_channel) == (None, None)
    assert two.audio.muted is True
    assert two.transmitter_present is False
    assert one.raw["CHAN_NAME"] == "Lead_Vox"
    assert (decoder.rejected_fields, decoder.unknown_properties) == (0, 0)


def test_samples_become_percent_meters() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4D")
    first, no_signal, top = _feed(decoder, SAMPLE_1, SAMPLE_2_NO_SIGNAL, SAMPLE_1_TOP)
    assert first is not None
    assert no_signal is not None
    assert top is not None
    assert first.antenna == "AX"  # type: ignore[attr-defined]
    assert first.antenna_levels_percent == (38, 0)  # type: ignore[attr-defined]
    assert first.rf_level_percent == 38  # type: ignore[attr-defined]
    assert first.audio_level_percent == 75  # type: ignore[attr-defined]
    assert first.rf_level_dbm is None  # type: ignore[attr-defined]
    assert first.audio_level_dbfs is None  # type: ignore[attr-defined]
    assert no_signal.antenna == "XX"  # type: ignore[attr-defined]
    assert no_signal.audio_level_percent == 0  # type: ignore[attr-defined]
    assert top.antenna_levels_percent == (100, 100)  # type: ignore[attr-defined]
    assert top.audio_level_percent == 100  # type: ignore[attr-defined]
    latest = decoder.meters[1]
    assert (latest.rf_level_percent, latest.antenna, latest.audio_level_percent) == (
        100,
        "AB",
        100,
    )
    assert decoder.meters[2].audio_level_percent == 0
    channel = decoder.receiver.channels[1]
    # Only the battery bars reach the snapshot; meters stay in `meters`.
    assert (channel.rf.level_percent, channel.rf.antenna) == (None, None)
    assert channel.audio.level_percent is None
    assert channel.battery.bars == 5
    assert decoder.receiver.channels[2].battery.bars is None


def test_a_sample_announces_only_a_battery_change() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4D")
    _feed(decoder, b"* REPORT 1 TX_BAT 4 *")
    decoder.take_changes()
    _feed(decoder, SAMPLE_1)  # 4 bars, as reported
    assert decoder.take_changes() == (frozenset(), False)
    _feed(decoder, b"* SAMPLE 1 ALL AX 070 100 2 032 *")
    assert decoder.take_changes() == (frozenset({1}), False)
    assert decoder.receiver.channels[1].battery.bars == 2


def test_a_sample_with_unchanged_bars_leaves_the_snapshot_alone() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4D")
    _feed(decoder, SAMPLE_1)
    snapshot = decoder.receiver
    _feed(decoder, b"* SAMPLE 1 ALL BX 050 060 4 100 *")
    assert decoder.receiver is snapshot
    assert decoder.meters[1].antenna == "BX"


def test_a_bad_value_in_a_sample_blanks_only_itself() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4S")
    (sample,) = _feed(decoder, b"* SAMPLE 1 ALL A? 070 999 4 032 *")
    assert sample is not None
    assert sample.antenna is None  # type: ignore[attr-defined]
    assert sample.antenna_levels_percent == (38,)  # type: ignore[attr-defined]
    assert sample.audio_level_percent == 75  # type: ignore[attr-defined]
    assert decoder.rejected_fields == 2


def test_unusable_samples_are_counted() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4S")
    samples = _feed(
        decoder,
        b"* SAMPLE 1 ALL AX 070 100 4 *",  # a field short
        b"* SAMPLE 2 ALL AX 070 100 4 032 *",  # a UR4S has no channel 2
    )
    assert samples == [None, None]
    assert decoder.rejected_samples == 2


def test_reports_before_the_model_is_known() -> None:
    """Channel 2 may answer before the model is decided; a UR4S drops it."""
    decoder = UhfrDecoder("192.0.2.40", 2202)
    _feed(decoder, b"* REPORT 1 TX_BAT 4 *", b"* REPORT 2 TX_BAT 3 *")
    assert decoder.receiver.identity is None
    assert set(decoder.receiver.channels) == {1, 2}
    decoder.take_changes()
    decoder.set_model("UR4S")
    assert decoder.take_changes() == (frozenset({1}), True)
    assert set(decoder.receiver.channels) == {1}
    assert decoder.receiver.channels[1].battery.bars == 4
    _feed(decoder, b"* REPORT 2 TX_BAT 3 *", b"* REPORT 3 TX_BAT 3 *")
    assert decoder.rejected_fields == 2


def test_a_rejected_value_keeps_the_previous_one() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4S")
    _feed(decoder, b"* REPORT 1 TX_BAT 4 *", b"* REPORT 1 TX_BAT 9 *")
    channel = decoder.receiver.channels[1]
    assert channel.battery.bars == 4
    assert channel.raw["TX_BAT"] == "9"
    assert decoder.rejected_fields == 1


def test_unknown_properties_are_counted_and_bounded() -> None:
    decoder = UhfrDecoder("192.0.2.40", 2202)
    decoder.set_model("UR4S")
    names = [f"X{n}" for n in range(RAW_VALUES_LIMIT + 10)]
    _feed(decoder, *(f"* REPORT 1 {name} 1 *".encode() for name in names))
    _feed(decoder, b"* REPORT SQUELCH 10 *", b"* REPORT 1 TX_BAT 2 *")
    raw = decoder.receiver.channels[1].raw
    assert len(raw) == RAW_VALUES_LIMIT + 1  # decoded names are always kept
    assert raw["TX_BAT"] == "2"
    assert decoder.unknown_properties == len(names) + 1
    assert decoder.receiver.raw == {"SQUELCH": "10"}
