"""The MQTT status processor, fed directly (no broker): rules and a fuzz test."""

from __future__ import annotations

import json
import math
from typing import Any

from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockUser

from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.directory import live_directory
from custom_components.micboard.live.groups import group_store
from custom_components.micboard.mqtt_status.processor import (
    MAX_DEFERRED,
    RANGES,
    Rejection,
    StatusProcessor,
)

from ..broker import fake_devices

CODES = ("RX-1", "RX-2", "RX-3")


@pytest.fixture
async def processor(
    hass: HomeAssistant, hass_admin_user: MockUser, hass_read_only_user: MockUser
) -> StatusProcessor:
    """A processor on prefix `micboard` with three devices and an indexed user list."""
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()
    fake_devices(hass, *CODES)
    groups = group_store(hass)
    groups.save("A", ["RX-1"], [hass_read_only_user.id])
    await groups.async_refresh_users()
    return StatusProcessor(hass, "micboard", live_directory(hass), groups)


def _topic(user: str, code: str | None = "RX-1") -> str:
    return f"micboard/{user}/{code}/status" if code else f"micboard/{user}/status"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{", Rejection.INVALID_JSON),
        (b"\xff\xfe\x00", Rejection.INVALID_JSON),
        (b"[" * 70_000, Rejection.PAYLOAD_TOO_LARGE),
        (b"[" * 60_000 + b"]" * 60, Rejection.INVALID_JSON),
        (b"[1]", Rejection.NOT_AN_OBJECT),
        (b'"online"', Rejection.NOT_AN_OBJECT),
        (b"{}", Rejection.UNKNOWN_STATUS),
        (b'{"status": "sleeping"}', Rejection.UNKNOWN_STATUS),
        (b'{"status": 1}', Rejection.UNKNOWN_STATUS),
        (b'{"status": "online", "temperature": "hot"}', Rejection.INVALID_VALUE),
        (b'{"status": "online", "temperature": true}', Rejection.INVALID_VALUE),
        (b'{"status": "online", "humidity": 101}', Rejection.OUT_OF_RANGE),
        (b'{"status": "online", "temperature": NaN}', Rejection.OUT_OF_RANGE),
        (b'{"status": "online", "latitude": Infinity}', Rejection.OUT_OF_RANGE),
        (b'{"status": "online", "longitude": 1e400}', Rejection.OUT_OF_RANGE),
        (
            b'{"status": "online", "latitude": 1' + b"0" * 400 + b"}",
            Rejection.OUT_OF_RANGE,
        ),
        (b'{"status": "online", "device_code": "RX-2"}', Rejection.INVALID_VALUE),
        (b'{"status": "online", "device_code": 5}', Rejection.INVALID_VALUE),
    ],
)
async def test_rejections(
    processor: StatusProcessor,
    hass_admin_user: MockUser,
    payload: bytes,
    reason: Rejection,
) -> None:
    """Each bad message is rejected for its reason and changes nothing."""
    outcome = processor.process(_topic(hass_admin_user.id), payload)
    assert not outcome.accepted
    assert outcome.reason is reason
    assert processor.rejected == {reason: 1}
    assert live_directory(processor.hass).telemetry("RX-1") == {}


