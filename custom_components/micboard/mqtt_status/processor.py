"""The MQTT status processor (docs/mqtt-status.md).

Topic `<prefix>/<user_identifier>/<device_code>/status`, or
`<prefix>/<user_identifier>/status` with "device_code" in the payload; payload
a JSON object with `status` (online|offline|warning|error) and optional,
null-safe `temperature`, `humidity`, `latitude`, `longitude`.

A message is applied whole or not at all: one invalid field rejects the
message, so valid state is never overwritten by an invalid value. Every
rejection is counted by reason and logged at most once a minute per reason;
nothing here raises on bad input.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
import json
import math
import time
from typing import Any

from homeassistant.core import HomeAssistant, callback

from ..const import LOGGER
from ..live.directory import LiveDirectory
from ..live.groups import GroupStore
from ..live.serialization import code_key, iso_now

MAX_PAYLOAD_BYTES = 64 * 1024
STATUSES = frozenset({"online", "offline", "warning", "error"})
RANGES: dict[str, tuple[float, float]] = {
    "temperature": (-50.0, 150.0),
    "humidity": (0.0, 100.0),
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
}
"""Accepted ranges (inclusive): °C, %, degrees."""
LOG_INTERVAL = 60.0
"""Seconds between two log lines about the same rejection reason."""
USER_INDEX_MIN_REFRESH = 2.0
"""An unknown user_identifier rebuilds the user index at most this often (s)."""
MAX_DEFERRED = 100
"""Messages held at most while the user index is rebuilt; more are rejected."""


class Rejection(StrEnum):
    """Why a message was not applied (the diagnostics counter names)."""

    PAYLOAD_TOO_LARGE = "payload_too_large"
    INVALID_TOPIC = "invalid_topic"
    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    MISSING_DEVICE_CODE = "missing_device_code"
    UNKNOWN_STATUS = "unknown_status"
    INVALID_VALUE = "invalid_value"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_DEVICE = "unknown_device"
    FORBIDDEN = "forbidden"


class RejectedError(Exception):
    """A message failed validation (internal: never leaves the processor)."""

    def __init__(self, reason: Rejection, detail: str) -> None:
        """Keep the reason and a short detail for the log."""
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """A valid, parsed status message (not yet checked against devices/users)."""

    user_identifier: str
    device_code: str
    status: str
    values: dict[str, float]
    """Numeric fields present and non-null, validated."""


def _number(name: str, value: Any) -> float:
    """A finite number within the field's range, else Rejected."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RejectedError(Rejection.INVALID_VALUE, f"{name} is not a number")
    low, high = RANGES[name]
    if isinstance(value, int):
        if not low <= value <= high:  # compare ints exactly: no float overflow
            raise RejectedError(Rejection.OUT_OF_RANGE, f"{name} out of range")
        return float(value)
    if not math.isfinite(value) or not low <= value <= high:
        raise RejectedError(Rejection.OUT_OF_RANGE, f"{name} out of range")
    return value


def parse_topic(prefix: str, topic: str) -> tuple[str, str | None]:
    """(user_identifier, device_code or None) from a status topic."""
    head = f"{prefix}/"
    if not topic.startswith(head) or not topic.endswith("/status"):
        raise RejectedError(Rejection.INVALID_TOPIC, "not a status topic")
    parts = topic[len(head) : -len("/status")].split("/")
    if len(parts) == 1 and parts[0]:
        return parts[0], None
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    raise RejectedError(Rejection.INVALID_TOPIC, "unexpected topic levels")


def parse_message(
    prefix: str, topic: str, payload: bytes | bytearray | str
) -> StatusMessage:
    """Validate topic and payload on their own; raise Rejected."""
    raw = (
        payload.encode("utf-8", "surrogatepass")
        if isinstance(payload, str)
        else payload
    )
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise RejectedError(Rejection.PAYLOAD_TOO_LARGE, f"{len(raw)} bytes")
    user_identifier, topic_code = parse_topic(prefix, topic)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise RejectedError(Rejection.INVALID_JSON, type(err).__name__) from None
    if not isinstance(data, dict):
        raise RejectedError(Rejection.NOT_AN_OBJECT, type(data).__name__)
    payload_code = data.get("device_code")
    if payload_code is not None and not isinstance(payload_code, str):
        raise RejectedError(Rejection.INVALID_VALUE, "device_code is not a string")
    if (
        topic_code is not None
        and payload_code
        and (code_key(payload_code) != code_key(topic_code))
    ):
        raise RejectedError(
            Rejection.INVALID_VALUE, "device_code differs from the topic"
        )
    device_code = topic_code or (payload_code or "").strip()
    if not device_code:
        raise RejectedError(Rejection.MISSING_DEVICE_CODE, "no device_code")
    status = data.get("status")
    if not isinstance(status, str) or status not in STATUSES:
        raise RejectedError(Rejection.UNKNOWN_STATUS, "status missing or unknown")
    values = {
        name: _number(name, data[name]) for name in RANGES if data.get(name) is not None
    }
    return StatusMessage(user_identifier, device_code, status, values)


