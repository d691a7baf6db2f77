"""Websocket push from the System API: subscriptions, typed events, reconnect.

Flow per connection: open ``wss://host:port/api/v1/subscriptions/websocket/
create``, read ``{"transportId": ...}``, POST the device-state subscription
and one subscription per device feature, then deliver every event envelope as
an :class:`ApiEvent` to the callback. A dropped socket is reopened with
exponential backoff and every subscription is made again on the new transport.

The stream pings a quiet server itself instead of using aiohttp's heartbeat:
on aiohttp 3.14 the heartbeat timer can be scheduled again by the server's
answer to a close, outliving the socket. Every timer of ours is a sleep in a
task of the stream, so :meth:`SystemApiEventStream.close` ends them all.
"""

from __future__ import annotations

import asyncio
from asyncio import FIRST_COMPLETED
from collections.abc import Callable, Iterable
import json
import logging
import random
from typing import Final

import aiohttp

from .client import SystemApiClient
from .errors import (
    ApiConnectionError,
    ApiResponseError,
    AuthError,
    RateLimitedError,
    SystemApiError,
)
from .events import MalformedEventError, UnknownEventError, parse_event
from .models import ApiDevice, ApiEvent, StreamMetrics
from .parsing import parse_retry_after
from .tls import translate_transport_error
from .transport import gather_all

_LOGGER = logging.getLogger(__name__)

SUBSCRIBABLE_FEATURES: Final = frozenset(
    {"name", "audio-mute", "battery-level", "battery-health", "audio-channels"}
)
CLOSE_TIMEOUT: Final = 2.0
"""Seconds to wait for the server's answer to our close frame."""

type EventCallback = Callable[[ApiEvent], None]
type ConnectionCallback = Callable[[bool], None]
type ErrorCallback = Callable[[SystemApiError], None]


def _handshake_error(err: aiohttp.WSServerHandshakeError) -> SystemApiError:
    if err.status in (401, 403):
        return AuthError(err.status)
    if err.status in (429, 503):
        retry = err.headers.get("Retry-After") if err.headers else None
        return RateLimitedError(err.status, parse_retry_after(retry))
    return ApiResponseError(err.status, str(err.request_info.url.path))


