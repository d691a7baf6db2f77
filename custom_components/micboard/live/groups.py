"""Groups (Micboard's groups) and who may see which device (docs/groups.md).

A group is an id, a title, an ordered list of device codes (slots; `""` is a
blank spacer slot), the slots' extended names (a performer or role shown on
the tile instead of the receiver's channel name; keyed by device code, so
they survive receiver renames) and the HA user ids allowed to view it. Admins see every
device; any other user sees the devices of the groups that list them, and
nothing else. Groups live in HA's Store (`.storage/micboard.groups`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
import uuid

from homeassistant.auth.models import User
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from .serialization import code_key

GROUPS: HassKey[GroupStore] = HassKey(f"{DOMAIN}_groups")
STORE_VERSION = 1
SAVE_DELAY = 1.0
USER_EVENTS = ("user_added", "user_updated", "user_removed")

ALL: None = None
"""A visible-key set of None means every device (an admin)."""


MAX_NAME_LENGTH = 60
MAX_IMAGE_LENGTH = 500
IMAGE_PREFIXES = ("/", "media-source://", "https://", "http://")
"""Where a slot's background image may come from: a path of Home Assistant
(`/local/...`), its media source, or a web address."""


def slot_values(
    device_codes: Iterable[str], values: Mapping[str, Any], max_length: int
) -> dict[str, str]:
    """Per-slot texts of a group (names, images): keys spelled as the slots, blanks dropped.

    A value given for a code in any case belongs to that slot; values of
    codes the group does not list are dropped (the caller reports them first).
    """
    by_key = {code_key(code): code for code in device_codes if code}
    found: dict[str, str] = {}
    for code, value in values.items():
        slot = by_key.get(code_key(str(code)))
        text = str(value).strip()[:max_length] if value is not None else ""
        if slot is not None and text:
            found[slot] = text
    return found


@dataclass(frozen=True, slots=True)
class Group:
    """One group of slots and the users allowed to view it."""

    id: str
    title: str
    device_codes: tuple[str, ...]
    user_ids: tuple[str, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    """Extended names by device code (spelled as in `device_codes`)."""
    images: Mapping[str, str] = field(default_factory=dict)
    """Background images by device code (URLs, see IMAGE_PREFIXES)."""

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
            "names": dict(self.names),
            "images": dict(self.images),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Group:
        """A group read back from the Store."""
        codes = tuple(str(c) for c in data.get("device_codes", ()))
        names, images = data.get("names"), data.get("images")
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            device_codes=tuple(str(c) for c in data.get("device_codes", ())),
            user_ids=tuple(str(u) for u in data.get("user_ids", ())),
            names=slot_values(
                codes, names if isinstance(names, Mapping) else {}, MAX_NAME_LENGTH
            ),
            images=slot_values(
                codes,
                {
                    code: url
                    for code, url in (
                        images if isinstance(images, Mapping) else {}
                    ).items()
                    if str(url).startswith(IMAGE_PREFIXES)
                },
                MAX_IMAGE_LENGTH,
            ),
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
        *,
        names: Mapping[str, str] | None = None,
        images: Mapping[str, str] | None = None,
    ) -> Group:
        """Create (no id) or replace a group; the caller checked the id exists."""
        codes = tuple(device_codes)
        group = Group(
            id=group_id or uuid.uuid4().hex,
            title=title,
            device_codes=codes,
            user_ids=tuple(dict.fromkeys(user_ids)),
            names=slot_values(codes, names or {}, MAX_NAME_LENGTH),
            images=slot_values(codes, images or {}, MAX_IMAGE_LENGTH),
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
