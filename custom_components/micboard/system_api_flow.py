"""Config-flow steps of the Shure System API server entry kind (a mixin of the config flow)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class SystemApiSteps(ConfigFlow):
    """Steps that add a Shure System API server."""

    async def async_step_system_api(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a Shure System API server."""
        return self.async_abort(reason="not_available_yet")
