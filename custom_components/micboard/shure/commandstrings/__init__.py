"""Shure command strings (ASCII over TCP 2202): client, probe and decoding."""

from .client import DEFAULT_PORT, Listener, ReceiverClient
from .events import (
    ClientCounters,
    ConnectionChanged,
    MeterSampled,
    ReceiverEvent,
    SessionReady,
    StateChanged,
)
from .probe import probe_receiver
from .samples import SLXD_SAMPLE_FIELDS
from .vocabulary import VOCABULARIES, Vocabulary, identify_model

__all__ = [
    "DEFAULT_PORT",
    "SLXD_SAMPLE_FIELDS",
    "VOCABULARIES",
    "ClientCounters",
    "ConnectionChanged",
    "Listener",
    "MeterSampled",
    "ReceiverClient",
    "ReceiverEvent",
    "SessionReady",
    "StateChanged",
    "Vocabulary",
    "identify_model",
    "probe_receiver",
]
