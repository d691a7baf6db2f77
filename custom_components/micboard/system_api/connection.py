"""A System API client for an entry's (or a flow's) settings, on HA's session."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util.ssl import get_default_context

from ..const import CONF_FINGERPRINT, CONF_TLS_MODE, TlsModeChoice
from ..shure.systemapi import SystemApiClient, TlsMode

REQUEST_TIMEOUT = 10.0
"""Seconds one HTTP request may take (tests patch it shorter)."""


def tls_mode(settings: Mapping[str, Any]) -> TlsMode:
    """The trust decision stored in an entry: the pinned certificate or CA checks.

    CA verification uses Home Assistant's default client context, so it
    verifies whatever the shared session's connector does.
    """
    if settings.get(CONF_TLS_MODE) == TlsModeChoice.VERIFY_CA:
        return TlsMode.verify_ca(get_default_context())
    return TlsMode.pinned(str(settings[CONF_FINGERPRINT]))


def make_client(
    hass: HomeAssistant, settings: Mapping[str, Any], tls: TlsMode | None = None
) -> SystemApiClient:
    """A client for host, port and api_key in ``settings`` on the shared session."""
    return SystemApiClient(
        async_get_clientsession(hass),
        settings[CONF_HOST],
        settings[CONF_API_KEY],
        port=int(settings[CONF_PORT]),
        tls=tls or tls_mode(settings),
        request_timeout=REQUEST_TIMEOUT,
    )


def server_unique_id(host: str, port: int) -> str:
    """An entry's unique id: ``host:port``, case-insensitive."""
    return f"{host}:{port}".casefold()
