"""Config flow for micboard: a menu of the entry kinds; each kind brings its steps."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import callback

from .charger.flow import ChargerSteps
from .const import DOMAIN, EntryKind
from .kinds import entry_kind
from .mqtt_status.flow import MqttStatusSteps
from .receiver.flow import ReceiverSteps
from .system_api.flow import SystemApiSteps


class MicboardConfigFlow(
    ReceiverSteps, SystemApiSteps, MqttStatusSteps, ChargerSteps, domain=DOMAIN
):
    """Add a Shure receiver, a System API server, an MQTT status feed or a charger."""

    VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """The options flow of the entry's kind."""
        spec = entry_kind(config_entry)
        options_flow = spec.options_flow if spec is not None else None
        # Only offered where async_supports_options_flow is true.
        assert options_flow is not None
        return options_flow()

    @classmethod
    @callback
    def async_supports_options_flow(cls, config_entry: ConfigEntry) -> bool:
        """Only kinds with options show "Configure" (an MQTT status feed has none)."""
        spec = entry_kind(config_entry)
        return spec is not None and spec.options_flow is not None

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user pick which kind of source to add."""
        return self.async_show_menu(step_id="user", menu_options=list(EntryKind))

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change where an entry's source is: the step of the entry's kind."""
        spec = entry_kind(self._get_reconfigure_entry())
        if spec is None:
            return self.async_abort(reason="unknown_entry_kind")
        step = getattr(self, f"async_step_{spec.reconfigure_step}")
        result: ConfigFlowResult = await step(user_input)
        return result

    async def _async_add_charger_instead(
        self, host: str, port: int
    ) -> ConfigFlowResult | None:
        """A charger answered the receiver step: add it as a charger."""
        return await self.async_step_charger({CONF_HOST: host, CONF_PORT: port})
