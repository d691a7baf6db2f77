"""What the integration needs from a live connection to one receiver.

Every receiver protocol (command strings over TCP, UHF-R over UDP, ...)
offers this surface, so the coordinator and its entities do not care how the
receiver is reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .commandstrings.events import ClientCounters, ReceiverEvent
from .models import MeterSample, Receiver


class ReceiverSession(Protocol):
    """Live state of one receiver, pushed to listeners, and its few writes."""

    @property
    def host(self) -> str:
        """The receiver's host."""

    @property
    def port(self) -> int:
        """The receiver's port."""

    @property
    def receiver(self) -> Receiver:
        """The current snapshot (immutable; replaced on every change)."""

    @property
    def meters(self) -> dict[int, MeterSample]:
        """The latest meter reading of each channel (channel number -> sample)."""

    @property
    def connected(self) -> bool:
        """Whether the receiver is reachable right now."""

    @property
    def ready(self) -> bool:
        """Whether the receiver's identity (at least its model) is known."""

    @property
    def last_error(self) -> str:
        """Why the last attempt to reach the receiver failed, or it went away."""

    @property
    def counters(self) -> ClientCounters:
        """Lifetime counters, for diagnostics."""

    def add_listener(
        self, callback: Callable[[ReceiverEvent], None]
    ) -> Callable[[], None]:
        """Call `callback` for every event; returns a function that removes it."""

    async def start(self) -> None:
        """Start reaching the receiver in the background; returns at once."""

    async def wait_ready(self, timeout: float | None = None) -> Receiver:  # noqa: ASYNC109
        """Wait until the identity is known; CannotConnectError on timeout."""

    async def stop(self) -> None:
        """Turn metering off and let go of the receiver (idempotent)."""

    async def set_channel_name(self, channel: int, name: str) -> None:
        """Rename a channel."""

    async def set_audio_mute(self, channel: int, muted: bool) -> None:
        """Mute or unmute a channel's output."""

    async def set_audio_gain(self, channel: int, gain_db: int) -> None:
        """Set a channel's audio gain in dB."""

    async def identify(self, channel: int | None = None) -> None:
        """Flash the receiver's lights (the whole receiver, or one channel)."""
