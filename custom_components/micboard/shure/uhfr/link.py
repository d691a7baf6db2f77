"""One connected UDP socket to a receiver, with callbacks.

"Connected" in the UDP sense: the socket only takes datagrams from the
receiver's address, and the kernel reports an ICMP "port unreachable" (no
UHF-R control service at that address) as ConnectionRefusedError on it,
which arrives at `on_error`. Nothing here retries; the client decides.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import logging

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkCallbacks:
    """What the owner is told. Callbacks must not raise; failures are logged."""

    on_datagram: Callable[[bytes], None]
    on_error: Callable[[OSError], None]


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, callbacks: LinkCallbacks) -> None:
        self._callbacks = callbacks

    def datagram_received(self, data: bytes, addr: object) -> None:
        _call(self._callbacks.on_datagram, data)

    def error_received(self, exc: Exception) -> None:
        if isinstance(exc, OSError):
            _call(self._callbacks.on_error, exc)


class DatagramLink:
    """A UDP socket connected to host:port, open until closed."""

    def __init__(self, transport: asyncio.DatagramTransport) -> None:
        """Wrap an open transport; use `open_link`."""
        self._transport = transport

    @property
    def closed(self) -> bool:
        """Whether the socket is closed."""
        return self._transport.is_closing()

    def send(self, data: bytes) -> None:
        """Send one datagram (errors arrive at `on_error`, never here)."""
        if not self._transport.is_closing():
            self._transport.sendto(data)

    def close(self) -> None:
        """Close the socket (idempotent)."""
        self._transport.close()


async def open_link(host: str, port: int, callbacks: LinkCallbacks) -> DatagramLink:
    """Resolve host and open a UDP socket connected to it.

    OSError (or ValueError for a name the resolver cannot encode) when the
    address cannot be resolved or no socket can be made.
    """
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: _Protocol(callbacks), remote_addr=(host, port)
    )
    return DatagramLink(transport)


def _call(callback: Callable[..., None], *args: object) -> None:
    try:
        callback(*args)
    except Exception:
        _LOGGER.exception("Error in UDP callback %s", callback)
