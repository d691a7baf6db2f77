"""GET / SET / REP per family over real TCP."""

from __future__ import annotations

import re

import pytest

from simulator.receivers import MODELS, ReceiverSimulator

from .conftest import Connect
from .raw_client import fields

# The channel properties each model must answer (the reference's table).
ULXD_PROPERTIES = [
    "BATT_BARS",
    "BATT_CHARGE",
    "BATT_RUN_TIME",
    "BATT_HEALTH",
    "BATT_CYCLE",
    "BATT_TYPE",
    "BATT_TEMP_C",
    "TX_TYPE",
    "AUDIO_MUTE",
    "TX_MUTE_STATUS",
    "CHAN_NAME",
    "FREQUENCY",
    "GROUP_CHAN",
    "RF_INT_DET",
    "TX_OFFSET",
    "TX_RF_PWR",
    "AUDIO_GAIN",
    "ENCRYPTION_WARNING",
    "METER_RATE",
]
AD_PROPERTIES = [
    "TX_BATT_BARS",
    "TX_BATT_CHARGE_PERCENT",
    "TX_BATT_MINS",
    "TX_BATT_HEALTH_PERCENT",
    "TX_BATT_CYCLE_COUNT",
    "TX_BATT_TYPE",
    "TX_BATT_TEMP_C",
    "TX_MODEL",
    "AUDIO_MUTE",
    "TX_MUTE_MODE_STATUS",
    "CHAN_NAME",
    "FREQUENCY",
    "GROUP_CHANNEL",
    "INTERFERENCE_STATUS",
    "CHAN_QUALITY",
    "ANTENNA_STATUS",
    "TX_OFFSET",
    "AUDIO_GAIN",
    "RSSI",
    "METER_RATE",
]
SLXD_PROPERTIES = [
    "TX_BATT_BARS",
    "TX_BATT_MINS",
    "TX_MODEL",
    "CHAN_NAME",
    "FREQUENCY",
    "GROUP_CHANNEL",
    "AUDIO_GAIN",
    "RSSI",
    "LOCK_STATUS",
    "METER_RATE",
]
EXPECTED = {
    "ULXD4Q": (4, ULXD_PROPERTIES),
    "QLXD4": (1, ULXD_PROPERTIES),
    "AD4D": (2, AD_PROPERTIES),
    "AD4Q": (4, AD_PROPERTIES),
    "SLXD4D": (2, SLXD_PROPERTIES),
}
# Properties a family does not have: the receiver answers REP ERR.
MISSING = {
    "ULXD4Q": ("TX_BATT_BARS", "TX_MODEL", "RSSI", "INTERFERENCE_STATUS"),
    "QLXD4": ("TX_BATT_MINS", "GROUP_CHANNEL"),
    "AD4Q": ("BATT_BARS", "TX_TYPE", "RF_INT_DET", "GROUP_CHAN"),
    "SLXD4D": (
        "AUDIO_MUTE",
        "TX_MUTE_STATUS",
        "TX_BATT_CHARGE_PERCENT",
        "INTERFERENCE_STATUS",
        "BATT_BARS",
    ),
    "SLXD4Q+": ("LINK_TX_MODEL", "AUDIO_MUTE"),
}


@pytest.mark.parametrize("model", sorted(MODELS))
async def test_device_identity_is_braced_and_padded(
    model: str, connect: Connect
) -> None:
    async with ReceiverSimulator(model, device_id="RACK 7", seed=3) as rx:
        client = await connect(rx.port)
        reply = await client.request("< GET MODEL >", "MODEL")
        value = reply.removeprefix("< REP MODEL ").removesuffix(" >")
        assert len(value) == 34  # 32 characters in braces
        assert value.strip("{} ") == MODELS[model].model_string
        reply = await client.request("< GET DEVICE_ID >", "DEVICE_ID")
        assert reply == "< REP DEVICE_ID {RACK 7  } >"
        reply = await client.request("< GET FW_VER >", "FW_VER")
        assert fields(reply)[2].startswith("{")
        assert "." in reply
        reply = await client.request("< GET RF_BAND >", "RF_BAND")
        assert fields(reply)[2].strip("{} ") == MODELS[model].rf_band


