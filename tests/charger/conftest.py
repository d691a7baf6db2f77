"""Fixtures of the charger tests: a real simulated SBC220 and an entry for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from simulator.chargers import ChargerSimulator

CHARGER_ID = "CHG-1"


@pytest.fixture
def charger_static() -> bool:
    """Whether the simulated charger is at rest (packs do not charge)."""
    return True


@pytest.fixture
async def charger_sim(
    socket_enabled: None, charger_static: bool
) -> AsyncIterator[ChargerSimulator]:
    """Two linked SBC220 units (bays 1..4): full, charging, empty, faulted."""
    async with ChargerSimulator(
        "SBC220", units=2, port=0, device_id=CHARGER_ID, seed=7, static=charger_static
    ) as simulator:
        simulator.dock(1, percent=100, health=84, cycles=362)
        simulator.dock(2, percent=35, health=90, cycles=12, per_minute=2)
        simulator.fault_bay(4)
        yield simulator


def charger_entry(simulator: ChargerSimulator) -> MockConfigEntry:
    """A charger entry pointing at a simulator."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{simulator.device_id} ({simulator.model})",
        data={
            CONF_ENTRY_KIND: EntryKind.CHARGER,
            CONF_HOST: simulator.host,
            CONF_PORT: simulator.port,
        },
        unique_id=f"{simulator.model}_{simulator.device_id}".casefold(),
    )


@pytest.fixture
async def charger_setup(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded charger entry; unloaded again at the end of the test."""
    entry = charger_entry(charger_sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    if entry.state.recoverable:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
