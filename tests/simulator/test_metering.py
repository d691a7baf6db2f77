"""SAMPLE cadence and layout per family."""

from __future__ import annotations

import asyncio
import re

import pytest

from simulator.receivers import ReceiverSimulator

from .conftest import Connect
from .raw_client import fields

ULXD_SAMPLE = re.compile(r"^< SAMPLE 1 ALL (AX|XB|XX|AB) (\d{3}) (\d{3}) >$")
SLXD_SAMPLE = re.compile(r"^< SAMPLE 1 ALL (\d{3}) (\d{3}) (\d{3}) >$")
AD_SAMPLE = re.compile(
    r"^< SAMPLE 1 ALL (\d{3}) (\d{3}) (\d{3}) (\d{3}) ([BRX]{2}) "
    r"(\d{2}) (\d{3}) (\d{2}) (\d{3}) >$"
)


async def _samples(rx: ReceiverSimulator, connect: Connect, count: int) -> list[str]:
    client = await connect(rx.port)
    await client.send("< SET 1 METER_RATE 00100 >")
    return [await client.next_containing("SAMPLE 1 ") for _ in range(count)]


@pytest.mark.parametrize("model", ["ULXD4Q", "QLXD4"])
async def test_ulxd_layout_and_ranges(model: str, connect: Connect) -> None:
    async with ReceiverSimulator(model, seed=2) as rx:
        samples = await _samples(rx, connect, 5)
    matches = [ULXD_SAMPLE.match(sample) for sample in samples]
    assert all(matches), samples
    rf = [int(match[2]) for match in matches if match]
    audio = [int(match[3]) for match in matches if match]
    assert all(0 <= value <= 115 for value in rf)
    assert all(0 <= value <= 50 for value in audio)
    # A linked transmitter: RF well above the noise floor (-80 dBm = 048).
    assert all(value > 48 for value in rf)
    # Audio moves.
    assert len(set(audio)) > 1


async def test_slxd_layout_audio_then_rssi(connect: Connect) -> None:
    async with ReceiverSimulator("SLXD4D", seed=2) as rx:
        samples = await _samples(rx, connect, 4)
    for sample in samples:
        match = SLXD_SAMPLE.match(sample)
        assert match, sample
        peak, rms, rssi = (int(match[i]) - 120 for i in (1, 2, 3))
        assert peak >= rms
        assert -80 < rssi < -20


async def test_ad_standard_layout(connect: Connect) -> None:
    async with ReceiverSimulator("AD4D", seed=2) as rx:
        samples = await _samples(rx, connect, 4)
    for sample in samples:
        match = AD_SAMPLE.match(sample)
        assert match, sample
        assert match[1] == "005"  # quality
        assert int(match[3]) >= int(match[4])  # peak >= rms
        assert int(match[6]) <= 31  # 5-LED bitmaps
        assert int(match[8]) <= 31


async def test_ad_quadversity_has_four_antenna_pairs(connect: Connect) -> None:
    async with ReceiverSimulator("AD4Q", sample_layout="quadversity") as rx:
        sample = (await _samples(rx, connect, 1))[0]
    tokens = fields(sample)
    assert len(tokens) == 3 + 4 + 1 + 4 * 2
    assert len(tokens[7]) == 4


async def test_ad_fdc_appends_a_second_rf_section(connect: Connect) -> None:
    async with ReceiverSimulator("AD4D", sample_layout="fdc") as rx:
        sample = (await _samples(rx, connect, 1))[0]
    tokens = fields(sample)
    assert len(tokens) == 3 + 4 + (1 + 2 * 2) * 2
    assert re.fullmatch(r"[BRX]{2}", tokens[12])


def test_layouts_other_than_standard_are_axient_only() -> None:
    with pytest.raises(ValueError, match="quadversity"):
        ReceiverSimulator("ULXD4Q", sample_layout="quadversity")


async def test_sample_cadence_follows_meter_rate(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q") as rx:
        client = await connect(rx.port)
        await client.send("< SET 1 METER_RATE 00100 >< SET 2 METER_RATE 00250 >")
        messages = await client.collect(1.05)
    ones = [m for m in messages if m.startswith("< SAMPLE 1 ")]
    twos = [m for m in messages if m.startswith("< SAMPLE 2 ")]
    assert 8 <= len(ones) <= 11
    assert 3 <= len(twos) <= 5
    assert not any(m.startswith(("< SAMPLE 3 ", "< SAMPLE 4 ")) for m in messages)


async def test_meter_rate_off_stops_samples(connect: Connect) -> None:
    async with ReceiverSimulator("AD4Q") as rx:
        client = await connect(rx.port)
        await client.send("< SET 0 METER_RATE 00100 >")
        await client.next_containing("SAMPLE 4 ")
        await client.send("< SET 0 METER_RATE 00000 >")
        await client.next_containing("< REP 4 METER_RATE 00000 >")
        await asyncio.sleep(0.05)  # anything already on the wire
        await client.collect(0.05)
        assert not [m for m in await client.collect(0.3) if "SAMPLE" in m]
        assert "< SET 0 METER_RATE 00000 >" in rx.received


async def test_metering_is_per_connection(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q") as rx:
        metering = await connect(rx.port)
        quiet = await connect(rx.port)
        await metering.send("< SET 1 METER_RATE 00100 >")
        await metering.next_containing("SAMPLE 1 ")
        assert not [m for m in await quiet.collect(0.3) if "SAMPLE" in m]


@pytest.mark.parametrize("model", ["ULXD4Q", "AD4D", "SLXD4D"])
async def test_no_transmitter_means_low_rf_and_silent_audio(
    model: str, connect: Connect
) -> None:
    async with ReceiverSimulator(model, seed=4) as rx:
        rx.channel(1).transmitter_off()
        sample = (await _samples(rx, connect, 2))[1]
    tokens = fields(sample)[3:]
    if model == "ULXD4Q":
        assert tokens[0] == "XX"
        assert int(tokens[1]) - 128 < -95  # dBm
        assert tokens[2] == "000"
    elif model == "AD4D":
        assert tokens[0] == "255"  # quality unknown
        assert tokens[2] == tokens[3] == "000"  # audio -120 dBFS
        assert tokens[4] == "XX"
        assert int(tokens[6]) - 120 < -95
    else:
        assert tokens[0] == tokens[1] == "000"
        assert int(tokens[2]) - 120 < -95


async def test_muted_transmitter_is_silent_but_rf_stays(connect: Connect) -> None:
    async with ReceiverSimulator("ULXD4Q", seed=4) as rx:
        rx.channel(1).set_tx_mute(True)
        sample = (await _samples(rx, connect, 1))[0]
    match = ULXD_SAMPLE.match(sample)
    assert match
    assert match[3] == "000"
    assert int(match[2]) > 48


@pytest.mark.parametrize("model", ["ULXD4Q", "AD4Q", "SLXD4D", "SLXD4Q+"])
async def test_static_receiver_meters_never_move(model: str, connect: Connect) -> None:
    """A rig at rest: the same SAMPLE every time, however long it runs."""
    async with ReceiverSimulator(model, seed=2, static=True) as rx:
        samples = await _samples(rx, connect, 12)
    assert len(set(samples)) == 1, samples


async def test_drifting_receiver_meters_move(connect: Connect) -> None:
    """The default still moves (the static test above is no accident of a seed)."""
    async with ReceiverSimulator("AD4Q", seed=2) as rx:
        samples = await _samples(rx, connect, 12)
    assert len(set(samples)) > 1
