"""How a System API server answers: the figures of its diagnostic sensors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..shure.systemapi import ClientMetrics


@dataclass
class ServerHealth:
    """How the server answers: shown on the server's diagnostic sensors."""

    response_time_ms: float | None = None
    error_count: int = 0
    last_update: datetime | None = None
    last_error: str | None = None

    def take_metrics(self, metrics: ClientMetrics) -> None:
        """Copy the client's latest response time, error count and error."""
        self.response_time_ms = metrics.last_response_time_ms
        self.error_count = metrics.error_count
        self.last_error = metrics.last_error
