"""Shared fixtures for the integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import logging
from pathlib import Path
import shutil
import socket
import subprocess
import time
from unittest.mock import AsyncMock, patch

from homeassistant.components import mqtt
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_ENTRY_KIND,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    CONF_PROTOCOL,
    DOMAIN,
    EntryKind,
    ReceiverProtocol,
)
from custom_components.micboard.receiver.options_flow import default_receiver_options
from simulator.receivers import ReceiverSimulator

from .broker import mqtt_status_entry
from .deprecation_guard import MicboardReportCollector
from .helpers import unused_port

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
BROKER_START_TIMEOUT = 10.0

# The browser tests run in their own virtualenv against a real dev stack
# (script/test runs them separately); they need Playwright, absent here.
collect_ignore = ["browser"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/micboard in every test."""


@pytest.fixture(autouse=True)
def assert_no_micboard_reports() -> Iterator[MicboardReportCollector]:
    """Fail any test during which Home Assistant reports micboard.

    Its frame helper's "Detected that custom integration 'micboard' ..." and
    any deprecation warning naming micboard (tests/deprecation_guard.py).
    Its name sorts before auto_enable_custom_integrations (pytest orders a
    file's autouse fixtures by name), so it is set up before `hass` and also
    sees Home Assistant stop.
    """
    collector = MicboardReportCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    collector.check()


@pytest.fixture(autouse=True)
def mock_slp_discovery() -> Iterator[None]:
    """No test joins the real SLP multicast group (test_discovery.py overrides)."""
    with patch("custom_components.micboard.async_start_discovery", AsyncMock()):
        yield


@pytest.fixture
def receiver_model() -> str:
    """The simulated model; override with parametrize."""
    return "ULXD4Q"


@pytest.fixture
def receiver_static() -> bool:
    """Whether the simulated receiver is a rig at rest (no drift, no meter noise)."""
    return False


@pytest.fixture
async def receiver_sim(
    socket_enabled: None, receiver_model: str, receiver_static: bool
) -> AsyncIterator[ReceiverSimulator]:
    """A real simulated receiver listening on 127.0.0.1."""
    async with ReceiverSimulator(
        model=receiver_model,
        port=0,
        seed=7,
        channel_names=("H01 Dave", "BP02 Anna", "H03 Sam", "BP04 Kim"),
        static=receiver_static,
    ) as simulator:
        yield simulator


def receiver_entry(simulator: ReceiverSimulator, **options: object) -> MockConfigEntry:
    """A receiver entry pointing at a simulator."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{simulator.device_id} ({simulator.model})",
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
        },
        options={
            **default_receiver_options(),
            CONF_METER_INTERVAL: 0.1,
            CONF_METER_STATE_INTERVAL: 10.0,
            **options,
        },
        unique_id=f"{simulator.model}_{simulator.device_id}".casefold(),
    )


@pytest.fixture
async def receiver_setup(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded receiver entry; unloaded again at the end of the test."""
    entry = receiver_entry(receiver_sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


P10T_NAMES = ("IEM1 Vox", "IEM2 Gtr")
P10T_ID = "MON-IEM"


@pytest.fixture
def p10t_static() -> bool:
    """Whether the simulated P10T is at rest (no meter drift)."""
    return False


@pytest.fixture
async def p10t_sim(
    socket_enabled: None, p10t_static: bool
) -> AsyncIterator[ReceiverSimulator]:
    """A simulated PSM1000 P10T in-ear monitor transmitter on 127.0.0.1."""
    async with ReceiverSimulator(
        model="P10T",
        port=0,
        seed=7,
        device_id=P10T_ID,
        channel_names=P10T_NAMES,
        static=p10t_static,
    ) as simulator:
        yield simulator


def p10t_entry(simulator: ReceiverSimulator, **options: object) -> MockConfigEntry:
    """A receiver entry of the PSM1000 protocol pointing at a simulated P10T."""
    entry = receiver_entry(simulator, **options)
    return MockConfigEntry(
        domain=DOMAIN,
        title=entry.title,
        data={**entry.data, CONF_PROTOCOL: ReceiverProtocol.PSM1000},
        options=dict(entry.options),
        unique_id=entry.unique_id,
    )


@pytest.fixture
async def p10t_setup(
    hass: HomeAssistant, p10t_sim: ReceiverSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded P10T entry; unloaded again at the end of the test."""
    entry = p10t_entry(p10t_sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


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
