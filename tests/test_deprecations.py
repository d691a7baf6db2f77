"""No Home Assistant deprecation report about micboard, and the guard that fails on one.

The autouse fixture `assert_no_micboard_reports` (conftest.py) fails every
test during which Home Assistant's frame helper reports micboard or a
deprecation naming micboard is logged; these tests show it catches a real
report on both legs, and cover the device-registry calls that 2026.x reports.
"""

from __future__ import annotations

import logging
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.frame import report_usage
from homeassistant.loader import async_get_integration
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.compat import (
    PER_ENTRY_DEVICES,
    device_entry_ids,
    domain_devices,
    find_foreign_device,
)
from custom_components.micboard.const import DOMAIN

from .deprecation_guard import MicboardReportCollector, is_micboard_report

REPO = Path(__file__).resolve().parents[1]

# The two reports of issue #11, as Home Assistant 2026.10 logged them.
DEVICES_AS_MAPPING = (
    "2026-05-02 10:00:01.000 WARNING (MainThread) [homeassistant.helpers.frame] "
    "Detected that custom integration 'micboard' uses `device_registry.devices` as "
    "a mapping or calls its lookup methods, which is deprecated; iterate it to get "
    "the device entries at custom_components/micboard/live/groups.py, line 270: for "
    "device in dr.async_get(hass).devices.values():. This will stop working in "
    "Home Assistant 2027.9.0, please create a bug report"
)
CONFIG_ENTRIES_PROPERTY = (
    "WARNING (MainThread) [homeassistant.helpers.frame] Detected that custom "
    "integration 'micboard' accesses `DeviceEntry.config_entries`, which is "
    "deprecated because a device belongs to a single config entry; use "
    "`DeviceEntry.config_entry_id` instead at custom_components/micboard/compat.py, "
    "line 58. This will stop working in Home Assistant 2027.10.0"
)
DEPRECATED_CONSTANT = (
    "WARNING (MainThread) [custom_components.micboard] SOME_CONSTANT was used from "
    "micboard, this is a deprecated constant which will be removed in HA Core "
    "2027.1. Use OTHER instead, please report it to the author of the 'micboard' "
    "custom integration"
)


@pytest.mark.parametrize(
    "line", [DEVICES_AS_MAPPING, CONFIG_ENTRIES_PROPERTY, DEPRECATED_CONSTANT]
)
def test_reports_about_micboard_are_recognised(line: str) -> None:
    """Frame-helper reports and deprecation warnings naming micboard match."""
    assert is_micboard_report(line)


@pytest.mark.parametrize(
    "line",
    [
        "INFO [custom_components.micboard] Receiver STAGE-1 (ULXD4Q) is back",
        "WARNING [homeassistant.helpers.frame] Detected that custom integration "
        "'other' uses a deprecated call",
        "WARNING [homeassistant.loader] We found a custom integration micboard which "
        "has not been tested by Home Assistant",
    ],
)
def test_other_lines_are_not_reports(line: str) -> None:
    """Micboard's own logs and reports about other integrations do not match."""
    assert not is_micboard_report(line)


def test_asyncio_slow_task_warnings_are_not_reports() -> None:
    """A slow test's coroutine repr names micboard and deprecations: not a report."""
    collector = MicboardReportCollector()
    slow = logging.LogRecord(
        "asyncio",
        logging.WARNING,
        __file__,
        1,
        "Executing <Task coro=<test_deprecations.test_micboard_report()> "
        "running at tests/test_deprecations.py:90> took 0.120 seconds",
        None,
        None,
    )
    collector.emit(slow)
    assert collector.reports == []
    frame = logging.LogRecord(
        "homeassistant.helpers.frame",
        logging.WARNING,
        __file__,
        1,
        "Detected that custom integration 'micboard' uses an old API",
        None,
        None,
    )
    collector.emit(frame)
    assert len(collector.reports) == 1


async def test_a_frame_helper_report_from_micboard_code_fails_the_test(
    hass: HomeAssistant, assert_no_micboard_reports: MicboardReportCollector
) -> None:
    """A real report by HA's frame helper, from a micboard frame, reaches the guard.

    The code runs with a file name inside custom_components/micboard, so the
    frame helper attributes it to micboard exactly as it does a real call.
    """
    await async_get_integration(hass, DOMAIN)
    probe = REPO / "custom_components" / DOMAIN / "deprecated_call_probe.py"
    code = compile(
        "report_usage('calls a test-only deprecated API', "
        "breaks_in_ha_version='2099.1.0')",
        str(probe),
        "exec",
    )
    exec(code, {"report_usage": report_usage})  # noqa: S102

    reports = assert_no_micboard_reports.reports
    assert len(reports) == 1
    assert "Detected that custom integration 'micboard'" in reports[0]
    assert "calls a test-only deprecated API" in reports[0]
    with pytest.raises(pytest.fail.Exception, match="reported micboard"):
        assert_no_micboard_reports.check()
    reports.clear()  # this test's report was deliberate


async def test_device_entry_ids_and_domain_devices(hass: HomeAssistant) -> None:
    """The entry of a device, and every device of micboard's entries (no others)."""
    receiver = MockConfigEntry(domain=DOMAIN)
    other_micboard = MockConfigEntry(domain=DOMAIN)
    foreign = MockConfigEntry(domain="light")
    for entry in (receiver, other_micboard, foreign):
        entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    first = registry.async_get_or_create(
        config_entry_id=receiver.entry_id, identifiers={(DOMAIN, "RX-1")}
    )
    second = registry.async_get_or_create(
        config_entry_id=other_micboard.entry_id, identifiers={(DOMAIN, "RX-2")}
    )
    registry.async_get_or_create(
        config_entry_id=foreign.entry_id, identifiers={("light", "LAMP")}
    )

    assert device_entry_ids(first) == {receiver.entry_id}
    assert {device.id for device in domain_devices(hass, DOMAIN)} == {
        first.id,
        second.id,
    }


@pytest.mark.skipif(
    not PER_ENTRY_DEVICES,
    reason="Home Assistant 2025.x: identifiers are global, no foreign-device look-up",
)
async def test_find_foreign_device_looks_past_the_own_entry(
    hass: HomeAssistant,
) -> None:
    """Another entry's device is found; the own entry's is not foreign."""
    receiver = MockConfigEntry(domain=DOMAIN)
    mqtt_feed = MockConfigEntry(domain=DOMAIN)
    receiver.add_to_hass(hass)
    mqtt_feed.add_to_hass(hass)
    registry = dr.async_get(hass)
    device = registry.async_get_or_create(
        config_entry_id=receiver.entry_id, identifiers={(DOMAIN, "RX-1")}
    )

    found = find_foreign_device(registry, (DOMAIN, "RX-1"), mqtt_feed.entry_id)
    assert found is not None
    assert found.id == device.id
    assert find_foreign_device(registry, (DOMAIN, "RX-1"), receiver.entry_id) is None
