"""Shure networked charging stations over command strings (TCP 2202)."""

from .client import ChargerClient, ChargerListener
from .events import ChargerChanged, ChargerEvent
from .models import (
    CHARGER_MODELS,
    Bay,
    BayError,
    Charger,
    ChargerModel,
    ChargeState,
    TimeToFullState,
    identify_charger,
    is_charger_model,
)

__all__ = [
    "CHARGER_MODELS",
    "Bay",
    "BayError",
    "ChargeState",
    "Charger",
    "ChargerChanged",
    "ChargerClient",
    "ChargerEvent",
    "ChargerListener",
    "ChargerModel",
    "TimeToFullState",
    "identify_charger",
    "is_charger_model",
]
