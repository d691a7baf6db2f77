"""The live hub over real websockets, fed by a real simulated receiver."""

from __future__ import annotations

import asyncio
import time
from unittest.mock import ANY

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.live.hub import live_hub
from custom_components.micboard.live.serialization import DEVICE_FIELDS, NESTED_FIELDS
from simulator.receivers import ReceiverSimulator

from ..helpers import wait_for
from .helpers import command, drain, next_event, subscribe, update_for


async def test_devices_lists_receiver_and_channels_in_the_serialized_format(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Every serialized-device field is present; unknown values are null, never sentinels."""
    client = await hass_ws_client(hass)
    result = await command(client, type="micboard/devices")
    assert result["success"]
    devices = {d["device_code"]: d for d in result["result"]}
    code = receiver_sim.device_id
    assert set(devices) == {code, *(f"{code}-{n}" for n in range(1, 5))}
    first = devices[f"{code}-1"]
    assert set(first) == {*DEVICE_FIELDS, "groups"}
    for name, keys in NESTED_FIELDS.items():
        assert set(first[name]) == set(keys)
    assert first["device_type"] == "channel"
    assert first["name"] == "H01 Dave"
    assert first["battery"]["bars"] == receiver_sim.channel(1).transmitter.battery.bars
    assert first["status"] == "good"
    assert first["is_active"] is True
    assert first["frequency_mhz"] == pytest.approx(
        receiver_sim.channel(1).frequency_khz / 1000
    )
    assert first["id"]  # the HA device id
    assert first["groups"] == []
    assert devices[code]["device_type"] == "receiver"
    assert devices[code]["status"] == "online"
    for device in devices.values():
        for value in (
            device["battery"]["runtime_min"],
            device["battery"]["level"],
            device["rf"]["level_dbm"],
        ):
            assert value not in (255, 65535, 65534, 65533)


async def test_subscribe_sends_initial_data_then_only_changed_fields(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A battery change arrives as a batch_update of that channel's changed fields."""
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client)
    code = f"{receiver_sim.device_id}-2"
    assert any(d["device_code"] == code for d in devices)
    health = await next_event(client, "connection_update")
    assert health["status"] == "connected"
    assert health["backend"] == receiver_setup.title
    receiver_sim.channel(2).set_battery(bars=1)
    event = await next_event(
        client,
        "batch_update",
        lambda e: (update_for(e, code) or {}).get("battery", {}).get("bars") == 1,
    )
    changes = update_for(event, code)
    assert changes is not None
    assert changes["status"] == "critical"
    assert changes["battery"]["status"] == "critical"
    assert "name" not in changes  # unchanged fields are not sent
    assert "frequency_mhz" not in changes
    assert set(changes) <= {"battery", "status", "rf", "audio"}
    update = next(u for u in event["updates"] if u["device_code"] == code)
    assert update["timestamp"]


async def test_transmitter_offset_reaches_the_board_and_clears_without_a_transmitter(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """tx_offset_db is the transmitter's TX_OFFSET in dB; null once it is off."""
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client)
    code = f"{receiver_sim.device_id}-1"
    first = next(d for d in devices if d["device_code"] == code)
    assert first["tx_offset_db"] == receiver_sim.channel(1).transmitter.offset_db
    assert (
        next(d for d in devices if d["device_code"] == receiver_sim.device_id)[
            "tx_offset_db"
        ]
        is None
    )
    receiver_sim.channel(1).set_tx_offset_db(-6)
    event = await next_event(
        client, "batch_update", lambda e: "tx_offset_db" in (update_for(e, code) or {})
    )
    assert update_for(event, code)["tx_offset_db"] == -6  # type: ignore[index]
    receiver_sim.channel(1).transmitter_off()
    event = await next_event(
        client, "batch_update", lambda e: "tx_offset_db" in (update_for(e, code) or {})
    )
    assert update_for(event, code)["tx_offset_db"] is None  # type: ignore[index]


