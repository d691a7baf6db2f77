"""Simulated Shure receivers: command strings (ULX-D, QLX-D, AD, SLX-D) and UHF-R.

``ReceiverSimulator`` is one receiver on its own TCP port, ``UhfrSimulator``
a UHF-R receiver on its own UDP port; ``ReceiverFarm`` runs many, from a
scenario file or a model and count.
"""

from __future__ import annotations

from .families import (
    ALL_MODELS,
    MODELS,
    UHFR_MODELS,
    Family,
    ModelSpec,
    SampleLayout,
    UnknownModelError,
)
from .farm import ReceiverFarm
from .faults import Faults
from .scenario import Scenario, ScenarioError, load_scenario
from .server import ReceiverSimulator
from .state import ChannelState, Presence
from .uhfr import UhfrSimulator

__all__ = [
    "ALL_MODELS",
    "MODELS",
    "UHFR_MODELS",
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
    "UhfrSimulator",
    "UnknownModelError",
    "load_scenario",
]
