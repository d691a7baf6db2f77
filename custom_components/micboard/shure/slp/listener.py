"""The SLP multicast listener: one UDP socket joined to the group.

Every datagram is parsed by ``parse_announcement``; Shure announcements go to
the caller's callback, everything else is counted and dropped. Opening the
socket raises ``SlpListenerError`` (``SlpPortInUseError`` when the port is
held by another program), never a bare ``OSError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import errno
import ipaddress
import logging
import socket
from typing import Any, Final

from ..errors import ShureError
from .announcement import SlpAnnouncement, parse_announcement
from .messages import SLP_MULTICAST_GROUP, SLP_PORT

_LOGGER = logging.getLogger(__name__)

ANY_ADDRESS: Final = "0.0.0.0"  # noqa: S104 - a multicast listener must bind to all


class SlpListenerError(ShureError):
    """The listener cannot open its socket; the message is the system's reason."""


class SlpPortInUseError(SlpListenerError):
    """Another program holds the UDP port without sharing it."""


@dataclass(slots=True)
class ListenerCounters:
    """What the listener has received since it was created."""

    datagrams: int = 0
    not_shure: int = 0
    """Not a sound SLP announcement of a Shure device (or garbage)."""


class SlpDatagramProtocol(asyncio.DatagramProtocol):
    """Hands every datagram to a callback; a bad datagram is just dropped."""

    def __init__(self, handle: Callable[[bytes, str], None]) -> None:
        """Remember what to do with each datagram."""
        self._handle = handle

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """One announcement (or anything else) arrived."""
        self._handle(data, str(addr[0]))

    def error_received(self, exc: Exception) -> None:
        """An ICMP error or similar for this socket: nothing to do."""
        _LOGGER.debug("SLP discovery socket reported %s", exc)


def membership_interface(bind_host: str) -> str:
    """Local address to join the group on when none is given.

    The bound address if it is a unicast IPv4 one, else any interface (the
    kernel then picks the interface of the default route).
    """
    try:
        address = ipaddress.IPv4Address(bind_host)
    except ValueError:
        return ANY_ADDRESS
    return ANY_ADDRESS if address.is_multicast else str(address)


def open_multicast_socket(
    *, bind_host: str, port: int, group: str, interface: str | None
) -> socket.socket:
    """A non-blocking UDP socket bound to the port and joined to the group.

    Raises ``OSError`` as the system reports it; the socket is closed first.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    try:
        # Other SLP listeners on this host (that also set it) may share the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bind_host, port))
        local = interface or membership_interface(bind_host)
        membership = socket.inet_aton(group) + socket.inet_aton(local)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _listener_error(err: Exception) -> SlpListenerError:
    if isinstance(err, OSError) and err.errno == errno.EADDRINUSE:
        return SlpPortInUseError(str(err))
    return SlpListenerError(str(err))


class SlpListener:
    """Listens for SLP announcements of Shure devices on one socket."""

    def __init__(
        self,
        on_announcement: Callable[[SlpAnnouncement], None],
        *,
        bind_host: str = ANY_ADDRESS,
        port: int = SLP_PORT,
        group: str = SLP_MULTICAST_GROUP,
        interface: str | None = None,
        counters: ListenerCounters | None = None,
    ) -> None:
        """Prepare the listener; nothing is opened until ``start``.

        ``interface``: local address to join the group on; None: see
        ``membership_interface``. ``counters``: an object to count into (a
        caller's subclass with counters of its own), else a new one.
        """
        self.bind_host = bind_host
        self.port = port
        self.group = group
        self.interface = interface
        self.counters = ListenerCounters() if counters is None else counters
        self.protocol = SlpDatagramProtocol(self._datagram)
        self._on_announcement = on_announcement
        self._transport: asyncio.DatagramTransport | None = None

    @property
    def running(self) -> bool:
        """True while the socket is open."""
        return self._transport is not None

    @property
    def address(self) -> tuple[str, int] | None:
        """The bound address (the real port when ``port`` was 0)."""
        if self._transport is None:
            return None
        host, port = self._transport.get_extra_info("sockname")[:2]
        return str(host), int(port)

    async def start(self) -> None:
        """Open the socket on the running loop (no-op while it is open).

        Raises ``SlpListenerError`` if it cannot; no socket is left open then.
        """
        if self._transport is not None:
            return
        try:
            sock = open_multicast_socket(
                bind_host=self.bind_host,
                port=self.port,
                group=self.group,
                interface=self.interface,
            )
        except (OSError, RuntimeError) as err:
            # RuntimeError: sandboxes that forbid sockets (pytest-socket) say so.
            raise _listener_error(err) from err
        try:
            transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                lambda: self.protocol, sock=sock
            )
        except OSError as err:
            sock.close()
            raise _listener_error(err) from err
        self._transport = transport

    def close(self) -> None:
        """Close the socket (safe to call twice); the loop releases it next."""
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def _datagram(self, data: bytes, source: str) -> None:
        self.counters.datagrams += 1
        announcement = parse_announcement(data, source)
        if announcement is None:
            self.counters.not_shure += 1
            return
        self._on_announcement(announcement)
