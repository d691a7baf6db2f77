"""A scripted fake receiver on 127.0.0.1 for the command-string client tests.

The fake receiver is written for the tests on purpose: it shares no code
with the library (nor with the project simulator), so a framing bug cannot
hide in both. `DecodedStream` runs the library's own pipeline without sockets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Literal

from custom_components.micboard.shure.commandstrings.decode import ReceiverDecoder
from custom_components.micboard.shure.commandstrings.framing import FrameSplitter
from custom_components.micboard.shure.commandstrings.messages import (
    Report,
    Sample,
    parse_message,
)
from custom_components.micboard.shure.models import Channel, MeterSample, Receiver

type Mode = Literal["answer", "refuse", "ignore"]


def split_requests(buffer: bytearray) -> list[str]:
    """Take complete `< ... >` requests (brace-aware) off the buffer."""
    requests: list[str] = []
    while (start := buffer.find(b"<")) >= 0:
        in_brace = False
        for index in range(start + 1, len(buffer)):
            char = buffer[index]
            if in_brace:
                in_brace = char != ord("}")
            elif char == ord("{"):
                in_brace = True
            elif char == ord(">"):
                requests.append(buffer[start + 1 : index].decode().strip())
                del buffer[: index + 1]
                break
        else:
            del buffer[:start]
            return requests
    buffer.clear()
    return requests


class FakeReceiver:
    """Answers like a receiver whose state is the given REP lines."""

    def __init__(
        self,
        *,
        identity: Sequence[str],
        channels: Sequence[str] = (),
        get_all: Mode = "answer",
        sets: Mode = "answer",
        gets: Mode = "answer",
        keepalive: Mode = "answer",
    ) -> None:
        self.identity = list(identity)
        self.channels = list(channels)
        self.get_all = get_all
        self.sets = sets
        self.gets = gets
        self.keepalive = keepalive
        self.received: list[str] = []
        self.connections = 0
        self.on_request: Callable[[str], None] | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self, port: int = 0) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        self.drop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def drop(self) -> None:
        """Close every open connection from the receiver's side."""
        for writer in self._writers:
            writer.close()
        self._writers.clear()

    def push(self, data: bytes) -> None:
        """Send bytes to the latest client."""
        self._writers[-1].write(data)

    def count(self, request: str) -> int:
        return self.received.count(request)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        self._writers.append(writer)
        buffer = bytearray()
        try:
            while data := await reader.read(4096):
                buffer += data
                for request in split_requests(buffer):
                    self.received.append(request)
                    if self.on_request is not None:
                        self.on_request(request)
                    if reply := self._reply(request):
                        writer.write(reply.encode("latin-1"))
        except ConnectionError:
            pass
        finally:
            writer.close()

    def _reply(self, request: str) -> str:
        verb, _, rest = request.partition(" ")
        if verb == "GET" and rest == "0 ALL":
            return self._mode_reply(
                self.get_all, "".join(self.identity + self.channels)
            )
        if verb == "GET" and rest == "1 METER_RATE":
            return self._mode_reply(self.keepalive, "< REP 1 METER_RATE 01000 >")
        if verb == "GET":
            found = [
                line
                for line in self.identity + self.channels
                if line.startswith(f"< REP {rest} ")
            ]
            return self._mode_reply(self.gets, "".join(found) or "< REP ERR >")
        if verb == "SET" and "METER_RATE" in rest:
            return f"< REP {rest} >"
        if verb == "SET":
            return self._mode_reply(self.sets, f"< REP {rest} >")
        return "< REP ERR >"

    @staticmethod
    def _mode_reply(mode: Mode, reply: str) -> str:
        if mode == "answer":
            return reply
        if mode == "refuse":
            return "< REP ERR >"
        return ""


async def wait_for(
    predicate: Callable[[], bool],
    timeout: float = 3.0,
    what: str = "",
) -> None:
    """Poll until `predicate()` holds; fail the test after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await asyncio.sleep(0.005)


class DecodedStream:
    """Library pipeline without sockets: splitter, parser, decoder."""

    def __init__(self) -> None:
        self.splitter = FrameSplitter()
        self.decoder = ReceiverDecoder("127.0.0.1", 2202)
        self.samples: list[MeterSample] = []
        self.unparsed = 0
        self.errors = 0

    def feed(self, data: bytes) -> DecodedStream:
        for frame in self.splitter.feed(data):
            message = parse_message(frame)
            if message is None:
                self.unparsed += 1
            elif isinstance(message, Report):
                self.decoder.apply_report(message)
            elif isinstance(message, Sample):
                if sample := self.decoder.apply_sample(message):
                    self.samples.append(sample)
            else:
                self.errors += 1
        return self

    @property
    def receiver(self) -> Receiver:
        return self.decoder.receiver

    def channel(self, number: int) -> Channel:
        return self.decoder.receiver.channels[number]
