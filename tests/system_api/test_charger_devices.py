"""A networked charger listed by the System API: a device with its name only.

Shure documents nothing charger-specific for the System API (docs/chargers.md):
no bays, no per-bay battery feature. A charger the server lists (here an
SBC220 offering only `name` and `identify`) becomes a device with its name
and online state, and no tile; per-bay state needs a charger entry.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.directory import live_directory
from simulator.systemapi import SystemApiSimulator

from .helpers import coordinator_of


async def test_a_charger_from_the_system_api_is_a_named_device_without_tiles(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    charger = system_api_sim.add_device("SBC220", battery=False, channels=0)
    charger.capabilities[:] = ["name", "identify"]
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    device = find_device(
        dr.async_get(hass), (DOMAIN, charger.device_id), system_api_setup.entry_id
    )
    assert device is not None
    assert (device.name, device.model) == ("SBC220-7", "SBC220")
    entities = {
        entry.unique_id.removeprefix(f"{charger.device_id}_")
        for entry in er.async_entries_for_device(er.async_get(hass), device.id)
    }
    assert entities == {"online", "alert"}
    state = hass.states.get(
        er.async_get(hass).async_get_entity_id(
            "binary_sensor", DOMAIN, f"{charger.device_id}_online"
        )
        or ""
    )
    assert state is not None
    assert state.state == "on"
    view = live_directory(hass).get(charger.device_id.casefold())
    assert view is not None
    assert view["name"] == "SBC220-7"
    assert view["battery"]["level"] is None
    directory = live_directory(hass)
    known = list(directory.keys())
    tiles = [
        key
        for key in known
        if (d := directory.get(key)) is not None
        and d["device_type"] == "channel"
        and d["device_code"].startswith(charger.device_id)
    ]
    assert tiles == []
