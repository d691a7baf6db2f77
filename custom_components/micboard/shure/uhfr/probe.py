"""One-shot check that a host answers like a UHF-R receiver, and which model.

`* GET 1 CHAN_NAME *` and `* GET 2 CHAN_NAME *`, asked again every
`RESEND_INTERVAL` until answered: a UR4D answers both, a UR4S only channel 1
(after channel 1 answers, channel 2 gets `SECOND_CHANNEL_GRACE` seconds).
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
import logging

from ..errors import CannotConnectError, NotAShureReceiverError
from ..models import ReceiverFamily, ReceiverIdentity
from .framing import split_datagram
from .link import LinkCallbacks, open_link
from .messages import Report, format_get, parse_message
from .session_state import describe_error
from .vocabulary import MAX_CHANNELS, MODELS, model_for

_LOGGER = logging.getLogger(__name__)

RESEND_INTERVAL = 0.25
SECOND_CHANNEL_GRACE = 1.0


class _Heard:
    """What came back while probing."""

    def __init__(self) -> None:
        self.channels: set[int] = set()
        self.datagrams = 0
        self.refused: OSError | None = None
        self.first_answer: float | None = None
        self.event = asyncio.Event()

    def datagram(self, data: bytes) -> None:
        self.datagrams += 1
        for body in split_datagram(data).bodies:
            message = parse_message(body)
            if isinstance(message, Report) and message.channel in (1, MAX_CHANNELS):
                if self.first_answer is None:
                    self.first_answer = asyncio.get_running_loop().time()
                self.channels.add(message.channel)
                self.event.set()

    def error(self, err: OSError) -> None:
        if isinstance(err, ConnectionRefusedError):
            self.refused = err


async def probe_uhfr(
    host: str,
    port: int = 2202,
    timeout: float = 5.0,  # noqa: ASYNC109
) -> ReceiverIdentity:
    """Ask channels 1 and 2 for their names; the model that answers.

    CannotConnectError when nothing answers (the reason says whether the
    port was unreachable or silent), NotAShureReceiverError when datagrams
    come back but none is a UHF-R report.
    """
    heard = _Heard()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        async with asyncio.timeout_at(deadline):
            link = await open_link(
                host,
                port,
                LinkCallbacks(on_datagram=heard.datagram, on_error=heard.error),
            )
    except (OSError, ValueError, TimeoutError) as err:
        raise CannotConnectError(
            f"cannot reach {host}:{port} over UDP: {describe_error(err)}"
        ) from err
    try:
        while MAX_CHANNELS not in heard.channels:
            now = loop.time()
            end = deadline
            if heard.first_answer is not None:
                end = min(end, heard.first_answer + SECOND_CHANNEL_GRACE)
            if now >= end:
                break
            for channel in range(1, MAX_CHANNELS + 1):
                if channel not in heard.channels:
                    link.send(format_get(channel, "CHAN_NAME"))
            heard.event.clear()
            with suppress(TimeoutError):
                async with asyncio.timeout(min(RESEND_INTERVAL, end - now)):
                    await heard.event.wait()
    finally:
        link.close()
    if heard.channels:
        model = model_for(max(heard.channels))
        _LOGGER.debug("%s:%s answers as %s", host, port, model)
        return ReceiverIdentity(
            model=model, family=ReceiverFamily.UHFR, channel_count=MODELS[model]
        )
    if heard.datagrams:
        raise NotAShureReceiverError(
            f"{host}:{port} answered, but not like a UHF-R receiver"
        )
    if heard.refused is not None:
        raise CannotConnectError(
            f"{host}:{port} is unreachable over UDP (nothing listens there): "
            f"{describe_error(heard.refused)}"
        )
    raise CannotConnectError(
        f"no answer from {host}:{port} over UDP within {timeout:g} s "
        "(address, or a firewall dropping UDP)"
    )
