"""System API repairs: a changed certificate (fixable), firmware too old."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.components.repairs import ConfirmRepairFlow
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard import async_remove_config_entry_device
from custom_components.micboard.compat import find_device
from custom_components.micboard.const import CONF_FINGERPRINT, DOMAIN
from custom_components.micboard.repairs import async_create_fix_flow
from simulator.systemapi import SystemApiSimulator

from ..helpers import wait_for
from .helpers import (
    coordinator_of,
    system_api_entry,
    unload,
)

WRONG = ":".join(["AB"] * 32)


async def _fix(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, issue_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Open the fix flow (as the Repairs dashboard does) and submit it."""
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    assert response.status == HTTPStatus.OK
    shown = await response.json()
    if shown["type"] != "form":
        return shown, shown
    response = await client.post(f"/api/repairs/issues/fix/{shown['flow_id']}")
    assert response.status == HTTPStatus.OK
    return shown, await response.json()


async def test_rotated_certificate_stops_the_entry_until_accepted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Push notices the new certificate: the entry stops, a fixable issue shows
    the new fingerprint, accepting it stores it and the entry works again."""
    entry = system_api_setup
    old = system_api_sim.fingerprint
    new = await system_api_sim.rotate_certificate()
    await wait_for(hass, lambda: entry.state is ConfigEntryState.SETUP_ERROR)
    issue_id = f"certificate_changed_{entry.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["fingerprint"] == new
    assert issue.translation_placeholders["expected"] == old
    assert entry.data[CONF_FINGERPRINT] == old  # nothing trusted by itself
    shown, done = await _fix(hass, hass_client, issue_id)
    assert shown["step_id"] == "confirm"
    assert shown["description_placeholders"]["fingerprint"] == new
    assert done["type"] == "create_entry"
    await hass.async_block_till_done()
    assert entry.data[CONF_FINGERPRINT] == new
    assert entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert coordinator_of(entry).data
    await wait_for(hass, lambda: coordinator_of(entry).push.connected)


async def test_a_certificate_changed_at_startup_is_a_setup_error_with_a_repair(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    system_api_sim: SystemApiSimulator,
) -> None:
    """The first poll refuses the certificate: no retry loop, a fixable issue."""
    entry = system_api_entry(system_api_sim, fingerprint=WRONG)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "certificate" in entry.reason
    issue_id = f"certificate_changed_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    server = find_device(
        dr.async_get(hass), (DOMAIN, f"system_api_{entry.entry_id}"), entry.entry_id
    )
    assert server is not None  # a stopped entry cannot tell what is stale
    assert await async_remove_config_entry_device(hass, entry, server)
    _, done = await _fix(hass, hass_client, issue_id)
    assert done["type"] == "create_entry"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_FINGERPRINT] == system_api_sim.fingerprint
    await wait_for(hass, lambda: coordinator_of(entry).push.connected)
    await unload(hass, entry)


async def test_the_fix_of_a_removed_entry_clears_its_issue(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    system_api_sim: SystemApiSimulator,
) -> None:
    """An issue left by a deleted entry ends cleanly and disappears."""
    entry = system_api_entry(system_api_sim, fingerprint=WRONG)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    issue_id = f"certificate_changed_{entry.entry_id}"
    await hass.config_entries.async_remove(entry.entry_id)
    shown, _ = await _fix(hass, hass_client, issue_id)
    assert shown["type"] == "abort"
    assert shown["reason"] == "entry_removed"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_other_fixable_issues_get_a_plain_confirmation(
    hass: HomeAssistant,
) -> None:
    """Only certificate issues carry their own flow."""
    flow = await async_create_fix_flow(hass, "something_else", None)
    assert isinstance(flow, ConfirmRepairFlow)


@pytest.mark.usefixtures("system_api_setup")
async def test_firmware_too_old_is_an_issue_until_updated(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """INCOMPATIBLE_TOO_OLD raises a per-device issue; it clears after an update
    and when the device is gone."""
    coordinator = coordinator_of(system_api_setup)
    old = system_api_sim.device("SLXD4-6")
    issue_id = f"incompatible_firmware_{system_api_setup.entry_id}_{old.device_id}"
    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["firmware"] == old.firmware
    old.compatibility = "COMPATIBLE_LATEST"
    old.firmware = "2.0.0.0"
    await coordinator.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    old.compatibility = "INCOMPATIBLE_TOO_OLD"
    await coordinator.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    system_api_sim.remove_device("SLXD4-6")
    await coordinator.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None
