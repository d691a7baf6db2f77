"""Constants for the micboard integration."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

DOMAIN: Final = "micboard"

CONF_ENTRY_KIND: Final = "kind"


class EntryKind(StrEnum):
    """The three kinds of config entry, chosen from the config flow's menu."""

    RECEIVER = "receiver"
    SYSTEM_API = "system_api"
    MQTT_STATUS = "mqtt_status"


DEFAULT_RECEIVER_PORT: Final = 2202
DEFAULT_SYSTEM_API_PORT: Final = 10000
DEFAULT_TOPIC_PREFIX: Final = "micboard"
