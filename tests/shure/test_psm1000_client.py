"""The client and the probe in the PSM1000 dialect, against a fake P10T.

The fake (psm1000_helpers.py) ignores any command without CRLF after it, as
a P10T does, so every test here also proves the client ends its messages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from custom_components.micboard.shure.commandstrings import (
    PSM1000,
    ConnectionChanged,
    MeterSampled,
    ReceiverClient,
    ReceiverEvent,
    SessionReady,
    probe_receiver,
)
from custom_components.micboard.shure.errors import (
    CannotConnectError,
    InvalidValueError,
    NoAnswerError,
    NotAShureReceiverError,
    UnsupportedError,
)
from custom_components.micboard.shure.models import IemAudioMode, ReceiverFamily

from .commandstrings_helpers import FakeReceiver, wait_for
from .commandstrings_transcripts import ULXD4D_IDENTITY
from .psm1000_helpers import FakeP10T
from .psm1000_transcripts import P10T_CHANNEL_1, P10T_METERS, SHURE_REPORT_DEVICE_NAME

type MakeP10T = Callable[..., Awaitable[FakeP10T]]
type MakeClient = Callable[..., ReceiverClient]

PROPERTIES = (
    "CHAN_NAME",
    "FREQUENCY",
    "GROUP_CHAN",
    "RF_TX_LVL",
    "RF_MUTE",
    "AUDIO_TX_MODE",
    "AUDIO_IN_LINE_LVL",
)


@pytest.fixture
async def make_p10t(socket_enabled: None) -> AsyncIterator[MakeP10T]:
    fakes: list[FakeP10T] = []

    async def make(**kwargs: object) -> FakeP10T:
        fake = FakeP10T(**kwargs)  # type: ignore[arg-type]
        await fake.start()
        fakes.append(fake)
        return fake

    yield make
    for fake in fakes:
        await fake.close()


def _p10t_client(
    make_client: MakeClient, port: int, **overrides: object
) -> ReceiverClient:
    return make_client(port, dialect=PSM1000, **overrides)


def _record(client: ReceiverClient) -> list[ReceiverEvent]:
    events: list[ReceiverEvent] = []
    client.add_listener(events.append)
    return events


async def _started(
    make_p10t: MakeP10T, make_client: MakeClient
) -> tuple[FakeP10T, ReceiverClient, list[ReceiverEvent]]:
    """A fake P10T and a client whose first session is ready (handshake done)."""
    fake = await make_p10t()
    client = _p10t_client(make_client, fake.port)
    events = _record(client)
    await client.start()
    await wait_for(lambda: any(isinstance(e, SessionReady) for e in events))
    return fake, client, events


async def test_handshake_asks_the_name_then_every_property(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    fake = await make_p10t()
    client = _p10t_client(make_client, fake.port)
    events = _record(client)
    await client.start()
    receiver = await client.wait_ready(3)
    assert (receiver.model, receiver.family, receiver.channel_count) == (
        "P10T",
        ReceiverFamily.PSM1000,
        2,
    )
    assert receiver.device_id == "Shure"
    await wait_for(lambda: "SET 2 METER_RATE 1000" in fake.received)
    expected = [
        "GET DEVICE_NAME",
        *(f"GET 1 {name}" for name in PROPERTIES),
        *(f"GET 2 {name}" for name in PROPERTIES),
        "SET 1 METER_RATE 1000",
        "SET 2 METER_RATE 1000",
    ]
    assert fake.received[: len(expected)] == expected
    assert fake.ignored == []
    assert not any("ALL" in request for request in fake.received)
    await wait_for(lambda: any(isinstance(e, SessionReady) for e in events))
    channels = client.receiver.channels
    assert channels[1].name == "Mix 1"
    assert channels[1].iem.audio_mode is IemAudioMode.STEREO
    assert channels[2].iem.rf_muted is True


async def test_keepalive_meters_and_metering_off_at_stop(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    fake, client, events = await _started(make_p10t, make_client)
    await wait_for(lambda: "GET 1 METER_RATE" in fake.received, what="keep-alive")
    fake.push(P10T_METERS)
    await wait_for(lambda: sum(isinstance(e, MeterSampled) for e in events) == 4)
    meters = [e.sample for e in events if isinstance(e, MeterSampled)]
    assert (
        meters[1].channel,
        meters[1].input_left_dbfs,
        meters[1].input_right_dbfs,
    ) == (
        1,
        -20,
        -89,
    )
    assert client.counters.samples == 4
    await client.stop()
    assert fake.raw.endswith(b"< SET 1 METER_RATE 0 >\r\n< SET 2 METER_RATE 0 >\r\n")


async def test_silent_transmitter_is_never_ready_and_is_redialled(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    fake = await make_p10t(silent=True)
    client = _p10t_client(make_client, fake.port, silence_timeout=0.3)
    await client.start()
    with pytest.raises(CannotConnectError, match="no answer"):
        await client.wait_ready(0.25)
    await wait_for(lambda: fake.connections >= 2, what="a new connection")
    assert client.receiver.model is None


async def test_dropped_connection_asks_the_name_again(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    fake, _client, events = await _started(make_p10t, make_client)
    fake.drop()
    await wait_for(lambda: fake.received.count("GET DEVICE_NAME") == 2)
    await wait_for(lambda: sum(isinstance(e, SessionReady) for e in events) == 2)
    # Closed or reset, depending on timing: either way the connection was lost.
    assert any(isinstance(e, ConnectionChanged) and not e.connected for e in events)


async def test_rename_is_sent_unbraced_and_confirmed(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    fake, client, _events = await _started(make_p10t, make_client)
    await client.set_channel_name(1, "Mix 2")
    assert "SET 1 CHAN_NAME Mix 2" in fake.received
    assert client.receiver.channels[1].name == "Mix 2"
    with pytest.raises(InvalidValueError, match="8 characters"):
        await client.set_channel_name(1, "Nine char")
    for write in (
        client.set_audio_mute(1, True),
        client.set_audio_gain(1, 0),
        client.identify(),
        client.identify(1),
    ):
        with pytest.raises(UnsupportedError):
            await write
    assert not any(
        r.startswith(("SET 1 AUDIO", "SET FLASH", "SET 1 FLASH")) for r in fake.received
    )


async def test_probe_finds_a_p10t(make_p10t: MakeP10T) -> None:
    fake = await make_p10t()
    identity = await probe_receiver("127.0.0.1", fake.port, timeout=2, dialect=PSM1000)
    assert (
        identity.model,
        identity.family,
        identity.channel_count,
        identity.device_id,
    ) == (
        "P10T",
        ReceiverFamily.PSM1000,
        2,
        "Shure",
    )
    assert fake.received == ["GET DEVICE_NAME"]


async def test_probe_of_a_silent_p10t_says_no_answer(make_p10t: MakeP10T) -> None:
    fake = await make_p10t(silent=True)
    with pytest.raises(NoAnswerError):
        await probe_receiver("127.0.0.1", fake.port, timeout=0.3, dialect=PSM1000)


async def test_classic_probe_of_a_p10t_gets_no_answer(make_p10t: MakeP10T) -> None:
    """Without CRLF a P10T ignores every question: no answer, not a crash."""
    fake = await make_p10t()
    with pytest.raises(NoAnswerError):
        await probe_receiver("127.0.0.1", fake.port, timeout=0.3)
    assert fake.received == []
    assert "GET MODEL" in fake.ignored


async def test_psm1000_probe_of_a_ulxd_is_not_a_p10t(
    make_fake_receiver: Callable[..., Awaitable[FakeReceiver]],
) -> None:
    """A ULX-D answers `REP ERR`: something answered, but no P10T."""
    fake = await make_fake_receiver(identity=ULXD4D_IDENTITY)
    with pytest.raises(NotAShureReceiverError) as caught:
        await probe_receiver("127.0.0.1", fake.port, timeout=0.3, dialect=PSM1000)
    assert not isinstance(caught.value, NoAnswerError)


async def test_unanswered_channel_properties_delay_the_session_not_forever(
    make_p10t: MakeP10T, make_client: MakeClient
) -> None:
    """A P10T that never answers for channel 2: ready after the wait, channel 1 known."""
    fake = await make_p10t(lines=(SHURE_REPORT_DEVICE_NAME, *P10T_CHANNEL_1))
    client = _p10t_client(make_client, fake.port)
    events = _record(client)
    await client.start()
    # Two identity waits run out first: give a loaded machine room.
    await wait_for(
        lambda: any(isinstance(e, SessionReady) for e in events), timeout=10.0
    )
    assert client.receiver.channels[1].name == "Mix 1"
    assert client.receiver.channels[2].name is None
    # Sent before SessionReady; the fake reads it on its own schedule.
    await wait_for(lambda: "SET 1 METER_RATE 1000" in fake.received, what="metering")
