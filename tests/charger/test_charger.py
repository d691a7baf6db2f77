"""A charger entry against the real simulator: pushes, alerts, faults, recovery."""

from __future__ import annotations

import logging
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.micboard.charger.entry import async_remove_charger_device
from custom_components.micboard.compat import find_device
from custom_components.micboard.const import DOMAIN
from simulator.chargers import ChargerSimulator
from simulator.receivers import ReceiverSimulator

from ..conftest import receiver_entry
from ..helpers import state_of, wait_for
from ..live.helpers import record_alert_entity
from .conftest import charger_entry

CODE = "CHG-1"


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info]


async def test_a_pack_docked_and_charging_reaches_the_entities(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    assert state_of(hass, "binary_sensor", f"{CODE}-3_battery_present") == STATE_OFF
    charger_sim.dock(3, percent=20, health=97, cycles=18, per_minute=2)
    await wait_for(
        hass,
        lambda: (
            state_of(hass, "binary_sensor", f"{CODE}-3_battery_present") == STATE_ON
        ),
    )
    assert state_of(hass, "sensor", f"{CODE}-3_battery") == "20"
    assert state_of(hass, "sensor", f"{CODE}-3_time_to_full") == "40"
    assert state_of(hass, "sensor", f"{CODE}-3_battery_health") == "97"
    assert state_of(hass, "sensor", f"{CODE}-3_charge_state") == "normal"
    assert state_of(hass, "binary_sensor", f"{CODE}-3_battery_charging") == STATE_ON
    assert state_of(hass, "binary_sensor", f"{CODE}-3_ready") == STATE_OFF
    charger_sim.set_charge(3, 100)
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{CODE}-3_ready") == STATE_ON
    )
    assert state_of(hass, "sensor", f"{CODE}-3_time_to_full") == "0"
    assert state_of(hass, "binary_sensor", f"{CODE}-3_battery_charging") == STATE_OFF
    charger_sim.undock(3)
    await wait_for(
        hass,
        lambda: (
            state_of(hass, "binary_sensor", f"{CODE}-3_battery_present") == STATE_OFF
        ),
    )
    assert state_of(hass, "sensor", f"{CODE}-3_battery") == "unknown"
    assert state_of(hass, "binary_sensor", f"{CODE}-3_ready") == STATE_OFF


@pytest.mark.parametrize("charger_static", [False])
async def test_the_countdown_moves_on_its_own(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    """A charging simulator pushes each minute less; no GET is needed."""
    charger_sim.bay(2).calculating_for = 0
    charger_sim.set_rate(2, 600)  # 10 % a second: the countdown moves quickly
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{CODE}-2_ready") == STATE_ON,
        timeout=15,
    )
    assert state_of(hass, "sensor", f"{CODE}-2_battery") == "100"


async def test_storage_mode(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    charger_sim.set_storage_mode(True)
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{CODE}_storage_mode") == STATE_ON,
    )
    # At rest the full pack is above storage level: discharging, not ready.
    assert state_of(hass, "sensor", f"{CODE}-1_charge_state") == "discharging"
    assert state_of(hass, "binary_sensor", f"{CODE}-1_ready") == STATE_OFF
    charger_sim.set_charge(1, 40)
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{CODE}-1_ready") == STATE_ON
    )
    assert state_of(hass, "sensor", f"{CODE}-1_charge_state") == "ready_to_store"


async def test_a_bay_fault_fires_its_alert_once(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    """bay_fault on the transition only; an existing fault at start fires nothing."""
    fired = record_alert_entity(hass, "event.chg_1_bay_2_alert")
    already = record_alert_entity(hass, "event.chg_1_bay_4_alert")
    charger_sim.fault_bay(2, error=4)
    await wait_for(hass, lambda: fired == ["bay_fault"])
    state = hass.states.get("event.chg_1_bay_2_alert")
    assert state is not None
    assert state.attributes["error"] == "charge_failed"
    assert state.attributes["error_code"] == 4
    assert state.attributes["bay"] == 2
    assert state.attributes["device_code"] == f"{CODE}-2"
    assert state_of(hass, "binary_sensor", f"{CODE}-2_fault") == STATE_ON
    assert state_of(hass, "sensor", f"{CODE}-2_bay_error") == "charge_failed"
    charger_sim.fault_bay(2, error=5)  # still faulted: no new alert
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{CODE}-2_bay_error") == "check_battery"
    )
    charger_sim.clear_fault(2)
    await wait_for(
        hass, lambda: state_of(hass, "binary_sensor", f"{CODE}-2_fault") == STATE_OFF
    )
    charger_sim.fault_bay(2)
    await wait_for(hass, lambda: fired == ["bay_fault", "bay_fault"])
    assert already == []


