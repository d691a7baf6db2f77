"""Tests for the config flow's entry-kind menu."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from custom_components.micboard.const import DOMAIN


async def test_user_step_is_a_menu_of_three_kinds(hass: HomeAssistant) -> None:
    """The first thing a user sees is the choice of entry kind."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert result["menu_options"] == ["receiver", "system_api", "mqtt_status"]
