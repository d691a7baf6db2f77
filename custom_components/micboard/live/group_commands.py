"""The group websocket commands (docs/websocket-api.md): list for everyone, save/delete for admins."""

from __future__ import annotations

from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_INVALID_FORMAT,
    ERR_NOT_FOUND,
)
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.core import HomeAssistant, callback
import voluptuous as vol

from ..compat import domain_devices
from ..const import DOMAIN
from .directory import live_directory
from .groups import (
    IMAGE_PREFIXES,
    MAX_IMAGE_LENGTH,
    MAX_NAME_LENGTH,
    Group,
    View,
    group_store,
)
from .serialization import code_key

MAX_SLOTS = 500


def image_url(value: str) -> str:
    """A slot's background image: a path, a media-source id or a web address."""
    if value and not value.startswith(IMAGE_PREFIXES):
        raise vol.Invalid(
            "an image is a path (/local/...), a media-source:// id or an http(s) address"
        )
    return value


GROUP_SCHEMA = vol.Schema(
    {
        vol.Optional("id"): vol.All(str, vol.Length(min=1, max=64)),
        vol.Required("title"): vol.All(str, vol.Strip, vol.Length(min=1, max=100)),
        vol.Required("device_codes"): vol.All(
            [vol.All(str, vol.Strip, vol.Length(max=200))], vol.Length(max=MAX_SLOTS)
        ),
        vol.Required("user_ids"): vol.All([str], vol.Length(max=1000)),
        vol.Optional("names", default=dict): vol.All(
            {str: vol.All(str, vol.Strip, vol.Length(max=MAX_NAME_LENGTH))},
            vol.Length(max=MAX_SLOTS),
        ),
        vol.Optional("images", default=dict): vol.All(
            {str: vol.All(str, vol.Strip, vol.Length(max=MAX_IMAGE_LENGTH), image_url)},
            vol.Length(max=MAX_SLOTS),
        ),
    }
)


def _shown(group: Group, view: View, user_id: str | None) -> dict[str, Any]:
    """A group as one user sees it: non-admins see no other users' ids."""
    data = group.as_dict()
    if not view.admin:
        data["user_ids"] = [u for u in group.user_ids if u == user_id]
    return data


def known_device_keys(hass: HomeAssistant) -> set[str]:
    """Keys of every micboard device: live ones and those in the device registry."""
    keys = set(live_directory(hass).keys())
    for device in domain_devices(hass, DOMAIN):
        keys.update(code_key(v) for d, v in device.identifiers if d == DOMAIN)
    return keys


@websocket_command({vol.Required("type"): "micboard/groups/list"})
@callback
def ws_list_groups(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The groups the user may see."""
    store = group_store(hass)
    view = store.view(connection.user)
    user_id = connection.user.id if connection.user else None
    connection.send_result(
        msg["id"],
        {"groups": [_shown(g, view, user_id) for g in store.groups_for(view)]},
    )


@websocket_command(
    {vol.Required("type"): "micboard/groups/save", vol.Required("group"): GROUP_SCHEMA}
)
@require_admin
@async_response
async def ws_save_group(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Create (no id) or replace a group."""
    store = group_store(hass)
    data = msg["group"]
    group_id = data.get("id")
    if group_id is not None and store.get(group_id) is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, f"No group with id {group_id}")
        return
    codes: list[str] = data["device_codes"]
    slots = [code_key(c) for c in codes if c]
    if len(slots) != len(set(slots)):
        connection.send_error(msg["id"], ERR_INVALID_FORMAT, "A device is listed twice")
        return
    listed = set(slots)
    strays = sorted(
        {c for c in (*data["names"], *data["images"]) if code_key(c) not in listed}
    )
    if strays:
        connection.send_error(
            msg["id"],
            ERR_INVALID_FORMAT,
            "Names or images given for devices the group does not list: "
            + ", ".join(strays),
        )
        return
    known = known_device_keys(hass)
    unknown_codes = sorted(c for c in codes if c and code_key(c) not in known)
    await store.async_refresh_users()
    unknown_users = sorted(u for u in data["user_ids"] if not store.user_exists(u))
    if unknown_codes or unknown_users:
        problems = [
            *(f"unknown device {c}" for c in unknown_codes),
            *(f"unknown user {u}" for u in unknown_users),
        ]
        connection.send_error(msg["id"], ERR_NOT_FOUND, "; ".join(problems))
        return
    group = store.save(
        data["title"],
        codes,
        data["user_ids"],
        group_id,
        names=data["names"],
        images=data["images"],
    )
    connection.send_result(msg["id"], {"group": group.as_dict()})


@websocket_command(
    {vol.Required("type"): "micboard/groups/delete", vol.Required("group_id"): str}
)
@require_admin
@callback
def ws_delete_group(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Delete a group."""
    if not group_store(hass).delete(msg["group_id"]):
        connection.send_error(msg["id"], ERR_NOT_FOUND, "No such group")
        return
    connection.send_result(msg["id"])


@callback
def async_register_group_commands(hass: HomeAssistant) -> None:
    """Register the group commands (once, from async_setup)."""
    for command in (ws_list_groups, ws_save_group, ws_delete_group):
        async_register_command(hass, command)
