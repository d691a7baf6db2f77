"""Simulated Shure System API (HTTPS REST + websocket push).

Independent of ``custom_components``: it never imports the integration.
"""

from __future__ import annotations

from .devices import SimChannel, SimDevice, SimEvent, build_fleet
from .server import Faults, Stats, SystemApiSimulator

__all__ = [
    "Faults",
    "SimChannel",
    "SimDevice",
    "SimEvent",
    "Stats",
    "SystemApiSimulator",
    "build_fleet",
]
