"""A scripted fake P10T on 127.0.0.1 for the PSM1000 client tests.

Written for the tests on purpose: it shares no code with the library nor the
simulator. Like the real transmitter it ignores a command that is not
followed by CRLF, and ends each reply with CRLF.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from .psm1000_transcripts import (
    P10T_CHANNEL_1,
    P10T_CHANNEL_2,
    SHURE_REPORT_DEVICE_NAME,
)


class FakeP10T:
    """Answers GETs from the given REPORT lines; SETs are echoed as REPORTs."""

    def __init__(
        self,
        lines: Sequence[str] = (
            SHURE_REPORT_DEVICE_NAME,
            *P10T_CHANNEL_1,
            *P10T_CHANNEL_2,
        ),
        *,
        silent: bool = False,
    ) -> None:
        self.lines = list(lines)
        self.silent = silent
        self.received: list[str] = []
        self.ignored: list[str] = []
        """Commands seen without CRLF after them (not acted on)."""
        self.raw = bytearray()
        self.connections = 0
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        self.drop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def drop(self) -> None:
        for writer in self._writers:
            writer.close()
        self._writers.clear()

    def push(self, data: bytes) -> None:
        """Send bytes to the latest client."""
        self._writers[-1].write(data)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        self._writers.append(writer)
        buffer = b""
        try:
            while data := await reader.read(4096):
                self.raw += data
                buffer += data
                while (end := buffer.find(b">")) >= 0 and len(buffer) >= end + 3:
                    start = buffer.find(b"<")
                    command = buffer[start + 1 : end].decode().strip()
                    if buffer[end + 1 : end + 3] == b"\r\n":
                        self.received.append(command)
                        if not self.silent and (reply := self._reply(command)):
                            writer.write(reply.encode("latin-1"))
                        buffer = buffer[end + 3 :]
                    else:
                        self.ignored.append(command)
                        buffer = buffer[end + 1 :]
        except ConnectionError:
            pass
        finally:
            writer.close()

    def _reply(self, command: str) -> str:
        verb, _, rest = command.partition(" ")
        if verb == "GET" and rest.endswith("METER_RATE"):
            return f"< REPORT {rest} 1000 >\r\n"
        if verb == "GET":
            found = [
                f"{line}\r\n"
                for line in self.lines
                if line.startswith(f"< REPORT {rest} ")
            ]
            return "".join(found)
        if verb == "SET":
            return f"< REPORT {rest} >\r\n"
        return ""
