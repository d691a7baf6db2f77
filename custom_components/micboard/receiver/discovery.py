"""Discovery of Shure receivers from their SLP multicast announcements.

One UDP listener per Home Assistant run, started from ``async_setup`` and
closed when Home Assistant stops. Each announcement of a supported receiver
starts an integration-discovery config flow, which confirms the receiver by
asking its model on the command-string port (config_flow.py). A receiver that
is already configured under another address is recognised there by its unique
id and its entry's host is updated.

Discovery is a convenience: if the port is taken or multicast is unavailable,
it logs one line and Home Assistant carries on without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import errno
import ipaddress
import socket
import time
from typing import Any

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY
from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import discovery_flow
from homeassistant.util.hass_dict import HassKey

from ..const import CONF_ENTRY_KIND, DEFAULT_RECEIVER_PORT, DOMAIN, LOGGER, EntryKind
from ..shure.slp import (
    SLP_MULTICAST_GROUP,
    SLP_PORT,
    SlpAnnouncement,
    parse_announcement,
)

DATA_DISCOVERY: HassKey[SlpDiscovery] = HassKey(f"{DOMAIN}_slp_discovery")

REDISCOVERY_INTERVAL = 600.0
"""Seconds during which further announcements from a host are ignored."""
MAX_REMEMBERED_HOSTS = 1024
"""Bound on the de-duplication table (oldest entries are dropped first)."""

ANY_ADDRESS = "0.0.0.0"  # noqa: S104 - a multicast listener must bind to all


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoverySettings:
    """Where to listen, and which port discovered receivers are dialled on."""

    bind_host: str = ANY_ADDRESS
    port: int = SLP_PORT
    group: str = SLP_MULTICAST_GROUP
    interface: str | None = None
    """Local address to join the group on; None: the bound address if it is
    a unicast one, else the interface of the default route."""
    command_port: int = DEFAULT_RECEIVER_PORT
    """Command-string port put in the flow's data (the SDT port is not it)."""


DEFAULT_SETTINGS = DiscoverySettings()


