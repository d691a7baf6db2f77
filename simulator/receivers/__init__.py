"""Simulated Shure command-string receivers (ULX-D, QLX-D, AD, SLX-D) and
PSM1000 P10T in-ear monitor transmitters.

``ReceiverSimulator`` is one receiver on its own TCP port; ``ReceiverFarm``
runs many, from a scenario file or a model and count.
"""

from __future__ import annotations

from .families import (
    ALL_MODELS,
    IEM_MODELS,
    MODELS,
    Family,
    ModelSpec,
    SampleLayout,
    UnknownModelError,
)
from .farm import ReceiverFarm
from .faults import Faults
from .iem import IemSettings
from .scenario import Scenario, ScenarioError, load_scenario
from .server import ReceiverSimulator
from .state import ChannelState, Presence

__all__ = [
    "ALL_MODELS",
    "IEM_MODELS",
    "MODELS",
    "ChannelState",
    "Family",
    "Faults",
    "IemSettings",
    "ModelSpec",
    "Presence",
    "ReceiverFarm",
    "ReceiverSimulator",
    "SampleLayout",
    "Scenario",
    "ScenarioError",
    "UnknownModelError",
    "load_scenario",
]
