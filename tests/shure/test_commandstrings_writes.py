"""Writes: confirmed by the matching REP, timed out, rejected, validated."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from custom_components.micboard.shure.commandstrings import ReceiverClient
from custom_components.micboard.shure.errors import (
    CannotConnectError,
    CommandRejectedError,
    CommandTimeoutError,
    InvalidValueError,
    UnsupportedError,
)

from .commandstrings_helpers import FakeReceiver, wait_for
from .commandstrings_transcripts import (
    AD4Q_IDENTITY,
    QLXD4_ALL,
    SLXD4D_IDENTITY,
    ULXD4D_IDENTITY,
)

type MakeFake = Callable[..., Awaitable[FakeReceiver]]
type MakeClient = Callable[..., ReceiverClient]


async def _ready_client(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    identity: tuple[str, ...] | list[str],
    **fake_options: str,
) -> tuple[FakeReceiver, ReceiverClient]:
    fake = await make_fake_receiver(identity=identity, **fake_options)
    client = make_client(fake.port)
    await client.start()
    await client.wait_ready(2)
    return fake, client


async def test_writes_are_confirmed_by_their_report(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake, client = await _ready_client(make_fake_receiver, make_client, ULXD4D_IDENTITY)
    await client.set_channel_name(2, "A>B <=>")
    assert "SET 2 CHAN_NAME {A>B <=>}" in fake.received
    assert client.receiver.channels[2].name == "A>B <=>"

    await client.set_audio_mute(1, True)
    assert "SET 1 AUDIO_MUTE ON" in fake.received
    assert client.receiver.channels[1].audio.muted is True
    await client.set_audio_mute(1, False)
    assert client.receiver.channels[1].audio.muted is False

    await client.set_audio_gain(1, 12)
    assert "SET 1 AUDIO_GAIN 030" in fake.received
    assert client.receiver.channels[1].audio.gain_db == 12
    await client.set_audio_gain(1, -18)
    assert client.receiver.channels[1].audio.gain_db == -18

    await client.identify()
    assert "SET FLASH ON" in fake.received


async def test_axient_identifies_a_channel(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake, client = await _ready_client(make_fake_receiver, make_client, AD4Q_IDENTITY)
    await client.identify(3)
    assert "SET 3 FLASH ON" in fake.received
    await client.set_channel_name(1, "x" * 31)
    assert client.receiver.channels[1].name == "x" * 31


async def test_unconfirmed_write_times_out(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake, client = await _ready_client(
        make_fake_receiver, make_client, ULXD4D_IDENTITY, sets="ignore"
    )
    with pytest.raises(CommandTimeoutError, match="CHAN_NAME"):
        await client.set_channel_name(1, "Nope")
    assert "SET 1 CHAN_NAME {Nope}" in fake.received
    # A report of another property or channel does not confirm the write.
    fake.on_request = lambda request: fake.push(b"< REP 2 AUDIO_GAIN 030 >")
    with pytest.raises(CommandTimeoutError):
        await client.set_audio_gain(1, 12)


async def test_rejected_write(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    _, client = await _ready_client(
        make_fake_receiver, make_client, ULXD4D_IDENTITY, sets="refuse"
    )
    with pytest.raises(CommandRejectedError):
        await client.set_audio_gain(2, 40)
    assert client.receiver.channels[2].audio.gain_db is None


async def test_connection_lost_during_a_write(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake, client = await _ready_client(
        make_fake_receiver, make_client, ULXD4D_IDENTITY, sets="ignore"
    )

    def drop_on_set(request: str) -> None:
        if request.startswith("SET 1 CHAN_NAME"):
            fake.drop()

    fake.on_request = drop_on_set
    with pytest.raises(CannotConnectError, match="connection lost"):
        await client.set_channel_name(1, "Gone")


async def test_write_failing_on_the_socket(
    make_fake_receiver: MakeFake,
    make_client: MakeClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, client = await _ready_client(make_fake_receiver, make_client, ULXD4D_IDENTITY)

    async def broken_send(data: bytes) -> None:
        raise BrokenPipeError("pipe")

    monkeypatch.setattr(client._connection, "send", broken_send)
    with pytest.raises(CannotConnectError, match="pipe"):
        await client.set_audio_gain(1, 0)


async def test_write_while_disconnected(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    fake, client = await _ready_client(make_fake_receiver, make_client, ULXD4D_IDENTITY)
    await fake.close()
    await wait_for(lambda: not client.connected)
    with pytest.raises(CannotConnectError, match="not connected"):
        await client.set_channel_name(1, "Later")


@pytest.mark.parametrize(
    ("channel", "name"),
    [
        (1, "NineChars"),
        (1, ""),
        (1, "   "),
        (1, "{brace"),
        (1, "close}"),
        (1, "Café"),
        (1, "tab\there"),
        (3, "Ghost"),
        (0, "Zero"),
    ],
)
async def test_invalid_names_are_refused_before_sending(
    make_fake_receiver: MakeFake, make_client: MakeClient, channel: int, name: str
) -> None:
    fake, client = await _ready_client(make_fake_receiver, make_client, ULXD4D_IDENTITY)
    sent_before = len(fake.received)
    with pytest.raises(InvalidValueError):
        await client.set_channel_name(channel, name)
    assert not any("CHAN_NAME" in request for request in fake.received[sent_before:])


@pytest.mark.parametrize("gain", [-19, 43, 1.5, True, "12"])
async def test_invalid_gains_are_refused(
    make_fake_receiver: MakeFake, make_client: MakeClient, gain: object
) -> None:
    _, client = await _ready_client(make_fake_receiver, make_client, AD4Q_IDENTITY)
    with pytest.raises(InvalidValueError):
        await client.set_audio_gain(1, gain)  # type: ignore[arg-type]


async def test_invalid_channel_types(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    _, client = await _ready_client(make_fake_receiver, make_client, AD4Q_IDENTITY)
    with pytest.raises(InvalidValueError):
        await client.set_audio_mute(True, True)
    with pytest.raises(InvalidValueError):
        await client.identify(5)


async def test_features_a_family_lacks(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    _, slxd = await _ready_client(make_fake_receiver, make_client, SLXD4D_IDENTITY)
    with pytest.raises(UnsupportedError, match="muted"):
        await slxd.set_audio_mute(1, True)
    qlxd_identity = QLXD4_ALL.decode().replace("><", ">\n<").splitlines()[:4]
    _, qlxd = await _ready_client(make_fake_receiver, make_client, qlxd_identity)
    with pytest.raises(UnsupportedError, match="flash"):
        await qlxd.identify()
    _, ulxd = await _ready_client(make_fake_receiver, make_client, ULXD4D_IDENTITY)
    with pytest.raises(UnsupportedError, match="flash a channel"):
        await ulxd.identify(1)


async def test_unknown_model_supports_no_writes(
    make_fake_receiver: MakeFake, make_client: MakeClient
) -> None:
    _, client = await _ready_client(
        make_fake_receiver, make_client, ["< REP MODEL {P10T} >"]
    )
    with pytest.raises(UnsupportedError, match="P10T"):
        await client.set_channel_name(1, "IEM")
    with pytest.raises(UnsupportedError):
        await client.identify()