async def test_ad4q_model_reads_with_the_regional_suffix(connect: Connect) -> None:
    async with ReceiverSimulator("AD4Q") as rx:
        client = await connect(rx.port)
        reply = await client.request("< GET MODEL >", "MODEL")
        assert reply.startswith("< REP MODEL {AD4Q-A ")


@pytest.mark.parametrize("model", sorted(EXPECTED))
async def test_get_0_all_reports_every_property_of_every_channel(
    model: str, connect: Connect
) -> None:
    channel_count, properties = EXPECTED[model]
    async with ReceiverSimulator(model, seed=5) as rx:
        client = await connect(rx.port)
        await client.send("< GET 0 ALL >")
        last = f"< REP {channel_count} METER_RATE 00000 >"
        await client.next_containing(last)
        seen = {(fields(m)[1], fields(m)[2]) for m in client.messages}
        for device_prop in ("MODEL", "DEVICE_ID", "FW_VER", "RF_BAND"):
            assert any(name == device_prop for name, _ in seen)
        for number in range(1, channel_count + 1):
            for prop in properties:
                assert (str(number), prop) in seen, (number, prop)
        assert not any("\n" in m or "\r" in m for m in client.messages)


async def test_slxd4q_plus_rejects_get_all_but_answers_single_gets(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("SLXD4Q+") as rx:
        client = await connect(rx.port)
        assert await client.request("< GET 0 ALL >", "REP") == "< REP ERR >"
        reply = await client.request("< GET 3 TX_BATT_BARS >", "TX_BATT_BARS")
        assert reply.startswith("< REP 3 TX_BATT_BARS ")


@pytest.mark.parametrize(("model", "props"), sorted(MISSING.items()))
async def test_properties_a_family_lacks_answer_rep_err(
    model: str, props: tuple[str, ...], connect: Connect
) -> None:
    async with ReceiverSimulator(model) as rx:
        client = await connect(rx.port)
        for prop in props:
            assert await client.request(f"< GET 1 {prop} >", "REP") == "< REP ERR >"


@pytest.mark.parametrize(
    "bad",
    [
        "< FROB 1 CHAN_NAME >",
        "< GET 9 CHAN_NAME >",
        "< GET 1 NO_SUCH_THING >",
        "< GET CHAN_NAME >",
        "< GET 1 >",
        "< >",
        "< SET 1 AUDIO_GAIN 061 >",
        "< SET 1 AUDIO_GAIN loud >",
        "< SET 1 AUDIO_MUTE MAYBE >",
        "< SET 1 METER_RATE 00050 >",
        "< SET 1 METER_RATE 99999 >",
        "< SET MODEL {ULXD9} >",
        "< SET 1 FREQUENCY 0999000 >",
        "< SET DEVICE_ID {WAY_TOO_LONG} >",
    ],
)
async def test_bad_commands_answer_rep_err_and_keep_the_connection(
    bad: str, ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    assert await client.request(bad, "REP") == "< REP ERR >"
    reply = await client.request("< GET MODEL >", "MODEL")
    assert "ULXD4Q" in reply


async def test_binary_noise_from_a_client_is_ignored(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    await client.send("\x00\xff}}{{>>> junk \r\n")
    assert "ULXD4Q" in await client.request("< GET MODEL >", "MODEL")


async def test_set_chan_name_keeps_angle_brackets_and_pads_to_31(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("AD4D") as rx:
        client = await connect(rx.port)
        reply = await client.request("< SET 2 CHAN_NAME {A>B <Lead>} >", "CHAN_NAME")
        assert reply == "< REP 2 CHAN_NAME {" + "A>B <Lead>".ljust(31) + "} >"
        assert rx.channel(2).name == "A>B <Lead>"


async def test_ulxd_names_are_cut_to_eight_characters(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    reply = await client.request("< SET 1 CHAN_NAME {BP02 Anna} >", "CHAN_NAME")
    assert fields(reply)[3] == "{" + "BP02 Ann".ljust(31) + "}"


@pytest.mark.parametrize("model", ["ULXD4Q", "QLXD4", "AD4Q"])
async def test_set_audio_mute_confirms_with_rep(model: str, connect: Connect) -> None:
    async with ReceiverSimulator(model) as rx:
        client = await connect(rx.port)
        assert await client.request("< SET 1 AUDIO_MUTE ON >", "AUDIO_MUTE") == (
            "< REP 1 AUDIO_MUTE ON >"
        )
        assert rx.channel(1).audio_muted
        assert await client.request("< SET 1 AUDIO_MUTE TOGGLE >", "AUDIO_MUTE") == (
            "< REP 1 AUDIO_MUTE OFF >"
        )
        # Setting the value it already has still gets a confirming REP.
        assert await client.request("< SET 1 AUDIO_MUTE OFF >", "AUDIO_MUTE") == (
            "< REP 1 AUDIO_MUTE OFF >"
        )


@pytest.mark.parametrize("model", ["ULXD4Q", "AD4D", "SLXD4D"])
async def test_set_audio_gain_raw_and_steps(model: str, connect: Connect) -> None:
    async with ReceiverSimulator(model) as rx:
        client = await connect(rx.port)
        reply = await client.request("< SET 1 AUDIO_GAIN 030 >", "AUDIO_GAIN")
        assert reply == "< REP 1 AUDIO_GAIN 030 >"
        reply = await client.request("< SET 1 AUDIO_GAIN INC 5 >", "AUDIO_GAIN")
        assert reply == "< REP 1 AUDIO_GAIN 035 >"
        reply = await client.request("< SET 1 AUDIO_GAIN DEC 35 >", "AUDIO_GAIN")
        assert reply == "< REP 1 AUDIO_GAIN 000 >"
        assert await client.request("< SET 1 AUDIO_GAIN DEC 1 >", "REP") == (
            "< REP ERR >"
        )


async def test_flash_on_confirms_and_turns_itself_off(connect: Connect) -> None:
    async with ReceiverSimulator("AD4Q", flash_seconds=0.1) as rx:
        client = await connect(rx.port)
        assert await client.request("< SET 2 FLASH ON >", "FLASH") == (
            "< REP 2 FLASH ON >"
        )
        assert await client.next_containing("FLASH") == "< REP 2 FLASH OFF >"
        assert await client.request("< SET FLASH ON >", "FLASH") == "< REP FLASH ON >"
        assert await client.next_containing("FLASH") == "< REP FLASH OFF >"


async def test_meter_rate_get_and_set_are_per_connection(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    first = await connect(ulxd.port)
    second = await connect(ulxd.port)
    reply = await first.request("< SET 2 METER_RATE 01000 >", "METER_RATE")
    assert reply == "< REP 2 METER_RATE 01000 >"
    assert await first.request("< GET 2 METER_RATE >", "METER_RATE") == reply
    assert await second.request("< GET 2 METER_RATE >", "METER_RATE") == (
        "< REP 2 METER_RATE 00000 >"
    )
    await first.send("< SET 0 METER_RATE 00000 >")
    for number in range(1, 5):
        await first.next_containing(f"< REP {number} METER_RATE 00000 >")


async def test_rssi_reports_both_antennas_and_filters_by_index(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("SLXD4D") as rx:
        client = await connect(rx.port)
        await client.send("< GET 1 RSSI >")
        first = await client.next_containing("RSSI")
        second = await client.next_containing("RSSI")
        assert fields(first)[:4] == ["REP", "1", "RSSI", "1"]
        assert fields(second)[:4] == ["REP", "1", "RSSI", "2"]
        assert re.fullmatch(r"\d{3}", fields(first)[4])
        reply = await client.request("< GET 1 RSSI 2 >", "RSSI")
        assert fields(reply)[3] == "2"


async def test_set_device_id_is_reported(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    reply = await client.request("< SET DEVICE_ID {FOH-1} >", "DEVICE_ID")
    assert reply == "< REP DEVICE_ID {FOH-1   } >"
    assert ulxd.device_id == "FOH-1"


async def test_set_frequency_within_the_band_leaves_the_group(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    await client.send("< SET 3 FREQUENCY 0500125 >")
    assert await client.next_containing("FREQUENCY") == "< REP 3 FREQUENCY 0500125 >"
    assert await client.next_containing("GROUP_CHAN") == "< REP 3 GROUP_CHAN {--,--} >"
