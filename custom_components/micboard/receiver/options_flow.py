"""Options of a receiver entry: metering, battery threshold, control."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import (
    CONF_ALLOW_CONTROL,
    CONF_BATTERY_LOW_PERCENT,
    CONF_METER_INTERVAL,
    CONF_METER_STATE_INTERVAL,
    DEFAULT_ALLOW_CONTROL,
    DEFAULT_BATTERY_LOW_PERCENT,
    DEFAULT_METER_INTERVAL,
    DEFAULT_METER_STATE_INTERVAL,
    MAX_METER_INTERVAL,
    MIN_METER_INTERVAL,
)
from ..reload import OptionsFlowBase


def default_receiver_options() -> dict[str, Any]:
    """Options a new receiver entry starts with."""
    return {
        CONF_METER_INTERVAL: DEFAULT_METER_INTERVAL,
        CONF_BATTERY_LOW_PERCENT: DEFAULT_BATTERY_LOW_PERCENT,
        CONF_METER_STATE_INTERVAL: DEFAULT_METER_STATE_INTERVAL,
        CONF_ALLOW_CONTROL: DEFAULT_ALLOW_CONTROL,
    }


def _seconds(maximum: float, step: float) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=0,
            max=maximum,
            step=step,
            unit_of_measurement="s",
            mode=selector.NumberSelectorMode.BOX,
        )
    )


class ReceiverOptionsFlow(OptionsFlowBase):
    """Change how a receiver is metered and when its battery counts as low."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form with every option."""
        errors: dict[str, str] = {}
        current = {**default_receiver_options(), **self.config_entry.options}
        if user_input is not None:
            interval = float(user_input[CONF_METER_INTERVAL])
            if 0 < interval < MIN_METER_INTERVAL:
                errors[CONF_METER_INTERVAL] = "meter_interval_too_short"
            else:
                return self.async_create_entry(data={**current, **user_input})
            current.update(user_input)
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_METER_INTERVAL, default=current[CONF_METER_INTERVAL]
                ): _seconds(MAX_METER_INTERVAL, 0.1),
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
                    CONF_METER_STATE_INTERVAL,
                    default=current[CONF_METER_STATE_INTERVAL],
                ): _seconds(300, 1),
                vol.Required(
                    CONF_ALLOW_CONTROL, default=current[CONF_ALLOW_CONTROL]
                ): selector.BooleanSelector(),
            }
        )
        return self.async_show_form(step_id="init", data_schema=schema, errors=errors)