@dataclass
class Outcome:
    """What happened to one message (for tests and callers)."""

    accepted: bool
    reason: Rejection | None = None
    device_code: str | None = None
    changed: frozenset[str] = frozenset()
    deferred: bool = False
    """Held until the user index is rebuilt (an unknown user_identifier)."""


class _UnknownUserError(Exception):
    """The user_identifier is not in the user index (maybe a brand-new user)."""


class StatusProcessor:
    """Applies MQTT status messages to the live directory's telemetry."""

    def __init__(
        self,
        hass: HomeAssistant,
        prefix: str,
        directory: LiveDirectory,
        groups: GroupStore,
    ) -> None:
        """Process messages under `prefix` for the devices in `directory`."""
        self.hass = hass
        self.prefix = prefix
        self.directory = directory
        self.groups = groups
        self.accepted = 0
        self.rejected: Counter[Rejection] = Counter()
        self.last_accepted: str | None = None
        self._logged_at: dict[Rejection, float] = {}
        self._unlogged: Counter[Rejection] = Counter()
        self._listeners: list[Callable[[], None]] = []
        self._deferred: list[tuple[str, bytes | bytearray | str]] = []
        self._refreshing: asyncio.Task[None] | None = None
        self._last_refresh = float("-inf")

    @property
    def received(self) -> int:
        """Every message decided so far: accepted + rejected."""
        return self.accepted + self.rejected.total()

    @property
    def pending(self) -> int:
        """Messages held while the user index is rebuilt."""
        return len(self._deferred)

    def counters(self) -> dict[str, Any]:
        """Accepted and rejected (by reason) counts, for diagnostics."""
        return {
            "received": self.received,
            "accepted": self.accepted,
            "rejected": self.rejected.total(),
            "rejected_by_reason": {r.value: self.rejected[r] for r in Rejection},
            "last_accepted": self.last_accepted,
        }

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Hear about every processed message (counters changed)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def process(
        self, topic: str, payload: bytes | bytearray | str, *, replay: bool = False
    ) -> Outcome:
        """Validate and apply one message; never raises on bad input.

        A user_identifier missing from the user index holds the message while
        the index is rebuilt (at most every USER_INDEX_MIN_REFRESH seconds,
        at most MAX_DEFERRED messages), then decides it.
        """
        try:
            outcome = self._apply(parse_message(self.prefix, topic, payload), replay)
        except _UnknownUserError:
            self._defer(topic, payload)
            return Outcome(accepted=False, deferred=True)
        except RejectedError as err:
            self.rejected[err.reason] += 1
            self._log(err.reason, topic, str(err))
            outcome = Outcome(accepted=False, reason=err.reason)
        for listener in list(self._listeners):
            listener()
        return outcome

    def _apply(self, message: StatusMessage, replay: bool) -> Outcome:
        directory = self.directory
        code = directory.code_of(message.device_code)
        if code is None:
            raise RejectedError(Rejection.UNKNOWN_DEVICE, message.device_code)
        user = self.groups.user_for(message.user_identifier)
        if user is None and not replay and self._may_defer():
            raise _UnknownUserError
        if not self.groups.view(user).can_see(code_key(code)):
            raise RejectedError(Rejection.FORBIDDEN, "user may not see the device")
        now = iso_now()
        values: dict[str, Any] = {
            "status": message.status,
            "last_seen": now,
            **message.values,
        }
        changed = directory.set_telemetry(code, values)
        self.accepted += 1
        self.last_accepted = now
        return Outcome(accepted=True, device_code=code, changed=changed)

    def _may_defer(self) -> bool:
        if len(self._deferred) >= MAX_DEFERRED:
            return False
        if self._refreshing is not None:
            return True
        return time.monotonic() - self._last_refresh > USER_INDEX_MIN_REFRESH

    def _defer(self, topic: str, payload: bytes | bytearray | str) -> None:
        self._deferred.append((topic, payload))
        if self._refreshing is None:
            self._last_refresh = time.monotonic()
            self._refreshing = self.hass.async_create_task(
                self._refresh_and_replay(), eager_start=False
            )

    async def _refresh_and_replay(self) -> None:
        try:
            await self.groups.async_refresh_users()
        finally:
            deferred, self._deferred = self._deferred, []
            self._refreshing = None
            for topic, payload in deferred:
                self.process(topic, payload, replay=True)

    def _log(self, reason: Rejection, topic: str, detail: str) -> None:
        now = time.monotonic()
        last = self._logged_at.get(reason)
        if last is not None and now - last < LOG_INTERVAL:
            self._unlogged[reason] += 1
            return
        self._logged_at[reason] = now
        skipped = self._unlogged.pop(reason, 0)
        LOGGER.warning(
            "Rejected MQTT status message on %s (%s: %s)%s",
            topic[:200],
            reason.value,
            detail[:200],
            f"; {skipped} more rejected for this reason since the last log"
            if skipped
            else "",
        )
