"""Small helpers shared by the integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.micboard.const import DOMAIN


def entity_id(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The entity id registered for a micboard unique id (fails if absent)."""
    found = er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)
    assert found is not None, f"no {platform} entity with unique id {unique_id}"
    return found


def state_of(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The current state string of a micboard entity."""
    state = hass.states.get(entity_id(hass, platform, unique_id))
    assert state is not None
    return state.state


async def wait_for(
    hass: HomeAssistant, condition: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Let the loop run (real sockets) until the condition holds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await hass.async_block_till_done()
            await asyncio.sleep(0.02)
