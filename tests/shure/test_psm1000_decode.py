"""PSM1000 (P10T) decoding: Shure's examples, every property, the meters.

No sockets: the library's own splitter, parser and decoder in the PSM1000
dialect. Transcripts and the Shure examples they cite: psm1000_transcripts.py.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.micboard.shure.commandstrings import COMMAND_STRINGS, PSM1000
from custom_components.micboard.shure.commandstrings.decode import ReceiverDecoder
from custom_components.micboard.shure.commandstrings.framing import FrameSplitter
from custom_components.micboard.shure.commandstrings.messages import (
    ErrorReport,
    Report,
    parse_message,
)
from custom_components.micboard.shure.commandstrings.psm1000 import (
    METER_FLOOR_DBFS,
    input_level_dbfs,
)
from custom_components.micboard.shure.models import (
    IemAudioMode,
    IemInputLevel,
    MeterSample,
    ReceiverFamily,
)

from .psm1000_transcripts import (
    P10T_ALL,
    P10T_METERS,
    SHURE_GET_FREQUENCY,
    SHURE_REPORT_DEVICE_NAME,
    SHURE_REPORT_FREQUENCY,
    SHURE_SET_DEVICE_NAME,
    wire,
)


class P10TStream:
    """The library pipeline in the PSM1000 dialect, without sockets."""

    def __init__(self) -> None:
        self.splitter = FrameSplitter()
        self.decoder = ReceiverDecoder("127.0.0.1", 2202, PSM1000)
        self.meters: list[MeterSample] = []
        self.unparsed = 0
        self.errors = 0

    def feed(self, data: bytes) -> P10TStream:
        for frame in self.splitter.feed(data):
            message = parse_message(frame, "REPORT", PSM1000.joined_text)
            if isinstance(message, Report) and message.name in PSM1000.meter_properties:
                if meter := self.decoder.apply_meter_report(message):
                    self.meters.append(meter)
            elif isinstance(message, Report):
                self.decoder.apply_report(message)
            elif isinstance(message, ErrorReport):
                self.errors += 1
            else:
                self.unparsed += 1
        return self


def test_shure_examples_are_what_the_dialect_sends() -> None:
    """Shure's GET and SET examples, CRLF included, byte for byte."""
    assert PSM1000.get("FREQUENCY", 1) == SHURE_GET_FREQUENCY.encode() + b"\r\n"
    assert (
        PSM1000.set("DEVICE_NAME", "Shure") == SHURE_SET_DEVICE_NAME.encode() + b"\r\n"
    )
    assert PSM1000.get("DEVICE_NAME") == b"< GET DEVICE_NAME >\r\n"
    assert PSM1000.text_value("Mix 1") == "Mix 1"
    assert PSM1000.meter_rate_value(100) == "100"
    assert COMMAND_STRINGS.meter_rate_value(100) == "00100"


def test_shure_example_replies_decode() -> None:
    """`REPORT DEVICE_NAME Shure` makes a P10T; `REPORT 1 FREQUENCY 578000` is 578 MHz."""
    stream = P10TStream().feed(wire(SHURE_REPORT_DEVICE_NAME, SHURE_REPORT_FREQUENCY))
    receiver = stream.decoder.receiver
    assert (receiver.model, receiver.family, receiver.channel_count) == (
        "P10T",
        ReceiverFamily.PSM1000,
        2,
    )
    assert receiver.device_id == "Shure"
    assert stream.decoder.identity_complete
    assert receiver.channels[1].frequency_mhz == 578.0
    assert stream.unparsed == 0


def test_every_property_of_both_channels() -> None:
    stream = P10TStream().feed(P10T_ALL)
    one, two = (stream.decoder.receiver.channels[n] for n in (1, 2))
    assert one.name == "Mix 1"
    assert (one.group, one.rf_channel) == (1, 5)
    assert one.iem.rf_power_mw == 50
    assert one.iem.rf_muted is False
    assert one.iem.audio_mode is IemAudioMode.STEREO
    assert one.iem.input_level is IemInputLevel.LINE
    assert two.name == "Drums"
    assert two.frequency_mhz == 580.125
    assert (two.group, two.rf_channel) == (None, None)
    assert two.iem.rf_power_mw == 10
    assert two.iem.rf_muted is True
    assert two.iem.audio_mode is IemAudioMode.MONO
    assert two.iem.input_level is IemInputLevel.AUX
    # Nothing a microphone channel has: no battery, RF level or transmitter.
    assert one.battery.bars is None
    assert one.rf.level_dbm is None
    assert one.transmitter_present is None
    decoder = stream.decoder
    assert (decoder.rejected_fields, decoder.unknown_properties) == (0, 0)


def test_reports_before_the_name_are_decoded_once_it_arrives() -> None:
    """Channel reports that come first wait for the P10T to say who it is."""
    stream = P10TStream().feed(wire("< REPORT 1 RF_MUTE 1 >"))
    assert stream.decoder.receiver.model is None
    stream.feed(wire(SHURE_REPORT_DEVICE_NAME))
    assert stream.decoder.receiver.channels[1].iem.rf_muted is True


