"""A deliberately small command-string client for the simulator tests.

Written here, independently of both the simulator and the integration's
library, so that a framing bug in either cannot hide behind shared code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import re

STEP_TIMEOUT = 3.0


def split_messages(buffer: str) -> tuple[list[str], str]:
    """Cut complete ``< ... >`` messages (``>`` inside braces does not end one).

    Returns the messages and the unfinished rest. Bytes outside messages are
    skipped.
    """
    messages: list[str] = []
    start: int | None = None
    in_braces = False
    for index, char in enumerate(buffer):
        if start is None:
            if char == "<":
                start, in_braces = index, False
            continue
        if char == "{":
            in_braces = True
        elif char == "}":
            in_braces = False
        elif char == ">" and not in_braces:
            messages.append(buffer[start : index + 1])
            start = None
    rest = buffer[start:] if start is not None else ""
    return messages, rest


def fields(message: str) -> list[str]:
    """Tokens of a message without its brackets (braced strings kept whole)."""
    return re.findall(r"\{[^}]*\}|[^\s]+", message[1:-1].strip())


class RawClient:
    """One TCP connection; remembers every message and every raw read."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader = reader
        self.writer = writer
        self.messages: list[str] = []
        self.chunks: list[bytes] = []
        self._buffer = ""
        self._cursor = 0

    @classmethod
    async def connect(cls, port: int, host: str = "127.0.0.1") -> RawClient:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def send(self, *messages: str) -> None:
        self.writer.write("".join(messages).encode("latin-1"))
        await self.writer.drain()

    async def _read_once(self) -> bool:
        data = await self.reader.read(65536)
        if not data:
            return False
        self.chunks.append(data)
        complete, self._buffer = split_messages(self._buffer + data.decode("latin-1"))
        self.messages.extend(complete)
        return True

    async def next_matching(
        self, predicate: Callable[[str], bool], seconds: float = STEP_TIMEOUT
    ) -> str:
        """The next unread message for which ``predicate`` holds."""
        async with asyncio.timeout(seconds):
            while True:
                while self._cursor < len(self.messages):
                    message = self.messages[self._cursor]
                    self._cursor += 1
                    if predicate(message):
                        return message
                if not await self._read_once():
                    raise ConnectionError("server closed the connection")

    async def next_containing(self, text: str, seconds: float = STEP_TIMEOUT) -> str:
        return await self.next_matching(lambda message: text in message, seconds)

    async def request(self, message: str, expect: str) -> str:
        """Send ``message``; return the next reply containing ``expect``."""
        await self.send(message)
        return await self.next_containing(expect)

    async def collect(self, seconds: float) -> list[str]:
        """Everything that arrives during ``seconds`` (unread messages too)."""
        try:
            async with asyncio.timeout(seconds):
                while await self._read_once():
                    pass
        except TimeoutError:
            pass
        new = self.messages[self._cursor :]
        self._cursor = len(self.messages)
        return new

    async def closed_by_server(self, seconds: float = STEP_TIMEOUT) -> bool:
        """True once the server closes or resets the connection; False if it
        is still open after ``seconds``."""
        try:
            async with asyncio.timeout(seconds):
                while await self._read_once():
                    pass
        except ConnectionError:
            return True
        except TimeoutError:
            return False
        return True

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
