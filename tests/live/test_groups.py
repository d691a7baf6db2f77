"""Groups over websocket: list, save, delete, validation and the Store."""

from __future__ import annotations

from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockUser,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.groups import GroupStore, group_store

from ..broker import fake_devices
from .helpers import command


async def _micboard(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()
    fake_devices(hass, "RX-1", "RX-2", "RX-3")


def _store_groups(hass_storage: dict[str, Any], *groups: dict[str, Any]) -> None:
    """Groups as a previous run left them in .storage."""
    hass_storage[f"{DOMAIN}.groups"] = {
        "version": 1,
        "key": f"{DOMAIN}.groups",
        "data": {"groups": list(groups)},
    }


def _group(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Drums",
        "device_codes": ["RX-1", "", "rx-2"],
        "user_ids": [],
        **changes,
    }


async def test_save_creates_then_replaces_and_delete_removes(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
) -> None:
    """No id creates; an id replaces; delete removes; all kept in the Store."""
    await _micboard(hass)
    client = await hass_ws_client(hass)
    created = await command(
        client,
        type="micboard/groups/save",
        group=_group(user_ids=[hass_admin_user.id]),
    )
    assert created["success"], created
    group = created["result"]["group"]
    assert group["title"] == "Drums"
    assert group["device_codes"] == ["RX-1", "", "rx-2"]
    assert group["user_ids"] == [hass_admin_user.id]
    assert group["id"]
    replaced = await command(
        client,
        type="micboard/groups/save",
        group=_group(id=group["id"], title="  Vocals ", device_codes=["RX-3"]),
    )
    assert replaced["result"]["group"] == {
        "id": group["id"],
        "title": "Vocals",
        "device_codes": ["RX-3"],
        "user_ids": [],
        "names": {},
        "images": {},
    }
    listed = await command(client, type="micboard/groups/list")
    assert listed["result"]["groups"] == [replaced["result"]["group"]]
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    stored = hass_storage[f"{DOMAIN}.groups"]["data"]["groups"]
    assert stored == [replaced["result"]["group"]]
    deleted = await command(client, type="micboard/groups/delete", group_id=group["id"])
    assert deleted["success"]
    listed = await command(client, type="micboard/groups/list")
    assert listed["result"]["groups"] == []


async def test_groups_are_loaded_from_the_store(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Groups saved before a restart come back."""
    _store_groups(
        hass_storage,
        {"id": "g1", "title": "Band", "device_codes": ["RX-1"], "user_ids": ["u1"]},
    )
    await _micboard(hass)
    store = group_store(hass)
    assert [g.title for g in store.groups] == ["Band"]
    assert store.get("g1") is not None
    assert store.get("g1").keys == frozenset({"rx-1"})  # type: ignore[union-attr]


async def test_errors_are_clear(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Unknown devices/users/groups are not_found; bad shapes invalid_format."""
    await _micboard(hass)
    client = await hass_ws_client(hass)
    cases: list[tuple[dict[str, Any], str, str]] = [
        (_group(device_codes=["RX-1", "NOPE-1"]), "not_found", "NOPE-1"),
        (_group(user_ids=["no-such-user"]), "not_found", "no-such-user"),
        (_group(id="missing"), "not_found", "missing"),
        (_group(device_codes=["RX-1", "rx-1"]), "invalid_format", "twice"),
        (_group(title=""), "invalid_format", ""),
        (_group(title="x" * 101), "invalid_format", ""),
        (_group(device_codes="RX-1"), "invalid_format", ""),
        ({"title": "No codes"}, "invalid_format", ""),
    ]
    for group, code, text in cases:
        result = await command(client, type="micboard/groups/save", group=group)
        assert not result["success"], group
        assert result["error"]["code"] == code, (group, result)
        assert text in result["error"]["message"]
    result = await command(client, type="micboard/groups/delete", group_id="missing")
    assert result["error"]["code"] == "not_found"
    assert group_store(hass).groups == []


async def test_extended_names_are_saved_per_slot_and_kept_in_the_store(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_storage: dict[str, Any],
) -> None:
    """Names keyed by code in any case take the slot's spelling; blanks are dropped."""
    await _micboard(hass)
    client = await hass_ws_client(hass)
    saved = await command(
        client,
        type="micboard/groups/save",
        group=_group(names={"rx-1": "  Sarah - Lead Vox ", "RX-2": "   "}),
    )
    assert saved["success"], saved
    group = saved["result"]["group"]
    assert group["names"] == {"RX-1": "Sarah - Lead Vox"}
    listed = await command(client, type="micboard/groups/list")
    assert listed["result"]["groups"][0]["names"] == {"RX-1": "Sarah - Lead Vox"}
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    (stored,) = hass_storage[f"{DOMAIN}.groups"]["data"]["groups"]
    assert stored["names"] == {"RX-1": "Sarah - Lead Vox"}
    # Replacing the group without names clears them.
    replaced = await command(
        client, type="micboard/groups/save", group=_group(id=group["id"])
    )
    assert replaced["result"]["group"]["names"] == {}


async def test_extended_names_come_back_from_the_store_matched_to_slots(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """Stored names load with the group; a name for a code it no longer lists is dropped."""
    _store_groups(
        hass_storage,
        {
            "id": "g1",
            "title": "Band",
            "device_codes": ["RX-1", "RX-2"],
            "user_ids": [],
            "names": {"rx-2": "Kim - Keys", "RX-9": "Gone", "RX-1": ""},
        },
        {"id": "g2", "title": "Old", "device_codes": ["RX-3"], "user_ids": []},
    )
    await _micboard(hass)
    store = group_store(hass)
    assert store.get("g1").names == {"RX-2": "Kim - Keys"}  # type: ignore[union-attr]
    assert store.get("g2").names == {}  # type: ignore[union-attr]


async def test_bad_extended_names_are_refused_with_a_reason(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A name for a device not in the group, or over 60 characters, is refused."""
    await _micboard(hass)
    client = await hass_ws_client(hass)
    stray = await command(
        client,
        type="micboard/groups/save",
        group=_group(names={"RX-3": "Not here"}),
    )
    assert stray["error"]["code"] == "invalid_format"
    assert "RX-3" in stray["error"]["message"]
    long = await command(
        client,
        type="micboard/groups/save",
        group=_group(names={"RX-1": "x" * 61}),
    )
    assert long["error"]["code"] == "invalid_format"
    wrong_type = await command(
        client, type="micboard/groups/save", group=_group(names=["RX-1"])
    )
    assert wrong_type["error"]["code"] == "invalid_format"
    assert group_store(hass).groups == []


async def test_background_images_are_saved_per_slot_and_checked(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_storage: dict[str, Any],
) -> None:
    """A path, a media-source id or a web address per slot; anything else is refused."""
    await _micboard(hass)
    client = await hass_ws_client(hass)
    images = {
        "rx-1": "/local/micboard/sarah.jpg",
        "RX-2": "media-source://media_source/local/micboard/kim.jpg",
    }
    saved = await command(
        client, type="micboard/groups/save", group=_group(images=images)
    )
    assert saved["success"], saved
    assert saved["result"]["group"]["images"] == {
        "RX-1": "/local/micboard/sarah.jpg",
        "rx-2": "media-source://media_source/local/micboard/kim.jpg",
    }
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    (stored,) = hass_storage[f"{DOMAIN}.groups"]["data"]["groups"]
    assert stored["images"] == saved["result"]["group"]["images"]
    for bad, text in (
        ({"RX-1": "javascript:alert(1)"}, "media-source"),
        ({"RX-1": "/" + "x" * 500}, ""),
        ({"RX-3": "/local/x.jpg"}, "RX-3"),
    ):
        result = await command(
            client,
            type="micboard/groups/save",
            group=_group(id=saved["result"]["group"]["id"], images=bad),
        )
        assert result["error"]["code"] == "invalid_format", bad
        assert text in result["error"]["message"]
    group = group_store(hass).groups[0]
    assert group.images == saved["result"]["group"]["images"]  # unchanged


async def test_codes_of_registered_devices_are_known_even_when_offline(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """A device in the device registry (its receiver unloaded) may be grouped."""
    from homeassistant.helpers import device_registry as dr
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    await _micboard(hass)
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "OFFLINE-1")}
    )
    client = await hass_ws_client(hass)
    result = await command(
        client, type="micboard/groups/save", group=_group(device_codes=["offline-1"])
    )
    assert result["success"], result


async def test_visibility_rules(
    hass: HomeAssistant,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """Admins see all; others see their groups' devices; inactive users nothing."""
    await _micboard(hass)
    store: GroupStore = group_store(hass)
    await store.async_refresh_users()
    store.save("A", ["RX-1"], [hass_read_only_user.id])
    store.save("B", ["RX-2"], [])
    admin_view = store.view(hass_admin_user)
    assert admin_view.keys is None
    assert admin_view.can_see("anything")
    user_view = store.view(hass_read_only_user)
    assert user_view.keys == frozenset({"rx-1"})
    assert store.view(None).keys == frozenset()
    hass_read_only_user.is_active = False
    assert store.view(hass_read_only_user).keys == frozenset()
    hass_read_only_user.is_active = True
    assert store.user_for(hass_read_only_user.id) is hass_read_only_user
    assert store.user_for("no-such") is None
    assert [r["name"] for r in store.group_refs("rx-1", admin_view)] == ["A"]
    assert store.group_refs("rx-2", user_view) == []
    assert store.delete("nope") is False


async def test_user_index_follows_user_events(hass: HomeAssistant) -> None:
    """A user added later is found once HA announces it."""
    await _micboard(hass)
    store = group_store(hass)
    late = MockUser(name="Late").add_to_hass(hass)
    assert store.user_for(late.id) is None
    hass.bus.async_fire("user_added", {"user_id": late.id})
    await hass.async_block_till_done()
    assert store.user_for(late.id) is late