class SystemApiEventStream:
    """Keeps one websocket subscription alive and turns messages into events."""

    def __init__(
        self,
        client: SystemApiClient,
        on_event: EventCallback,
        *,
        on_connection_change: ConnectionCallback | None = None,
        on_error: ErrorCallback | None = None,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        backoff_factor: float = 2.0,
        jitter: float = 0.1,
        connect_timeout: float = 10.0,
        heartbeat: float | None = 30.0,
    ) -> None:
        """Prepare the stream; call :meth:`start` to connect."""
        self._client = client
        self._on_event = on_event
        self._on_connection_change = on_connection_change
        self._on_error = on_error
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._backoff_factor = backoff_factor
        self._jitter = jitter
        self._connect_timeout = connect_timeout
        self._heartbeat = heartbeat
        self._targets: dict[str, frozenset[str]] = {}
        self._targets_changed = asyncio.Event()
        self._subscribed: set[tuple[str, str]] = set()
        self._transport_id: str | None = None
        self._connected = False
        self._last_heard = 0.0
        self._task: asyncio.Task[None] | None = None
        self.metrics = StreamMetrics()

    @property
    def connected(self) -> bool:
        """True while subscribed on a live websocket."""
        return self._connected

    @property
    def transport_id(self) -> str | None:
        """The server's id for the current websocket, if any."""
        return self._transport_id

    @property
    def subscriptions(self) -> frozenset[tuple[str, str]]:
        """(device id, feature) pairs subscribed on the current transport."""
        return frozenset(self._subscribed)

    def set_devices(self, devices: Iterable[ApiDevice]) -> None:
        """Choose which devices' features to follow (call again after a poll).

        Devices whose firmware is too old are left out. New pairs are
        subscribed at once on a live transport; all on each reconnect.
        """
        self._targets = {
            device.device_id: device.capabilities & SUBSCRIBABLE_FEATURES
            for device in devices
            if not device.incompatible
        }
        self._targets_changed.set()

    def start(self) -> None:
        """Start connecting in the background (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name=f"micboard System API events {self._client.where}"
            )

    async def close(self) -> None:
        """Stop; when this returns no task of the stream is left running."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait([task])

    def _set_connected(self, connected: bool) -> None:
        if self._connected == connected:
            return
        self._connected = connected
        if self._on_connection_change is not None:
            try:
                self._on_connection_change(connected)
            except Exception:
                _LOGGER.exception("System API connection callback failed")

    def _report(self, err: SystemApiError) -> None:
        self.metrics.last_error = str(err)
        _LOGGER.debug("System API events %s: %s", self._client.where, err)
        if self._on_error is not None:
            try:
                self._on_error(err)
            except Exception:
                _LOGGER.exception("System API error callback failed")

    async def _run(self) -> None:
        delay = self._backoff_initial
        while True:
            err: SystemApiError
            try:
                await self._connect_once()
                err = ApiConnectionError("websocket closed by the server")
            except SystemApiError as exc:
                err = exc
            except aiohttp.WSServerHandshakeError as exc:
                err = _handshake_error(exc)
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                err = translate_transport_error(
                    exc, self._client.tls, self._client.where
                )
            finally:
                self._transport_id = None
                if self._connected:
                    delay = self._backoff_initial
                self._set_connected(False)
            self._report(err)
            wait = delay * (1 + random.uniform(-self._jitter, self._jitter))
            if isinstance(err, RateLimitedError) and err.retry_after is not None:
                wait = max(wait, err.retry_after)
            delay = min(delay * self._backoff_factor, self._backoff_max)
            await asyncio.sleep(wait)
            self.metrics.reconnects += 1

    async def _connect_once(self) -> None:
        client = self._client
        ws: aiohttp.ClientWebSocketResponse | None = None
        try:
            async with asyncio.timeout(self._connect_timeout):
                ws = await client.session.ws_connect(
                    client.websocket_url,
                    headers=client.auth_headers,
                    ssl=client.tls.ssl_param(),
                    autoping=False,
                    timeout=aiohttp.ClientWSTimeout(ws_close=CLOSE_TIMEOUT),
                )
                self._last_heard = asyncio.get_running_loop().time()
                transport_id = await self._read_transport_id(ws)
            self._transport_id = transport_id
            self._subscribed = set()
            self._targets_changed.clear()
            await client.subscribe_device_events(transport_id)
            await self._subscribe_pending(transport_id)
            self.metrics.connects += 1
            self._set_connected(True)
            session = [
                asyncio.create_task(self._read_events(ws)),
                asyncio.create_task(self._watch_targets(transport_id)),
            ]
            if self._heartbeat:
                session.append(asyncio.create_task(self._keep_alive(ws)))
            try:
                await asyncio.wait(session, return_when=FIRST_COMPLETED)
            finally:
                for task in session:
                    task.cancel()
                await asyncio.wait(session)
            for task in session:
                if not task.cancelled() and (error := task.exception()) is not None:
                    raise error
        finally:
            if ws is not None:
                await ws.close()

    async def _read_transport_id(self, ws: aiohttp.ClientWebSocketResponse) -> str:
        while True:
            msg = await self._receive(ws)
            if msg.type in (aiohttp.WSMsgType.PING, aiohttp.WSMsgType.PONG):
                continue
            if msg.type is not aiohttp.WSMsgType.TEXT:
                if msg.type is aiohttp.WSMsgType.BINARY:
                    self.metrics.malformed_messages += 1
                    continue
                raise ApiConnectionError("websocket closed before a transport id")
            try:
                data = json.loads(msg.data)
            except ValueError:
                data = None
            if isinstance(data, dict) and isinstance(data.get("transportId"), str):
                return str(data["transportId"])
            self.metrics.malformed_messages += 1

    async def _subscribe_pending(self, transport_id: str) -> None:
        pairs = [
            (device_id, feature)
            for device_id, features in self._targets.items()
            for feature in sorted(features)
            if (device_id, feature) not in self._subscribed
        ]
        self._subscribed.update(pairs)
        results = await gather_all(self._subscribe_one(*p, transport_id) for p in pairs)
        self.metrics.subscribe_failures += results.count(False)

    async def _subscribe_one(self, device_id: str, feature: str, tid: str) -> bool:
        try:
            return await self._client.subscribe_feature(device_id, feature, tid)
        except ApiResponseError:
            return False

    async def _watch_targets(self, transport_id: str) -> None:
        """Subscribe devices added by :meth:`set_devices` while connected.

        Returns after a failed subscription: the session then ends, closes
        its socket and reconnects, subscribing everything again.
        """
        while True:
            await self._targets_changed.wait()
            self._targets_changed.clear()
            try:
                await self._subscribe_pending(transport_id)
            except SystemApiError as err:
                self._report(err)
                return

    async def _receive(self, ws: aiohttp.ClientWebSocketResponse) -> aiohttp.WSMessage:
        """The next message; answers pings and notes that the server is alive."""
        msg = await ws.receive()
        self._last_heard = asyncio.get_running_loop().time()
        if msg.type is aiohttp.WSMsgType.PING:
            await ws.pong(msg.data)
        return msg

    async def _keep_alive(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Ping a server that has been quiet for a heartbeat; end on no answer.

        Returns (ending the session, which reconnects) when nothing at all
        arrives within half a heartbeat of a ping: a silent peer.
        """
        assert self._heartbeat
        loop = asyncio.get_running_loop()
        while True:
            quiet_for = loop.time() - self._last_heard
            if quiet_for < self._heartbeat:
                await asyncio.sleep(self._heartbeat - quiet_for)
                continue
            pinged_at = loop.time()
            await ws.ping()
            await asyncio.sleep(self._heartbeat / 2)
            if self._last_heard < pinged_at:
                raise ApiConnectionError(
                    f"no answer to a ping within {self._heartbeat / 2:g} s"
                )

    async def _read_events(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while True:
            msg = await self._receive(ws)
            if msg.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSING,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            ):
                return
            if msg.type is aiohttp.WSMsgType.TEXT:
                self._handle_text(msg.data)
            elif msg.type is aiohttp.WSMsgType.BINARY:
                try:
                    self._handle_text(msg.data.decode("utf-8"))
                except UnicodeDecodeError:
                    self.metrics.malformed_messages += 1

    def _handle_text(self, text: str) -> None:
        try:
            data = json.loads(text)
        except ValueError:
            self.metrics.malformed_messages += 1
            return
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and "transportId" in item and len(item) == 1:
                continue
            try:
                event = parse_event(item)
            except UnknownEventError:
                self.metrics.unknown_events += 1
                continue
            except MalformedEventError:
                self.metrics.malformed_messages += 1
                continue
            self.metrics.events += 1
            try:
                self._on_event(event)
            except Exception:
                _LOGGER.exception("System API event callback failed")
