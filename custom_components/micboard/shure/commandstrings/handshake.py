"""What a client asks on every new connection, before metering starts.

`< GET 0 ALL >` first, and wait for its answer on every connection: the
identity must be reported on this connection (what an earlier connection
reported does not count, since another receiver may answer now). If the
receiver answers `< REP ERR >` before any report (some SLX-D firmware), or
nothing within the identity timeout, ask the identity explicitly and then GET
each property of the family on each channel. Missing identity pieces are
asked for once more either way.

A dialect without `GET 0 ALL` (PSM1000) asks its identity, waits for it,
then each property of each channel, and waits (at most the identity
timeout) for the last of them: the session starts with every property
known, and a write made then is not confirmed by a late opening answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import suppress
from enum import Enum, auto
import logging

from .commands import channel_queries, identity_queries
from .decode import ReceiverDecoder
from .dialect import COMMAND_STRINGS, Dialect
from .messages import Report

IDENTITY_PROPERTIES = COMMAND_STRINGS.required_identity
"""What tells one receiver from another (the decoder's `identity_complete`)."""

_LOGGER = logging.getLogger(__name__)


class _AllRequest(Enum):
    """Where `GET 0 ALL` stands on the current connection."""

    IDLE = auto()
    PENDING = auto()
    ANSWERED = auto()
    REFUSED = auto()


class Handshake:
    """Runs the opening requests; the client feeds it what arrives."""

    def __init__(
        self,
        decoder: ReceiverDecoder,
        send: Callable[[bytes], Awaitable[None]],
        *,
        identity_timeout: float,
        dialect: Dialect = COMMAND_STRINGS,
    ) -> None:
        """Prepare for a connection."""
        self._dialect = dialect
        self._decoder = decoder
        self._send = send
        self._identity_timeout = identity_timeout
        self._all_request = _AllRequest.IDLE
        self._progress = asyncio.Event()
        self._identity_reported: set[str] = set()
        self._last_query: tuple[int, str] | None = None
        """The last (channel, property) asked one by one, until it is answered."""

    def reset(self) -> None:
        """A new connection: nothing asked yet."""
        self._all_request = _AllRequest.IDLE
        self._identity_reported.clear()
        self._last_query = None

    def report_received(self, report: Report) -> None:
        """A `REP` arrived: `GET 0 ALL` works, if it was pending."""
        if report.channel is None and report.name in self._dialect.identity_properties:
            self._identity_reported.add(report.name)
            self._progress.set()
        if self._all_request is _AllRequest.PENDING:
            self._all_request = _AllRequest.ANSWERED
            self._progress.set()
        if (report.channel, report.name) == self._last_query:
            self._last_query = None
            self._progress.set()

    @property
    def _identity_confirmed(self) -> bool:
        """The identity is complete and was reported on this connection."""
        return self._decoder.identity_complete and (
            self._identity_reported.issuperset(self._dialect.required_identity)
        )

    def error_received(self) -> None:
        """A `REP ERR` arrived: `GET 0 ALL` is refused, if it was pending."""
        if self._all_request is _AllRequest.PENDING:
            self._all_request = _AllRequest.REFUSED
            self._progress.set()

    def identity_changed(self) -> None:
        """Device-level properties changed."""
        self._progress.set()

    async def run(self) -> None:
        """Ask for everything; return once the identity is known or late."""
        if not self._dialect.get_all:
            await self._send(identity_queries(dialect=self._dialect))
            await self._wait(lambda: self._identity_confirmed)
            await self._query_each_property()
            await self._wait(lambda: self._last_query is None)
            return
        decoder = self._decoder
        self._all_request = _AllRequest.PENDING
        await self._send(self._dialect.get("ALL", 0))
        await self._wait(
            lambda: (
                self._all_request is _AllRequest.REFUSED
                or (
                    self._all_request is _AllRequest.ANSWERED
                    and self._identity_confirmed
                )
            )
        )
        if self._all_request is _AllRequest.PENDING:
            self._all_request = _AllRequest.REFUSED
            _LOGGER.debug(
                "%s: no answer to GET 0 ALL within %s s; asking %s",
                decoder.receiver.host,
                f"{self._identity_timeout:g}",
                "property by property"
                if decoder.identity_complete
                else "the identity directly",
            )
        if not self._identity_confirmed:
            await self._send(identity_queries(self._missing_identity(), self._dialect))
            await self._wait(lambda: self._identity_confirmed)
        if self._all_request is _AllRequest.REFUSED:
            await self._query_each_property()

    def _missing_identity(self) -> list[str]:
        receiver = self._decoder.receiver
        known = {
            "MODEL": receiver.model,
            "DEVICE_ID": receiver.device_id,
            "FW_VER": receiver.firmware,
            "RF_BAND": receiver.rf_band,
        }
        reported = self._identity_reported
        return [
            name
            for name in self._dialect.identity_properties
            if known[name] is None
            or (name in IDENTITY_PROPERTIES and name not in reported)
        ]

    async def _wait(self, done: Callable[[], bool]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._identity_timeout
        while not done():
            self._progress.clear()
            with suppress(TimeoutError):
                async with asyncio.timeout_at(deadline):
                    await self._progress.wait()
            if loop.time() >= deadline:
                return

    async def _query_each_property(self) -> None:
        vocabulary = self._decoder.vocabulary
        count = self._decoder.receiver.channel_count
        if vocabulary is None or count is None:
            return
        if self._dialect.get_all:
            _LOGGER.debug(
                "%s refused GET 0 ALL; asking property by property",
                self._decoder.receiver.host,
            )
        if not self._dialect.get_all and vocabulary.query_properties:
            self._last_query = (count, vocabulary.query_properties[-1])
        for channel in range(1, count + 1):
            await self._send(channel_queries(vocabulary, channel, self._dialect))
