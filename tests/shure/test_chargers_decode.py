"""A charger's reports folded into a `Charger` snapshot (no sockets)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from custom_components.micboard.shure.chargers import (
    BayError,
    Charger,
    ChargeState,
    TimeToFullState,
)
from custom_components.micboard.shure.chargers.decode import ChargerDecoder
from custom_components.micboard.shure.commandstrings.framing import FrameSplitter
from custom_components.micboard.shure.commandstrings.messages import (
    Report,
    parse_message,
)

from .chargers_transcripts import (
    COUNTDOWN,
    METER_RATE_REFUSED,
    REMOVAL,
    SBC220_PAIR_ALL,
    STORAGE_ON,
)
from .commandstrings_transcripts import GARBAGE_STREAM, wire


class ChargerStream:
    """The library's pipeline without sockets: splitter, parser, decoder."""

    def __init__(self) -> None:
        self.splitter = FrameSplitter()
        self.decoder = ChargerDecoder("192.0.2.7", 2202)
        self.other = 0

    def feed(self, data: bytes) -> ChargerStream:
        for frame in self.splitter.feed(data):
            message = parse_message(frame)
            if isinstance(message, Report):
                self.decoder.apply_report(message)
            else:
                self.other += 1
        return self

    @property
    def charger(self) -> Charger:
        return self.decoder.charger


def test_identity_and_storage_mode() -> None:
    charger = ChargerStream().feed(SBC220_PAIR_ALL).charger
    assert (charger.model, charger.device_id, charger.firmware) == (
        "SBC220",
        "MA: 5-8",
        "1.4.53",
    )
    assert charger.spec is not None
    assert (charger.spec.bays_per_unit, charger.spec.max_bays) == (2, 8)
    assert charger.storage_mode is False
    assert sorted(charger.bays) == [1, 2, 3, 4]


def test_healthy_bay_as_the_charger_reports_it() -> None:
    bay = ChargerStream().feed(SBC220_PAIR_ALL).charger.bays[1]
    assert bay.battery_present is True
    assert (bay.time_to_full_state, bay.minutes_to_full) == (TimeToFullState.FULL, None)
    assert bay.state is ChargeState.FULL
    assert (bay.charge_percent, bay.bars, bay.health_percent, bay.cycles) == (
        100,
        5,
        84,
        362,
    )
    assert (bay.error, bay.error_code) == (BayError.NONE, 0)
    assert (bay.ready, bay.charging, bay.faulted) == (True, False, False)
    # The temperature's encoding is disputed: kept raw, never decoded.
    assert bay.raw["BATT_TEMP_F"] == "115"


def test_charging_bay() -> None:
    bay = ChargerStream().feed(SBC220_PAIR_ALL).charger.bays[2]
    assert (bay.time_to_full_state, bay.minutes_to_full) == (TimeToFullState.KNOWN, 108)
    assert (bay.state, bay.charge_percent, bay.bars) == (ChargeState.NORMAL, 41, 3)
    assert (bay.ready, bay.charging, bay.faulted) == (False, True, False)


def test_empty_bay_has_no_values() -> None:
    bay = ChargerStream().feed(SBC220_PAIR_ALL).charger.bays[3]
    assert bay.battery_present is False
    assert bay.state is ChargeState.NO_BATTERY
    assert (bay.charge_percent, bay.bars, bay.health_percent, bay.cycles) == (
        None,
        None,
        None,
        None,
    )
    assert (bay.error, bay.minutes_to_full) == (None, None)
    assert bay.time_to_full_state is TimeToFullState.UNKNOWN
    assert (bay.ready, bay.charging, bay.faulted) == (False, False, False)


def test_faulted_bay_markers_become_none_and_a_fault() -> None:
    bay = ChargerStream().feed(SBC220_PAIR_ALL).charger.bays[4]
    assert bay.battery_present is True
    assert bay.state is ChargeState.ERROR
    assert bay.time_to_full_state is TimeToFullState.ERROR
    assert (bay.charge_percent, bay.bars, bay.health_percent, bay.cycles) == (
        None,
        None,
        None,
        None,
    )
    assert (bay.error, bay.error_code) == (BayError.COMMUNICATION_FAILURE, 7)
    assert (bay.ready, bay.charging, bay.faulted) == (False, False, True)


def test_countdown_pushes_update_the_minutes() -> None:
    stream = ChargerStream().feed(SBC220_PAIR_ALL)
    stream.decoder.take_changes()
    stream.feed(COUNTDOWN)
    assert stream.charger.bays[2].minutes_to_full == 105
    assert stream.decoder.take_changes() == (frozenset({2}), False)


def test_removal_takes_the_packs_values_with_it() -> None:
    stream = ChargerStream().feed(SBC220_PAIR_ALL).feed(REMOVAL)
    bay = stream.charger.bays[4]
    assert bay.battery_present is False
    assert (bay.state, bay.error, bay.time_to_full_state) == (None, None, None)
    assert bay.faulted is False
    assert bay.raw["BATT_ERROR"] == "007"


