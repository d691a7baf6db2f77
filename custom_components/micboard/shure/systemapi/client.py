"""Async REST client for the Shure System API: devices and their features."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
import logging
from typing import Final

from aiohttp import hdrs

from .errors import (
    ApiResponseError,
    BadPayloadError,
    DeviceNotFoundError,
    IncompatibleDeviceError,
)
from .models import ApiBattery, ApiChannel, ApiDevice, DeviceState
from .parsing import (
    parse_activity,
    parse_battery_health,
    parse_battery_level,
    parse_channel_entry,
    parse_device_node,
    parse_gain,
    parse_mute,
    parse_name,
    parse_uptime,
    unwrap_list,
)
from .transport import ABSENT, DEFAULT_PORT, ApiTransport, gather_all

_LOGGER = logging.getLogger(__name__)

__all__ = ["CHANNEL_FEATURES", "DEFAULT_PORT", "DEVICE_FEATURES", "SystemApiClient"]

DEVICE_FEATURES: Final = (
    "name",
    "battery-level",
    "battery-health",
    "audio-mute",
    "uptime",
    "audio-channels",
)
CHANNEL_FEATURES: Final = ("name", "mute", "gain", "activity")
_NO_FEATURES: Final = frozenset({DeviceState.OFFLINE, DeviceState.DISCOVERED})


class SystemApiClient(ApiTransport):
    """Client for one Shure System API server (``https://host:port/api/v1``).

    Construct with the caller's session:
    ``SystemApiClient(session, host, api_key, port=10000, tls=TlsMode.pinned(fp))``.
    """

    async def fetch_devices(self, *, with_features: bool = True) -> list[ApiDevice]:
        """Every device the server knows (all pages), with their features.

        Features are only fetched for devices that are not OFFLINE/DISCOVERED
        and not ``INCOMPATIBLE_TOO_OLD``, and only those in ``capabilities``.
        """
        devices = await self._list_devices()
        if not with_features:
            return devices
        return await gather_all(self._maybe_features(device) for device in devices)

    async def _maybe_features(self, device: ApiDevice) -> ApiDevice:
        if device.incompatible or device.state in _NO_FEATURES:
            return device
        return await self._load_features(device)

    async def _list_devices(self) -> list[ApiDevice]:
        url = self.url("devices")
        found: dict[str, ApiDevice] = {}
        seen_cursors: set[str] = set()
        skipped = 0
        for _page in range(self._max_pages):
            payload = await self.get(url)
            try:
                nodes, cursor = unwrap_list(payload)
            except BadPayloadError as err:
                raise self.fail(err) from None
            for node in nodes:
                device = parse_device_node(node)
                if device is None:
                    skipped += 1
                else:
                    found.setdefault(device.device_id, device)
            if cursor is None:
                break
            if cursor in seen_cursors:
                raise self.fail(BadPayloadError(f"pagination loop at {cursor!r}"))
            seen_cursors.add(cursor)
            url = self.url("devices").with_query(after=cursor)
        else:
            raise self.fail(BadPayloadError(f"more than {self._max_pages} pages"))
        if skipped:
            _LOGGER.debug(
                "%s: skipped %d device nodes without identity", self.where, skipped
            )
        self.metrics.skipped_nodes = skipped
        return list(found.values())

    async def fetch_device(
        self, device_id: str, *, with_features: bool = True
    ) -> ApiDevice:
        """One device, e.g. to refresh it after a push event.

        Raises :class:`DeviceNotFoundError` if the server does not know it and
        :class:`IncompatibleDeviceError` when features are asked of a device
        whose firmware is too old.
        """
        status, data = await self.request(hdrs.METH_GET, self.url("devices", device_id))
        if status == 404:  # no single-device route, or no such device: use the list
            device = next(
                (d for d in await self._list_devices() if d.device_id == device_id),
                None,
            )
            if device is None:
                raise self.fail(DeviceNotFoundError(device_id))
        else:
            if isinstance(data, Mapping) and isinstance(data.get("node"), Mapping):
                data = data["node"]
            device = parse_device_node(data)
            if device is None:
                raise self.fail(BadPayloadError(f"no identity for {device_id!r}"))
        if not with_features:
            return device
        return await self.fetch_features(device)

    async def fetch_features(self, device: ApiDevice) -> ApiDevice:
        """``device`` with its offered features (name, battery, mute, ...) loaded."""
        if device.incompatible:
            raise self.fail(
                IncompatibleDeviceError(device.device_id, device.compatibility.value)
            )
        if device.state in _NO_FEATURES:
            return device
        return await self._load_features(device)

    async def _load_features(self, device: ApiDevice) -> ApiDevice:
        device_id = device.device_id
        wanted = [f for f in DEVICE_FEATURES if f in device.capabilities]
        payloads = await gather_all(
            self.get_feature(self.url("devices", device_id, f)) for f in wanted
        )
        data = dict(zip(wanted, payloads, strict=True))
        present = {f: v for f, v in data.items() if v is not ABSENT}
        battery: ApiBattery | None = None
        if "battery-level" in present or "battery-health" in present:
            battery = parse_battery_level(present.get("battery-level"))
            if "battery-health" in present:
                health, cycles = parse_battery_health(present["battery-health"])
                battery = replace(battery, health_percent=health, cycle_count=cycles)
        channels: tuple[ApiChannel, ...] = ()
        if "audio-channels" in present:
            channels = await self._load_channels(device_id, present["audio-channels"])
        return replace(
            device,
            name=parse_name(present["name"]) if "name" in present else device.name,
            battery=battery,
            muted=parse_mute(present["audio-mute"])
            if "audio-mute" in present
            else None,
            uptime_s=parse_uptime(present["uptime"]) if "uptime" in present else None,
            channels=channels,
        )

    async def _load_channels(
        self, device_id: str, payload: object
    ) -> tuple[ApiChannel, ...]:
        try:
            entries, _ = unwrap_list(payload)
        except BadPayloadError as err:
            self.fail(err)
            return ()
        todo: dict[str, tuple[ApiChannel, frozenset[str]]] = {}
        for entry in entries:
            channel = parse_channel_entry(entry)
            if channel is None or channel.id in todo:
                continue
            caps: object = (
                entry.get("capabilities") if isinstance(entry, Mapping) else None
            )
            offered = (
                frozenset(c for c in caps if isinstance(c, str))
                if isinstance(caps, list)
                else frozenset(CHANNEL_FEATURES)
            )
            todo[channel.id] = (channel, offered)
        loaded = await gather_all(
            self._load_channel(device_id, channel, offered)
            for channel, offered in todo.values()
        )
        return tuple(
            sorted(loaded, key=lambda ch: (ch.index is None, ch.index or 0, ch.id))
        )

    async def _load_channel(
        self, device_id: str, channel: ApiChannel, offered: frozenset[str]
    ) -> ApiChannel:
        current = {
            "name": channel.name,
            "mute": channel.muted,
            "gain": channel.gain_db,
            "activity": channel.activity,
        }
        wanted = [f for f in CHANNEL_FEATURES if f in offered and current[f] is None]
        payloads = await gather_all(
            self.get_feature(
                self.url("devices", device_id, "audio-channels", channel.id, feature)
            )
            for feature in wanted
        )
        got = {f: p for f, p in zip(wanted, payloads, strict=True) if p is not ABSENT}
        return replace(
            channel,
            name=parse_name(got["name"]) if "name" in got else channel.name,
            muted=parse_mute(got["mute"]) if "mute" in got else channel.muted,
            gain_db=parse_gain(got["gain"]) if "gain" in got else channel.gain_db,
            activity=(
                parse_activity(got["activity"])
                if "activity" in got
                else channel.activity
            ),
        )

    async def subscribe_device_events(self, transport_id: str) -> None:
        """Ask for device state changes (online/offline/added) on a transport."""
        url = self.url("devices", "subscription", transport_id)
        status, _ = await self.request(hdrs.METH_POST, url)
        if status == 404:
            raise self.fail(ApiResponseError(404, url.path))

    async def subscribe_feature(
        self, device_id: str, feature: str, transport_id: str
    ) -> bool:
        """Ask for one device feature's events; False if the server lacks it."""
        url = self.url("devices", device_id, feature, "subscription", transport_id)
        status, _ = await self.request(hdrs.METH_POST, url)
        return status != 404
