"""Fault switches: split frames, garbage, silence, errors, dropped links."""

from __future__ import annotations

import asyncio

import pytest

from simulator.receivers import ReceiverSimulator

from .conftest import Connect
from .raw_client import RawClient, split_messages

ALL_REPLY_END = "< REP 4 METER_RATE 00000 >"


async def _get_all(client: RawClient) -> list[str]:
    await client.send("< GET 0 ALL >")
    await client.next_containing(ALL_REPLY_END, seconds=10)
    return client.messages


async def test_normal_writes_carry_many_messages_per_read(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    client = await connect(ulxd.port)
    await _get_all(client)
    assert max(chunk.count(b"<") for chunk in client.chunks) > 10


async def test_split_frames_cut_messages_across_reads(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    ulxd.faults.split_frames = True
    ulxd.faults.split_pause_seconds = 0.001
    client = await connect(ulxd.port)
    messages = await _get_all(client)
    assert len(client.chunks) > 20
    # Some read ends in the middle of a message...
    assert any(not chunk.endswith(b">") for chunk in client.chunks)
    # ...and some read holds the end of one message and the start of the next.
    assert any(b"><" in chunk for chunk in client.chunks)
    # Nothing is lost: the stream reassembles into the same replies.
    ulxd.faults.split_frames = False
    reference = await connect(ulxd.port)
    assert len(await _get_all(reference)) == len(messages)


async def test_garbage_between_messages_does_not_corrupt_them(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    ulxd.faults.inject_garbage = True
    client = await connect(ulxd.port)
    messages = await _get_all(client)
    stream = b"".join(client.chunks).decode("latin-1")
    parsed, _rest = split_messages(stream)
    assert parsed == messages
    leftover = stream
    for message in messages:
        leftover = leftover.replace(message, "", 1)
    assert len(leftover) >= len(messages)  # at least one junk byte per gap
    assert not set(leftover) & set("<>{}")
    assert all(message.startswith("< REP ") for message in messages)


async def test_silent_receiver_reads_but_never_answers(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    ulxd.faults.silent = True
    client = await connect(ulxd.port)
    await client.send("< GET MODEL >< SET 1 METER_RATE 00100 >")
    assert await client.collect(0.4) == []
    assert "< GET MODEL >" in ulxd.received
    assert ulxd.connection_count == 1
    ulxd.faults.silent = False
    assert "ULXD4Q" in await client.request("< GET MODEL >", "MODEL")


async def test_answer_err_to_everything(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    ulxd.faults.answer_err = True
    client = await connect(ulxd.port)
    await client.send("< GET MODEL >< GET 1 CHAN_NAME >")
    assert await client.next_containing("REP") == "< REP ERR >"
    assert await client.next_containing("REP") == "< REP ERR >"


async def test_drop_connections_closes_every_client(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    first, second = await connect(ulxd.port), await connect(ulxd.port)
    async with asyncio.timeout(2):
        await ulxd.wait_for_clients(2)
    await ulxd.drop_connections()
    assert ulxd.connection_count == 0
    assert await first.closed_by_server()
    assert await second.closed_by_server()
    again = await connect(ulxd.port)
    assert "ULXD4Q" in await again.request("< GET MODEL >", "MODEL")


async def test_refuse_connections_closes_at_once(
    ulxd: ReceiverSimulator, connect: Connect
) -> None:
    ulxd.faults.refuse_connections = True
    client = await connect(ulxd.port)
    await client.send("< GET MODEL >")
    with pytest.raises(ConnectionError):
        await client.next_containing("MODEL")
    assert ulxd.connection_count == 0


async def test_stop_then_start_listens_on_the_same_port(connect: Connect) -> None:
    rx = ReceiverSimulator("QLXD4")
    await rx.start()
    port = rx.port
    try:
        client = await connect(port)
        await client.request("< GET MODEL >", "MODEL")
        await rx.stop()
        assert not rx.running
        assert await client.closed_by_server()
        with pytest.raises(ConnectionRefusedError):
            await RawClient.connect(port)
        await rx.start()
        assert rx.port == port
        again = await connect(port)
        assert "QLXD4" in await again.request("< GET MODEL >", "MODEL")
    finally:
        await rx.stop()


async def test_busy_port_gives_a_clear_error(ulxd: ReceiverSimulator) -> None:
    other = ReceiverSimulator("AD4D", port=ulxd.port)
    with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{ulxd.port}"):
        await other.start()
    assert not other.running


async def test_metering_lockup_hangs_after_a_client_vanishes_metering(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("QLXD4", metering_lockup=True) as rx:
        polite = await connect(rx.port)
        await polite.send("< SET 1 METER_RATE 00100 >")
        await polite.next_containing("SAMPLE 1 ")
        await polite.send("< SET 1 METER_RATE 00000 >")
        await polite.next_containing("METER_RATE 00000")
        await polite.close()
        async with asyncio.timeout(2):
            await rx.wait_for_clients(0)
        assert not rx.faults.silent  # metering was off: no harm done

        rude = await connect(rx.port)
        await rude.send("< SET 1 METER_RATE 00100 >")
        await rude.next_containing("SAMPLE 1 ")
        await rude.close()
        async with asyncio.timeout(2):
            await rx.wait_for_clients(0)
        assert rx.faults.silent
        after = await connect(rx.port)
        await after.send("< GET MODEL >")
        assert await after.collect(0.3) == []
        await rx.stop()
        await rx.start()  # power cycle
        assert not rx.faults.silent
        fresh = await connect(rx.port)
        assert "QLXD4" in await fresh.request("< GET MODEL >", "MODEL")


async def test_dropping_a_metering_client_does_not_lock_up(
    connect: Connect,
) -> None:
    async with ReceiverSimulator("QLXD4", metering_lockup=True) as rx:
        client = await connect(rx.port)
        await client.send("< SET 1 METER_RATE 00100 >")
        await client.next_containing("SAMPLE 1 ")
        await rx.drop_connections()
        assert not rx.faults.silent
