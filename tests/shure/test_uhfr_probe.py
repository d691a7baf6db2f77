"""probe_uhfr: which model answers, and why nothing does."""

from __future__ import annotations

import asyncio

import pytest

from custom_components.micboard.shure.errors import (
    CannotConnectError,
    NotAShureReceiverError,
)
from custom_components.micboard.shure.models import ReceiverFamily, ReceiverIdentity
from custom_components.micboard.shure.uhfr import UhfrClient, probe_uhfr
from simulator.receivers import UhfrSimulator

from ..helpers import free_udp_port
from .commandstrings_helpers import wait_for
from .uhfr_helpers import FAST_TIMINGS, TranscriptPeer, transcript_answers
from .uhfr_transcripts import GET_NAME_1, UR4D_REPORTS


@pytest.mark.parametrize(("model", "channels"), [("UR4D", 2), ("UR4S", 1)])
async def test_the_model_is_told_by_channel_2(
    socket_enabled: None, model: str, channels: int
) -> None:
    async with UhfrSimulator(model, port=0) as sim:
        identity = await probe_uhfr("127.0.0.1", sim.port, timeout=3.0)
    assert identity == ReceiverIdentity(
        model=model, family=ReceiverFamily.UHFR, channel_count=channels
    )
    assert sim.received[0] == GET_NAME_1.decode()


async def test_a_lossy_ur4d_is_still_a_ur4d(socket_enabled: None) -> None:
    async with UhfrSimulator("UR4D", port=0, seed=11) as sim:
        sim.faults.lose_datagrams = True
        identities = [
            await probe_uhfr("127.0.0.1", sim.port, timeout=3.0) for _ in range(3)
        ]
    assert [identity.model for identity in identities] == ["UR4D"] * 3


async def test_a_refused_port_cannot_connect(socket_enabled: None) -> None:
    with pytest.raises(CannotConnectError, match="unreachable over UDP"):
        await probe_uhfr("127.0.0.1", free_udp_port(), timeout=0.5)


async def test_a_silent_receiver_cannot_connect(socket_enabled: None) -> None:
    async with UhfrSimulator("UR4D", port=0) as sim:
        sim.faults.silent = True
        with pytest.raises(CannotConnectError, match=r"no answer .* over UDP"):
            await probe_uhfr("127.0.0.1", sim.port, timeout=0.5)
        assert len(sim.received) >= 2  # asked again while waiting


async def test_something_else_answering_is_not_a_receiver(socket_enabled: None) -> None:
    peer = await TranscriptPeer(
        {}, reply_to_anything=b"HTTP/1.1 400 Bad Request\r\n"
    ).start()
    try:
        with pytest.raises(NotAShureReceiverError):
            await probe_uhfr("127.0.0.1", peer.port, timeout=0.5)
    finally:
        peer.close()


async def test_an_unresolvable_host_cannot_connect(
    socket_enabled: None, unencodable_hosts: None
) -> None:
    with pytest.raises(CannotConnectError, match="cannot reach"):
        await probe_uhfr("x" * 70 + ".example", timeout=0.5)


async def test_a_ur4s_that_turns_out_to_answer_channel_2_becomes_a_ur4d(
    socket_enabled: None,
) -> None:
    """Channel 2 answering later is positive evidence: the model changes."""
    channel_1 = [reply for reply in UR4D_REPORTS if reply.startswith(b"* REPORT 1 ")]
    answers = transcript_answers(channel_1)
    peer = await TranscriptPeer(answers).start()
    client = UhfrClient("127.0.0.1", peer.port, meter_interval_ms=0, **FAST_TIMINGS)
    try:
        await client.start()
        assert (await client.wait_ready(3)).model == "UR4S"
        answers.update(transcript_answers(UR4D_REPORTS))
        await wait_for(lambda: client.receiver.model == "UR4D")
        await wait_for(lambda: client.receiver.channels[2].name == "Spare")
        assert client.receiver.channel_count == 2
    finally:
        await client.stop()
        peer.close()
    await asyncio.sleep(0)
