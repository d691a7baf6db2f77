"""Websocket push: subscriptions, typed events, reconnect and resubscribe."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
import logging
import socket
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from custom_components.micboard.shure.systemapi import (
    ApiConnectionError,
    ApiDevice,
    ApiEvent,
    AuthError,
    CertificateChangedError,
    ChannelActivity,
    DeviceState,
    EventName,
    RateLimitedError,
    SystemApiClient,
    SystemApiError,
    SystemApiEventStream,
    TlsMode,
)
from simulator.systemapi.certs import generate_certificate, server_context
from simulator.systemapi.gates import HoldPoint

from .systemapi_helpers import Harness, running, wait_for

pytestmark = pytest.mark.usefixtures("socket_enabled")


@dataclass
class Recorder:
    """Collects what the stream reports."""

    events: list[ApiEvent] = field(default_factory=list)
    states: list[bool] = field(default_factory=list)
    errors: list[SystemApiError] = field(default_factory=list)

    def named(self, name: EventName) -> list[ApiEvent]:
        """Events with this name."""
        return [e for e in self.events if e.name is name]


@asynccontextmanager
async def streaming(
    h: Harness, targets: list[ApiDevice] | None = None, **options: Any
) -> AsyncIterator[tuple[SystemApiEventStream, Recorder]]:
    """A started stream with fast timings; closed (and checked) on exit."""
    rec = Recorder()
    options = {"backoff_initial": 0.02, "backoff_max": 0.1, "jitter": 0.0} | options
    stream = SystemApiEventStream(
        h.client,
        rec.events.append,
        on_connection_change=rec.states.append,
        on_error=rec.errors.append,
        **options,
    )
    if targets is None:
        targets = await h.client.fetch_devices(with_features=False)
    stream.set_devices(targets)
    stream.start()
    try:
        yield stream, rec
    finally:
        await stream.close()
        assert not stream.connected


async def test_events_are_delivered_typed() -> None:
    """Each change in the simulator arrives as its typed event."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        assert stream.transport_id is not None
        # 4 devices x their subscribable features; nothing for the incompatible one
        adtq = h.sim.device("ADTQ-1")
        old = h.sim.device("SLXD4-6")
        assert (adtq.device_id, "battery-level") in stream.subscriptions
        assert not [s for s in stream.subscriptions if s[0] == old.device_id]
        adtq.set_battery(percentage=9, minutes_to_target=42)
        adtq.set_battery_health(percentage=77, cycle_count=5)
        adtq.set_name("IEM Drums")
        adtq.set_mute(True)
        adtq.set_channel(2, name="Bass", mute=True, gain=-4.5, activity="CLIPPING")
        h.sim.device("P300-4").set_state("OFFLINE")
        await wait_for(lambda: len(rec.events) == 9)
        level = rec.named(EventName.DEVICE_BATTERY_LEVEL)[0]
        assert level.device_id == adtq.device_id
        assert level.battery is not None
        assert (level.battery.percentage, level.battery.minutes_to_target) == (9, 42)
        health = rec.named(EventName.DEVICE_BATTERY_HEALTH)[0]
        assert health.battery is not None
        assert health.battery.health_percent == 77
        assert rec.named(EventName.DEVICE_NAME)[0].device_name == "IEM Drums"
        assert rec.named(EventName.DEVICE_AUDIO_MUTE)[0].muted is True
        assert rec.named(EventName.AUDIO_CHANNEL_NAME)[0].channel_name == "Bass"
        assert rec.named(EventName.AUDIO_CHANNEL_MUTE)[0].muted is True
        gain = rec.named(EventName.AUDIO_CHANNEL_GAIN)[0]
        assert (gain.channel_index, gain.gain_db) == (2, -4.5)
        activity = rec.named(EventName.AUDIO_CHANNEL_ACTIVITY)[0]
        assert activity.activity is ChannelActivity.CLIPPING
        state = rec.named(EventName.DEVICE_STATE_CHANGE)[0]
        assert state.state is DeviceState.OFFLINE
        assert stream.metrics.events == 9
        assert rec.states == [True]
        assert rec.errors == []


async def test_subscription_posts_have_no_json_content_type() -> None:
    """The simulator rejects an empty JSON POST (like the real service); all
    of the client's subscription POSTs succeed."""
    async with running() as h, streaming(h) as (stream, _rec):
        await wait_for(lambda: stream.connected)
        assert h.sim.stats.by_status[400] == 0
        assert stream.metrics.subscribe_failures == 0
        posts = [p for p in h.sim.stats.by_path if "/subscription/" in p]
        assert len(posts) == len(stream.subscriptions) + 1


