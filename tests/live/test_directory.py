"""The live directory: normalizing, diffing, telemetry merge, and backend wiring."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import DOMAIN, LOGGER
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.live.publishing import async_publish_coordinator
from custom_components.micboard.live.serialization import (
    DEVICE_FIELDS,
    diff,
    merge_changes,
    normalize_device,
)
from custom_components.micboard.live.status import AlertType


class Recorder:
    """A directory listener that remembers everything it hears."""

    def __init__(self) -> None:
        """Start with nothing heard."""
        self.devices: list[tuple[set[str], set[str]]] = []
        self.changes: list[tuple[str, dict[str, Any]]] = []
        self.alerts: list[tuple[str, dict[str, Any]]] = []
        self.health: list[tuple[str, dict[str, Any]]] = []

    def on_devices_changed(self, added: set[str], removed: set[str]) -> None:
        """Remember added/removed keys."""
        self.devices.append((added, removed))

    def on_changes(
        self, changes: list[tuple[str, dict[str, Any]]], timestamp: str
    ) -> None:
        """Remember changes."""
        self.changes.extend(changes)

    def on_alert(self, key: str, alert: dict[str, Any]) -> None:
        """Remember alerts."""
        self.alerts.append((key, alert))

    def on_health(self, source: str, event: dict[str, Any]) -> None:
        """Remember health events."""
        self.health.append((source, event))


def test_normalize_fills_every_field_and_drops_unknown_ones() -> None:
    """A backend's partial dict becomes a full serialized device; extras are ignored."""
    device = normalize_device(
        "Rx 1",
        {"name": "A", "battery": {"bars": 3, "bogus": 1}, "bogus": 2, "key": "x"},
    )
    assert set(device) == set(DEVICE_FIELDS)
    assert device["device_code"] == "Rx 1"
    assert device["key"] == "rx 1"
    assert device["battery"] == {
        "level": None,
        "bars": 3,
        "runtime_min": None,
        "charging": None,
        "status": None,
    }
    assert device["rf"]["level_dbm"] is None


def test_diff_and_merge_are_one_level_deep() -> None:
    """Only changed fields (and changed sub-fields) are reported and merged."""
    old = normalize_device("A", {"name": "a", "battery": {"bars": 3, "level": 60}})
    new = normalize_device("A", {"name": "a", "battery": {"bars": 2, "level": 60}})
    assert diff(old, new) == {"battery": {"bars": 2}}
    assert diff(new, new) == {}
    pending: dict[str, Any] = {"battery": {"bars": 2}}
    merge_changes(pending, {"battery": {"level": 5}, "name": "b"})
    merge_changes(pending, {"rf": {"level_dbm": -50}})
    assert pending == {
        "battery": {"bars": 2, "level": 5},
        "name": "b",
        "rf": {"level_dbm": -50},
    }


async def test_publish_update_withdraw_and_telemetry_merge(hass: HomeAssistant) -> None:
    """Devices come and go per backend; telemetry survives and overrides status."""
    assert await async_setup_component(hass, DOMAIN, {})
    directory = live_directory(hass)
    heard = Recorder()
    directory.async_add_listener(heard)
    directory.publish("one", {"A-1": {"status": "good"}, "A-2": {"status": "good"}})
    assert heard.devices == [({"a-1", "a-2"}, set())]
    assert "A-1" in directory
    assert "a-1" in directory
    assert directory.code_of("a-1") == "A-1"
    directory.publish("one", {"A-1": {"status": "critical"}})
    assert heard.devices[-1] == (set(), {"a-2"})
    assert heard.changes[-1] == ("a-1", {"status": "critical"})
    directory.update("A-1", {"battery": {"bars": 1}})
    assert heard.changes[-1] == ("a-1", {"battery": {"bars": 1}})
    directory.update("nope", {"name": "x"})  # unknown: ignored
    changed = directory.set_telemetry("A-1", {"status": "warning", "humidity": 50.0})
    assert changed == {"status", "humidity"}
    assert heard.changes[-1] == ("a-1", {"status": "warning", "humidity": 50.0})
    assert [a["alert_type"] for _, a in heard.alerts] == ["status_warning"]
    assert directory.set_telemetry("A-1", {"humidity": 50.0}) == frozenset()
    directory.set_telemetry("A-1", {"status": "online"})
    assert directory.get("a-1")["status"] == "critical"  # type: ignore[index]
    restored = directory.set_telemetry(
        "A-1", {"humidity": 10.0, "temperature": 5.0}, restored=True
    )
    assert restored == {"temperature"}  # known values are not replaced
    directory.withdraw("one")
    assert len(directory) == 0
    assert heard.devices[-1] == (set(), {"a-1"})
    assert directory.telemetry("a-1")["temperature"] == 5.0  # kept for later
    directory.publish("one", {"A-1": {"status": "good"}})
    assert directory.get("a-1")["humidity"] == 50.0  # type: ignore[index]


