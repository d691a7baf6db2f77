"""Shure UHF-R (UR4S, UR4D): `* ... *` messages over UDP port 2202."""

from .client import DEFAULT_PORT, UhfrClient
from .probe import probe_uhfr
from .vocabulary import MODELS, UHFR_VOCABULARY

__all__ = ["DEFAULT_PORT", "MODELS", "UHFR_VOCABULARY", "UhfrClient", "probe_uhfr"]
