"""Serves the Micboard dashboard card and tells the frontend to load it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

from ..const import LOGGER

CARD_FOLDER = Path(__file__).parent.parent / "frontend"
CARD_ENTRY = "micboard-card.js"
STATIC_URL = "/micboard_static"


def card_version(folder: Path) -> str:
    """A short hash over every file of the card's folder (names and contents).

    The folder is served under it, so after an update browsers fetch every
    module again, not only the entry module.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        name = path.relative_to(folder).as_posix()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


async def async_register_card(hass: HomeAssistant) -> str:
    """Serve the card and add it to every dashboard; returns the URL loaded.

    The card is served whenever HTTP is up; it is only added to the
    frontend's extra modules when the frontend is loaded (it is an
    after-dependency: a headless Home Assistant has no dashboards).
    """
    version = await hass.async_add_executor_job(card_version, CARD_FOLDER)
    folder_url = f"{STATIC_URL}/{version}"
    url = f"{folder_url}/{CARD_ENTRY}"
    await hass.http.async_register_static_paths(
        [StaticPathConfig(folder_url, str(CARD_FOLDER), cache_headers=True)]
    )
    if "frontend" in hass.config.components:
        add_extra_js_url(hass, url)
        LOGGER.debug("Dashboard card registered at %s", url)
    else:
        LOGGER.debug("Frontend not loaded: card served at %s but not added", url)
    return url
