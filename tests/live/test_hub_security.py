"""Per-user visibility: a non-admin never sees, nor changes, a device outside its groups."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import (
    MockHAClientWebSocket,
    WebSocketGenerator,
)

from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.mqtt_status.data import mqtt_data
from simulator.receivers import ReceiverSimulator

from ..broker import publish, publish_until
from ..helpers import wait_for
from .helpers import command, drain, next_event, subscribe, update_for


async def _clients(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, token: str
) -> tuple[MockHAClientWebSocket, MockHAClientWebSocket]:
    return await hass_ws_client(hass), await hass_ws_client(hass, token)


def _codes_in(messages: list[dict]) -> set[str]:
    """Every device code mentioned anywhere in a list of websocket messages."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "device_code" and isinstance(item, str):
                    found.add(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(messages)
    return found


async def test_non_admin_without_groups_sees_nothing(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    """No group lists the user: empty devices, board, updates, alerts, health."""
    admin, user = await _clients(hass, hass_ws_client, hass_read_only_access_token)
    result = await command(user, type="micboard/devices")
    assert result["success"]
    assert result["result"] == []
    _, devices = await subscribe(user)
    assert devices == []
    await subscribe(admin)
    receiver_sim.channel(1).set_battery(bars=1)
    await next_event(admin, "system_alert")
    messages = await drain(user, 0.5)
    assert _codes_in(messages) == set()
    assert {m["event"]["type"] for m in messages if m["type"] == "event"} == set()
    groups = await command(user, type="micboard/groups/list")
    assert groups["result"] == {"groups": []}


async def test_non_admin_sees_only_its_groups_devices_everywhere(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    hass_read_only_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """devices, initial_data, batch_update and alerts carry only visible devices."""
    admin, user = await _clients(hass, hass_ws_client, hass_read_only_access_token)
    code = receiver_sim.device_id
    visible = {f"{code}-1", f"{code}-2"}
    await subscribe(user)
    saved = await command(
        admin,
        type="micboard/groups/save",
        group={
            "title": "Stage left",
            "device_codes": [f"{code}-1", "", f"{code}-2"],
            "user_ids": [hass_read_only_user.id, hass_admin_user.id],
        },
    )
    assert saved["success"], saved
    group = saved["result"]["group"]
    board = await next_event(user, "initial_data")
    assert {d["device_code"] for d in board["devices"]} == visible
    assert board["devices"][0]["groups"] == [{"id": group["id"], "name": "Stage left"}]
    listed = await command(user, type="micboard/devices")
    assert {d["device_code"] for d in listed["result"]} == visible
    await drain(user, 0.3)
    receiver_sim.channel(3).set_battery(bars=1)  # hidden from the user
    receiver_sim.channel(4).transmitter_off()  # hidden from the user
    receiver_sim.channel(1).set_battery(bars=1)  # visible
    alert = await next_event(user, "system_alert")
    assert alert["device_code"] == f"{code}-1"
    messages = await drain(user, 0.8)
    assert _codes_in(messages) <= visible
    listed_groups = await command(user, type="micboard/groups/list")
    assert listed_groups["result"]["groups"] == [
        {**group, "user_ids": [hass_read_only_user.id]}
    ]
    batch = await _next_batch_with(admin, f"{code}-3")
    assert update_for(batch, f"{code}-3") is not None  # the admin does see it


async def _next_batch_with(client: MockHAClientWebSocket, code: str) -> dict:
    """Subscribe and wait for a batch_update that mentions a device."""
    await subscribe(client)
    return await next_event(
        client, "batch_update", lambda e: update_for(e, code) is not None
    )


async def test_non_admin_cannot_edit_groups_or_subscribe_to_foreign_groups(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
) -> None:
    """save/delete are admin only; a group not listing the user is not_found."""
    admin, user = await _clients(hass, hass_ws_client, hass_read_only_access_token)
    code = receiver_sim.device_id
    saved = await command(
        admin,
        type="micboard/groups/save",
        group={"title": "Band", "device_codes": [f"{code}-1"], "user_ids": []},
    )
    group_id = saved["result"]["group"]["id"]
    for message in (
        {
            "type": "micboard/groups/save",
            "group": {"title": "Mine", "device_codes": [f"{code}-1"], "user_ids": []},
        },
        {"type": "micboard/groups/delete", "group_id": group_id},
    ):
        result = await command(user, **message)
        assert not result["success"]
        assert result["error"]["code"] == "unauthorized"
    result = await command(user, type="micboard/subscribe", group_id=group_id)
    assert result["error"]["code"] == "not_found"
    result = await command(user, type="micboard/subscribe", group_id="no-such")
    assert result["error"]["code"] == "not_found"
    listed = await command(admin, type="micboard/groups/list")
    assert [g["title"] for g in listed["result"]["groups"]] == ["Band"]


async def test_publisher_may_only_change_devices_its_user_can_see(
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    hass_read_only_user: MockUser,
) -> None:
    """user_identifier `readonly` changes its group's mic, not another one."""
    admin = await hass_ws_client(hass)
    code = receiver_sim.device_id
    await command(
        admin,
        type="micboard/groups/save",
        group={
            "title": "Mine",
            "device_codes": [f"{code}-1"],
            "user_ids": [hass_read_only_user.id],
        },
    )
    directory = live_directory(hass)
    processor = mqtt_data(mqtt_status_setup).processor
    await publish_until(
        hass,
        mosquitto,
        f"micboard/readonly/{code}-1/status",
        {"status": "warning", "temperature": 40},
        condition=lambda: directory.telemetry(f"{code}-1").get("temperature") == 40,
    )
    rejected = processor.rejected["forbidden"]
    await publish(
        hass,
        mosquitto,
        f"micboard/readonly/{code}-2/status",
        json.dumps({"status": "error", "temperature": 99}),
    )
    await publish(
        hass,
        mosquitto,
        "micboard/nobody-at-all/status",
        {"status": "error", "device_code": f"{code}-1", "temperature": 1},
    )
    await wait_for(hass, lambda: processor.rejected["forbidden"] >= rejected + 2)
    assert directory.telemetry(f"{code}-2") == {}
    assert directory.telemetry(f"{code}-1")["temperature"] == 40
    assert directory.get(f"{code}-2".casefold())["status"] != "error"  # type: ignore[index]