def test_storage_mode_and_ready_to_store() -> None:
    stream = ChargerStream().feed(SBC220_PAIR_ALL).feed(STORAGE_ON)
    stream.feed(
        wire(
            "< REP 2 BATT_STATE READY_TO_STORE >",
            "< REP 2 BATT_TIME_TO_FULL 65529 >",
        )
    )
    assert stream.charger.storage_mode is True
    assert stream.charger.bays[2].ready is True
    assert stream.decoder.take_changes() == (frozenset({1, 2, 3, 4}), True)


def test_refusal_is_not_a_report() -> None:
    stream = ChargerStream().feed(METER_RATE_REFUSED)
    assert stream.other == 1
    assert stream.charger == Charger(host="192.0.2.7", port=2202)


def test_model_known_late_creates_the_units_bays_and_drops_impossible_ones() -> None:
    stream = ChargerStream().feed(wire("< REP 6 BATT_CHARGE 050 >"))
    assert sorted(stream.charger.bays) == [6]
    stream.feed(wire("< REP MODEL {SBC450} >"))
    assert sorted(stream.charger.bays) == [1, 2, 3, 4]
    assert stream.decoder.take_changes()[0] == frozenset({1, 2, 3, 4, 6})
    stream.feed(wire("< REP 5 BATT_CHARGE 050 >"))
    assert 5 not in stream.charger.bays
    assert stream.decoder.rejected_fields == 1


def test_bad_values_are_rejected_one_by_one() -> None:
    stream = ChargerStream().feed(SBC220_PAIR_ALL)
    stream.feed(
        wire(
            "< REP 2 BATT_CHARGE 150 >",
            "< REP 2 BATT_STATE CHARGING >",
            "< REP 2 BATT_BARS 3 3 >",
            "< REP 9 BATT_CHARGE 050 >",
            "< REP 2 BATT_DETECTED MAYBE >",
            "< REP STORAGE_MODE 1 2 >",
            "< REP MODEL {} >",
        )
    )
    bay = stream.charger.bays[2]
    assert (bay.charge_percent, bay.state, bay.bars, bay.battery_present) == (
        41,
        ChargeState.NORMAL,
        3,
        True,
    )
    assert stream.charger.model == "SBC220"
    assert stream.decoder.rejected_fields == 7


def test_unknown_properties_are_counted_and_bounded() -> None:
    stream = ChargerStream().feed(SBC220_PAIR_ALL)
    names = "".join(f"< REP 1 INVENTED_{n} 1 >" for n in range(200))
    stream.feed(names.encode())
    assert stream.decoder.unknown_properties == 200
    assert len(stream.charger.bays[1].raw) == 64
    stream.feed(wire("< REP 1 BATT_CHARGE 099 >"))
    assert stream.charger.bays[1].charge_percent == 99


def test_an_unknown_model_keeps_its_bays_but_has_no_spec() -> None:
    stream = ChargerStream().feed(
        wire("< REP MODEL {SBRC} >", "< REP 8 BATT_CHARGE 070 >")
    )
    assert stream.charger.spec is None
    assert stream.charger.bays[8].charge_percent == 70


RECORDINGS = (
    SBC220_PAIR_ALL + COUNTDOWN + REMOVAL + STORAGE_ON,
    GARBAGE_STREAM + SBC220_PAIR_ALL + b"\x00< REP 2 BATT_CHARGE 1000 >" + COUNTDOWN,
)


def _outcome(stream: ChargerStream) -> tuple[object, ...]:
    return (
        stream.charger,
        stream.other,
        stream.decoder.rejected_fields,
        stream.decoder.unknown_properties,
        stream.splitter.garbage_frames,
    )


EXPECTED = [_outcome(ChargerStream().feed(recording)) for recording in RECORDINGS]


@settings(max_examples=150, deadline=None)
@given(
    recording=st.integers(min_value=0, max_value=len(RECORDINGS) - 1),
    cuts=st.lists(st.floats(min_value=0, max_value=1), max_size=40),
)
def test_any_split_gives_the_same_state(recording: int, cuts: list[float]) -> None:
    data = RECORDINGS[recording]
    points = sorted({int(cut * len(data)) for cut in cuts})
    stream = ChargerStream()
    start = 0
    for point in [*points, len(data)]:
        stream.feed(data[start:point])
        start = point
    assert _outcome(stream) == EXPECTED[recording]


def test_recordings_are_meaningful() -> None:
    """The property would be vacuous if nothing decoded."""
    first, garbled = EXPECTED
    charger = first[0]
    assert isinstance(charger, Charger)
    assert charger.bays[2].minutes_to_full == 105
    assert charger.storage_mode is True
    assert garbled[2] == 1  # the 1000 % charge
    assert isinstance(garbled[4], int)
    assert garbled[4] > 0
