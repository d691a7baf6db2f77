"""Which listed devices a poll must fetch the features of.

A poll lists the devices without features (one request). A device keeps the
features already known unless a full refresh is due, it is new, it came back
online, or its firmware compatibility changed; those are fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..shure.systemapi import ApiDevice


def keep_features(old: ApiDevice, listed: ApiDevice) -> ApiDevice:
    """A listed device (identity only) with the features already known."""
    return replace(
        listed,
        name=listed.name or old.name,
        battery=old.battery,
        muted=old.muted,
        uptime_s=old.uptime_s,
        channels=old.channels,
    )


def split_listed(
    listed: Iterable[ApiDevice], previous: Mapping[str, ApiDevice], *, full: bool
) -> tuple[dict[str, ApiDevice], list[ApiDevice]]:
    """The devices that keep known features (by id), and those to fetch."""
    kept: dict[str, ApiDevice] = {}
    todo: list[ApiDevice] = []
    for device in listed:
        old = previous.get(device.device_id)
        if (
            full
            or old is None
            or (device.online and not old.online)
            or device.incompatible != old.incompatible
        ):
            todo.append(device)
        else:
            kept[device.device_id] = keep_features(old, device)
    return kept, todo
