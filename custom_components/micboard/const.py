"""Constants for the micboard integration."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "micboard"
LOGGER = logging.getLogger(__package__)

CONF_ENTRY_KIND: Final = "kind"


class EntryKind(StrEnum):
    """The kinds of config entry, chosen from the config flow's menu."""

    RECEIVER = "receiver"
    SYSTEM_API = "system_api"
    MQTT_STATUS = "mqtt_status"
    CHARGER = "charger"


class ReceiverProtocol(StrEnum):
    """How a receiver entry reaches its receiver (stored in the entry's data)."""

    COMMAND_STRINGS = "command_strings"
    """ULX-D, QLX-D, Axient Digital, SLX-D: `< ... >` over TCP."""
    PSM1000 = "psm1000"
    """PSM1000 P10T transmitters: `< ... >` with CRLF over TCP, `REPORT` replies."""
    UHFR = "uhfr"
    """UHF-R UR4S/UR4D: `* ... *` over UDP."""


CONF_PROTOCOL: Final = "protocol"
DEFAULT_RECEIVER_PORT: Final = 2202
DEFAULT_SYSTEM_API_PORT: Final = 10000
DEFAULT_TOPIC_PREFIX: Final = "micboard"

# Receiver entry options.
CONF_METER_INTERVAL: Final = "meter_interval"
"""Seconds between SAMPLE messages the receiver sends; 0 turns metering off."""
DEFAULT_METER_INTERVAL: Final = 1.0
MIN_METER_INTERVAL: Final = 0.1
MAX_METER_INTERVAL: Final = 65.0

CONF_BATTERY_LOW_PERCENT: Final = "battery_low_percent"
"""battery_low is on at or below this charge (or at <= 2 bars)."""
DEFAULT_BATTERY_LOW_PERCENT: Final = 25
CONF_BOARD_ALL_CHANNELS: Final = "board_all_channels"
"""System API: every audio channel gets a board tile, not only wireless transmitters'."""

CONF_METER_STATE_INTERVAL: Final = "meter_state_interval"
"""At most one state write per meter entity per this many seconds (0 = all)."""
DEFAULT_METER_STATE_INTERVAL: Final = 30.0

CONF_ALLOW_CONTROL: Final = "allow_control"
"""Offer identify, mute, gain and renaming; off so a show is not changed by accident."""
DEFAULT_ALLOW_CONTROL: Final = False

BATTERY_LOW_BARS: Final = 2
BATTERY_CRITICAL_BARS: Final = 1
BATTERY_CRITICAL_PERCENT: Final = 10

IDENTITY_TIMEOUT: Final = 10.0
"""Seconds to wait for MODEL, DEVICE_ID and FW_VER before giving up a setup."""

RECEIVER_KEEPALIVE_INTERVAL: Final = 5.0
"""Seconds between keep-alive GETs when nothing else was sent."""
RECEIVER_SILENCE_TIMEOUT: Final = 15.0
"""Seconds without a single byte before a receiver counts as gone (hung)."""
RECEIVER_BACKOFF_MAX: Final = 5.0
"""Longest wait between reconnect attempts: a receiver that returns is seen
within seconds, and a refused connect every few seconds costs nothing."""

MANUFACTURER: Final = "Shure"

# System API entry data and options.
CONF_TLS_MODE: Final = "tls_mode"
"""How the server's certificate is trusted: one of the TlsModeChoice values."""
CONF_FINGERPRINT: Final = "fingerprint"
"""SHA-256 fingerprint (AA:BB:...) of the certificate trusted on first use."""


class TlsModeChoice(StrEnum):
    """The TLS trust modes a user can pick for a System API server."""

    TRUST_ON_FIRST_USE = "trust_on_first_use"
    VERIFY_CA = "verify_ca"


DEFAULT_SYSTEM_API_SCAN_INTERVAL: Final = 30
"""Seconds between polls of the device list while all is well."""
MIN_SYSTEM_API_SCAN_INTERVAL: Final = 10
MAX_SYSTEM_API_SCAN_INTERVAL: Final = 300
CRITICAL_SCAN_INTERVAL: Final = 10
"""Seconds between polls while any device's battery is critical."""
UNREACHABLE_SCAN_INTERVAL: Final = 60
"""Longest wait between polls while the server does not answer."""
UNREACHABLE_FIRST_RETRY: Final = 5
"""Seconds before the first retry of a failed poll; doubled per failure up to
UNREACHABLE_SCAN_INTERVAL, so a server back after a hiccup is seen at once."""