async def test_each_alert_reaches_every_listener_of_its_code_and_the_hub_once(
    hass: HomeAssistant,
) -> None:
    """raise_alert: the code's listeners (any case) and the hub, each once; others not."""
    assert await async_setup_component(hass, DOMAIN, {})
    directory = live_directory(hass)
    heard = Recorder()
    directory.async_add_listener(heard)
    first: list[tuple[AlertType, dict[str, Any]]] = []
    second: list[tuple[AlertType, dict[str, Any]]] = []
    other: list[tuple[AlertType, dict[str, Any]]] = []
    directory.async_listen_alerts("A-1", lambda a, d: first.append((a, d)))
    stop_second = directory.async_listen_alerts(
        "a-1", lambda a, d: second.append((a, d))
    )
    directory.async_listen_alerts("A-2", lambda a, d: other.append((a, d)))
    directory.publish("one", {"A-1": {"name": "Lead"}, "A-2": {}})

    directory.raise_alert("a-1", AlertType.STATUS_ERROR, {"x": 1})

    assert first == [(AlertType.STATUS_ERROR, {"x": 1})]
    assert second == [(AlertType.STATUS_ERROR, {"x": 1})]
    assert other == []
    assert [(k, a["device_code"], a["name"]) for k, a in heard.alerts] == [
        ("a-1", "A-1", "Lead")
    ]

    stop_second()
    directory.raise_alert("A-1", AlertType.BATTERY_LOW, {})
    directory.raise_alert("GONE", AlertType.STATUS_ERROR, {})
    assert [a for a, _ in first] == [AlertType.STATUS_ERROR, AlertType.BATTERY_LOW]
    assert len(second) == 1
    assert other == []
    assert [(k, a["device_code"], a["name"]) for k, a in heard.alerts] == [
        ("a-1", "A-1", "Lead"),
        ("a-1", "A-1", "Lead"),
        ("gone", "GONE", None),
    ]


async def test_async_publish_coordinator_wires_a_backend_in_one_call(
    hass: HomeAssistant,
) -> None:
    """A plain coordinator with live_devices(): published on updates, health derived."""
    assert await async_setup_component(hass, DOMAIN, {})
    entry = MockConfigEntry(
        domain=DOMAIN, title="Server", data={"host": "10.0.0.5", "port": 10000}
    )
    entry.add_to_hass(hass)
    coordinator: DataUpdateCoordinator[dict[str, Any]] = DataUpdateCoordinator(
        hass, LOGGER, config_entry=entry, name="test", update_interval=None
    )
    coordinator.async_set_updated_data({"AD-1": {"name": "Lead", "status": "good"}})
    directory = live_directory(hass)
    heard = Recorder()
    directory.async_add_listener(heard)
    async_publish_coordinator(
        hass, coordinator, lambda: {c: dict(d) for c, d in coordinator.data.items()}
    )
    assert directory.get("ad-1")["name"] == "Lead"  # type: ignore[index]
    assert directory.sources() == {entry.entry_id: {"ad-1"}}
    kinds = {e["type"]: e for _, e in heard.health}
    assert kinds["connection_update"]["status"] == "connected"
    assert kinds["api_health"]["endpoint"] == "10.0.0.5:10000"
    coordinator.async_set_updated_data({"AD-1": {"name": "Lead 2", "status": "good"}})
    assert heard.changes[-1] == ("ad-1", {"name": "Lead 2"})
    count = len(heard.health)
    coordinator.async_set_updated_data({"AD-1": {"name": "Lead 2", "status": "good"}})
    assert len(heard.health) == count  # unchanged health is not sent again
    coordinator.async_set_update_error(UpdateFailed("gone"))
    assert heard.health[-2][1]["status"] == "disconnected"
    assert heard.health[-1][1]["status"] == "unreachable"
    assert len(directory.health(entry.entry_id)) == 2
    await entry._async_process_on_unload(hass)  # what unloading the entry runs
    assert len(directory) == 0
    assert directory.health(entry.entry_id) == []


@pytest.mark.parametrize("given", [None, "2026-01-01T00:00:00+00:00"])
async def test_health_keeps_given_last_update(
    hass: HomeAssistant, given: str | None
) -> None:
    """last_update is the backend's when it gives one, else the time of the change."""
    assert await async_setup_component(hass, DOMAIN, {})
    directory = live_directory(hass)
    event = {"type": "connection_update", "status": "connected", "last_update": given}
    directory.set_health("s", [event])
    stored = directory.health("s")[0]
    assert stored["last_update"]
    assert given is None or stored["last_update"] == given


def test_later_compares_times_not_strings() -> None:
    """Different ISO spellings of times compare as times; junk falls back."""
    from custom_components.micboard.live.serialization import iso_now, later

    now = iso_now()
    assert now.endswith("Z")
    assert later("2026-01-01T00:00:01Z", "2026-01-01T00:00:00.999+00:00")
    # As strings the first is later; as times it is half an hour earlier.
    assert not later("2026-01-01T01:00:00Z", "2026-01-01T00:30:00-01:00")
    assert later("anything", None)
    assert later("b", "a")  # unparsable: plain string order


async def test_updates_change_the_view_as_a_full_merge_would(
    hass: HomeAssistant,
) -> None:
    """Meter updates (the fast path) and telemetry-held fields (the full merge)
    give the same view and the same reported changes as rebuilding it."""
    directory = live_directory(hass)
    recorder = Recorder()
    directory.async_add_listener(recorder)
    directory.publish(
        "src",
        {"A-1": {"status": "good", "rf": {"level_dbm": -60, "antenna": "AB"}}},
    )
    directory.set_telemetry("A-1", {"status": "warning", "temperature": 21.0})
    recorder.changes.clear()
    directory.update("A-1", {"rf": {"level_dbm": -61, "antenna": "AB"}})
    directory.update("A-1", {"rf": {"level_dbm": -61}, "audio": {"level_dbfs": -20}})
    directory.update("A-1", {"status": "critical", "rf": {"level_dbm": -62}})
    assert recorder.changes == [
        ("a-1", {"rf": {"level_dbm": -61}}),
        ("a-1", {"audio": {"level_dbfs": -20}}),
        ("a-1", {"rf": {"level_dbm": -62}}),  # the status stays MQTT's warning
    ]
    view = directory.get("a-1")
    assert view is not None
    assert view == directory._merged(directory._devices["a-1"])
    assert (view["status"], view["temperature"]) == ("warning", 21.0)
    assert view["rf"]["level_dbm"] == -62
    assert view["audio"]["level_dbfs"] == -20
