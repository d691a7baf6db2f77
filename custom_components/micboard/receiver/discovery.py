"""Discovery of Shure receivers from their SLP multicast announcements.

One UDP listener per Home Assistant run, started from ``async_setup`` and
closed when Home Assistant stops. Each announcement of a supported receiver
starts an integration-discovery config flow, which confirms the receiver by
asking its model on the command-string port (receiver/flow.py). A receiver that
is already configured under another address is recognised there by its unique
id and its entry's host is updated.

Discovery is a convenience: if the port is taken or multicast is unavailable,
it logs one line and Home Assistant carries on without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
import time

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY
from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import discovery_flow
from homeassistant.util.hass_dict import HassKey

from ..const import CONF_ENTRY_KIND, DEFAULT_RECEIVER_PORT, DOMAIN, LOGGER, EntryKind
from ..shure.slp import (
    ANY_ADDRESS,
    SLP_MULTICAST_GROUP,
    SLP_PORT,
    ListenerCounters,
    SlpAnnouncement,
    SlpDatagramProtocol,
    SlpListener,
    SlpListenerError,
    SlpPortInUseError,
)

DATA_DISCOVERY: HassKey[SlpDiscovery] = HassKey(f"{DOMAIN}_slp_discovery")

REDISCOVERY_INTERVAL = 600.0
"""Seconds during which further announcements from a host are ignored."""
MAX_REMEMBERED_HOSTS = 1024
"""Bound on the de-duplication table (oldest entries are dropped first)."""


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
class DiscoveryCounters(ListenerCounters):
    """What the listener has seen since Home Assistant started.

    ``datagrams`` and ``not_shure`` are counted by the listener itself.
    """

    not_receiver: int = 0
    """A Shure transmitter, charger or unsupported model."""
    known_host: int = 0
    duplicate: int = 0
    flows_started: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counters by name (diagnostics)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


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
        self.listener = SlpListener(
            self.async_announced,
            bind_host=settings.bind_host,
            port=settings.port,
            group=settings.group,
            interface=settings.interface,
            counters=self.counters,
        )
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._seen: dict[str, float] = {}

    @property
    def protocol(self) -> SlpDatagramProtocol:
        """The listener's datagram protocol (what the transport feeds)."""
        return self.listener.protocol

    @property
    def running(self) -> bool:
        """True while the socket is open."""
        return self.listener.running

    @property
    def address(self) -> tuple[str, int] | None:
        """The bound address (the real port when settings.port was 0)."""
        return self.listener.address

    async def async_start(self) -> bool:
        """Open the socket; False (logged once, no traceback) if it cannot."""
        if self.listener.running:
            return True
        settings = self.settings
        try:
            await self.listener.start()
        except SlpListenerError as err:
            _log_unavailable(settings, err)
            return False
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
        self.listener.close()

    async def _async_on_stop(self, _: Event) -> None:
        self._unsub_stop = None  # a once-listener is gone after it fired
        self.listener.close()

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


def _log_unavailable(settings: DiscoverySettings, err: SlpListenerError) -> None:
    if isinstance(err, SlpPortInUseError):
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
