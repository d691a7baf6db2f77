"""UhfrClient writes: name, mute, gain; confirmation by a REPORT of the new value."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from custom_components.micboard.shure.errors import (
    CannotConnectError,
    CommandTimeoutError,
    InvalidValueError,
    UnsupportedError,
)
from custom_components.micboard.shure.uhfr import UhfrClient
from simulator.receivers import UhfrSimulator

from .commandstrings_helpers import wait_for
from .uhfr_helpers import FAST_TIMINGS, TranscriptPeer, transcript_answers
from .uhfr_transcripts import UR4D_REPORTS


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[UhfrSimulator]:
    """A UR4D at rest."""
    async with UhfrSimulator("UR4D", port=0, seed=2, static=True) as simulator:
        yield simulator


@pytest.fixture
async def client(sim: UhfrSimulator) -> AsyncIterator[UhfrClient]:
    """A ready client of `sim`."""
    client = UhfrClient("127.0.0.1", sim.port, meter_interval_ms=0, **FAST_TIMINGS)
    await client.start()
    await client.wait_ready(3)
    yield client
    await client.stop()


async def test_rename_sends_underscores_and_waits_for_the_new_name(
    sim: UhfrSimulator, client: UhfrClient
) -> None:
    await client.set_channel_name(2, "Lead Vox 2")
    assert "* SET 2 CHAN_NAME Lead_Vox_2 *" in sim.received
    assert sim.channel(2).name == "Lead Vox 2"
    assert client.receiver.channels[2].name == "Lead Vox 2"


async def test_mute_and_gain(sim: UhfrSimulator, client: UhfrClient) -> None:
    await client.set_audio_mute(1, True)
    assert sim.channel(1).audio_muted
    assert client.receiver.channels[1].audio.muted is True
    await client.set_audio_mute(1, False)
    assert not sim.channel(1).audio_muted
    await client.set_audio_gain(2, -12)
    assert "* SET 2 AUDIO_GAIN 12 *" in sim.received
    assert sim.gains[2] == 12
    assert client.receiver.channels[2].audio.gain_db == -12


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("set_channel_name", (1, "")),
        ("set_channel_name", (1, "Thirteen char")),
        ("set_channel_name", (1, "A*B")),
        ("set_channel_name", (1, "A_B")),
        ("set_channel_name", (1, "Caf\xe9")),
        ("set_channel_name", (3, "Three")),
        ("set_audio_gain", (1, 1)),
        ("set_audio_gain", (1, -33)),
        ("set_audio_gain", (1, True)),
        ("set_audio_mute", (0, True)),
    ],
)
async def test_bad_values_are_refused_before_sending(
    sim: UhfrSimulator, client: UhfrClient, call: str, args: tuple[Any, ...]
) -> None:
    before = len(sim.received)
    with pytest.raises(InvalidValueError):
        await getattr(client, call)(*args)
    assert not any("SET" in message for message in list(sim.received)[before:])


async def test_identify_is_not_offered(client: UhfrClient) -> None:
    with pytest.raises(UnsupportedError, match="cannot flash"):
        await client.identify()
    with pytest.raises(UnsupportedError):
        await client.identify(1)


async def test_a_silent_receiver_times_a_write_out(sim: UhfrSimulator) -> None:
    """Silent for less than the silence timeout: still online, never confirmed."""
    options = {**FAST_TIMINGS, "silence_timeout": 5.0}
    client = UhfrClient("127.0.0.1", sim.port, meter_interval_ms=0, **options)
    try:
        await client.start()
        await client.wait_ready(3)
        sim.faults.silent = True
        with pytest.raises(CommandTimeoutError, match="did not confirm MUTE"):
            await client.set_audio_mute(1, True)
        assert client.connected
        assert sum("SET 1 MUTE ON" in message for message in sim.received) >= 2
    finally:
        await client.stop()


async def test_a_write_while_offline_fails_at_once(
    sim: UhfrSimulator, client: UhfrClient
) -> None:
    await sim.stop()
    await wait_for(lambda: not client.connected)
    with pytest.raises(CannotConnectError, match="not answering"):
        await client.set_audio_mute(1, True)


async def test_a_report_of_the_old_value_does_not_confirm(socket_enabled: None) -> None:
    """A peer that keeps reporting gain 10 whatever it is told."""
    peer = await TranscriptPeer(transcript_answers(UR4D_REPORTS)).start()
    client = UhfrClient("127.0.0.1", peer.port, meter_interval_ms=0, **FAST_TIMINGS)
    try:
        await client.start()
        await client.wait_ready(3)
        with pytest.raises(CommandTimeoutError):
            await client.set_audio_gain(1, -20)
        assert peer.count(b"* SET 1 AUDIO_GAIN 20 *") >= 2
        assert peer.count(b"* GET 1 AUDIO_GAIN *") >= 2
        assert client.receiver.channels[1].audio.gain_db == -10
        await client.set_audio_gain(1, -10)  # what it reports: confirmed
    finally:
        await client.stop()
        peer.close()
