"""One-shot check that a host is a Shure receiver, and who it is."""

from __future__ import annotations

import asyncio
from enum import Enum, auto
import logging

from ..errors import (
    CannotConnectError,
    NoAnswerError,
    NotAShureReceiverError,
)
from ..models import ReceiverIdentity
from .commands import identity_queries
from .decode import ReceiverDecoder
from .dialect import COMMAND_STRINGS, Dialect
from .framing import FrameSplitter
from .messages import ErrorReport, Report, parse_message

_LOGGER = logging.getLogger(__name__)

_READ_SIZE = 4096


class _Heard(Enum):
    """What came back from the peer while probing."""

    NOTHING = auto()
    DATA = auto()
    CLOSED_WITHOUT_A_WORD = auto()


async def probe_receiver(
    host: str,
    port: int = 2202,
    timeout: float = 5.0,  # noqa: ASYNC109
    *,
    dialect: Dialect = COMMAND_STRINGS,
) -> ReceiverIdentity:
    """Connect, ask MODEL, DEVICE_ID, FW_VER and RF_BAND, close.

    (In the PSM1000 dialect: DEVICE_NAME; whatever answers is a P10T.)

    Returns as soon as every question is answered (a report or `REP ERR`), or
    at `timeout` with what is known by then. Raises CannotConnectError when
    the host cannot be reached, NotAShureReceiverError when it does not
    report a model. A peer that closes the connection before saying
    anything (a refusing firewall, a port forwarded to nothing, a receiver
    busy with too many clients) was not reached: CannotConnectError too. A
    Shure model this library has no vocabulary for comes back with
    `family=None`. A peer that accepts the connection but says nothing at
    all is a NoAnswerError (a NotAShureReceiverError): another family's
    device, or one that ignores malformed commands, as a P10T does.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        async with asyncio.timeout_at(deadline):
            reader, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError, ValueError) as err:
        raise CannotConnectError(f"cannot connect to {host}:{port}: {err}") from err
    try:
        decoder, heard = await _ask_identity(
            reader, writer, (host, port, dialect), deadline
        )
    finally:
        writer.close()
    identity = decoder.receiver.identity
    if identity is None and heard is _Heard.CLOSED_WITHOUT_A_WORD:
        raise CannotConnectError(
            f"{host}:{port} closed the connection without answering"
        )
    if identity is None and heard is _Heard.NOTHING:
        raise NoAnswerError(f"{host}:{port} accepted the connection but never answered")
    if identity is None:
        raise NotAShureReceiverError(f"{host}:{port} did not report a Shure model")
    return identity


async def _ask_identity(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    peer: tuple[str, int, Dialect],
    deadline: float,
) -> tuple[ReceiverDecoder, _Heard]:
    host, port, dialect = peer
    decoder = ReceiverDecoder(host, port, dialect)
    splitter = FrameSplitter()
    questions = dialect.identity_properties
    answered = 0
    heard = _Heard.NOTHING
    try:
        async with asyncio.timeout_at(deadline):
            writer.write(identity_queries(dialect=dialect))
            await writer.drain()
            while answered < len(questions):
                data = await reader.read(_READ_SIZE)
                if not data:
                    if heard is _Heard.NOTHING:
                        heard = _Heard.CLOSED_WITHOUT_A_WORD
                    break
                heard = _Heard.DATA
                for frame in splitter.feed(data):
                    message = parse_message(
                        frame, dialect.reply_word, dialect.joined_text
                    )
                    if isinstance(message, ErrorReport):
                        answered += 1
                    elif isinstance(message, Report) and message.channel is None:
                        decoder.apply_report(message)
                        answered += message.name in questions
    except TimeoutError:
        _LOGGER.debug("%s:%s answered %s identity questions", host, port, answered)
    except OSError as err:
        _LOGGER.debug("%s:%s closed while probing: %s", host, port, err)
        if heard is _Heard.NOTHING:
            heard = _Heard.CLOSED_WITHOUT_A_WORD
    return decoder, heard
