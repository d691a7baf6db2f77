"""Tolerant parsers for System API payloads (pure functions, no I/O).

Field-level surprises (a missing or oddly typed field) become ``None``; only a
payload whose overall shape is wrong raises :class:`BadPayloadError`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
import datetime as dt
import email.utils
import json
import math
import re
from typing import Any

from .errors import BadPayloadError
from .models import (
    ApiBattery,
    ApiChannel,
    ApiDevice,
    ChannelActivity,
    Compatibility,
    DeviceState,
)

_NUM = r"(\d+(?:[.,]\d+)?)"
_DURATION_RE = re.compile(
    rf"^(?P<sign>[-+])?P(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?"
    rf"(?P<time>T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?$",
    re.IGNORECASE,
)
# Seconds per Y, M(onth), W, D, H, M(inute), S, in regex group order.
_UNIT_SECONDS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
_MAX_CHANNEL_ID_LEN = 1024


def parse_duration_seconds(value: object) -> float | None:
    """Seconds in an ISO-8601 duration such as ``PT853M`` or ``P1DT2H3.5S``.

    A plain non-negative number is taken as seconds. Negative, empty,
    malformed or non-finite values give ``None``; years count 365 days and
    months 30.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    if not isinstance(value, str):
        return None
    match = _DURATION_RE.match(value.strip())
    if match is None or match.group("sign") == "-":
        return None
    parts = match.groups()[1:]
    numbers = [p for i, p in enumerate(parts) if i != 4]  # skip the "time" group
    if all(n is None for n in numbers) or match.group("time") in {"T", "t"}:
        return None
    total = sum(
        float(n.replace(",", ".")) * unit
        for n, unit in zip(numbers, _UNIT_SECONDS, strict=True)
        if n is not None
    )
    return total if math.isfinite(total) else None