@dataclass(slots=True)
class DiscoveryCounters:
    """What the listener has seen since Home Assistant started."""

    datagrams: int = 0
    not_shure: int = 0
    """Not a sound SLP announcement of a Shure device (or garbage)."""
    not_receiver: int = 0
    """A Shure transmitter, charger or unsupported model."""
    known_host: int = 0
    duplicate: int = 0
    flows_started: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counters by name (diagnostics)."""
        return {name: getattr(self, name) for name in self.__slots__}


class SlpProtocol(asyncio.DatagramProtocol):
    """Hands every datagram to a callback; a bad datagram is just dropped."""

    def __init__(self, handle: Callable[[bytes, str], None]) -> None:
        """Remember what to do with each datagram."""
        self._handle = handle

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """One announcement (or anything else) arrived."""
        self._handle(data, str(addr[0]))

    def error_received(self, exc: Exception) -> None:
        """An ICMP error or similar for this socket: nothing to do."""
        LOGGER.debug("SLP discovery socket reported %s", exc)


class SlpDiscovery:
    """The SLP listener and what it decides about each announcement."""

    def __init__(
        self,
        hass: HomeAssistant,
        settings: DiscoverySettings = DEFAULT_SETTINGS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Prepare the listener; nothing is opened until ``async_start``."""
        self.hass = hass
        self.settings = settings
        self.clock = clock
        self.counters = DiscoveryCounters()
        self.protocol = SlpProtocol(self._async_datagram)
        self._transport: asyncio.DatagramTransport | None = None
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._seen: dict[str, float] = {}

    @property
    def running(self) -> bool:
        """True while the socket is open."""
        return self._transport is not None

    @property
    def address(self) -> tuple[str, int] | None:
        """The bound address (the real port when settings.port was 0)."""
        if self._transport is None:
            return None
        host, port = self._transport.get_extra_info("sockname")[:2]
        return str(host), int(port)

    async def async_start(self) -> bool:
        """Open the socket; False (logged once, no traceback) if it cannot."""
        if self._transport is not None:
            return True
        settings = self.settings
        try:
            sock = _open_socket(settings)
        except (OSError, RuntimeError) as err:
            # RuntimeError: sandboxes that forbid sockets (pytest-socket) say so.
            _log_unavailable(settings, err)
            return False
        try:
            transport, _ = await self.hass.loop.create_datagram_endpoint(
                lambda: self.protocol, sock=sock
            )
        except OSError as err:
            sock.close()
            _log_unavailable(settings, err)
            return False
        self._transport = transport
        self._unsub_stop = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_on_stop
        )
        LOGGER.debug(
            "Listening for Shure SLP announcements on %s:%s (group %s)",
            settings.bind_host,
            settings.port,
            settings.group,
        )
        return True

    @callback
    def async_stop(self) -> None:
        """Close the socket (safe to call twice)."""
        if self._unsub_stop is not None:
            self._unsub_stop()
            self._unsub_stop = None
        self._close()

    async def _async_on_stop(self, _: Event) -> None:
        self._unsub_stop = None  # a once-listener is gone after it fired
        self._close()

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    @callback
    def _async_datagram(self, data: bytes, source: str) -> None:
        self.counters.datagrams += 1
        announcement = parse_announcement(data, source)
        if announcement is None:
            self.counters.not_shure += 1
            return
        self.async_announced(announcement)

    @callback
    def async_announced(self, announcement: SlpAnnouncement) -> None:
        """Start a discovery flow for a new receiver; ignore everything else."""
        if announcement.receiver_family is None:
            self.counters.not_receiver += 1
            LOGGER.debug(
                "Ignoring SLP announcement of %s at %s: not a supported receiver",
                announcement.function,
                announcement.host,
            )
            return
        host = announcement.host
        if host.casefold() in self._configured_hosts():
            self.counters.known_host += 1
            return
        now = self.clock()
        last = self._seen.get(host)
        if last is not None and now - last < REDISCOVERY_INTERVAL:
            self.counters.duplicate += 1
            return
        self._remember(host, now)
        self.counters.flows_started += 1
        LOGGER.debug(
            "SLP: %s announced itself at %s (cid %s)",
            announcement.function,
            host,
            announcement.cid,
        )
        discovery_flow.async_create_flow(
            self.hass,
            DOMAIN,
            context={"source": SOURCE_INTEGRATION_DISCOVERY},
            data={CONF_HOST: host, CONF_PORT: self.settings.command_port},
        )

    def _configured_hosts(self) -> set[str]:
        return {
            str(entry.data[CONF_HOST]).casefold()
            for entry in self.hass.config_entries.async_entries(DOMAIN)
            if entry.data.get(CONF_ENTRY_KIND) == EntryKind.RECEIVER
            and CONF_HOST in entry.data
        }

    def _remember(self, host: str, now: float) -> None:
        self._seen.pop(host, None)
        self._seen[host] = now
        if len(self._seen) > MAX_REMEMBERED_HOSTS:
            expired = [
                h for h, t in self._seen.items() if now - t >= REDISCOVERY_INTERVAL
            ]
            for old in expired or list(self._seen)[: len(self._seen) // 2]:
                del self._seen[old]


def _open_socket(settings: DiscoverySettings) -> socket.socket:
    """A non-blocking UDP socket bound to the port and joined to the group."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
    try:
        # Other SLP listeners on this host (that also set it) may share the port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((settings.bind_host, settings.port))
        interface = settings.interface or _membership_interface(settings.bind_host)
        membership = socket.inet_aton(settings.group) + socket.inet_aton(interface)
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _membership_interface(bind_host: str) -> str:
    try:
        address = ipaddress.IPv4Address(bind_host)
    except ValueError:
        return ANY_ADDRESS
    return ANY_ADDRESS if address.is_multicast else str(address)


def _log_unavailable(settings: DiscoverySettings, err: Exception) -> None:
    if isinstance(err, OSError) and err.errno == errno.EADDRINUSE:
        LOGGER.warning(
            "Shure receiver discovery is off: UDP port %s is already in use by "
            "another program on this host. Add receivers by address instead",
            settings.port,
        )
        return
    LOGGER.info(
        "Shure receiver discovery is off: cannot listen for SLP multicast on "
        "%s:%s, group %s (%s). Add receivers by address instead",
        settings.bind_host,
        settings.port,
        settings.group,
        err,
    )


async def async_start_discovery(
    hass: HomeAssistant, settings: DiscoverySettings | None = None
) -> SlpDiscovery:
    """Start the listener once per Home Assistant run; later calls return it.

    Never raises for network trouble: a listener that could not start is
    kept (``running`` False) so the failure is logged once, not per call.
    """
    if (existing := hass.data.get(DATA_DISCOVERY)) is not None:
        return existing
    discovery = SlpDiscovery(hass, settings or DEFAULT_SETTINGS)
    hass.data[DATA_DISCOVERY] = discovery
    await discovery.async_start()
    return discovery
