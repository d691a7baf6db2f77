"""Simulated Shure receivers: command strings (ULX-D, QLX-D, AD, SLX-D),
PSM1000 P10T in-ear monitor transmitters, and UHF-R.

``ReceiverSimulator`` is one receiver on its own TCP port, ``UhfrSimulator``
a UHF-R receiver on its own UDP port; ``ReceiverFarm`` runs many, from a
scenario file or a model and count.
"""

from __future__ import annotations

from .families import (
    ALL_MODELS,
    IEM_MODELS,
    MODELS,
    UHFR_MODELS,
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
from .uhfr import UhfrSimulator

__all__ = [
    "ALL_MODELS",
    "IEM_MODELS",
    "MODELS",
    "UHFR_MODELS",
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
    "UhfrSimulator",
    "UnknownModelError",
    "load_scenario",
]
