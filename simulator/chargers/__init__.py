"""Simulated Shure networked chargers (SBC220/SBC240) speaking command strings.

``ChargerSimulator`` is one charger (or a chain of linked units behind one
address) on its own TCP port; ``ChargerRig`` runs several from a scenario.
"""

from __future__ import annotations

from .server import CHARGER_MODELS, ChargerSimulator, UnknownChargerModelError
from .state import BayState, ChargerState

__all__ = [
    "CHARGER_MODELS",
    "BayState",
    "ChargerSimulator",
    "ChargerState",
    "UnknownChargerModelError",
]
