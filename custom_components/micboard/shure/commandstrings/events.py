"""What a `ReceiverClient` tells its listeners, and its counters."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import MeterSample


@dataclass(frozen=True, slots=True)
class StateChanged:
    """Reported properties changed (one event per batch of received data)."""

    channels: frozenset[int]
    """Channels whose state changed."""
    device: bool
    """Whether device-level properties (identity, raw values) changed."""


@dataclass(frozen=True, slots=True)
class MeterSampled:
    """A meter sample arrived (full rate: the consumer rate-limits)."""

    channel: int
    sample: MeterSample


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    """The socket to the receiver opened or closed."""

    connected: bool
    reason: str


@dataclass(frozen=True, slots=True)
class SessionReady:
    """The handshake of a connection finished and the receiver's model is known.

    Sent once per connection, whether or not anything changed while the
    receiver was away: "back" follows the connection, not a changed value.
    """


type ReceiverEvent = StateChanged | MeterSampled | ConnectionChanged | SessionReady


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientCounters:
    """A snapshot of a client's lifetime counters (for diagnostics)."""

    connects: int = 0
    connect_failures: int = 0
    disconnects: int = 0
    bytes_received: int = 0
    messages: int = 0
    reports: int = 0
    samples: int = 0
    rep_errors: int = 0
    garbage_frames: int = 0
    rejected_fields: int = 0
    rejected_samples: int = 0
    unknown_properties: int = 0