def parse_duration_minutes(value: object) -> int | None:
    """Whole minutes (rounded down) in an ISO-8601 duration, see above."""
    seconds = parse_duration_seconds(value)
    return None if seconds is None else int(seconds // 60)


def decode_channel_index(channel_id: object) -> int | None:
    """Channel index hidden in an audio-channel id (base64 of a JSON object).

    ``{"t":"AudioChannel","c":"ADTQ","v":131088,"s":"CH","i":0}`` gives 0.
    Standard and URL-safe alphabets, with or without padding, are accepted;
    anything else (garbage, non-JSON, no ``i``) gives ``None``.
    """
    if not isinstance(channel_id, str) or not channel_id:
        return None
    text = channel_id.strip()
    if len(text) > _MAX_CHANNEL_ID_LEN:
        return None
    text += "=" * (-len(text) % 4)
    raw: bytes | None = None
    for altchars in (None, b"-_"):
        try:
            raw = base64.b64decode(text, altchars=altchars, validate=True)
            break
        except (binascii.Error, ValueError):
            continue
    if raw is None:
        return None
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(obj, dict):
        return None
    index = obj.get("i")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        return None
    return index


def as_str(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().upper()
        if word in {"TRUE", "ON", "MUTED", "MUTE", "1"}:
            return True
        if word in {"FALSE", "OFF", "UNMUTED", "UNMUTE", "0"}:
            return False
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def _percent(value: object) -> int | None:
    number = _number(value)
    if number is None or not 0 <= number <= 100:
        return None  # Shure uses 255 and 65535 as "unknown"
    return round(number)


def _count(value: object) -> int | None:
    number = _number(value)
    if number is None or number < 0 or number != int(number):
        return None
    return int(number)


def first_field(payload: object, *keys: str) -> object:
    """First present key of a mapping payload, or the payload itself if bare."""
    if isinstance(payload, Mapping):
        for key in keys:
            if key in payload:
                return payload[key]
        return None
    return payload


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def unwrap_list(payload: object) -> tuple[list[object], str | None]:
    """Items of a list payload and the cursor of the next page, if any.

    Accepts a bare array, ``{"items": [...]}`` and the relay shape
    ``{"pageInfo": {...}, "edges": [{"cursor": ..., "node": {...}}]}``.
    """
    if isinstance(payload, list):
        return list(payload), None
    if not isinstance(payload, Mapping):
        raise BadPayloadError(f"expected a list, got {type(payload).__name__}")
    if isinstance(items := payload.get("items"), list):
        return list(items), None
    edges = payload.get("edges")
    if not isinstance(edges, list):
        raise BadPayloadError(f"unknown list shape with keys {sorted(payload)[:8]}")
    nodes = [edge.get("node") if isinstance(edge, Mapping) else None for edge in edges]
    page_info = payload.get("pageInfo")
    if page_info is None:
        return nodes, None
    if not isinstance(page_info, Mapping):
        raise BadPayloadError("pageInfo is not an object")
    if page_info.get("hasNextPage") is not True:
        return nodes, None
    cursor = as_str(page_info.get("endCursor"))
    if cursor is None and edges and isinstance(edges[-1], Mapping):
        cursor = as_str(edges[-1].get("cursor"))
    if cursor is None:
        raise BadPayloadError("hasNextPage without a cursor")
    return nodes, cursor


def parse_device_node(node: object) -> ApiDevice | None:
    """An :class:`ApiDevice` from a device node; ``None`` without an identity."""
    if not isinstance(node, Mapping):
        return None
    hardware = _mapping(node.get("hardwareIdentity"))
    device_id = as_str(hardware.get("deviceId"))
    if device_id is None:
        return None
    software = _mapping(node.get("softwareIdentity"))
    protocol = _mapping(node.get("communicationProtocol"))
    raw_caps = node.get("capabilities")
    caps = raw_caps if isinstance(raw_caps, list) else []
    firmware_valid = software.get("firmwareValid")
    return ApiDevice(
        device_id=device_id,
        serial=as_str(hardware.get("serialNumber")),
        model=as_str(software.get("model")),
        firmware=as_str(software.get("firmwareVersion")),
        firmware_valid=firmware_valid if isinstance(firmware_valid, bool) else None,
        state=DeviceState.parse(node.get("deviceState")),
        compatibility=Compatibility.parse(node.get("compatibility")),
        protocol_name=as_str(protocol.get("name")),
        protocol_address=as_str(protocol.get("address")),
        capabilities=frozenset(c.strip().lower() for c in caps if isinstance(c, str)),
        name=as_str(node.get("name")),
    )


def parse_battery_level(payload: object) -> ApiBattery:
    """Battery level, charge state and time to target state."""
    data = _mapping(payload)
    status = _mapping(data.get("status"))
    return ApiBattery(
        percentage=_percent(data.get("percentage")),
        current_state=as_str(status.get("currentState")),
        target_state=as_str(status.get("targetState")),
        minutes_to_target=parse_duration_minutes(status.get("timeToTargetState")),
    )


def parse_battery_health(payload: object) -> tuple[int | None, int | None]:
    """Battery health percentage and charge cycle count."""
    data = _mapping(payload)
    return _percent(data.get("percentage")), _count(data.get("cycleCount"))


def parse_name(payload: object) -> str | None:
    """A device or channel name (``{"name": ...}`` or a bare string)."""
    return as_str(first_field(payload, "name", "value"))


def parse_mute(payload: object) -> bool | None:
    """A mute state (``{"mute": true}``, ``muted``, ``value`` or ``ON``/``OFF``)."""
    return _bool(first_field(payload, "mute", "muted", "value", "state"))


def parse_gain(payload: object) -> float | None:
    """A channel gain in dB."""
    return _number(first_field(payload, "gain", "gainDb", "value"))


def parse_activity(payload: object) -> ChannelActivity | None:
    """A channel's audio activity (LOW/GOOD/CLIPPING)."""
    return ChannelActivity.parse(first_field(payload, "activity", "level", "value"))


def parse_uptime(payload: object) -> int | None:
    """Uptime in whole seconds (ISO-8601 duration or plain seconds)."""
    seconds = parse_duration_seconds(first_field(payload, "uptime", "seconds", "value"))
    return None if seconds is None else int(seconds)


def parse_channel_entry(entry: object) -> ApiChannel | None:
    """A channel from an ``audio-channels`` list entry (an id or an object)."""
    data = entry if isinstance(entry, Mapping) else {"id": entry}
    channel_id = as_str(data.get("id"))
    if channel_id is None:
        return None
    index = decode_channel_index(channel_id)
    raw_index = _count(data.get("index"))
    return ApiChannel(
        id=channel_id,
        index=index if index is not None else raw_index,
        name=parse_name(data["name"]) if "name" in data else None,
        muted=parse_mute(data["mute"]) if "mute" in data else None,
        gain_db=parse_gain(data["gain"]) if "gain" in data else None,
        activity=parse_activity(data["activity"]) if "activity" in data else None,
    )


def parse_retry_after(
    value: str | None, now: dt.datetime | None = None
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if value is None or not (text := value.strip()):
        return None
    number = _number(text)
    if number is not None:
        return number if number >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
