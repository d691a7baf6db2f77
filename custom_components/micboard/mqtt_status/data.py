"""What a loaded MQTT status entry keeps, and the names its modules share."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from ..const import DOMAIN
from .processor import StatusProcessor

CONF_TOPIC_PREFIX = "topic_prefix"


@dataclass
class MqttStatusData:
    """What a loaded MQTT status entry keeps in `entry.runtime_data`."""

    prefix: str
    processor: StatusProcessor


type MqttStatusConfigEntry = ConfigEntry[MqttStatusData]


def mqtt_data(entry: ConfigEntry) -> MqttStatusData:
    """The runtime data of an MQTT status entry."""
    data = entry.runtime_data
    assert isinstance(data, MqttStatusData)
    return data


def service_device_identifier(entry: ConfigEntry) -> tuple[str, str]:
    """The identifier of the entry's own device (its counters live there)."""
    return (DOMAIN, f"mqtt_status:{entry.entry_id}")
