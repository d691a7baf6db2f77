"""Options of a System API entry: poll interval, battery threshold, board tiles."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import (
    CONF_BATTERY_LOW_PERCENT,
    CONF_BOARD_ALL_CHANNELS,
    DEFAULT_BATTERY_LOW_PERCENT,
    DEFAULT_SYSTEM_API_SCAN_INTERVAL,
    MAX_SYSTEM_API_SCAN_INTERVAL,
    MIN_SYSTEM_API_SCAN_INTERVAL,
)
from ..reload import OptionsFlowBase


def default_system_api_options() -> dict[str, Any]:
    """Options a new System API entry starts with."""
    return {
        CONF_SCAN_INTERVAL: DEFAULT_SYSTEM_API_SCAN_INTERVAL,
        CONF_BATTERY_LOW_PERCENT: DEFAULT_BATTERY_LOW_PERCENT,
        CONF_BOARD_ALL_CHANNELS: False,
    }


class SystemApiOptionsFlow(OptionsFlowBase):
    """Change how often the server is polled and when a battery counts as low."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Go to the System API form (its step id is its own, not the receiver's)."""
        return await self.async_step_system_api_options()

    async def async_step_system_api_options(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form with every option."""
        current = {**default_system_api_options(), **self.config_entry.options}
        if user_input is not None:
            return self.async_create_entry(
                data={
                    **current,
                    CONF_SCAN_INTERVAL: int(user_input[CONF_SCAN_INTERVAL]),
                    CONF_BATTERY_LOW_PERCENT: int(user_input[CONF_BATTERY_LOW_PERCENT]),
                    CONF_BOARD_ALL_CHANNELS: bool(
                        user_input.get(CONF_BOARD_ALL_CHANNELS, False)
                    ),
                }
            )
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_SCAN_INTERVAL, default=current[CONF_SCAN_INTERVAL]
                ): selector.NumberSelector(
                    selector.NumberSelectorConfig(
                        min=MIN_SYSTEM_API_SCAN_INTERVAL,
                        max=MAX_SYSTEM_API_SCAN_INTERVAL,
                        step=1,
                        unit_of_measurement="s",
                        mode=selector.NumberSelectorMode.BOX,
                    )
                ),
                vol.Required(
                    CONF_BATTERY_LOW_PERCENT, default=current[CONF_BATTERY_LOW_PERCENT]
                ): selector.NumberSelector(
                    selector.NumberSelectorConfig(
                        min=5,
                        max=60,
                        step=1,
                        unit_of_measurement="%",
                        mode=selector.NumberSelectorMode.SLIDER,
                    )
                ),
                vol.Required(
                    CONF_BOARD_ALL_CHANNELS, default=current[CONF_BOARD_ALL_CHANNELS]
                ): selector.BooleanSelector(),
            }
        )
        return self.async_show_form(step_id="system_api_options", data_schema=schema)
