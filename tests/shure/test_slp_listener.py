"""The SLP listener on its own: real UDP sockets on 127.0.0.1, no Home Assistant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import errno
import socket
from typing import Any

import pytest

from custom_components.micboard.shure.slp import (
    ANY_ADDRESS,
    MAX_DATAGRAM_SIZE,
    SLP_MULTICAST_GROUP,
    FunctionId,
    ListenerCounters,
    SlpAnnouncement,
    SlpListener,
    SlpListenerError,
    SlpPortInUseError,
    listener as listener_module,
    membership_interface,
)

from ..helpers import free_udp_port, port_is_free
from .commandstrings_helpers import wait_for
from .slp_helpers import SHURE_CID, shure_announcement, shure_attrs, srv_reg, srv_rqst

LOOPBACK = "127.0.0.1"


def send(data: bytes, address: tuple[str, int]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(data, address)


type MakeListener = Callable[..., SlpListener]


@pytest.fixture
async def make_listener(
    socket_enabled: None,
) -> AsyncIterator[MakeListener]:
    """Listeners on 127.0.0.1 (any free port unless given); closed at teardown."""
    listeners: list[SlpListener] = []

    def make(
        on_announcement: Callable[[SlpAnnouncement], None], **kwargs: Any
    ) -> SlpListener:
        listener = SlpListener(
            on_announcement, **({"bind_host": LOOPBACK, "port": 0} | kwargs)
        )
        listeners.append(listener)
        return listener

    yield make
    for listener in listeners:
        listener.close()


# -- receiving ------------------------------------------------------------


async def test_real_datagram_reaches_the_callback_parsed(
    make_listener: MakeListener,
) -> None:
    received: list[SlpAnnouncement] = []
    listener = make_listener(received.append)
    assert not listener.running
    assert listener.address is None

    await listener.start()
    assert listener.running
    address = listener.address
    assert address is not None
    assert address[0] == LOOPBACK
    assert address[1] != 0

    send(shure_announcement("ULXD4Q_RX", ip="192.0.2.50", uacn="Rack 3"), address)
    await wait_for(lambda: len(received) == 1, what="the announcement")

    (announcement,) = received
    assert announcement.function == "ULXD4Q_RX"
    assert announcement.host == "192.0.2.50"
    assert announcement.source == LOOPBACK
    assert announcement.uacn == "Rack 3"
    assert announcement.cid == SHURE_CID
    assert announcement.message_type is FunctionId.SRV_REG
    assert listener.counters == ListenerCounters(datagrams=1, not_shure=0)


async def test_without_an_sdt_address_the_sender_is_the_host(
    make_listener: MakeListener,
) -> None:
    received: list[SlpAnnouncement] = []
    listener = make_listener(received.append)
    await listener.start()
    address = listener.address
    assert address is not None

    send(shure_announcement("AD4D_RX", ip=None), address)
    await wait_for(lambda: len(received) == 1, what="the announcement")
    assert received[0].host == LOOPBACK


async def test_garbage_is_counted_and_dropped_without_an_exception(
    make_listener: MakeListener,
) -> None:
    """Every kind of unusable datagram; the listener keeps working after them."""
    loop_errors: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    previous_handler = loop.get_exception_handler()
    loop.set_exception_handler(lambda _, context: loop_errors.append(context))
    received: list[SlpAnnouncement] = []
    counters = ListenerCounters()
    listener = make_listener(received.append, counters=counters)
    assert listener.counters is counters
    garbage = [
        b"",
        b"\x02\x03\x00\x00\x05garbage",
        bytes(range(256)) * 3,
        shure_announcement()[:-3],
        shure_announcement() + b"\x00" * MAX_DATAGRAM_SIZE,
        srv_rqst("(acn-fctn=ULXD4Q_RX)"),
        srv_reg(shure_attrs("ETC Eos")),
    ]
    try:
        await listener.start()
        address = listener.address
        assert address is not None
        for data in garbage:
            send(data, address)
        send(shure_announcement("SLXD4D_RX"), address)
        await wait_for(
            lambda: counters.datagrams == len(garbage) + 1, what="every datagram"
        )
    finally:
        loop.set_exception_handler(previous_handler)

    assert loop_errors == []
    assert counters.not_shure == len(garbage)
    assert [a.function for a in received] == ["SLXD4D_RX"]
    assert listener.running


async def test_socket_errors_reported_later_are_harmless(
    make_listener: MakeListener,
) -> None:
    received: list[SlpAnnouncement] = []
    listener = make_listener(received.append)
    await listener.start()
    listener.protocol.error_received(ConnectionRefusedError("ICMP port unreachable"))
    assert listener.running
    address = listener.address
    assert address is not None
    send(shure_announcement(), address)
    await wait_for(lambda: len(received) == 1, what="the announcement")


async def test_real_multicast_datagram_reaches_the_callback(
    make_listener: MakeListener,
) -> None:
    """Joined to the SLP group on the loopback interface; TTL 0 stays on this host."""
    received: list[SlpAnnouncement] = []
    listener = make_listener(
        received.append, bind_host=SLP_MULTICAST_GROUP, interface=LOOPBACK
    )
    await listener.start()
    address = listener.address
    assert address is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.setsockopt(
            socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(LOOPBACK)
        )
        sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)
        sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
        sender.sendto(
            shure_announcement("AD4Q_RX", ip="192.0.2.70"),
            (SLP_MULTICAST_GROUP, address[1]),
        )
    await wait_for(lambda: len(received) == 1, what="the multicast announcement")
    assert received[0].host == "192.0.2.70"


# -- opening and closing --------------------------------------------------


async def test_close_releases_the_socket(make_listener: MakeListener) -> None:
    port = free_udp_port()
    received: list[SlpAnnouncement] = []
    listener = make_listener(received.append, port=port)
    await listener.start()
    assert listener.address == (LOOPBACK, port)
    assert not port_is_free(port)
    await listener.start()  # already open: no second socket
    assert listener.address == (LOOPBACK, port)

    listener.close()
    assert not listener.running
    assert listener.address is None
    await wait_for(lambda: port_is_free(port), what="the port to be released")
    listener.close()  # harmless the second time

    # Nothing arrives after closing; a new start opens the port again.
    send(shure_announcement(), (LOOPBACK, port))
    await listener.start()
    assert listener.running
    send(shure_announcement("QLXD4_RX"), (LOOPBACK, port))
    await wait_for(lambda: len(received) == 1, what="the announcement")
    assert received[0].function == "QLXD4_RX"
    assert listener.counters.datagrams == 1


async def test_busy_port_raises_port_in_use(make_listener: MakeListener) -> None:
    listener = make_listener(lambda _: None)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as blocker:
        blocker.bind((LOOPBACK, 0))
        listener.port = int(blocker.getsockname()[1])
        with pytest.raises(SlpPortInUseError) as caught:
            await listener.start()
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == errno.EADDRINUSE
    assert str(caught.value) == str(caught.value.__cause__)
    assert not listener.running


async def test_joining_a_non_multicast_group_fails_and_releases_the_port(
    make_listener: MakeListener,
) -> None:
    port = free_udp_port()
    listener = make_listener(lambda _: None, port=port, group="192.0.2.1")
    with pytest.raises(SlpListenerError) as caught:
        await listener.start()
    assert not isinstance(caught.value, SlpPortInUseError)
    assert isinstance(caught.value.__cause__, OSError)
    assert not listener.running
    assert port_is_free(port)


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENODEV, "No such device"),
        RuntimeError("sockets are not allowed here"),  # sandboxes, pytest-socket
    ],
)
async def test_socket_failure_is_a_listener_error(
    make_listener: MakeListener, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def refuse(**_: object) -> socket.socket:
        raise error

    monkeypatch.setattr(listener_module, "open_multicast_socket", refuse)
    listener = make_listener(lambda _: None)
    with pytest.raises(SlpListenerError) as caught:
        await listener.start()
    assert type(caught.value) is SlpListenerError
    assert caught.value.__cause__ is error
    assert str(caught.value) == str(error)
    assert not listener.running


async def test_transport_failure_closes_the_socket(
    make_listener: MakeListener, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_udp_port()
    loop = asyncio.get_running_loop()
    opened: list[socket.socket] = []
    open_socket = listener_module.open_multicast_socket

    def open_and_keep(**kwargs: Any) -> socket.socket:
        # Held here so that only an explicit close, not garbage collection,
        # can release the port.
        opened.append(open_socket(**kwargs))
        return opened[-1]

    async def no_endpoint(*_: object, **__: object) -> None:
        raise OSError(errno.ENOBUFS, "No buffer space available")

    monkeypatch.setattr(listener_module, "open_multicast_socket", open_and_keep)
    monkeypatch.setattr(loop, "create_datagram_endpoint", no_endpoint)
    listener = make_listener(lambda _: None, port=port)
    with pytest.raises(SlpListenerError, match="No buffer space"):
        await listener.start()
    assert not listener.running
    assert len(opened) == 1
    assert opened[0].fileno() == -1
    assert port_is_free(port)


@pytest.mark.parametrize(
    ("bind_host", "interface"),
    [
        (ANY_ADDRESS, ANY_ADDRESS),
        ("", ANY_ADDRESS),
        ("192.0.2.2", "192.0.2.2"),
        (SLP_MULTICAST_GROUP, ANY_ADDRESS),
        ("homeassistant.local", ANY_ADDRESS),
    ],
)
def test_group_is_joined_on_the_bound_interface(bind_host: str, interface: str) -> None:
    assert membership_interface(bind_host) == interface
