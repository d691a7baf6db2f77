"""Transcripts per family decode to the right typed models."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.micboard.shure.commandstrings.samples import SLXD_SAMPLE_FIELDS
from custom_components.micboard.shure.models import (
    AudioStatus,
    BatteryStatus,
    MeterSample,
    ReceiverFamily,
    RfStatus,
    RuntimeState,
)

from .commandstrings_helpers import DecodedStream
from .commandstrings_transcripts import (
    AD4Q_ALL,
    AD4Q_IDENTITY,
    AD4Q_SAMPLES,
    GARBAGE_STREAM,
    QLXD4_ALL,
    SLXD4D_ALL,
    SLXD4QPLUS_ALL,
    SLXD_SAMPLES,
    ULXD4D_ALL,
    ULXD4D_SAMPLES,
    wire,
)


def test_ulxd_transcript() -> None:
    stream = DecodedStream().feed(ULXD4D_ALL + ULXD4D_SAMPLES)
    receiver = stream.receiver
    assert receiver.model == "ULXD4D"
    assert receiver.family is ReceiverFamily.ULXD
    assert receiver.channel_count == 2
    assert receiver.device_id == "ULXD-RX1"
    assert receiver.firmware == "2.4.6"
    assert receiver.rf_band == "G50"
    assert receiver.raw["MODEL"] == "ULXD4D"
    assert sorted(receiver.channels) == [1, 2]

    one = stream.channel(1)
    assert one.name == "Lead Vox"
    assert one.frequency_mhz == 578.35
    assert (one.group, one.rf_channel) == (1, 2)
    assert one.tx_model == "ULXD2"
    assert one.tx_offset_db == 3
    assert one.transmitter_present is True
    assert one.battery == BatteryStatus(
        bars=4,
        charge_percent=85,
        runtime_minutes=312,
        runtime_state=RuntimeState.KNOWN,
        health_percent=98,
        cycles=12,
        type="LION",
        temperature_c=32,
    )
    assert one.audio == AudioStatus(
        level_dbfs=None, peak_dbfs=None, muted=False, tx_muted=False, gain_db=12
    )
    assert one.rf == RfStatus(interference=False)  # meters are not in the snapshot
    assert stream.decoder.meters[1] == MeterSample(
        channel=1,
        audio_level_dbfs=-18,
        rf_level_dbm=-30,
        antenna_levels_dbm=(-30,),
        antenna="AX",
    )
    assert one.raw["TX_RF_PWR"] == "HIGH"
    assert one.raw["BATT_BARS"] == "004"

    two = stream.channel(2)
    assert two.name == "A>B"
    assert (two.group, two.rf_channel) == (None, None)
    assert two.tx_model is None
    assert two.transmitter_present is False
    assert two.tx_offset_db is None
    assert two.battery.bars is None
    assert two.battery.charge_percent is None
    assert two.battery.runtime_state is RuntimeState.UNKNOWN
    assert two.battery.runtime_minutes is None
    assert two.battery.type is None
    assert two.audio.muted is True
    assert two.audio.gain_db == 0
    assert two.rf.interference is True
    assert stream.decoder.meters[2].rf_level_dbm == -128

    assert [sample.channel for sample in stream.samples] == [1, 2]
    assert stream.samples[0].audio_level_dbfs == -18
    assert stream.decoder.rejected_fields == 0


def test_qlxd_transcript() -> None:
    stream = DecodedStream().feed(QLXD4_ALL)
    assert stream.receiver.family is ReceiverFamily.QLXD
    assert stream.receiver.channel_count == 1
    channel = stream.channel(1)
    assert channel.name == "Pulpit"
    assert channel.battery.bars == 2
    assert channel.battery.runtime_state is RuntimeState.CALCULATING
    assert channel.battery.runtime_minutes is None
    assert channel.audio.gain_db == 6
    assert channel.transmitter_present is True


def test_axient_digital_transcript() -> None:
    stream = DecodedStream().feed(AD4Q_ALL)
    receiver = stream.receiver
    assert receiver.model == "AD4Q-A"
    assert receiver.family is ReceiverFamily.AXIENT_DIGITAL
    assert receiver.channel_count == 4
    assert receiver.device_id == "RF 5-8"

    one = stream.channel(1)
    assert one.name == "H01 Dave"
    assert one.frequency_mhz == 502.125
    assert (one.group, one.rf_channel) == (1, 23)
    assert one.tx_model == "AD2"
    assert one.tx_offset_db == 6
    assert one.battery == BatteryStatus(
        bars=5,
        charge_percent=97,
        runtime_minutes=480,
        runtime_state=RuntimeState.KNOWN,
        health_percent=100,
        cycles=3,
        type="LION",
        temperature_c=28,
    )
    assert one.rf == RfStatus(
        level_dbm=-34,
        antenna_levels_dbm=(-34, -40),
        quality=5,
        antenna="BB",
        interference=False,
    )
    assert one.audio == AudioStatus(
        level_dbfs=-30, peak_dbfs=-18, muted=False, tx_muted=True, gain_db=18
    )
    assert one.raw["SLOT_TX_MODEL 1"] == "AD2"
    assert one.transmitter_present is True

    two = stream.channel(2)
    assert two.name == "Spare <=>"
    assert two.transmitter_present is False
    assert two.rf.quality is None
    assert two.tx_offset_db is None

    assert stream.channel(3).battery.runtime_state is (
        RuntimeState.COMMUNICATION_WARNING
    )
    assert stream.channel(4).battery.runtime_minutes == 25
    assert stream.decoder.unknown_properties == 1  # SLOT_TX_MODEL
    assert stream.decoder.rejected_fields == 0


def test_axient_digital_samples_by_length() -> None:
    stream = DecodedStream().feed(AD4Q_ALL + AD4Q_SAMPLES)
    standard, empty, quadversity, fdc = stream.samples
    assert standard.quality == 5
    assert (standard.audio_peak_dbfs, standard.audio_level_dbfs) == (-18, -18)
    assert standard.antenna == "BB"
    assert standard.antenna_levels_dbm == (-34, -55)
    assert standard.rf_level_dbm == -34

    assert empty.quality is None
    assert empty.antenna == "XX"
    assert empty.rf_level_dbm == -120

    assert quadversity.antenna == "BRBX"
    assert quadversity.antenna_levels_dbm == (-34, -60, -30, -120)
    assert quadversity.rf_level_dbm == -30

    assert fdc.antenna == "BB"
    assert fdc.antenna_levels_dbm == (-50, -45, -39, -41)
    assert fdc.rf_level_dbm == -39

    meters = stream.decoder.meters[3]
    assert meters.antenna == "BRBX"
    assert meters.quality == 4
    assert meters.audio_peak_dbfs == -25
    assert stream.channel(3).rf.antenna is None  # the snapshot holds reports only
    assert stream.decoder.rejected_samples == 0


def test_slxd_transcript_and_samples() -> None:
    stream = DecodedStream().feed(SLXD4D_ALL + SLXD_SAMPLES)
    receiver = stream.receiver
    assert receiver.family is ReceiverFamily.SLXD
    assert receiver.channel_count == 2
    one = stream.channel(1)
    assert one.name == "Guitar"
    assert one.tx_model == "SLXD2"
    assert one.battery.bars == 3
    assert one.battery.runtime_minutes == 190
    assert one.battery.charge_percent is None
    assert one.audio.gain_db == 2
    assert one.transmitter_present is True
    two = stream.channel(2)
    assert two.transmitter_present is False
    first, second = stream.samples
    assert SLXD_SAMPLE_FIELDS == ("audio_peak_dbfs", "audio_level_dbfs", "rf_level_dbm")
    assert (first.audio_peak_dbfs, first.audio_level_dbfs) == (-18, -25)
    assert first.rf_level_dbm == -34
    assert (second.audio_peak_dbfs, second.rf_level_dbm) == (-115, -105)
    # Meters live in `meters` (the latest sample per channel), not in the snapshot.
    assert stream.decoder.meters[1].rf_level_dbm == -34
    assert stream.decoder.meters[1].audio_peak_dbfs == -18
    assert stream.decoder.meters[2] == second
    assert stream.channel(1).rf.level_dbm == -37  # the REP's RSSI, not the sample's


def test_slxd_rssi_reports_per_antenna() -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    rf = stream.channel(1).rf
    assert rf.antenna_levels_dbm == (-37, -41)
    assert rf.level_dbm == -37
    assert stream.channel(1).audio.level_dbfs == -50


def test_slxd_quad_plus_model() -> None:
    stream = DecodedStream().feed(SLXD4QPLUS_ALL)
    assert stream.receiver.model == "SLXD4QDAN+"
    assert stream.receiver.family is ReceiverFamily.SLXD
    assert stream.receiver.channel_count == 4
    assert stream.channel(4).name == "Choir 4"
    assert stream.channel(4).battery.bars == 5
    assert stream.receiver.rf_band is None


def test_channel_reports_before_model_are_decoded_when_it_arrives() -> None:
    stream = DecodedStream().feed(
        wire(
            "< REP 1 TX_BATT_BARS 004 >",
            "< REP 3 CHAN_NAME {Late} >",
            "< SAMPLE 1 ALL 102 095 086 >",
        )
    )
    assert stream.channel(1).battery.bars is None
    assert stream.channel(1).raw == {"TX_BATT_BARS": "004"}
    assert stream.decoder.rejected_samples == 1
    stream.feed(wire(*AD4Q_IDENTITY))
    assert stream.channel(1).battery.bars == 4
    assert stream.channel(1).transmitter_present is True
    assert stream.channel(3).name == "Late"
    assert sorted(stream.receiver.channels) == [1, 2, 3, 4]


def test_reports_for_channels_the_model_lacks_are_rejected() -> None:
    stream = DecodedStream().feed(
        SLXD4D_ALL + wire("< REP 3 CHAN_NAME {Ghost} >", "< SAMPLE 5 ALL 1 2 3 >")
    )
    assert 3 not in stream.receiver.channels
    assert stream.decoder.rejected_fields == 1
    assert stream.decoder.rejected_samples == 1


@pytest.mark.parametrize(
    "message",
    [
        "< REP 1 TX_BATT_BARS 007 >",
        "< REP 1 TX_BATT_BARS abc >",
        "< REP 1 TX_BATT_MINS 99999 >",
        "< REP 1 FREQUENCY abc >",
        "< REP 1 AUDIO_GAIN 099 >",
        "< REP 1 RSSI 086 >",
        "< REP 1 RSSI 9 086 >",
        "< REP 1 GROUP_CHANNEL {1;2} >",
        "< REP 1 TX_BATT_BARS 5 5 5 5 >",
        "< REP 1 TX_BATT_MINS 00120 00120 >",
        "< REP 1 AUDIO_GAIN 030 030 >",
        "< REP 1 FREQUENCY 0578350 1 >",
        "< REP 1 GROUP_CHANNEL {1,1} 2 >",
        "< REP 1 CHAN_NAME {Lead} {Vox} >",
        "< REP 1 RSSI 1 1 083 >",
    ],
)
def test_absurd_values_are_rejected_per_field(message: str) -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    before = stream.channel(1)
    stream.feed(message.encode())
    after = stream.channel(1)
    assert stream.decoder.rejected_fields == 1
    assert after.raw != before.raw
    assert replace(after, raw=before.raw) == before


def test_bad_device_values_are_rejected() -> None:
    stream = DecodedStream().feed(wire("< REP MODEL {} >", "< REP FW_VER {a\x01b} >"))
    assert stream.receiver.model is None
    assert stream.receiver.firmware is None
    assert stream.decoder.rejected_fields == 2
    assert stream.receiver.raw == {"MODEL": "", "FW_VER": "a\x01b"}


def test_wrong_sample_field_counts_are_rejected() -> None:
    stream = DecodedStream().feed(
        ULXD4D_ALL
        + wire(
            "< SAMPLE 1 ALL AX 098 >",
            "< SAMPLE 1 ALL AX 098 032 001 >",
            "< SAMPLE 1 ALL ZZ 200 032 >",
        )
    )
    assert stream.decoder.rejected_samples == 2
    (sample,) = stream.samples
    assert sample.antenna is None
    assert sample.rf_level_dbm is None
    assert sample.audio_level_dbfs == -18
    assert stream.decoder.rejected_fields == 2


@pytest.mark.parametrize(
    "fields",
    [
        "005 031 102 102 BB 31 086",  # 7 fields but one lone number
        "005 031 102 102 31 086 31 065",  # no antenna status
        "005 031 102 102 BB 31 086 31",  # odd pair
        "005 031 102 102 BB AB 31 086",  # empty section
        "005 X 102 102 BB 31 086 31 065",  # bitmap not a number
        "005 031 102",  # too short
    ],
)
def test_malformed_ad_samples(fields: str) -> None:
    stream = DecodedStream().feed(AD4Q_ALL + f"< SAMPLE 1 ALL {fields} >".encode())
    assert stream.samples == []
    assert stream.decoder.rejected_samples == 1


def test_slxd_sample_with_absurd_value() -> None:
    stream = DecodedStream().feed(
        SLXD4D_ALL + wire("< SAMPLE 1 ALL 102 999 086 >", "< SAMPLE 1 ALL 1 2 >")
    )
    (sample,) = stream.samples
    assert sample.audio_level_dbfs is None
    assert sample.rf_level_dbm == -34
    assert stream.decoder.rejected_fields == 1
    assert stream.decoder.rejected_samples == 1
    assert stream.channel(1).audio.level_dbfs == -50  # from the REP, kept


def test_unknown_model_keeps_raw_values() -> None:
    stream = DecodedStream().feed(
        wire("< REP MODEL {P10T} >", "< REP 1 CHAN_NAME {IEM} >", "< SAMPLE 1 ALL 1 >")
    )
    assert stream.receiver.model == "P10T"
    assert stream.receiver.family is None
    assert stream.receiver.channel_count is None
    assert stream.channel(1).raw == {"CHAN_NAME": "IEM"}
    assert stream.channel(1).name is None
    assert stream.channel(1).transmitter_present is None


def test_garbage_does_not_cost_sync() -> None:
    stream = DecodedStream().feed(AD4Q_ALL)
    stream.feed(GARBAGE_STREAM)
    channel = stream.channel(1)
    assert channel.battery.bars == 3
    assert channel.battery.runtime_minutes == 123
    assert channel.audio.gain_db == 12
    assert channel.name == "H01 Dave"
    assert stream.unparsed == 2  # HELLO WORLD, the unclosed name
    assert stream.splitter.garbage_frames >= 4


def test_take_changes_reports_channels_and_device() -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    channels, device = stream.decoder.take_changes()
    assert channels == {1, 2}
    assert device is True
    assert stream.decoder.take_changes() == (frozenset(), False)
    stream.feed(b"< REP 2 CHAN_NAME {Bass} >")
    assert stream.decoder.take_changes() == (frozenset(), False)
    stream.feed(b"< REP 2 CHAN_NAME {Keys} >< SAMPLE 1 ALL 102 095 086 >")
    assert stream.decoder.take_changes() == (frozenset({2}), False)
    stream.feed(b"< REP MODEL {SLXD4D} >")
    assert stream.decoder.take_changes() == (frozenset(), False)


def test_absurd_values_inside_an_ad_sample_blank_only_that_value() -> None:
    stream = DecodedStream().feed(
        AD4Q_ALL + b"< SAMPLE 1 ALL 009 031 102 102 BB 31 999 31 065 >"
    )
    (sample,) = stream.samples
    assert sample.quality is None
    assert sample.antenna_levels_dbm == (-55,)
    assert sample.rf_level_dbm == -55
    assert sample.audio_level_dbfs == -18
    assert stream.decoder.rejected_fields == 2
    assert stream.channel(1).rf.quality == 5  # from the REP, kept


@pytest.mark.parametrize(
    "message",
    ["< REP 1 TX_BATT_BARS 5 5 5 5 >", "< REP 1 TX_BATT_BARS 2 5 >"],
)
def test_extra_tokens_before_a_value_are_rejected(message: str) -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    assert stream.channel(1).battery.bars == 3
    stream.feed(message.encode())
    assert stream.channel(1).battery.bars == 3
    assert stream.decoder.rejected_fields == 1


def test_extra_tokens_in_device_properties_are_rejected() -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    stream.feed(wire("< REP FW_VER {9.9} {1.0} >", "< REP MODEL {AD4Q} x >"))
    assert stream.receiver.firmware == "2.0.15.2"
    assert stream.receiver.model == "SLXD4D"
    assert stream.decoder.rejected_fields == 2


def _unknown_names(first: int, last: int) -> bytes:
    return b"".join(
        f"< REP 1 XYZ_{n} 1 >< REP XYZ_{n} 1 >< REP 1 SLOT_{n} {n} 1 >".encode()
        for n in range(first, last)
    )


def test_unknown_property_names_are_counted_not_kept() -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    stream.feed(_unknown_names(0, 1000))
    sizes = len(stream.receiver.raw), len(stream.channel(1).raw)
    stream.feed(_unknown_names(1000, 20_000))
    assert (len(stream.receiver.raw), len(stream.channel(1).raw)) == sizes
    assert max(sizes) <= 100
    assert stream.decoder.unknown_properties == 3 * 20_000
    stream.feed(wire("< REP 1 TX_BATT_BARS 001 >", "< REP 1 RSSI 2 090 >"))
    channel = stream.channel(1)
    assert channel.battery.bars == 1
    assert channel.rf.antenna_levels_dbm == (-37, -30)
    assert channel.raw["TX_BATT_BARS"] == "001"
    assert stream.decoder.rejected_fields == 0


def test_unknown_names_before_the_model_are_bounded_too() -> None:
    stream = DecodedStream().feed(_unknown_names(0, 1000))
    sizes = len(stream.receiver.raw), len(stream.channel(1).raw)
    stream.feed(_unknown_names(1000, 5000))
    assert (len(stream.receiver.raw), len(stream.channel(1).raw)) == sizes
    assert max(sizes) <= 100
    stream.feed(SLXD4D_ALL)
    assert stream.channel(1).battery.bars == 3
    assert stream.channel(2).name == "Bass"


@pytest.mark.parametrize(
    "message",
    [
        b"< REP 1 TX_BATT_BARS \xb2 >",
        b"< REP 1 TX_BATT_MINS \xb9\xb2\xb3 >",
        b"< REP 1 FREQUENCY 05783\xb20 >",
    ],
)
def test_superscript_digits_are_rejected_not_raised(message: bytes) -> None:
    stream = DecodedStream().feed(SLXD4D_ALL)
    before = stream.channel(1)
    stream.feed(message + b"< REP 2 CHAN_NAME {After} >")
    assert stream.channel(2).name == "After"
    assert stream.decoder.rejected_fields == 1
    assert replace(stream.channel(1), raw=before.raw) == before