async def test_meter_samples_reach_subscribers_at_full_rate(
    hass: HomeAssistant,
    receiver_sim: ReceiverSimulator,
    receiver_setup: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """RF and audio meters change many times a second on the board."""
    client = await hass_ws_client(hass)
    await subscribe(client, window_ms=0)
    code = f"{receiver_sim.device_id}-1"
    seen = 0
    started = time.monotonic()
    while seen < 5:
        event = await next_event(client, "batch_update")
        changes = update_for(event, code) or {}
        if "rf" in changes or "audio" in changes:
            seen += 1
    assert time.monotonic() - started < 3


async def test_repeated_changes_of_a_device_are_coalesced_others_go_at_once(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Per-device leading edge: a device's repeated changes merge for the window;
    a device that has not changed within the window goes out at once."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1", "A-2")
    client = await hass_ws_client(hass)
    await subscribe(client, window_ms=400)
    await drain(client, 0.2)
    hub = live_hub(hass)
    directory = hub.directory
    started = time.monotonic()
    directory.update("A-1", {"battery": {"bars": 4}})
    first = await next_event(client, "batch_update")
    assert time.monotonic() - started < 0.2  # not held for the window
    assert first["updates"] == [
        {"device_code": "A-1", "changes": {"battery": {"bars": 4}}, "timestamp": ANY}
    ]
    directory.update("A-1", {"battery": {"bars": 3}})
    directory.update("A-2", {"status": "critical"})
    directory.update("A-1", {"battery": {"level": 50}, "name": "Lead"})
    second = await next_event(client, "batch_update")
    assert time.monotonic() - started < 0.2  # A-2 did not wait behind A-1
    assert [u["device_code"] for u in second["updates"]] == ["A-2"]
    assert update_for(second, "A-2") == {"status": "critical"}
    third = await next_event(client, "batch_update")
    assert time.monotonic() - started >= 0.35  # A-1 held until its window ended
    assert [u["device_code"] for u in third["updates"]] == ["A-1"]
    assert update_for(third, "A-1") == {
        "battery": {"bars": 3, "level": 50},
        "name": "Lead",
    }
    directory.update("A-1", {"name": "Lead"})  # no change: nothing is sent
    assert [m for m in await drain(client, 0.6) if m["type"] == "event"] == []


async def test_state_changes_never_wait_behind_meters(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """With meters keeping every window busy, a status or battery change goes at once,
    also for a device whose own meters are moving; meters stay one flush per window."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1", "A-2")
    client = await hass_ws_client(hass)
    await subscribe(client, window_ms=400)
    await drain(client, 0.2)
    directory = live_hub(hass).directory
    directory.update("A-1", {"rf": {"level_dbm": -60}})
    directory.update("A-2", {"audio": {"level_dbfs": -20}})
    meters = await next_event(client, "batch_update")  # first meters at once
    assert update_for(meters, "A-1") == {"rf": {"level_dbm": -60}}
    started = time.monotonic()
    directory.update("A-1", {"rf": {"level_dbm": -61}})  # held for the window
    directory.update("A-1", {"status": "critical", "rf": {"level_dbm": -62}})
    directory.update("A-2", {"battery": {"bars": 1}, "audio": {"level_dbfs": -21}})
    state = await next_event(client, "batch_update")
    assert time.monotonic() - started < 0.2
    assert state["updates"] == [
        {"device_code": "A-1", "changes": {"status": "critical"}, "timestamp": ANY},
        {"device_code": "A-2", "changes": {"battery": {"bars": 1}}, "timestamp": ANY},
    ]
    held = await next_event(client, "batch_update")
    assert time.monotonic() - started >= 0.3  # the meter window
    assert held["updates"] == [
        {"device_code": "A-1", "changes": {"rf": {"level_dbm": -62}}, "timestamp": ANY},
        {
            "device_code": "A-2",
            "changes": {"audio": {"level_dbfs": -21}},
            "timestamp": ANY,
        },
    ]


async def test_payload_serialized_once_per_flush_for_many_subscribers(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Ten subscribers with the same view cost one serialization per flush."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1")
    clients = [await hass_ws_client(hass) for _ in range(10)]
    for client in clients:
        await subscribe(client)
    hub = live_hub(hass)
    before = hub.serializations
    hub.directory.update("A-1", {"battery": {"bars": 2}})
    for client in clients:
        event = await next_event(client, "batch_update")
        assert update_for(event, "A-1") == {"battery": {"bars": 2}}
    assert hub.serializations - before == 1


async def test_unsubscribe_and_close_release_everything(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """unsubscribe_events and a closed socket leave no subscription behind."""
    assert await _setup_micboard(hass)
    hub = live_hub(hass)
    client = await hass_ws_client(hass)
    sub_id, _ = await subscribe(client)
    await subscribe(client, window_ms=250)
    assert len(hub.subscriptions) == 2
    result = await command(client, type="unsubscribe_events", subscription=sub_id)
    assert result["success"]
    assert len(hub.subscriptions) == 1
    assert set(hub._flushers) == {0.25}
    await client.close()
    await wait_for(hass, lambda: not hub.subscriptions)
    assert hub._flushers == {}


async def test_subscribe_filters_by_device_codes(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """device_codes narrows the board (any case); unknown codes are simply absent."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1", "A-2")
    client = await hass_ws_client(hass)
    _, devices = await subscribe(client, device_codes=["a-2", "NOPE"])
    assert [d["device_code"] for d in devices] == ["A-2"]
    hub = live_hub(hass)
    hub.directory.update("A-1", {"name": "x"})
    hub.directory.update("A-2", {"name": "y"})
    event = await next_event(client, "batch_update")
    assert [u["device_code"] for u in event["updates"]] == ["A-2"]


async def test_devices_appearing_resend_the_board(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A device that appears (or goes) sends a fresh initial_data."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1")
    client = await hass_ws_client(hass)
    await subscribe(client)
    fake_devices(hass, "A-1", "A-2")
    event = await next_event(client, "initial_data")
    assert sorted(d["device_code"] for d in event["devices"]) == ["A-1", "A-2"]
    live_hub(hass).directory.withdraw("test")
    event = await next_event(client, "initial_data")
    assert event["devices"] == []


async def test_a_failing_connection_is_dropped_without_hurting_others(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A send that raises ends that subscription only."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1")
    hub = live_hub(hass)
    good = await hass_ws_client(hass)
    await subscribe(good)
    good_sub = next(iter(hub.subscriptions))
    bad = await hass_ws_client(hass)
    await subscribe(bad)
    bad_sub = next(s for s in hub.subscriptions if s is not good_sub)

    def explode(message: object) -> None:
        raise ConnectionResetError

    bad_sub.connection.send_message = explode  # type: ignore[method-assign]
    hub.directory.update("A-1", {"name": "changed"})
    event = await next_event(good, "batch_update")
    assert update_for(event, "A-1") == {"name": "changed"}
    assert hub.subscriptions == {good_sub}


async def test_slow_client_does_not_delay_others(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A client that never reads does not hold up a client that does."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1")
    slow = await hass_ws_client(hass)
    await subscribe(slow, window_ms=0)
    fast = await hass_ws_client(hass)
    await subscribe(fast, window_ms=0)
    directory = live_hub(hass).directory
    latencies = []
    for n in range(300):
        sent = time.monotonic()
        directory.update("A-1", {"name": "x" * 2000 + str(n)})
        event = await next_event(fast, "batch_update")
        assert update_for(event, "A-1") == {"name": "x" * 2000 + str(n)}
        latencies.append(time.monotonic() - sent)
    assert max(latencies) < 1.0
    await slow.close()


async def _setup_micboard(hass: HomeAssistant) -> bool:
    from homeassistant.setup import async_setup_component

    ok = await async_setup_component(hass, "micboard", {})
    await hass.async_block_till_done()
    await asyncio.sleep(0)
    return ok


async def test_group_board_in_slot_order_and_resent_on_group_edits(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A group subscription lists devices in slot order; edits resend the board."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1", "A-2", "A-3")
    client = await hass_ws_client(hass)
    saved = await command(
        client,
        type="micboard/groups/save",
        group={"title": "G", "device_codes": ["A-3", "", "a-1"], "user_ids": []},
    )
    group = saved["result"]["group"]
    _, devices = await subscribe(client, group_id=group["id"])
    assert [d["device_code"] for d in devices] == ["A-3", "A-1"]
    assert devices[0]["groups"] == [{"id": group["id"], "name": "G"}]
    # The new board is sent before the command's result: read events only.
    await client.send_json_auto_id(
        {"type": "micboard/groups/save", "group": {**group, "device_codes": ["A-2"]}}
    )
    board = await next_event(client, "initial_data")
    assert [d["device_code"] for d in board["devices"]] == ["A-2"]
    hub = live_hub(hass)
    hub.directory.update("A-1", {"name": "not in the group"})
    hub.directory.update("A-2", {"name": "in the group"})
    event = await next_event(client, "batch_update")
    assert [u["device_code"] for u in event["updates"]] == ["A-2"]
    await client.send_json_auto_id(
        {"type": "micboard/groups/delete", "group_id": group["id"]}
    )
    board = await next_event(client, "initial_data")
    assert board["devices"] == []


async def test_pending_changes_of_removed_devices_are_dropped(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A device that goes away before the window ends sends no stale update."""
    from ..broker import fake_devices

    assert await _setup_micboard(hass)
    fake_devices(hass, "A-1")
    client = await hass_ws_client(hass)
    await subscribe(client, window_ms=300)
    hub = live_hub(hass)
    hub.directory.update("A-1", {"name": "first"})  # sent at once
    await next_event(client, "batch_update")
    hub.directory.update("A-1", {"name": "held"})  # held for the window
    hub.directory.withdraw("test")
    messages = await drain(client, 0.6)
    kinds = [m["event"]["type"] for m in messages if m["type"] == "event"]
    assert kinds == ["initial_data"]
    sub = next(iter(hub.subscriptions))
    hub.unsubscribe(sub)
    hub.unsubscribe(sub)  # twice is harmless
    assert not hub.subscriptions