async def test_unknown_and_malformed_messages_are_counted() -> None:
    """Unknown names and junk are counted and skipped; unknown devices pass."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        h.sim.emit_raw({"envelope": {"eventName": "DEVICE_REBOOTED", "deviceId": "x"}})
        h.sim.emit_raw("{not json")
        h.sim.emit_raw({"envelope": {"deviceId": "x"}, "body": {}})
        h.sim.emit_raw(
            [
                {
                    "envelope": {"eventName": "DEVICE_NAME", "deviceId": "ghost"},
                    "body": {"name": "Who"},
                },
                {"transportId": "late"},
            ]
        )
        await wait_for(lambda: len(rec.events) == 1)
        assert rec.events[0].device_id == "ghost"
        assert rec.events[0].device_name == "Who"
        await wait_for(lambda: stream.metrics.malformed_messages == 2)
        assert stream.metrics.unknown_events == 1


async def test_dropped_websocket_resubscribes() -> None:
    """After a drop the stream reconnects on a new transport, subscribes again
    and events flow."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        first_tid = stream.transport_id
        first_subs = stream.subscriptions
        await h.sim.drop_websockets()
        await wait_for(lambda: stream.connected and stream.transport_id != first_tid)
        assert stream.subscriptions == first_subs
        assert h.sim.stats.websocket_connections == 2
        assert stream.metrics.connects == 2
        assert stream.metrics.reconnects == 1
        assert rec.states == [True, False, True]
        h.sim.device("ADTD-2").set_mute(True)
        await wait_for(lambda: len(rec.events) == 1)
        assert rec.events[0].name is EventName.DEVICE_AUDIO_MUTE


async def test_new_devices_subscribe_while_connected() -> None:
    """set_devices() on a live stream subscribes only what is new."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        before = len(stream.subscriptions)
        added = h.sim.add_device("ADTQ", channels=1)
        stream.set_devices(await h.client.fetch_devices(with_features=False))
        await wait_for(lambda: len(stream.subscriptions) == before + 5)
        await wait_for(
            lambda: (
                h.sim.stats.by_path[
                    f"/api/v1/devices/{added.device_id}/battery-level/subscription/"
                    f"{stream.transport_id}"
                ]
                == 1
            )
        )
        added.set_battery(percentage=5)
        await wait_for(lambda: len(rec.events) == 1)
        assert rec.events[0].device_id == added.device_id


async def test_subscription_404_is_counted_not_fatal() -> None:
    """Feature subscriptions that 404 are counted; the stream stays up."""
    async with running() as h:
        devices = await h.client.fetch_devices(with_features=False)
        gone = h.sim.device("ADTQ-1")
        h.sim.remove_device(gone.device_id)
        async with streaming(h, devices) as (stream, rec):
            await wait_for(lambda: stream.connected)
            assert stream.metrics.subscribe_failures == 5
            h.sim.device("ADTD-2").set_mute(True)
            await wait_for(lambda: len(rec.events) == 1)


async def test_subscription_server_error_counts_failure() -> None:
    """A 500 on one feature subscription is a counted failure, not a reconnect."""
    async with running() as h, streaming(h, []) as (stream, _rec):
        await wait_for(lambda: stream.connected)
        adtq = next(
            d
            for d in await h.client.fetch_devices(with_features=False)
            if d.model == "ADTQ"
        )
        path = f"/devices/{adtq.device_id}/name/subscription/{stream.transport_id}"
        h.sim.faults.status_overrides[path] = 500
        stream.set_devices([adtq])
        await wait_for(lambda: stream.metrics.subscribe_failures == 1)
        assert len(stream.subscriptions) == 5
        assert stream.connected
        assert stream.metrics.connects == 1


async def test_auth_failure_while_subscribing_reconnects() -> None:
    """401 on a late subscription closes the socket; after the fault clears
    the stream reconnects and subscribes everything."""
    async with running() as h, streaming(h, []) as (stream, rec):
        await wait_for(lambda: stream.connected)
        devices = await h.client.fetch_devices(with_features=False)
        h.sim.faults.unauthorized = True
        stream.set_devices(devices)
        await wait_for(lambda: not stream.connected)
        assert isinstance(rec.errors[0], AuthError)
        h.sim.faults.unauthorized = False
        await wait_for(lambda: stream.connected and len(stream.subscriptions) == 21)
        assert stream.metrics.connects == 2


async def test_auth_failure_is_reported_and_retried() -> None:
    """A 401 on the websocket handshake is reported as AuthError; the stream
    keeps trying and connects once the key is accepted again."""
    async with running() as h:
        h.sim.faults.unauthorized = True
        async with streaming(h, targets=[]) as (stream, rec):
            await wait_for(lambda: len(rec.errors) >= 2)
            assert isinstance(rec.errors[0], AuthError)
            assert not stream.connected
            h.sim.faults.unauthorized = False
            await wait_for(lambda: stream.connected)
            assert stream.metrics.reconnects >= 2


async def test_rate_limited_handshake_waits_retry_after() -> None:
    """429 on the handshake: the wait is at least Retry-After."""
    async with running() as h:
        h.sim.faults.rate_limited(0.3)
        async with streaming(h, targets=[]) as (stream, rec):
            await wait_for(lambda: len(rec.errors) >= 1)
            assert isinstance(rec.errors[0], RateLimitedError)
            assert rec.errors[0].retry_after == 0.3
            await asyncio.sleep(0.2)  # backoff alone would have retried by now
            assert h.sim.stats.by_status[429] == 1
            h.sim.faults.clear()
            await wait_for(lambda: stream.connected)
            assert h.sim.stats.websocket_connections == 1


async def test_server_error_on_handshake_is_reported() -> None:
    """A 500 on the handshake is an ApiResponseError, then a retry."""
    async with running() as h:
        h.sim.faults.server_error = True
        async with streaming(h, targets=[]) as (stream, rec):
            await wait_for(lambda: len(rec.errors) >= 1)
            assert getattr(rec.errors[0], "status", None) == 500
            h.sim.faults.clear()
            await wait_for(lambda: stream.connected)


async def test_certificate_rotation_reports_new_fingerprint() -> None:
    """After rotation the reconnect fails with the new fingerprint."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        new = await h.sim.rotate_certificate()
        await wait_for(
            lambda: any(isinstance(e, CertificateChangedError) for e in rec.errors)
        )
        changed = next(e for e in rec.errors if isinstance(e, CertificateChangedError))
        assert changed.fingerprint == new
        assert not stream.connected


