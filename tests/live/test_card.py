"""The dashboard card: served over HTTP and added to the frontend's modules.

The card itself is tested in a real browser (tests/browser/).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.micboard.const import DOMAIN

CARD = (
    Path(__file__).parents[2] / "custom_components/micboard/frontend/micboard-card.js"
)


async def test_card_is_served(hass: HomeAssistant, hass_client) -> None:
    """GET /micboard_static/micboard-card.js returns the card's file."""
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_client()
    response = await client.get("/micboard_static/micboard-card.js")
    assert response.status == 200
    assert await response.read() == CARD.read_bytes()
    assert "javascript" in response.headers["Content-Type"]


async def test_card_added_to_every_dashboard(hass: HomeAssistant) -> None:
    """With the frontend loaded, the card is an extra module, versioned by content."""
    changes: list[object] = []
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(
        lambda *args: changes.append(args), []
    )
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, DOMAIN, {})
    version = hashlib.sha256(CARD.read_bytes()).hexdigest()[:12]
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset(
        {f"/micboard_static/micboard-card.js?v={version}"}
    )
    assert changes


async def test_headless_home_assistant_sets_up(hass: HomeAssistant) -> None:
    """Without the frontend, micboard still sets up and adds no module."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert "frontend" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
