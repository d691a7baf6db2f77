"""System API test helpers: an entry for the simulator, its coordinator, unloading."""

from __future__ import annotations

from typing import Any

from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_ENTRY_KIND,
    CONF_FINGERPRINT,
    CONF_TLS_MODE,
    DOMAIN,
    EntryKind,
    TlsModeChoice,
)
from custom_components.micboard.system_api.coordinator import SystemApiCoordinator
from custom_components.micboard.system_api.options_flow import (
    default_system_api_options,
)
from simulator.systemapi import SystemApiSimulator

API_KEY = "secret"


def system_api_entry(
    simulator: SystemApiSimulator, *, fingerprint: str | None = None, **options: Any
) -> MockConfigEntry:
    """An entry that trusts the simulator's certificate (or ``fingerprint``)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Shure System API (127.0.0.1)",
        data={
            CONF_ENTRY_KIND: EntryKind.SYSTEM_API,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
            CONF_API_KEY: API_KEY,
            CONF_TLS_MODE: TlsModeChoice.TRUST_ON_FIRST_USE,
            CONF_FINGERPRINT: fingerprint or simulator.fingerprint,
        },
        options={**default_system_api_options(), **options},
        unique_id=f"{simulator.host}:{simulator.port}",
    )


async def unload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Unload an entry if it is (still) loaded, so no push task outlives a test.

    Whatever step push is at: unloading leaves no socket, task or timer
    (tests/system_api/test_unload.py), which the test harness checks.
    """
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


def coordinator_of(entry: MockConfigEntry) -> SystemApiCoordinator:
    """The entry's coordinator."""
    coordinator = entry.runtime_data.coordinator
    assert isinstance(coordinator, SystemApiCoordinator)
    return coordinator
