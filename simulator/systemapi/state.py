"""Fault switches and counters of the System API simulator."""

from __future__ import annotations

from collections import Counter
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal

type ListShape = Literal["edges", "array", "items"]
LIST_SHAPES: tuple[ListShape, ...] = ("edges", "array", "items")


def _reset(obj: Any) -> None:
    """Set every dataclass field of ``obj`` back to its default."""
    for spec in fields(obj):
        if spec.default_factory is not MISSING:
            setattr(obj, spec.name, spec.default_factory())
        else:
            setattr(obj, spec.name, spec.default)


@dataclass
class Faults:
    """Switches that make the server misbehave (all off by default)."""

    unauthorized: bool = False
    server_error: bool = False
    slow: float = 0.0
    malformed_json: bool = False
    html_200: bool = False
    retry_after: float | None = None
    rate_limit_status: int = 429
    rate_limited_active: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    """Path under ``/api/v1`` (e.g. ``"/devices"``) -> JSON to answer GETs with."""
    status_overrides: dict[str, int] = field(default_factory=dict)
    """Path under ``/api/v1`` -> HTTP status to answer any request with."""
    ws_preamble: list[str | bytes] = field(default_factory=list)
    """Websocket messages sent before ``{"transportId": ...}``."""
    ws_close_before_transport_id: bool = False
    """Close new websockets after the preamble, without a transport id."""

    def rate_limited(self, retry_after: float | None = 5, *, status: int = 429) -> None:
        """Answer every request with 429 (or 503) and this ``Retry-After``."""
        self.rate_limited_active = True
        self.retry_after = retry_after
        self.rate_limit_status = status

    def clear(self) -> None:
        """Back to a well-behaved server."""
        _reset(self)


@dataclass
class Stats:
    """What the server has served, for tests and benchmarks."""

    requests: int = 0
    bytes_sent: int = 0
    not_modified: int = 0
    websocket_connections: int = 0
    by_path: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)

    def reset(self) -> None:
        """Zero every counter."""
        _reset(self)
