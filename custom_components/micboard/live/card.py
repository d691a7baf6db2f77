"""Serves the Micboard dashboard card and tells the frontend to load it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from ..const import LOGGER

CARD_FILE = Path(__file__).parent.parent / "frontend" / "micboard-card.js"
CARD_URL = "/micboard_static/micboard-card.js"


def _card_version() -> str:
    """A short hash of the card, so browsers fetch it again after an update."""
    return hashlib.sha256(CARD_FILE.read_bytes()).hexdigest()[:12]


async def async_register_card(hass: HomeAssistant) -> str:
    """Serve the card and add it to every dashboard; returns the URL loaded.

    The card is served whenever HTTP is up; it is only added to the
    frontend's extra modules when the frontend is loaded (it is an
    after-dependency: a headless Home Assistant has no dashboards).
    """
    version = await hass.async_add_executor_job(_card_version)
    url = f"{CARD_URL}?v={version}"
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    if "frontend" in hass.config.components:
        add_extra_js_url(hass, url)
        LOGGER.debug("Dashboard card registered at %s", url)
    else:
        LOGGER.debug("Frontend not loaded: card served at %s but not added", url)
    return url
