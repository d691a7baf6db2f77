"""Simulated Shure command-string receivers (ULX-D, QLX-D, AD, SLX-D).

``ReceiverSimulator`` is one receiver on its own TCP port; ``ReceiverFarm``
runs many, from a scenario file or a model and count.
"""

from __future__ import annotations

from .families import MODELS, Family, ModelSpec, SampleLayout, UnknownModelError
from .farm import ReceiverFarm
from .faults import Faults
from .scenario import Scenario, ScenarioError, load_scenario
from .server import ReceiverSimulator
from .state import ChannelState, Presence

__all__ = [
    "MODELS",
    "ChannelState",
    "Family",
    "Faults",
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
