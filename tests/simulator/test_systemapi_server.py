"""The System API simulator, checked with plain aiohttp (not our client)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import hashlib
import json
import ssl
from typing import Any

import aiohttp
import pytest

from simulator.systemapi import SystemApiSimulator, build_fleet
from simulator.systemapi.devices import make_channel_id

pytestmark = pytest.mark.usefixtures("socket_enabled")
KEY = {"x-api-key": "secret"}


@asynccontextmanager
async def served(
    **options: Any,
) -> AsyncIterator[tuple[SystemApiSimulator, aiohttp.ClientSession]]:
    """A simulator and a session that trusts nothing but does not verify."""
    options.setdefault("seed", 3)
    async with (
        SystemApiSimulator(api_key="secret", **options) as sim,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session,
    ):
        yield sim, session


async def _get(session: aiohttp.ClientSession, url: str, **kw: Any) -> tuple[int, Any]:
    async with session.get(url, headers=kw.pop("headers", KEY), **kw) as resp:
        text = await resp.text()
        return resp.status, json.loads(text) if text else None


async def _peer_fingerprint(port: int) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    _, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
    der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    writer.close()
    await writer.wait_closed()
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def test_fleet_is_seeded_and_varied() -> None:
    """Same seed, same fleet; models with and without battery; one offline,
    one incompatible."""
    first = build_fleet(6, 1)
    again = build_fleet(6, 1)
    assert [d.device_id for d in first] == [d.device_id for d in again]
    assert [d.device_id for d in build_fleet(6, 2)] != [d.device_id for d in first]
    assert [d.model for d in first] == [
        "ADTQ",
        "ADTD",
        "MXWAPT4",
        "P300",
        "ADTD",
        "SLXD4",
    ]
    assert [d.state for d in first].count("OFFLINE") == 1
    assert [d.compatibility for d in first].count("INCOMPATIBLE_TOO_OLD") == 1
    assert "battery-level" in first[0].capabilities
    assert "battery-level" not in first[2].capabilities
    assert len(build_fleet(11, 1)) == 11
    channel = json.loads(base64.b64decode(make_channel_id("ADTQ", 2)))
    assert channel == {"t": "AudioChannel", "c": "ADTQ", "v": 131088, "s": "CH", "i": 2}


async def test_auth_is_checked() -> None:
    """No or wrong key -> 401 with the documented body."""
    async with served() as (sim, session):
        for headers in ({}, {"x-api-key": "nope"}):
            status, body = await _get(session, f"{sim.url}/devices", headers=headers)
            assert status == 401
            assert body == {"title": "Request Unauthorized.", "status": 401}
        status, _ = await _get(session, f"{sim.url}/devices")
        assert status == 200
        sim.faults.unauthorized = True
        assert (await _get(session, f"{sim.url}/devices"))[0] == 401


async def test_shapes_and_pagination() -> None:
    """edges with cursors, array, items; bad cursor is 400."""
    async with served(page_size=4) as (sim, session):
        status, page = await _get(session, f"{sim.url}/devices")
        assert status == 200
        assert len(page["edges"]) == 4
        assert page["pageInfo"]["hasNextPage"] is True
        cursor = page["pageInfo"]["endCursor"]
        _, rest = await _get(session, f"{sim.url}/devices", params={"after": cursor})
        assert len(rest["edges"]) == 2
        assert rest["pageInfo"]["hasNextPage"] is False
        _, small = await _get(session, f"{sim.url}/devices", params={"first": "1"})
        assert len(small["edges"]) == 1
        assert (await _get(session, f"{sim.url}/devices", params={"after": "%%"}))[
            0
        ] == 400
        sim.shape = "array"
        _, array = await _get(session, f"{sim.url}/devices")
        assert isinstance(array, list)
        assert len(array) == 6
        sim.shape = "items"
        _, items = await _get(session, f"{sim.url}/devices")
        assert len(items["items"]) == 6
    with pytest.raises(ValueError, match="shape"):
        SystemApiSimulator(shape="xml")  # type: ignore[arg-type]


async def test_features_follow_capabilities() -> None:
    """Offered features answer; others, unknown devices and channels 404."""
    async with served() as (sim, session):
        adtq = sim.device("ADTQ-1")
        p300 = sim.device("p300-4")
        base = f"{sim.url}/devices"
        status, level = await _get(session, f"{base}/{adtq.device_id}/battery-level")
        assert status == 200
        assert level["percentage"] == adtq.battery_percent
        assert level["status"]["timeToTargetState"] == f"PT{adtq.battery_minutes}M"
        assert (await _get(session, f"{base}/{p300.device_id}/battery-level"))[0] == 404
        assert (await _get(session, f"{base}/nope/name"))[0] == 404
        assert (await _get(session, f"{base}/nope"))[0] == 404
        assert (await _get(session, f"{base}/{adtq.device_id}"))[1] == adtq.node()
        _, channels = await _get(session, f"{base}/{adtq.device_id}/audio-channels")
        assert [c["id"] for c in channels] == [c.id for c in adtq.channels]
        cid = channels[1]["id"]
        _, gain = await _get(
            session, f"{base}/{adtq.device_id}/audio-channels/{cid}/gain"
        )
        assert gain == {"id": cid, "gain": adtq.channels[1].gain}
        assert (
            await _get(session, f"{base}/{adtq.device_id}/audio-channels/{cid}/bogus")
        )[0] == 404
        assert (
            await _get(session, f"{base}/{adtq.device_id}/audio-channels/xyz/name")
        )[0] == 404
        _, uptime = await _get(session, f"{base}/{adtq.device_id}/uptime")
        assert uptime["uptime"].startswith("PT")
        adtq.missing_features.add("uptime")
        assert (await _get(session, f"{base}/{adtq.device_id}/uptime"))[0] == 404
        assert (await _get(session, f"{base}/{adtq.device_id}/identify"))[0] == 200
        with pytest.raises(KeyError):
            sim.device("nobody")


async def test_etags() -> None:
    """Matching If-None-Match gives 304 with no body; changes change the tag."""
    async with served() as (sim, session):
        url = f"{sim.url}/devices"
        async with session.get(url, headers=KEY) as resp:
            etag = resp.headers["ETag"]
        headers = {**KEY, "If-None-Match": etag}
        async with session.get(url, headers=headers) as resp:
            assert resp.status == 304
            assert await resp.read() == b""
        assert sim.stats.not_modified == 1
        sim.device("ADTQ-1").set_state("OFFLINE")
        async with session.get(url, headers=headers) as resp:
            assert resp.status == 200
            assert resp.headers["ETag"] != etag


async def test_faults() -> None:
    """Every fault switch does what it says, and clear() undoes them."""
    async with served() as (sim, session):
        url = f"{sim.url}/devices"
        sim.faults.server_error = True
        assert (await _get(session, url))[0] == 500
        sim.faults.clear()
        sim.faults.html_200 = True
        async with session.get(url, headers=KEY) as resp:
            assert resp.status == 200
            assert resp.content_type == "text/html"
        sim.faults.clear()
        sim.faults.malformed_json = True
        async with session.get(url, headers=KEY) as resp:
            with pytest.raises(json.JSONDecodeError):
                json.loads(await resp.text())
        sim.faults.clear()
        sim.faults.rate_limited(7)
        async with session.get(url, headers=KEY) as resp:
            assert resp.status == 429
            assert resp.headers["Retry-After"] == "7"
        sim.faults.rate_limited(None, status=503)
        async with session.get(url, headers=KEY) as resp:
            assert resp.status == 503
            assert "Retry-After" not in resp.headers
        sim.faults.clear()
        sim.faults.slow = 0.3
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert (await _get(session, url))[0] == 200
        assert loop.time() - started >= 0.3
        sim.faults.clear()
        sim.faults.overrides["/devices"] = {"weird": True}
        assert (await _get(session, url))[1] == {"weird": True}
        sim.faults.status_overrides["/devices"] = 418
        assert (await _get(session, url))[0] == 418
        sim.faults.clear()
        assert sim.faults.overrides == {}
        assert (await _get(session, f"{sim.url}/no/such/route"))[0] == 404


async def test_stats_count_requests_and_bytes() -> None:
    """Stats count requests, statuses and body bytes; reset() zeroes them."""
    async with served() as (sim, session):
        async with session.get(f"{sim.url}/devices", headers=KEY) as resp:
            body = await resp.read()
        await _get(session, f"{sim.url}/devices", headers={})
        assert sim.stats.requests == 2
        assert sim.stats.by_status[200] == 1
        assert sim.stats.by_status[401] == 1
        assert sim.stats.bytes_sent >= len(body)
        sim.stats.reset()
        assert sim.stats.requests == 0
        assert sim.stats.by_path == {}


async def test_empty_json_post_is_rejected() -> None:
    """Like the real service: Content-Type JSON with no body is a 400."""
    async with served() as (sim, session):
        url = f"{sim.url}/devices/subscription/unknown"
        headers = {**KEY, "Content-Type": "application/json"}
        async with session.post(url, headers=headers) as resp:
            assert resp.status == 400
        async with session.post(url, headers=KEY) as resp:
            assert resp.status == 404  # unknown transport


async def test_websocket_subscriptions_and_events() -> None:
    """transportId first; only subscribed events arrive, in envelopes."""
    async with served() as (sim, session):
        adtq = sim.device("ADTQ-1")
        ws_url = f"{sim.url}/subscriptions/websocket/create"
        async with session.ws_connect(ws_url, headers=KEY) as ws:
            hello = await ws.receive_json(timeout=5)
            tid = hello["transportId"]
            assert sim.websocket_count == 1
            base = f"{sim.url}/devices"
            async with session.post(f"{base}/subscription/{tid}", headers=KEY) as resp:
                assert resp.status == 200
            sub = f"{base}/{adtq.device_id}/battery-level/subscription/{tid}"
            async with session.post(sub, headers=KEY) as resp:
                assert resp.status == 204
            bad = f"{base}/{sim.device('P300-4').device_id}/battery-level/subscription/{tid}"
            async with session.post(bad, headers=KEY) as resp:
                assert resp.status == 404
            adtq.set_name("not subscribed")
            adtq.set_battery(percentage=3)
            message = await ws.receive_json(timeout=5)
            assert message["envelope"] == {
                "eventName": "DEVICE_BATTERY_LEVEL",
                "deviceId": adtq.device_id,
            }
            assert message["body"]["percentage"] == 3
            adtq.set_state("OFFLINE")
            message = await ws.receive_json(timeout=5)
            assert message["envelope"]["eventName"] == "DEVICE_STATE_CHANGE"
            assert message["body"]["deviceState"] == "OFFLINE"
            sim.emit_raw("raw text")
            assert (await ws.receive(timeout=5)).data == "raw text"
            await sim.drop_websockets()
            closing = await ws.receive(timeout=5)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        await asyncio.sleep(0)
        assert sim.websocket_count == 0


async def test_channel_events_carry_channel_id() -> None:
    """Channel changes emit one event per field with audioChannelId."""
    async with served() as (sim, session):
        dev = sim.device("ADTD-2")
        events: list[Any] = []
        dev.listener = events.append
        dev.set_channel(1, name="Vox", gain=-2.0)
        dev.set_battery_health(percentage=50, cycle_count=9)
        dev.set_mute(True)
        assert [e.name for e in events] == [
            "AUDIO_CHANNEL_NAME",
            "AUDIO_CHANNEL_GAIN",
            "DEVICE_BATTERY_HEALTH",
            "DEVICE_AUDIO_MUTE",
        ]
        assert events[0].message()["envelope"]["audioChannelId"] == dev.channels[1].id
        assert events[1].body == {"id": dev.channels[1].id, "gain": -2.0}
        assert events[2].body == {"percentage": 50, "cycleCount": 9}
        with pytest.raises(KeyError):
            dev.set_channel(9, mute=True)
        assert session is not None


async def test_rotate_certificate_changes_fingerprint() -> None:
    """The next handshake presents the new certificate."""
    async with served() as (sim, _session):
        assert await _peer_fingerprint(sim.port) == sim.fingerprint
        old = sim.fingerprint
        new = await sim.rotate_certificate()
        assert new == sim.fingerprint != old
        assert await _peer_fingerprint(sim.port) == new
        assert b"BEGIN CERTIFICATE" in sim.certificate_pem


async def test_add_remove_devices_and_drift() -> None:
    """Devices can be added/removed; drift mode pushes changes by itself."""
    async with served(drift_interval=0.02, devices=2) as (sim, _session):
        added = sim.add_device("P300", battery=False, channels=1)
        assert added in sim.devices
        assert added.device_id not in {d.device_id for d in sim.devices[:2]}
        events: list[Any] = []
        seen = asyncio.Event()

        def record(event: Any) -> None:
            events.append(event)
            seen.set()

        for device in sim.devices:
            device.listener = record
        async with asyncio.timeout(5):
            await seen.wait()
        assert events[0].name in {"DEVICE_BATTERY_LEVEL", "AUDIO_CHANNEL_ACTIVITY"}
        sim.remove_device(added.device_id)
        assert added not in sim.devices


async def test_not_started_and_bad_port() -> None:
    """Addresses need a started server; a taken port raises OSError."""
    sim = SystemApiSimulator()
    with pytest.raises(RuntimeError):
        _ = sim.port
    with pytest.raises(RuntimeError):
        _ = sim.fingerprint
    with pytest.raises(RuntimeError):
        _ = sim.certificate_pem
    async with SystemApiSimulator(seed=1) as first:
        second = SystemApiSimulator(port=first.port)
        with pytest.raises(OSError, match="address already in use"):
            await second.start()
        assert second._runner is None
        assert first.url.startswith("https://127.0.0.1:")
