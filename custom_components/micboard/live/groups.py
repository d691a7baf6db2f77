"""Groups (Micboard's groups) and who may see which device (docs/groups.md).

A group is an id, a title, an ordered list of device codes (slots; `""` is a
blank spacer slot) and the HA user ids allowed to view it. Admins see every
device; any other user sees the devices of the groups that list them, and
nothing else. Groups live in HA's Store (`.storage/micboard.groups`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
import uuid

from homeassistant.auth.models import User
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
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey
import voluptuous as vol

from ..compat import domain_devices
from ..const import DOMAIN
from .directory import live_directory
from .serialization import code_key

GROUPS: HassKey[GroupStore] = HassKey(f"{DOMAIN}_groups")
STORE_VERSION = 1
SAVE_DELAY = 1.0
USER_EVENTS = ("user_added", "user_updated", "user_removed")

ALL: None = None
"""A visible-key set of None means every device (an admin)."""


@dataclass(frozen=True, slots=True)
class Group:
    """One group of slots and the users allowed to view it."""

    id: str
    title: str
    device_codes: tuple[str, ...]
    user_ids: tuple[str, ...]

    @property
    def keys(self) -> frozenset[str]:
        """The matching keys of its (non-spacer) device codes."""
        return frozenset(code_key(code) for code in self.device_codes if code)

    def as_dict(self) -> dict[str, Any]:
        """The group as the websocket API shows it to an admin."""
        return {
            "id": self.id,
            "title": self.title,
            "device_codes": list(self.device_codes),
            "user_ids": list(self.user_ids),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Group:
        """A group read back from the Store."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            device_codes=tuple(str(c) for c in data.get("device_codes", ())),
            user_ids=tuple(str(u) for u in data.get("user_ids", ())),
        )


@dataclass(frozen=True, slots=True)
class View:
    """What one user may see: every device (admin) or some groups' devices."""

    admin: bool
    group_ids: frozenset[str]
    keys: frozenset[str] | None
    """None for an admin (every device)."""

    def can_see(self, key: str) -> bool:
        """Whether a device (by key) is visible."""
        return self.keys is None or key in self.keys


NOBODY = View(admin=False, group_ids=frozenset(), keys=frozenset())


class GroupStore:
    """The groups, kept in HA's Store, and the visibility they imply."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start empty; `async_load` reads the stored groups."""
        self.hass = hass
        self._store: Store[dict[str, Any]] = Store(
            hass, STORE_VERSION, f"{DOMAIN}.groups"
        )
        self._groups: dict[str, Group] = {}
        self._views: dict[str, View] = {}
        self._listeners: list[Callable[[], None]] = []
        self._users_by_id: dict[str, User] = {}
        self._users_by_name: dict[str, User] = {}

    async def async_load(self) -> None:
        """Read the groups and index the users; follow user changes."""
        data = await self._store.async_load()
        for raw in (data or {}).get("groups", []):
            group = Group.from_dict(raw)
            self._groups[group.id] = group
        await self.async_refresh_users()

        @callback
        def users_changed(_: Event) -> None:
            self.hass.async_create_task(self.async_refresh_users())

        for event in (*USER_EVENTS, EVENT_HOMEASSISTANT_STARTED):
            self.hass.bus.async_listen(event, users_changed)

    # Groups

    @property
    def groups(self) -> list[Group]:
        """Every group, in creation order."""
        return list(self._groups.values())

    def get(self, group_id: str) -> Group | None:
        """A group by id."""
        return self._groups.get(group_id)

    def groups_for(self, view: View) -> list[Group]:
        """The groups a user may see."""
        if view.admin:
            return self.groups
        return [g for g in self._groups.values() if g.id in view.group_ids]

    def save(
        self,
        title: str,
        device_codes: Iterable[str],
        user_ids: Iterable[str],
        group_id: str | None = None,
    ) -> Group:
        """Create (no id) or replace a group; the caller checked the id exists."""
        group = Group(
            id=group_id or uuid.uuid4().hex,
            title=title,
            device_codes=tuple(device_codes),
            user_ids=tuple(dict.fromkeys(user_ids)),
        )
        self._groups[group.id] = group
        self._changed()
        return group

    def delete(self, group_id: str) -> bool:
        """Delete a group; False when there is none with that id."""
        if self._groups.pop(group_id, None) is None:
            return False
        self._changed()
        return True

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Hear about every change of groups (and so of visibility)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self) -> None:
        self._views.clear()
        self._store.async_delay_save(self._saved, SAVE_DELAY)
        for listener in list(self._listeners):
            listener()

    def _saved(self) -> dict[str, Any]:
        return {"groups": [g.as_dict() for g in self._groups.values()]}

    # Visibility

    def view(self, user: User | None) -> View:
        """What a user may see (cached until groups change)."""
        if user is None or not user.is_active:
            return NOBODY
        if user.is_admin:
            return View(admin=True, group_ids=frozenset(self._groups), keys=ALL)
        view = self._views.get(user.id)
        if view is None:
            groups = [g for g in self._groups.values() if user.id in g.user_ids]
            view = View(
                admin=False,
                group_ids=frozenset(g.id for g in groups),
                keys=frozenset().union(*(g.keys for g in groups)),
            )
            self._views[user.id] = view
        return view

    def group_refs(self, key: str, view: View) -> list[dict[str, str]]:
        """The `groups` field of a device for one user: [{"id", "name"}]."""
        return [
            {"id": g.id, "name": g.title}
            for g in self._groups.values()
            if (view.admin or g.id in view.group_ids) and key in g.keys
        ]

    # Users (MQTT user_identifier: an HA user id or username)

    async def async_refresh_users(self) -> None:
        """Rebuild the index of users by id and by (case-folded) username."""
        by_id: dict[str, User] = {}
        by_name: dict[str, User] = {}
        for user in await self.hass.auth.async_get_users():
            by_id[user.id] = user
            for credential in user.credentials:
                username = credential.data.get("username")
                if isinstance(username, str):
                    by_name[username.strip().casefold()] = user
        self._users_by_id, self._users_by_name = by_id, by_name
        self._views.clear()

    def user_for(self, identifier: str) -> User | None:
        """The user an MQTT user_identifier names (id, else username), if indexed."""
        return self._users_by_id.get(identifier) or self._users_by_name.get(
            identifier.strip().casefold()
        )

    def user_exists(self, user_id: str) -> bool:
        """Whether an HA user has this id (as of the last index)."""
        return user_id in self._users_by_id


def group_store(hass: HomeAssistant) -> GroupStore:
    """The group store (created by the live hub's setup)."""
    return hass.data[GROUPS]


# Websocket commands (docs/websocket-api.md): list for everyone, save/delete for admins.

MAX_SLOTS = 500
GROUP_SCHEMA = vol.Schema(
    {
        vol.Optional("id"): vol.All(str, vol.Length(min=1, max=64)),
        vol.Required("title"): vol.All(str, vol.Strip, vol.Length(min=1, max=100)),
        vol.Required("device_codes"): vol.All(
            [vol.All(str, vol.Strip, vol.Length(max=200))], vol.Length(max=MAX_SLOTS)
        ),
        vol.Required("user_ids"): vol.All([str], vol.Length(max=1000)),
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
    group = store.save(data["title"], codes, data["user_ids"], group_id)
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
