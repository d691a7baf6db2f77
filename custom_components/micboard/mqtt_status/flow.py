"""Config-flow steps of the MQTT status feed entry kind (a mixin of the config flow)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import CONF_ENTRY_KIND, DEFAULT_TOPIC_PREFIX, EntryKind
from .data import CONF_TOPIC_PREFIX

FORBIDDEN_IN_PREFIX = ("+", "#", "\0")


def clean_prefix(raw: str) -> str | None:
    """A usable topic prefix (slashes at the ends trimmed), or None."""
    prefix = raw.strip().strip("/")
    if (
        not prefix
        or len(prefix.encode()) > 200
        or any(char in prefix for char in FORBIDDEN_IN_PREFIX)
        or "" in prefix.split("/")
    ):
        return None
    return prefix


class MqttStatusSteps(ConfigFlow):
    """Steps that add a MQTT status feed."""

    async def async_step_mqtt_status(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a MQTT status feed: needs Home Assistant's MQTT integration."""
        from homeassistant.components import mqtt  # noqa: PLC0415 - only with MQTT

        if not self.hass.config_entries.async_entries("mqtt"):
            return self.async_abort(reason="mqtt_not_configured")
        errors: dict[str, str] = {}
        prefix = DEFAULT_TOPIC_PREFIX
        if user_input is not None:
            prefix = str(user_input[CONF_TOPIC_PREFIX])
            cleaned = clean_prefix(prefix)
            if cleaned is None:
                errors[CONF_TOPIC_PREFIX] = "invalid_prefix"
            elif not await mqtt.async_wait_for_mqtt_client(self.hass):
                errors["base"] = "mqtt_not_connected"
            else:
                await self.async_set_unique_id(cleaned)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=f"MQTT status ({cleaned})",
                    data={
                        CONF_ENTRY_KIND: EntryKind.MQTT_STATUS,
                        CONF_TOPIC_PREFIX: cleaned,
                    },
                )
        return self.async_show_form(
            step_id="mqtt_status",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_TOPIC_PREFIX, default=prefix): (
                        selector.TextSelector()
                    )
                }
            ),
            errors=errors,
        )

    async def async_step_mqtt_status_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Move an MQTT status feed to another topic prefix."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        prefix = str(entry.data[CONF_TOPIC_PREFIX])
        if user_input is not None:
            prefix = str(user_input[CONF_TOPIC_PREFIX])
            cleaned = clean_prefix(prefix)
            if cleaned is None:
                errors[CONF_TOPIC_PREFIX] = "invalid_prefix"
            else:
                await self.async_set_unique_id(cleaned)
                if cleaned != entry.unique_id:
                    self._abort_if_unique_id_configured()
                return self.async_update_reload_and_abort(
                    entry,
                    unique_id=cleaned,
                    title=f"MQTT status ({cleaned})",
                    data_updates={CONF_TOPIC_PREFIX: cleaned},
                )
        return self.async_show_form(
            step_id="mqtt_status_reconfigure",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_TOPIC_PREFIX, default=prefix): (
                        selector.TextSelector()
                    )
                }
            ),
            errors=errors,
        )