@pytest.mark.parametrize("charger_static", [True, False])
async def test_offline_and_back(
    hass: HomeAssistant,
    charger_sim: ChargerSimulator,
    charger_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Gone: online off, bays unavailable, charger_offline once. Back: as it is."""
    fired = record_alert_entity(hass, "event.chg_1_alert")
    with patch(
        "custom_components.micboard.shure.commandstrings.connection.random.uniform",
        lambda low, high: 0.05,
    ):
        await charger_sim.stop()
        await wait_for(
            hass, lambda: state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_OFF
        )
        assert state_of(hass, "sensor", f"{CODE}-1_battery") == STATE_UNAVAILABLE
        assert state_of(hass, "event", f"{CODE}_alert") != STATE_UNAVAILABLE
        await wait_for(hass, lambda: fired == ["charger_offline"])
        charger_sim.dock(3, percent=60)  # changed while away
        await charger_sim.start()
        await wait_for(
            hass,
            lambda: state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_ON,
            timeout=10,
        )
    assert state_of(hass, "sensor", f"{CODE}-1_battery") == "100"
    assert state_of(hass, "binary_sensor", f"{CODE}-3_battery_present") == STATE_ON
    assert fired == ["charger_offline"]
    assert "Charger 127.0.0.1 is back" in caplog.text
    assert not _no_tracebacks(caplog)


async def test_silent_charger_counts_as_gone(
    hass: HomeAssistant, charger_sim: ChargerSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The keep-alive goes unanswered: offline after the silence timeout."""
    with (
        patch(
            "custom_components.micboard.charger.entry.RECEIVER_KEEPALIVE_INTERVAL", 0.1
        ),
        patch("custom_components.micboard.charger.entry.RECEIVER_SILENCE_TIMEOUT", 0.6),
    ):
        entry = charger_entry(charger_sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    charger_sim.faults.silent = True
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_OFF,
        timeout=5,
    )
    assert "nothing received" in caplog.text
    charger_sim.faults.silent = False
    await wait_for(
        hass,
        lambda: state_of(hass, "binary_sensor", f"{CODE}_online") == STATE_ON,
        timeout=10,
    )
    assert not _no_tracebacks(caplog)
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("fault", ["silent", "answer_err", "refuse_connections"])
async def test_charger_that_never_identifies_is_retried_with_a_reason(
    hass: HomeAssistant,
    charger_sim: ChargerSimulator,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    setattr(charger_sim.faults, fault, True)
    with patch("custom_components.micboard.charger.coordinator.IDENTITY_TIMEOUT", 0.5):
        entry = charger_entry(charger_sim)
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert "did not identify itself" in entry.reason
    assert not _no_tracebacks(caplog)
    await hass.config_entries.async_unload(entry.entry_id)
    await wait_for(hass, lambda: charger_sim.connection_count == 0)


async def test_garbage_and_split_frames_keep_entities_in_sync(
    hass: HomeAssistant,
    charger_sim: ChargerSimulator,
    charger_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    charger_sim.faults.inject_garbage = True
    charger_sim.faults.split_frames = True
    charger_sim.dock(3, percent=45)
    await wait_for(hass, lambda: state_of(hass, "sensor", f"{CODE}-3_battery") == "45")
    counters = charger_setup.runtime_data.coordinator.client.counters
    assert counters.garbage_frames > 0
    assert counters.disconnects == 0
    assert not _no_tracebacks(caplog)


async def test_another_model_at_the_address_is_refused(
    hass: HomeAssistant,
    charger_sim: ChargerSimulator,
    charger_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = charger_sim.port
    await charger_sim.stop()
    with patch(
        "custom_components.micboard.shure.commandstrings.connection.random.uniform",
        lambda low, high: 0.05,
    ):
        async with ChargerSimulator("SBC240", port=port, device_id=CODE, static=True):
            await wait_for(
                hass, lambda: "now reports model SBC240" in caplog.text, timeout=10
            )
            await hass.async_block_till_done()
            assert state_of(hass, "sensor", f"{CODE}-1_battery") == STATE_UNAVAILABLE
        await charger_sim.start()
        await wait_for(
            hass,
            lambda: state_of(hass, "sensor", f"{CODE}-1_battery") == "100",
            timeout=10,
        )
    assert "reports model SBC220 again" in caplog.text
    assert not _no_tracebacks(caplog)


async def test_devices_and_their_removal(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    registry = dr.async_get(hass)
    entry_id = charger_setup.entry_id
    charger = find_device(registry, (DOMAIN, CODE), entry_id)
    bay = find_device(registry, (DOMAIN, f"{CODE}-2"), entry_id)
    assert charger is not None
    assert bay is not None
    assert (charger.name, charger.model, charger.manufacturer, charger.sw_version) == (
        CODE,
        "SBC220",
        "Shure",
        "1.4.53",
    )
    assert (bay.name, bay.model, bay.via_device_id) == (
        f"{CODE} bay 2",
        "SBC220 bay",
        charger.id,
    )
    assert len(dr.async_entries_for_config_entry(registry, charger_setup.entry_id)) == 5
    stale = registry.async_get_or_create(
        config_entry_id=charger_setup.entry_id, identifiers={(DOMAIN, f"{CODE}-7")}
    )
    assert await async_remove_charger_device(hass, charger_setup, stale) is True
    assert await async_remove_charger_device(hass, charger_setup, bay) is False
    assert await async_remove_charger_device(hass, charger_setup, charger) is False


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    charger_sim: ChargerSimulator,
    charger_setup: MockConfigEntry,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, charger_setup
    )
    charger = diagnostics["charger"]
    assert (charger["model"], charger["device_id"], charger["firmware"]) == (
        "SBC220",
        CODE,
        "1.4.53",
    )
    assert charger["known_model"]["bays_per_unit"] == 2
    assert charger["raw"]["STORAGE_MODE"] == "OFF"
    assert diagnostics["connection"]["counters"]["connects"] == 1
    bays = diagnostics["bays"]
    bay4 = bays["4"] if "4" in bays else bays[4]
    assert bay4["faulted"] is True
    assert bay4["raw"]["BATT_ERROR"] == "007"


async def test_unload_closes_the_connection(
    hass: HomeAssistant, charger_sim: ChargerSimulator, charger_setup: MockConfigEntry
) -> None:
    assert charger_sim.connection_count == 1
    assert await hass.config_entries.async_unload(charger_setup.entry_id)
    await wait_for(hass, lambda: charger_sim.connection_count == 0)
    assert charger_setup.state is ConfigEntryState.NOT_LOADED


async def test_a_receiver_with_the_same_device_id_keeps_its_code(
    hass: HomeAssistant, charger_sim: ChargerSimulator
) -> None:
    """Chargers share the code space with receivers: the later one is host-qualified."""
    async with ReceiverSimulator("ULXD4D", port=0, device_id=CODE, seed=1) as receiver:
        first = receiver_entry(receiver)
        first.add_to_hass(hass)
        assert await hass.config_entries.async_setup(first.entry_id)
        entry = charger_entry(charger_sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.runtime_data.coordinator.charger_code == "CHG-1_127-0-0-1"
        assert state_of(hass, "sensor", "CHG-1_127-0-0-1-1_battery") == "100"
        issue = ir.async_get(hass).async_get_issue(
            DOMAIN, f"device_code_clash_{entry.entry_id}"
        )
        assert issue is not None
        assert issue.translation_placeholders == {
            "device_id": CODE,
            "host": "127.0.0.1",
            "code": "CHG-1_127-0-0-1",
        }
        assert await hass.config_entries.async_unload(entry.entry_id)
        assert await hass.config_entries.async_unload(first.entry_id)