@pytest.mark.parametrize(
    "message",
    [
        "< REPORT 1 RF_TX_LVL 75 >",
        "< REPORT 1 RF_MUTE 2 >",
        "< REPORT 1 AUDIO_TX_MODE 4 >",
        "< REPORT 1 AUDIO_IN_LINE_LVL 2 >",
        "< REPORT 1 FREQUENCY 57800 >",
        "< REPORT 1 GROUP_CHAN 01 >",
        "< REPORT 1 RF_MUTE 1 1 >",
        "< REPORT 3 RF_MUTE 1 >",
    ],
)
def test_absurd_values_are_rejected_and_keep_the_last_good_one(message: str) -> None:
    stream = P10TStream().feed(P10T_ALL)
    before = replace(stream.decoder.receiver.channels[1], raw={})
    stream.feed(wire(message))
    assert replace(stream.decoder.receiver.channels[1], raw={}) == before
    assert stream.decoder.rejected_fields == 1


def test_unknown_words_are_unknown_values() -> None:
    stream = P10TStream().feed(P10T_ALL)
    stream.feed(
        wire("< REPORT 1 RF_TX_LVL UNKN >", "< REPORT 1 AUDIO_TX_MODE UNKNOWN >")
    )
    iem = stream.decoder.receiver.channels[1].iem
    assert (iem.rf_power_mw, iem.audio_mode) == (None, None)
    assert stream.decoder.rejected_fields == 0


def test_classic_replies_mean_nothing_in_this_dialect() -> None:
    """A ULX-D's `REP` is not a P10T's `REPORT`: nothing is decoded."""
    stream = P10TStream().feed(b"< REP MODEL {ULXD4} >< REP DEVICE_ID {Shure} >")
    assert stream.decoder.receiver.model is None
    assert stream.unparsed == 2


def test_report_err_is_a_refusal() -> None:
    assert P10TStream().feed(wire("< REPORT ERR >")).errors == 1


def test_meters_are_samples_with_both_inputs() -> None:
    stream = P10TStream().feed(P10T_ALL)
    snapshot = stream.decoder.receiver
    stream.feed(P10T_METERS)
    assert [
        (m.channel, m.input_left_dbfs, m.input_right_dbfs) for m in stream.meters
    ] == [
        (1, -20, None),
        (1, -20, -89),
        (2, 0, None),
        (2, 0, METER_FLOOR_DBFS),
    ]
    # The channel's audio level is the louder input.
    assert [m.audio_level_dbfs for m in stream.meters] == [-20, -20, 0, 0]
    meters = stream.decoder.meters
    assert (meters[1].input_left_dbfs, meters[1].input_right_dbfs) == (-20, -89)
    assert meters[1].audio_level_dbfs == -20
    # Meters live in `meters` only: the snapshot is not copied for them.
    assert stream.decoder.receiver is snapshot
    channel = snapshot.channels[1]
    assert (channel.iem.input_left_dbfs, channel.iem.input_right_dbfs) == (None, None)
    assert "AUDIO_IN_LVL_L" not in channel.raw


@pytest.mark.parametrize(
    "message",
    [
        "< REPORT 1 AUDIO_IN_LVL_L -5 >",
        "< REPORT 1 AUDIO_IN_LVL_L 12ab >",
        "< REPORT 1 AUDIO_IN_LVL_L 5 5 >",
        "< REPORT AUDIO_IN_LVL_L 5 >",
        "< REPORT 3 AUDIO_IN_LVL_R 5 >",
    ],
)
def test_unusable_meters_are_counted_not_applied(message: str) -> None:
    stream = P10TStream().feed(P10T_ALL)
    stream.feed(wire(message))
    assert stream.meters == []
    assert stream.decoder.rejected_samples == 1


def test_meters_before_the_name_are_rejected() -> None:
    stream = P10TStream().feed(P10T_METERS)
    assert stream.meters == []
    assert stream.decoder.rejected_samples == 4


@pytest.mark.parametrize(
    ("raw", "dbfs"),
    [
        # Hand-computed: 20 * log10(raw / 8388608).
        ("8388608", 0),
        ("4194304", -6),
        ("838861", -20),
        ("2502970", -11),  # Micboard's top LED step, -10.5 dBFS
        ("10272", -58),  # Micboard's first LED step
        ("300", -89),
        ("1", -120),  # -138.5 dBFS, below the floor
        ("0", -120),
        ("9999999999", 0),
    ],
)
def test_meter_scale(raw: str, dbfs: int) -> None:
    assert input_level_dbfs(raw) == dbfs


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=9_999_999_999), st.integers(0, 9_999_999_999))
def test_meter_scale_is_monotonic_and_bounded(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert (
        METER_FLOOR_DBFS
        <= input_level_dbfs(str(low))
        <= input_level_dbfs(str(high))
        <= 0
    )


@settings(max_examples=200, deadline=None)
@given(cuts=st.lists(st.floats(min_value=0, max_value=1), max_size=40))
def test_any_split_gives_the_same_state(cuts: list[float]) -> None:
    data = b"junk\r\n" + P10T_ALL + P10T_METERS + b"< REPORT 1 RF_TX_LVL 75 >\r\n"
    whole = P10TStream().feed(data)
    stream = P10TStream()
    start = 0
    for point in [*sorted({int(cut * len(data)) for cut in cuts}), len(data)]:
        stream.feed(data[start:point])
        start = point
    assert stream.decoder.receiver == whole.decoder.receiver
    assert stream.meters == whole.meters
    assert stream.decoder.rejected_fields == whole.decoder.rejected_fields == 1
    assert stream.splitter.garbage_frames == whole.splitter.garbage_frames == 1
