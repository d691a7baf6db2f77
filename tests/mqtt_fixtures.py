"""A real MQTT broker, HA's MQTT integration on it, and live-board helpers.

Import the fixtures explicitly in a test module:
`from .mqtt_fixtures import mosquitto, mqtt_broker_entry, ...  # noqa: F401`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from functools import partial
import json
from pathlib import Path
import shutil
import socket
import subprocess
import time
from typing import Any
from unittest.mock import patch

from homeassistant.components import mqtt
from homeassistant.core import HomeAssistant
from paho.mqtt import publish as mqtt_publish
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.mqtt_status.entry import CONF_TOPIC_PREFIX

from .helpers import unused_port

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
BROKER_START_TIMEOUT = 10.0


@pytest.fixture
def mosquitto(socket_enabled: None, tmp_path: Path) -> Iterator[int]:
    """A real mosquitto on 127.0.0.1 (a free port per test); yields the port."""
    port = unused_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
    )
    process = subprocess.Popen(  # noqa: S603 - fixed program, our own config
        [MOSQUITTO, "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + BROKER_START_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("mosquitto did not start") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover - stuck broker
            process.kill()
            process.wait(5)


@pytest.fixture
async def mqtt_broker_entry(
    hass: HomeAssistant, mosquitto: int
) -> AsyncIterator[MockConfigEntry]:
    """HA's MQTT integration connected to the real broker."""
    entry = MockConfigEntry(
        domain="mqtt", data={"broker": "127.0.0.1", "port": mosquitto}
    )
    entry.add_to_hass(hass)
    with patch("homeassistant.config.async_hass_config_yaml", return_value={}):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    assert await mqtt.async_wait_for_mqtt_client(hass)
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


def mqtt_status_entry(prefix: str = "micboard") -> MockConfigEntry:
    """An MQTT status entry for a topic prefix."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"MQTT status ({prefix})",
        data={CONF_ENTRY_KIND: EntryKind.MQTT_STATUS, CONF_TOPIC_PREFIX: prefix},
        unique_id=prefix,
    )


@pytest.fixture
async def mqtt_status_setup(
    hass: HomeAssistant, mqtt_broker_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """A loaded MQTT status entry (prefix `micboard`) on the real broker."""
    entry = mqtt_status_entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


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
