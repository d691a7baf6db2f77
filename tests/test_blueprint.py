"""The low-battery blueprint, loaded into Home Assistant and run for real."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from simulator.receivers import ReceiverSimulator

from .helpers import entity_id, wait_for

BLUEPRINT = (
    Path(__file__).resolve().parent.parent
    / "blueprints"
    / "automation"
    / "micboard"
    / "low_battery.yaml"
)


@pytest.fixture
def blueprint_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config dir holding the blueprint where HA looks for it."""
    target = tmp_path / "blueprints" / "automation" / "micboard"
    target.mkdir(parents=True)
    shutil.copy(BLUEPRINT, target / "low_battery.yaml")
    hass.config.config_dir = str(tmp_path)
    return tmp_path


async def _automation(hass: HomeAssistant, **inputs: Any) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "alias": "Mic batteries",
                "use_blueprint": {
                    "path": "micboard/low_battery.yaml",
                    "input": {"notify_action": "notify.stage", **inputs},
                },
            }
        },
    )
    await hass.async_block_till_done()
    state = hass.states.get("automation.mic_batteries")
    assert state is not None
    assert state.state == "on"


async def test_blueprint_is_valid(hass: HomeAssistant, blueprint_dir: Path) -> None:
    """HA's blueprint loader accepts it, with the documented inputs."""
    blueprint = await async_get_blueprints(hass).async_get_blueprint(
        "micboard/low_battery.yaml"
    )
    assert blueprint.domain == "automation"
    assert set(blueprint.inputs) == {"mics", "alert_types", "notify_action", "title"}


async def test_any_mic_low_battery_notifies(
    hass: HomeAssistant,
    blueprint_dir: Path,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """With no mics selected, every Micboard mic is watched."""
    calls = async_mock_service(hass, "notify", "stage")
    await _automation(hass)
    receiver_sim.channel(2).set_battery(bars=2)
    await wait_for(hass, lambda: len(calls) >= 1)
    assert calls[0].data["title"] == "Mic battery"
    name = receiver_sim.channel(2).name
    assert calls[0].data["message"].startswith(f"{name}: battery low")
    receiver_sim.channel(2).set_battery(bars=1)
    await wait_for(hass, lambda: len(calls) >= 2)
    assert "battery critical" in calls[1].data["message"]
    receiver_sim.channel(3).transmitter_off()  # not a battery alert
    receiver_sim.channel(2).set_battery(bars=5)  # recovery: no alert
    for _ in range(20):
        await hass.async_block_till_done()
    assert len(calls) == 2


async def test_selected_mics_only(
    hass: HomeAssistant,
    blueprint_dir: Path,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
) -> None:
    """With mics selected, other mics' alerts are ignored; types can be narrowed."""
    calls = async_mock_service(hass, "notify", "stage")
    code = receiver_sim.device_id
    await _automation(
        hass,
        mics=[entity_id(hass, "event", f"{code}-1_alert")],
        alert_types=["battery_critical"],
    )
    receiver_sim.channel(2).set_battery(bars=1)  # not selected
    receiver_sim.channel(1).set_battery(bars=2)  # low only: not wanted
    for _ in range(20):
        await hass.async_block_till_done()
    assert calls == []
    receiver_sim.channel(1).set_battery(bars=1)
    await wait_for(hass, lambda: len(calls) >= 1)
    name = receiver_sim.channel(1).name
    assert calls[0].data["message"].startswith(f"{name}: battery critical")
