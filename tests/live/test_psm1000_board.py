"""A P10T on the live board: IEM channels marked, their fields, RF mute live."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.serialization import DEVICE_FIELDS, NESTED_FIELDS
from simulator.receivers import ReceiverSimulator

from .helpers import command, next_event, subscribe, update_for


@pytest.mark.usefixtures("p10t_setup", "receiver_setup")
async def test_iem_channels_are_marked_and_carry_their_fields(
    hass: HomeAssistant,
    p10t_sim: ReceiverSimulator,
    receiver_sim: ReceiverSimulator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    result = await command(client, type="micboard/devices")
    devices = {d["device_code"]: d for d in result["result"]}
    iem = devices["MON-IEM-1"]
    assert set(iem) == {*DEVICE_FIELDS, "groups"}
    assert set(iem["iem"]) == set(NESTED_FIELDS["iem"])
    assert iem["device_type"] == "channel"
    assert iem["channel_kind"] == "iem"
    assert iem["name"] == "IEM1 Vox"
    assert iem["product_type"] == "P10T"
    assert iem["status"] == "good"
    assert iem["is_active"] is True
    assert iem["frequency_mhz"] == p10t_sim.channel(1).frequency_khz / 1000
    assert iem["iem"]["rf_power_mw"] == 50
    assert iem["iem"]["rf_muted"] is False
    assert iem["iem"]["audio_mode"] == "stereo"
    assert set(iem["battery"].values()) == {None}
    assert set(iem["rf"].values()) == {None}
    assert devices["MON-IEM"]["device_type"] == "receiver"
    assert devices["MON-IEM"]["channel_kind"] is None
    mic = devices[f"{receiver_sim.device_id}-1"]
    assert mic["channel_kind"] == "mic"
    assert set(mic["iem"].values()) == {None}


async def test_rf_mute_and_input_meters_reach_subscribers(
    hass: HomeAssistant,
    p10t_sim: ReceiverSimulator,
    p10t_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)
    await subscribe(client)
    event = await next_event(
        client,
        "batch_update",
        lambda e: "iem" in (update_for(e, "MON-IEM-2") or {}),
    )
    meters = update_for(event, "MON-IEM-2")["iem"]  # type: ignore[index]
    assert set(meters) <= {"input_left_dbfs", "input_right_dbfs"}
    assert all(-120 <= value <= 0 for value in meters.values())
    p10t_sim.iem(2).set_rf_mute(True)
    alert = await next_event(client, "system_alert")
    assert alert["alert_type"] == "rf_muted"
    assert alert["device_code"] == "MON-IEM-2"
    assert alert["details"]["channel"] == 2
    event = await next_event(
        client,
        "batch_update",
        lambda e: "status" in (update_for(e, "MON-IEM-2") or {}),
    )
    changes = update_for(event, "MON-IEM-2")
    assert changes is not None
    assert changes["status"] == "rf_muted"
    assert changes["is_active"] is False
    assert changes["iem"]["rf_muted"] is True