async def test_callback_errors_do_not_kill_the_stream(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failing callback is logged; later events still arrive."""
    async with running() as h:
        seen: list[ApiEvent] = []

        def flaky(event: ApiEvent) -> None:
            seen.append(event)
            if len(seen) == 1:
                raise RuntimeError("boom")

        def bad_state(_connected: bool) -> None:
            raise RuntimeError("state boom")

        stream = SystemApiEventStream(
            h.client, flaky, on_connection_change=bad_state, backoff_initial=0.02
        )
        stream.set_devices(await h.client.fetch_devices(with_features=False))
        stream.start()
        stream.start()  # idempotent
        try:
            await wait_for(lambda: stream.connected)
            dev = h.sim.device("ADTQ-1")
            dev.set_mute(True)
            dev.set_mute(False)
            await wait_for(lambda: len(seen) == 2)
        finally:
            with caplog.at_level(logging.ERROR):
                await stream.close()
        assert "event callback failed" in caplog.text
        assert "connection callback failed" in caplog.text
        assert stream.metrics.events == 2


async def test_close_before_connect_and_twice() -> None:
    """close() is safe at any time and leaves nothing running."""
    async with running() as h:
        h.sim.faults.slow = 5
        stream = SystemApiEventStream(h.client, lambda _e: None, connect_timeout=10)
        await stream.close()
        stream.start()
        await stream.close()
        await stream.close()
        assert not stream.connected
        assert stream.transport_id is None
        h.sim.faults.clear()


async def test_binary_frames() -> None:
    """Binary frames holding JSON are read; undecodable ones are counted."""
    async with running() as h, streaming(h) as (stream, rec):
        await wait_for(lambda: stream.connected)
        h.sim.emit_raw(
            b'{"envelope":{"eventName":"DEVICE_NAME","deviceId":"b"},"body":{}}'
        )
        h.sim.emit_raw(b"\xff\xfe")
        await wait_for(lambda: len(rec.events) == 1)
        await wait_for(lambda: stream.metrics.malformed_messages == 1)
        assert rec.events[0].device_id == "b"


async def test_junk_before_transport_id_is_skipped() -> None:
    """Binary, non-JSON and other objects before the transport id are counted."""
    async with running() as h:
        h.sim.faults.ws_preamble = [b"\x00binary", "not json", '{"hello": 1}']
        async with streaming(h) as (stream, _rec):
            await wait_for(lambda: stream.connected)
            assert stream.metrics.malformed_messages == 3


async def test_closed_before_transport_id_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A socket closed before the transport id is a connection error and a
    retry; a failing error callback is logged, not fatal."""
    async with running() as h:
        h.sim.faults.ws_close_before_transport_id = True
        errors: list[SystemApiError] = []

        def on_error(err: SystemApiError) -> None:
            errors.append(err)
            raise RuntimeError("callback bug")

        stream = SystemApiEventStream(
            h.client, lambda _e: None, on_error=on_error, backoff_initial=0.02
        )
        stream.start()
        try:
            await wait_for(lambda: len(errors) >= 2)
            assert "before a transport id" in str(errors[0])
            h.sim.faults.clear()
            await wait_for(lambda: stream.connected)
        finally:
            await stream.close()
        assert "error callback failed" in caplog.text


async def test_a_silent_server_is_left_after_one_unanswered_ping() -> None:
    """A server that stops reading (no pong) ends the session; push reconnects."""
    async with running() as h:
        gate = h.sim.gates.hold(HoldPoint.LISTEN)
        try:
            async with streaming(h, heartbeat=0.2) as (stream, rec):
                await wait_for(lambda: stream.connected)
                await wait_for(lambda: any("ping" in str(e) for e in rec.errors))
                assert "no answer to a ping within 0.1 s" in str(rec.errors[0])
                assert rec.states[:2] == [True, False]
                gate.release()
                await wait_for(lambda: h.sim.stats.websocket_connections >= 2)
                await wait_for(lambda: stream.connected)
                h.sim.device("ADTQ-1").set_mute(True)
                await wait_for(lambda: len(rec.named(EventName.DEVICE_AUDIO_MUTE)) == 1)
        finally:
            h.sim.gates.release_all()


async def test_a_quiet_but_alive_server_keeps_the_session() -> None:
    """Pings answered by the server keep one websocket for many heartbeats."""
    async with running() as h, streaming(h, heartbeat=0.1) as (stream, rec):
        await wait_for(lambda: stream.connected)
        await asyncio.sleep(0.6)
        assert rec.errors == []
        assert rec.states == [True]
        assert h.sim.stats.websocket_connections == 1


async def test_pings_from_the_server_are_answered() -> None:
    """With aiohttp's autoping off the stream answers pings itself.

    A bare server (not the simulator, whose aiohttp socket hides pongs) pings
    before and after the transport id and records the answers.
    """
    pair = generate_certificate(["127.0.0.1"])
    pongs: list[bytes] = []
    answered = asyncio.Event()

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        await ws.ping(b"before")
        pongs.append((await ws.receive()).data)
        await ws.send_json({"transportId": "t1"})
        await ws.ping(b"after")
        pongs.append((await ws.receive()).data)
        answered.set()
        await ws.receive()  # until the client closes
        return ws

    async def subscribed(_request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/api/v1/subscriptions/websocket/create", websocket)
    app.router.add_post("/api/v1/devices/subscription/{tid}", subscribed)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context(pair))
    await site.start()
    port = int(runner.addresses[0][1])
    try:
        async with aiohttp.ClientSession() as session:
            client = SystemApiClient(
                session,
                "127.0.0.1",
                "key",
                port=port,
                tls=TlsMode.pinned(pair.fingerprint),
            )
            states: list[bool] = []
            stream = SystemApiEventStream(
                client, lambda _e: None, on_connection_change=states.append
            )
            stream.start()
            try:
                async with asyncio.timeout(5):
                    await answered.wait()
                assert pongs == [b"before", b"after"]
                assert stream.metrics.malformed_messages == 0
                await wait_for(lambda: states == [True])
            finally:
                await stream.close()
    finally:
        await runner.cleanup()


async def test_a_refused_port_is_retried_and_closes_cleanly() -> None:
    """Nothing listening: connection errors, retries, and close() ends it."""
    async with running() as h:
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        client = h.make_client(port=port)
        errors: list[SystemApiError] = []
        stream = SystemApiEventStream(
            client, lambda _e: None, on_error=errors.append, backoff_initial=0.02
        )
        stream.start()
        try:
            await wait_for(lambda: len(errors) >= 2)
        finally:
            await stream.close()
        assert all(isinstance(err, ApiConnectionError) for err in errors)
        assert not stream.connected
        assert stream.metrics.reconnects >= 1
