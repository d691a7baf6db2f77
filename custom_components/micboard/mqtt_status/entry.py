"""Setting up and tearing down an MQTT status entry (docs/mqtt-status.md).

The entry subscribes, through Home Assistant's MQTT integration, to
`<prefix>/+/+/status` and `<prefix>/+/status` and hands every message to the
status processor. Without a working MQTT integration it raises a repair
issue and retries later (ConfigEntryNotReady) instead of failing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import device_registry as dr, issue_registry as ir

from ..const import DOMAIN
from ..live.directory import live_directory
from ..live.groups import group_store
from .data import (
    CONF_TOPIC_PREFIX,
    MqttStatusData,
    service_device_identifier,
)
from .processor import StatusProcessor

if TYPE_CHECKING:
    from homeassistant.components.mqtt import ReceiveMessage

MQTT_PLATFORMS = [Platform.DEVICE_TRACKER, Platform.SENSOR]
ISSUE_MQTT_NOT_AVAILABLE = "mqtt_not_available"


def status_topics(prefix: str) -> tuple[str, str]:
    """The two subscriptions of a prefix (with and without the code level)."""
    return f"{prefix}/+/+/status", f"{prefix}/+/status"


async def async_setup_mqtt_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Wait for MQTT, subscribe to the status topics, add the entities."""
    from homeassistant.components import mqtt  # noqa: PLC0415 - only with MQTT

    prefix: str = entry.data[CONF_TOPIC_PREFIX]
    if not await mqtt.async_wait_for_mqtt_client(hass):
        ir.async_create_issue(
            hass,
            DOMAIN,
            ISSUE_MQTT_NOT_AVAILABLE,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_MQTT_NOT_AVAILABLE,
            translation_placeholders={"prefix": prefix},
        )
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key=ISSUE_MQTT_NOT_AVAILABLE,
            translation_placeholders={"prefix": prefix},
        )
    ir.async_delete_issue(hass, DOMAIN, ISSUE_MQTT_NOT_AVAILABLE)
    processor = StatusProcessor(hass, prefix, live_directory(hass), group_store(hass))
    entry.runtime_data = MqttStatusData(prefix, processor)

    @callback
    def on_message(message: ReceiveMessage) -> None:
        processor.process(message.topic, message.payload)

    for topic in status_topics(prefix):
        entry.async_on_unload(
            await mqtt.async_subscribe(hass, topic, on_message, qos=0, encoding=None)
        )
    await hass.config_entries.async_forward_entry_setups(entry, MQTT_PLATFORMS)
    return True


async def async_unload_mqtt_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unsubscribe (through async_on_unload) and remove the entities."""
    return await hass.config_entries.async_unload_platforms(entry, MQTT_PLATFORMS)


async def async_remove_mqtt_device(
    hass: HomeAssistant, entry: ConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Telemetry entities of a device may go once no backend reports the device."""
    if service_device_identifier(entry) in device.identifiers:
        return False
    directory = live_directory(hass)
    return not any(
        domain == DOMAIN and code in directory for domain, code in device.identifiers
    )
