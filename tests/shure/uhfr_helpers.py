"""Helpers of the UHF-R library tests: a transcript peer and fast timings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

FAST_TIMINGS: dict[str, float] = {
    "keepalive_interval": 0.1,
    "silence_timeout": 0.6,
    "backoff_min": 0.02,
    "backoff_max": 0.1,
    "identity_timeout": 0.3,
    "command_timeout": 0.6,
    "resend_interval": 0.1,
    "open_timeout": 1.0,
}


class TranscriptPeer(asyncio.DatagramProtocol):
    """A UDP peer on 127.0.0.1 that answers each GET with a fixed datagram.

    `answers` maps a request (`* GET 1 TX_BAT *`) to the datagram sent back
    to the sender; anything else is recorded and left unanswered, unless
    `reply_to_anything` gives a datagram for it.
    """

    def __init__(
        self,
        answers: dict[bytes, bytes],
        reply_to_anything: bytes | None = None,
    ) -> None:
        """Remember what to answer; `start()` listens."""
        self.answers = answers
        self.reply_to_anything = reply_to_anything
        self.received: list[bytes] = []
        self.port = 0
        self._transport: asyncio.DatagramTransport | None = None

    async def start(self) -> TranscriptPeer:
        """Listen on a free UDP port."""
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: self, local_addr=("127.0.0.1", 0)
        )
        self._transport = transport
        self.port = transport.get_extra_info("sockname")[1]
        return self

    def close(self) -> None:
        """Stop listening."""
        if self._transport is not None:
            self._transport.close()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        """Record; answer from the transcript."""
        self.received.append(data)
        reply = self.answers.get(data, self.reply_to_anything)
        if reply is not None and self._transport is not None:
            self._transport.sendto(reply, addr)

    def count(self, request: bytes) -> int:
        """How often `request` arrived."""
        return self.received.count(request)


def transcript_answers(
    replies: Iterable[bytes],
) -> dict[bytes, bytes]:
    """`* GET x NAME *` -> the transcript's `* REPORT x NAME ... *`."""
    answers: dict[bytes, bytes] = {}
    for reply in replies:
        words = reply.decode().strip("* ").split()
        answers[f"* GET {words[1]} {words[2]} *".encode()] = reply
    return answers
