"""System API polling: adaptive interval, rate limits, bad answers, health, push."""

from __future__ import annotations

from datetime import timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.micboard.const import DOMAIN
from custom_components.micboard.system_api.coordinator import SystemApiCoordinator
from simulator.systemapi import SystemApiSimulator

from ..helpers import state_of, wait_for
from .helpers import coordinator_of, system_api_entry

LIST = "/api/v1/devices"


def _interval(coordinator: SystemApiCoordinator) -> float:
    assert coordinator.update_interval is not None
    return coordinator.update_interval.total_seconds()


async def _poll_without_push(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Close push (every poll then fetches every feature) and poll once."""
    coordinator = coordinator_of(entry)
    await coordinator.push.close()
    await coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_interval_follows_battery_and_reachability(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """30 s normally, 10 s with a critical battery, 5 s doubling to 60 s while down."""
    coordinator = coordinator_of(system_api_setup)
    assert _interval(coordinator) == 30
    adtq = system_api_sim.device("ADTQ-1")
    adtq.battery_percent = 7  # no event: only a full poll can see it
    await _poll_without_push(hass, system_api_setup)
    assert state_of(hass, "sensor", f"{adtq.device_id}_battery") == "7"
    assert _interval(coordinator) == 10
    system_api_sim.faults.slow = 3.0  # longer than the (patched) 1 s timeout
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    assert _interval(coordinator) == 5
    system_api_sim.faults.clear()
    system_api_sim.faults.server_error = True
    waits = []
    for _ in range(6):
        await coordinator.async_refresh()
        waits.append(_interval(coordinator))
    assert waits == [5, 5, 10, 20, 40, 60]
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert _interval(coordinator) == 10
    adtq.battery_percent = 80
    await coordinator.async_refresh()
    assert _interval(coordinator) == 30


async def test_the_next_poll_comes_at_the_adapted_interval(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """With a critical battery the scheduler polls after 10 s, not 30 s."""
    system_api_sim.device("ADTQ-1").battery_percent = 5
    await _poll_without_push(hass, system_api_setup)
    lists = system_api_sim.stats.by_path[LIST]
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=5))
    await hass.async_block_till_done()
    assert system_api_sim.stats.by_path[LIST] == lists
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=11))
    await wait_for(hass, lambda: system_api_sim.stats.by_path[LIST] == lists + 1)


async def test_push_keeps_polls_to_one_request(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """With push up a poll is one (conditional) list request; without, every feature."""
    coordinator = coordinator_of(system_api_setup)
    before = system_api_sim.stats.requests
    not_modified = system_api_sim.stats.not_modified
    await coordinator.async_refresh()
    assert system_api_sim.stats.requests == before + 1
    assert system_api_sim.stats.not_modified == not_modified + 1  # ETag
    before = system_api_sim.stats.requests
    await _poll_without_push(hass, system_api_setup)
    assert system_api_sim.stats.requests - before > 20


async def test_reconnect_fetches_what_was_missed(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """After the websocket drops and comes back, every feature is fetched again."""
    coordinator = coordinator_of(system_api_setup)
    adtq = system_api_sim.device("ADTQ-1")
    connections = system_api_sim.stats.websocket_connections
    await system_api_sim.drop_websockets()
    adtq.battery_percent = 33  # changed while nobody listened
    await wait_for(
        hass,
        lambda: (
            system_api_sim.stats.websocket_connections > connections
            and coordinator.push.connected
        ),
    )
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{adtq.device_id}_battery") == "33"
    )


@pytest.mark.parametrize(
    "case",  # (status, Retry-After, expected interval)
    [(429, 120, 120), (503, 45, 45), (429, None, 60), (429, 5, 30)],
)
async def test_rate_limits_are_respected_and_keep_entities(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    case: tuple[int, float | None, float],
) -> None:
    """429/503: wait as asked (never under the normal interval), keep the data."""
    status, retry_after, interval = case
    coordinator = coordinator_of(system_api_setup)
    code = system_api_sim.device("ADTQ-1").device_id
    system_api_sim.faults.rate_limited(retry_after, status=status)
    for _ in range(2):
        await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert _interval(coordinator) == interval
    assert state_of(hass, "sensor", f"{code}_battery") != STATE_UNAVAILABLE
    slow_downs = [r for r in caplog.records if "slow down" in r.getMessage()]
    assert len(slow_downs) == 1
    assert slow_downs[0].levelno == logging.WARNING
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    assert _interval(coordinator) == 30


@pytest.mark.parametrize("fault", ["html_200", "malformed_json", "server_error"])
async def test_bad_answers_fail_cleanly_and_heal(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """HTML, truncated JSON, a 500: one clear line, no traceback, no entity lost,
    and the next good answer brings everything back."""
    coordinator = coordinator_of(system_api_setup)
    registry = er.async_get(hass)
    entities = len(
        er.async_entries_for_config_entry(registry, system_api_setup.entry_id)
    )
    code = system_api_sim.device("ADTQ-1").device_id
    setattr(system_api_sim.faults, fault, True)
    caplog.clear()
    for _ in range(3):
        await coordinator.async_refresh()
    await hass.async_block_till_done()
    failures = [
        r for r in caplog.records if "did not answer properly" in r.getMessage()
    ]
    assert len(failures) == 1
    assert failures[0].exc_info is None
    # (HA 2026 adds the traceback of every failed refresh at DEBUG level)
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG and r.exc_info]
    assert state_of(hass, "sensor", f"{code}_battery") == STATE_UNAVAILABLE
    assert (
        state_of(
            hass, "binary_sensor", f"system_api_{system_api_setup.entry_id}_online"
        )
        == STATE_OFF
    )
    assert (
        len(er.async_entries_for_config_entry(registry, system_api_setup.entry_id))
        == entities
    )
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, "sensor", f"{code}_battery") != STATE_UNAVAILABLE
    assert (
        state_of(
            hass, "binary_sensor", f"system_api_{system_api_setup.entry_id}_online"
        )
        == STATE_ON
    )
    assert len([r for r in caplog.records if "recovered" in r.getMessage()]) == 1


async def test_health_sensors(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Response time (ms), error count and last update on the server device."""
    server = f"system_api_{system_api_setup.entry_id}"
    assert float(state_of(hass, "sensor", f"{server}_response_time")) >= 0
    assert state_of(hass, "sensor", f"{server}_error_count") == "0"
    first = dt_util.parse_datetime(state_of(hass, "sensor", f"{server}_last_update"))
    assert first is not None
    system_api_sim.faults.server_error = True
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    assert int(state_of(hass, "sensor", f"{server}_error_count")) >= 1
    assert (
        dt_util.parse_datetime(state_of(hass, "sensor", f"{server}_last_update"))
        == first
    )
    system_api_sim.faults.clear()


async def test_unreachable_for_15_minutes_raises_a_repair(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The issue appears after 15 minutes of failures and goes when it answers."""
    coordinator = coordinator_of(system_api_setup)
    issue_id = f"server_unreachable_{system_api_setup.entry_id}"
    issues = ir.async_get(hass)
    system_api_sim.faults.server_error = True
    await coordinator.async_refresh()
    freezer.tick(timedelta(minutes=10))
    await coordinator.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None
    freezer.tick(timedelta(minutes=6))
    await coordinator.async_refresh()
    issue = issues.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["minutes"] == "16"
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    assert issues.async_get_issue(DOMAIN, issue_id) is None


async def test_a_busy_server_at_startup_is_retried(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """429 before anything is known: setup is retried, not failed."""
    system_api_sim.faults.rate_limited(30)
    entry = system_api_entry(system_api_sim)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    await hass.config_entries.async_unload(entry.entry_id)


async def test_a_key_refused_on_reconnect_starts_reauth(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Push notices a rotated key before the next poll does."""
    system_api_sim.api_key = "rotated"
    await system_api_sim.drop_websockets()
    await wait_for(
        hass,
        lambda: (
            [
                flow["context"]["source"]
                for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
            ]
            == ["reauth"]
        ),
    )
    await hass.config_entries.async_unload(system_api_setup.entry_id)
    await hass.async_block_till_done()


async def test_push_does_not_shorten_a_wait_the_server_asked_for(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A pushed critical battery during Retry-After keeps the longer wait."""
    coordinator = coordinator_of(system_api_setup)
    adtq = system_api_sim.device("ADTQ-1")
    system_api_sim.faults.rate_limited(120)
    await coordinator.async_refresh()
    adtq.set_battery(percentage=5)
    await wait_for(
        hass, lambda: state_of(hass, "sensor", f"{adtq.device_id}_battery") == "5"
    )
    assert _interval(coordinator) == 120
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    assert _interval(coordinator) == 10
