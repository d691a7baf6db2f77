"""One step, no questions: the soak adds the probe through this flow."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from . import DOMAIN


class SoakProbeFlow(ConfigFlow, domain=DOMAIN):
    """Creates the probe's entry at once."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Create the entry."""
        return self.async_create_entry(title="Soak probe", data={})
