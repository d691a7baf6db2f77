"""Reconfiguring an MQTT status feed's topic prefix."""

from __future__ import annotations

from unittest.mock import AsyncMock, patch

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from custom_components.micboard.mqtt_status.data import CONF_TOPIC_PREFIX


def _feed(hass: HomeAssistant, prefix: str) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"MQTT status ({prefix})",
        data={CONF_ENTRY_KIND: EntryKind.MQTT_STATUS, CONF_TOPIC_PREFIX: prefix},
        unique_id=prefix,
    )
    entry.add_to_hass(hass)
    return entry


async def test_prefix_can_be_changed_and_is_validated(hass: HomeAssistant) -> None:
    """A bad prefix is refused; a good one updates the entry and its unique id."""
    entry = _feed(hass, "micboard")
    _feed(hass, "taken")
    with patch(
        "custom_components.micboard.async_setup_entry", AsyncMock(return_value=True)
    ):
        result = await entry.start_reconfigure_flow(hass)
        assert result["step_id"] == "mqtt_status_reconfigure"
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_TOPIC_PREFIX: "venue/#"}
        )
        assert result["errors"] == {CONF_TOPIC_PREFIX: "invalid_prefix"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_TOPIC_PREFIX: "taken"}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "already_configured"
        result = await entry.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_TOPIC_PREFIX: "/venue/stage/"}
        )
        await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_TOPIC_PREFIX] == "venue/stage"
    assert entry.unique_id == "venue/stage"
    assert entry.title == "MQTT status (venue/stage)"
