"""Config-flow steps of the MQTT status feed entry kind (a mixin of the config flow)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class MqttStatusSteps(ConfigFlow):
    """Steps that add a MQTT status feed."""

    async def async_step_mqtt_status(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a MQTT status feed."""
        return self.async_abort(reason="not_available_yet")
