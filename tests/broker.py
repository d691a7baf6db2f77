"""MQTT test helpers: publishing to the real broker, an MQTT status entry, fake devices.

The broker itself and HA's MQTT integration on it are fixtures in tests/conftest.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
import json
from typing import Any

from homeassistant.core import HomeAssistant
from paho.mqtt import publish as mqtt_publish
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.mqtt_status.data import CONF_TOPIC_PREFIX


def mqtt_status_entry(prefix: str = "micboard") -> MockConfigEntry:
    """An MQTT status entry for a topic prefix."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"MQTT status ({prefix})",
        data={CONF_ENTRY_KIND: EntryKind.MQTT_STATUS, CONF_TOPIC_PREFIX: prefix},
        unique_id=prefix,
    )


async def publish(
    hass: HomeAssistant, port: int, topic: str, payload: str | bytes | dict[str, Any]
) -> None:
    """Publish one message from a separate, short-lived real client."""
    body = json.dumps(payload) if isinstance(payload, dict) else payload
    await hass.async_add_executor_job(
        partial(mqtt_publish.single, topic, body, hostname="127.0.0.1", port=port)
    )


async def publish_until(
    hass: HomeAssistant,
    port: int,
    topic: str,
    payload: str | bytes | dict[str, Any],
    *,
    condition: Callable[[], bool],
    timeout: float = 15.0,
) -> int:
    """Publish again until the condition holds (HA subscribes after a cooldown).

    Returns how many times the message was published.
    """
    sent = 0
    async with asyncio.timeout(timeout):
        while True:
            await publish(hass, port, topic, payload)
            sent += 1
            for _ in range(10):
                await hass.async_block_till_done()
                if condition():
                    return sent
                await asyncio.sleep(0.05)


def fake_devices(hass: HomeAssistant, *codes: str, source: str = "test") -> None:
    """Publish devices with these codes into the live directory (unit tests)."""
    live_directory(hass).publish(
        source,
        {
            code: {"name": f"Mic {code}", "device_type": "channel", "status": "good"}
            for code in codes
        },
    )
