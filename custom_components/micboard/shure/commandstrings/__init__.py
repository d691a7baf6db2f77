"""Shure command strings (ASCII over TCP 2202): client, probe and decoding.

ULX-D, QLX-D, Axient Digital and SLX-D receivers, and PSM1000 P10T
transmitters in their own dialect (dialect.py).
"""

from .client import DEFAULT_PORT, Listener, ReceiverClient
from .dialect import COMMAND_STRINGS, PSM1000, Dialect
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
    "COMMAND_STRINGS",
    "DEFAULT_PORT",
    "PSM1000",
    "SLXD_SAMPLE_FIELDS",
    "VOCABULARIES",
    "ClientCounters",
    "ConnectionChanged",
    "Dialect",
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