async def test_topic_and_device_rules(
    processor: StatusProcessor,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """Topic shapes, missing or unknown codes and users who may not see a device."""
    ok = json.dumps({"status": "online"})
    admin = hass_admin_user.id
    cases = [
        ("other/x/RX-1/status", Rejection.INVALID_TOPIC),
        (f"micboard/{admin}/RX-1/a/status", Rejection.INVALID_TOPIC),
        ("micboard//RX-1/status", Rejection.INVALID_TOPIC),
        (f"micboard/{admin}/RX-1/state", Rejection.INVALID_TOPIC),
        (_topic(admin, None), Rejection.MISSING_DEVICE_CODE),
        (_topic(admin, "RX-9"), Rejection.UNKNOWN_DEVICE),
        (_topic(hass_read_only_user.id, "RX-2"), Rejection.FORBIDDEN),
    ]
    for topic, reason in cases:
        assert processor.process(topic, ok).reason is reason, topic
    assert processor.process(_topic(hass_read_only_user.id, "rx-1"), ok).accepted
    assert processor.process(_topic(admin, "RX-3"), ok).accepted
    outcome = processor.process(
        _topic(admin, None), json.dumps({"status": "error", "device_code": " rx-2 "})
    )
    assert outcome.accepted
    assert outcome.device_code == "RX-2"
    assert processor.counters()["received"] == len(cases) + 3


async def test_null_and_missing_fields_leave_old_values(
    processor: StatusProcessor, hass_admin_user: MockUser
) -> None:
    """Only present, non-null fields change; last_seen changes every time."""
    topic = _topic(hass_admin_user.id)
    directory = live_directory(processor.hass)
    full = {"status": "online", "temperature": 20, "humidity": 30.5}
    assert processor.process(topic, json.dumps(full)).accepted
    first_seen = directory.telemetry("RX-1")["last_seen"]
    outcome = processor.process(
        topic, json.dumps({"status": "warning", "temperature": None})
    )
    assert outcome.accepted
    telemetry = directory.telemetry("RX-1")
    assert telemetry["temperature"] == 20
    assert telemetry["humidity"] == 30.5
    assert telemetry["status"] == "warning"
    assert telemetry["last_seen"] >= first_seen
    device = directory.get("rx-1")
    assert device is not None
    assert device["temperature"] == 20
    assert device["status"] == "warning"


async def test_new_user_is_found_after_the_index_is_rebuilt(
    hass: HomeAssistant, processor: StatusProcessor
) -> None:
    """An unknown user_identifier holds the message until the users are re-read."""
    admins = await hass.auth.async_get_group(GROUP_ID_ADMIN)
    late = MockUser(groups=[admins]).add_to_hass(hass)
    outcome = processor.process(_topic(late.id), json.dumps({"status": "online"}))
    assert outcome.deferred
    assert processor.pending == 1
    await hass.async_block_till_done()
    assert processor.pending == 0
    assert processor.accepted == 1
    # Right after a rebuild an unknown user is rejected at once.
    outcome = processor.process(_topic("ghost"), json.dumps({"status": "online"}))
    assert outcome.reason is Rejection.FORBIDDEN


async def test_deferred_messages_are_bounded(
    hass: HomeAssistant, processor: StatusProcessor
) -> None:
    """Past MAX_DEFERRED held messages, unknown users are rejected at once."""
    body = json.dumps({"status": "online"})
    outcomes = [
        processor.process(_topic(f"ghost{n}"), body) for n in range(MAX_DEFERRED + 5)
    ]
    assert sum(o.deferred for o in outcomes) == MAX_DEFERRED
    assert processor.rejected[Rejection.FORBIDDEN] == 5
    await hass.async_block_till_done()
    assert processor.rejected[Rejection.FORBIDDEN] == MAX_DEFERRED + 5
    assert processor.accepted == 0


async def test_rejections_are_logged_at_most_once_a_minute_per_reason(
    processor: StatusProcessor,
    hass_admin_user: MockUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A flood of garbage is one log line (then a count of what was skipped)."""
    for _ in range(50):
        processor.process(_topic(hass_admin_user.id), b"garbage")
    lines = [r for r in caplog.records if "Rejected MQTT status" in r.getMessage()]
    assert len(lines) == 1
    processor._logged_at.clear()
    processor.process(_topic(hass_admin_user.id), b"garbage")
    lines = [r for r in caplog.records if "Rejected MQTT status" in r.getMessage()]
    assert "49 more rejected" in lines[-1].getMessage()


# Fuzz: >= 2000 random messages straight into the processor.

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
HUGE = b'{"status": "online", "pad": "' + b"x" * (1 << 20) + b'"}'


def _payloads(users: list[str]) -> st.SearchStrategy[bytes | str]:
    fields = st.fixed_dictionaries(
        {},
        optional={
            "status": st.one_of(
                st.sampled_from(["online", "offline", "warning", "error"]), VALUES
            ),
            "temperature": st.one_of(st.floats(-60, 160), VALUES),
            "humidity": st.one_of(st.floats(-5, 105), VALUES),
            "latitude": st.one_of(st.floats(-95, 95), VALUES),
            "longitude": st.one_of(st.floats(-185, 185), VALUES),
            "device_code": st.one_of(st.sampled_from([*CODES, "rx-2", "NOPE"]), VALUES),
        },
    )
    as_json = fields.map(lambda d: json.dumps(d, allow_nan=True))
    return st.one_of(
        as_json,
        as_json.map(str.encode),
        st.binary(max_size=64),
        st.text(max_size=64),
        st.lists(VALUES, max_size=3).map(json.dumps),
        st.just(HUGE),
        st.just(b"1" * 5000),
    )


def _topics(users: list[str]) -> st.SearchStrategy[str]:
    user = st.one_of(st.sampled_from(users), st.text(max_size=8))
    code = st.one_of(st.sampled_from([*CODES, "rx-3", "NOPE"]), st.text(max_size=8))
    return st.one_of(
        st.builds(lambda u, c: f"micboard/{u}/{c}/status", user, code),
        st.builds(lambda u: f"micboard/{u}/status", user),
        st.text(max_size=30),
    )


def _messages(users: list[str]) -> st.SearchStrategy[tuple[str, bytes | str]]:
    return st.tuples(_topics(users), _payloads(users))


def _nearly_valid(users: list[str]) -> st.SearchStrategy[tuple[str, bytes | str]]:
    """Valid messages, some with one field replaced by something invalid."""
    in_range = {
        name: st.one_of(st.none(), st.floats(low, high))
        for name, (low, high) in RANGES.items()
    }
    body = st.fixed_dictionaries(
        {"status": st.sampled_from(["online", "offline", "warning", "error"])},
        optional=in_range,
    )
    spoiled = st.tuples(body, st.sampled_from(list(RANGES)), VALUES).map(
        lambda t: {**t[0], t[1]: t[2]}
    )
    topic = st.builds(
        lambda u, c: f"micboard/{u}/{c}/status",
        st.sampled_from(users[:3]),
        st.sampled_from([*CODES, "rx-1"]),
    )
    return st.tuples(
        topic,
        st.one_of(body, spoiled).map(lambda d: json.dumps(d, allow_nan=True)),
    )


def _expected(message: dict[str, Any]) -> dict[str, Any]:
    """What an accepted message must have set."""
    return {
        name: float(message[name]) for name in RANGES if message.get(name) is not None
    }


async def test_fuzz_never_raises_and_never_applies_invalid_fields(
    hass: HomeAssistant,
    processor: StatusProcessor,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """Random topics/payloads: no exception, every message counted, state consistent."""
    users = [hass_admin_user.id, hass_read_only_user.id, "readonly", "nobody"]
    directory = live_directory(hass)
    model: dict[str, dict[str, Any]] = {code.casefold(): {} for code in CODES}
    sent = 0
    deferred = 0

    @settings(
        max_examples=2000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(message=st.one_of(_messages(users), _nearly_valid(users)))
    def check(message: tuple[str, bytes | str]) -> None:
        topic, payload = message
        nonlocal sent, deferred
        sent += 1
        outcome = processor.process(topic, payload)
        if outcome.deferred:
            deferred += 1
            return
        if outcome.accepted:
            assert outcome.device_code is not None
            message = json.loads(payload)
            model[outcome.device_code.casefold()].update(_expected(message))
        for code in CODES:
            telemetry = directory.telemetry(code)
            for name in RANGES:
                expected = model[code.casefold()].get(name)
                value = telemetry.get(name)
                if expected is None:
                    assert value is None
                else:
                    assert value == expected
                    assert math.isfinite(value)
                    low, high = RANGES[name]
                    assert low <= value <= high

    check()
    await hass.async_block_till_done()
    assert sent >= 2000
    assert processor.accepted > 0
    assert processor.accepted + processor.rejected.total() == sent
    assert processor.pending == 0
    assert len(processor.rejected) >= 6  # many different reasons were exercised
