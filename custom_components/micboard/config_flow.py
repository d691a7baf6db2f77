"""Config flow for micboard: a menu of the three entry kinds."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN, EntryKind


class MicboardConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a Shure receiver, a Shure System API server or an MQTT status feed."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user pick which kind of source to add."""
        return self.async_show_menu(step_id="user", menu_options=list(EntryKind))

    async def async_step_receiver(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a receiver spoken to with command strings."""
        return self.async_abort(reason="not_available_yet")

    async def async_step_system_api(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a Shure System API server."""
        return self.async_abort(reason="not_available_yet")

    async def async_step_mqtt_status(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add an MQTT status feed."""
        return self.async_abort(reason="not_available_yet")
