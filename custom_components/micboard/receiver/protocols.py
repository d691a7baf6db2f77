"""The protocols a receiver entry can speak: how each is probed and connected.

A receiver entry stores its protocol in its data (`protocol`) unless it is
command strings over TCP, which entries made before there was a choice speak
too. Each protocol added here appears as a choice in the receiver form.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from ..const import CONF_PROTOCOL, ReceiverProtocol
from ..shure.commandstrings import (
    COMMAND_STRINGS,
    PSM1000,
    Dialect,
    ReceiverClient,
    probe_receiver,
)
from ..shure.models import ReceiverIdentity
from ..shure.session import ReceiverSession
from ..shure.uhfr import UhfrClient, probe_uhfr


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientSettings:
    """How a receiver connection behaves (from the entry's options and const)."""

    meter_interval_ms: int
    keepalive_interval: float
    silence_timeout: float
    backoff_max: float


type Probe = Callable[[str, int, float], Awaitable[ReceiverIdentity]]
"""(host, port, timeout) -> who answers; CannotConnectError or
NotAShureReceiverError when nobody or something else does."""

type ClientFactory = Callable[[str, int, ClientSettings], ReceiverSession]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiverProtocolSpec:
    """How to find out who a receiver is, and how to stay connected to it."""

    probe: Probe
    make_client: ClientFactory


def _command_strings_client(
    host: str,
    port: int,
    settings: ClientSettings,
    dialect: Dialect = COMMAND_STRINGS,
) -> ReceiverSession:
    return ReceiverClient(
        host,
        port,
        meter_interval_ms=settings.meter_interval_ms,
        keepalive_interval=settings.keepalive_interval,
        silence_timeout=settings.silence_timeout,
        backoff_max=settings.backoff_max,
        dialect=dialect,
    )


async def _probe_command_strings(
    host: str,
    port: int,
    timeout: float,  # noqa: ASYNC109
) -> ReceiverIdentity:
    return await probe_receiver(host, port, timeout=timeout)


async def _probe_psm1000(
    host: str,
    port: int,
    timeout: float,  # noqa: ASYNC109
) -> ReceiverIdentity:
    return await probe_receiver(host, port, timeout=timeout, dialect=PSM1000)


RECEIVER_PROTOCOLS: Mapping[ReceiverProtocol, ReceiverProtocolSpec] = {
    ReceiverProtocol.COMMAND_STRINGS: ReceiverProtocolSpec(
        probe=_probe_command_strings, make_client=_command_strings_client
    ),
    ReceiverProtocol.UHFR: ReceiverProtocolSpec(
        probe=lambda host, port, timeout: probe_uhfr(host, port, timeout=timeout),
        make_client=lambda host, port, settings: UhfrClient(
            host, port, **asdict(settings)
        ),
    ),
    # P10T transmitters: the same client in the PSM1000 dialect (CRLF, REPORT).
    ReceiverProtocol.PSM1000: ReceiverProtocolSpec(
        probe=_probe_psm1000,
        make_client=partial(_command_strings_client, dialect=PSM1000),
    ),
}


def entry_protocol(data: Mapping[str, Any]) -> ReceiverProtocol:
    """The protocol an entry's data names (command strings when it names none)."""
    return ReceiverProtocol(data.get(CONF_PROTOCOL, ReceiverProtocol.COMMAND_STRINGS))
