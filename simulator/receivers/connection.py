"""One client connection: read commands, write replies, stream meters.

The receiver decides how commands are framed (``message_reader``), how they
are answered (``handler``) and what its meters look like (``meter_messages``:
one SAMPLE for a command-string receiver, two REPORTs for a P10T).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Protocol

from .faults import Faults, encode_messages, split_at_random
from .protocol import MeterRates

_LOGGER = logging.getLogger(__name__)
READ_SIZE = 4096
MAX_PENDING = 20_000


class MessageHandler(Protocol):
    """Answers one client message (``protocol.CommandHandler`` and the P10T's)."""

    error_reply: str

    def handle(self, message: str, rates: MeterRates) -> list[str]:
        """The framed replies to ``message``."""


class MessageReader(Protocol):
    """Cuts a client's byte stream into messages."""

    def feed(self, data: bytes) -> list[str]:
        """The messages ``data`` completes."""


class ReceiverHost(Protocol):
    """What a connection needs from the receiver that accepted it."""

    faults: Faults
    rng: random.Random

    @property
    def handler(self) -> MessageHandler:
        """Answers the client's messages."""

    def message_reader(self) -> MessageReader:
        """A fresh reader for a new connection."""

    def record_received(self, message: str) -> None:
        """Remember a message a client sent."""

    def meter_messages(self, channel: int) -> list[str]:
        """A fresh meter reading of ``channel``, framed."""


class ClientConnection:
    """Serves one TCP client until it disconnects or is dropped."""

    def __init__(
        self,
        host: ReceiverHost,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        """Wire the connection to its receiver."""
        self._host = host
        self._reader = reader
        self._writer = writer
        self._outbox: asyncio.Queue[str] = asyncio.Queue()
        self._rates_changed = asyncio.Event()
        self.rates = MeterRates(on_change=self._rates_changed.set)
        self.peer = writer.get_extra_info("peername")
        self.dropped_by_receiver = False

    @property
    def metering(self) -> bool:
        """True while this client has metering on for any channel."""
        return any(rate > 0 for rate in self.rates.rates_ms.values())

    def send(self, messages: list[str]) -> None:
        """Queue framed messages for this client (dropped while silent).

        A client that stops reading gets dropped once ``MAX_PENDING``
        messages wait for it, as a receiver with full buffers would.
        """
        if self._host.faults.silent:
            return
        if self._outbox.qsize() + len(messages) > MAX_PENDING:
            _LOGGER.warning("Dropping %s: it stopped reading", self.peer)
            self.abort()
            return
        for message in messages:
            self._outbox.put_nowait(message)

    def abort(self) -> None:
        """Drop the connection at once, like a receiver losing power."""
        self.dropped_by_receiver = True
        self._writer.transport.abort()

    async def serve(self) -> None:
        """Run until the client goes away; always cleans up its tasks."""
        tasks = [
            asyncio.create_task(self._write_loop(), name="simulator-writer"),
            asyncio.create_task(self._sample_loop(), name="simulator-sampler"),
        ]
        try:
            await self._read_loop()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._writer.transport.abort()

    async def _read_loop(self) -> None:
        reader = self._host.message_reader()
        while True:
            try:
                data = await self._reader.read(READ_SIZE)
            except OSError:
                return
            if not data:
                return
            for message in reader.feed(data):
                self._host.record_received(message)
                self._answer(message)

    def _answer(self, message: str) -> None:
        faults = self._host.faults
        if faults.silent:
            return
        handler = self._host.handler
        if faults.answer_err:
            self.send([handler.error_reply])
            return
        try:
            replies = handler.handle(message, self.rates)
        except Exception:
            _LOGGER.exception("Simulator failed to answer %r", message)
            replies = [handler.error_reply]
        self.send(replies)

    async def _write_loop(self) -> None:
        host = self._host
        while True:
            batch = [await self._outbox.get()]
            while not self._outbox.empty():
                batch.append(self._outbox.get_nowait())
            if host.faults.silent:
                continue
            data = encode_messages(batch, host.faults, host.rng)
            try:
                if host.faults.split_frames:
                    for piece in split_at_random(data, host.rng):
                        self._writer.write(piece)
                        await self._writer.drain()
                        await asyncio.sleep(host.faults.split_pause_seconds)
                else:
                    self._writer.write(data)
                    await self._writer.drain()
            except OSError:
                self.abort()
                return

    async def _sample_loop(self) -> None:
        loop = asyncio.get_running_loop()
        due: dict[int, float] = {}
        applied: dict[int, int] = {}
        while True:
            self._rates_changed.clear()
            now = loop.time()
            active = {ch: ms for ch, ms in self.rates.rates_ms.items() if ms > 0}
            for channel in list(due):
                if active.get(channel) != applied.get(channel):
                    del due[channel]
            applied = dict(active)
            samples: list[str] = []
            for channel, rate_ms in sorted(active.items()):
                interval = rate_ms / 1000
                when = due.setdefault(channel, now + interval)
                if when <= now:
                    samples += self._host.meter_messages(channel)
                    next_due = when + interval
                    due[channel] = next_due if next_due > now else now + interval
            self.send(samples)
            timeout = min(due.values()) - loop.time() if due else None
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._rates_changed.wait()
