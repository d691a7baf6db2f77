"""REST side of the System API simulator: auth, faults, ETags, devices."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable
import hashlib
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .push import PushHub, problem

if TYPE_CHECKING:
    from .server import SystemApiSimulator

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API = "/api/v1"


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:{index}".encode()).decode()


def _cursor_index(cursor: str) -> int:
    text = base64.b64decode(cursor.encode(), validate=True).decode()
    prefix, _, number = text.partition(":")
    if prefix != "cursor":
        raise ValueError(cursor)
    return int(number)


class RestApi:
    """Request handlers bound to one simulator."""

    def __init__(self, sim: SystemApiSimulator) -> None:
        """Serve ``sim``'s devices, faults and stats."""
        self._sim = sim

    def build_app(self, push: PushHub) -> web.Application:
        """The aiohttp application with every route."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get(f"{API}/devices", self._list_devices)
        app.router.add_get(f"{API}/subscriptions/websocket/create", push.websocket)
        app.router.add_post(
            f"{API}/devices/subscription/{{tid}}", push.subscribe_devices
        )
        app.router.add_post(
            f"{API}/devices/{{device_id}}/{{feature}}/subscription/{{tid}}",
            push.subscribe_feature,
        )
        app.router.add_get(f"{API}/devices/{{device_id}}", self._get_device)
        app.router.add_get(
            f"{API}/devices/{{device_id}}/{{feature}}", self._get_feature
        )
        app.router.add_get(
            f"{API}/devices/{{device_id}}/audio-channels/{{channel_id}}/{{feature}}",
            self._get_channel_feature,
        )
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        stats = self._sim.stats
        stats.requests += 1
        stats.by_path[request.path] += 1
        try:
            response = await self._guarded(request, handler)
        except web.HTTPException as exc:
            response = problem(exc.status, exc.reason)
        stats.by_status[response.status] += 1
        if isinstance(response, web.Response) and isinstance(response.body, bytes):
            stats.bytes_sent += len(response.body)
        return response

    async def _guarded(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        faults = self._sim.faults
        if faults.slow > 0:
            await asyncio.sleep(faults.slow)
        key = request.headers.get("x-api-key")
        if faults.unauthorized or key != self._sim.api_key:
            return problem(401, "Request Unauthorized.")
        if faults.rate_limited_active:
            retry = faults.retry_after
            headers = {} if retry is None else {"Retry-After": f"{retry:g}"}
            return problem(faults.rate_limit_status, "Too Many Requests", **headers)
        if faults.server_error:
            return problem(500, "Internal Server Error")
        if faults.html_200:
            return web.Response(
                text="<html><body>Login</body></html>", content_type="text/html"
            )
        if faults.malformed_json:
            return web.Response(
                text='{"edges": [{"node": {"hardw', content_type="application/json"
            )
        if (
            request.method == "POST"
            and request.content_type == "application/json"
            and not await request.read()
        ):
            return problem(400, "Content-Type application/json with an empty body")
        sub_path = request.path.removeprefix(API)
        if (status := faults.status_overrides.get(sub_path)) is not None:
            return problem(status, "Injected fault")
        if request.method == "GET" and sub_path in faults.overrides:
            response: web.StreamResponse = web.json_response(faults.overrides[sub_path])
        else:
            response = await handler(request)
        return self._conditional(request, response)

    def _conditional(
        self, request: web.Request, response: web.StreamResponse
    ) -> web.StreamResponse:
        """Add an ETag to JSON GET answers; 304 when If-None-Match matches."""
        if not (
            self._sim.etags
            and request.method == "GET"
            and response.status == 200
            and isinstance(response, web.Response)
            and isinstance(response.body, bytes)
        ):
            return response
        etag = f'"{hashlib.sha256(response.body).hexdigest()[:20]}"'
        response.headers["ETag"] = etag
        wanted = {
            t.strip() for t in request.headers.get("If-None-Match", "").split(",")
        }
        if etag in wanted or f"W/{etag}" in wanted:
            self._sim.stats.not_modified += 1
            return web.Response(status=304, headers={"ETag": etag})
        return response

    async def _list_devices(self, request: web.Request) -> web.Response:
        sim = self._sim
        nodes: list[Any] = [d.node() for d in sim.devices] + list(sim.extra_nodes)
        if sim.shape == "array":
            return web.json_response(nodes)
        if sim.shape == "items":
            return web.json_response({"items": nodes})
        start = 0
        if after := request.query.get("after"):
            try:
                start = _cursor_index(after) + 1
            except ValueError:
                return problem(400, "Invalid cursor")
        size = sim.page_size or max(len(nodes), 1)
        if first := request.query.get("first"):
            size = int(first) if first.isdigit() and int(first) > 0 else size
        page = nodes[start : start + size]
        edges = [{"cursor": _cursor(start + i), "node": n} for i, n in enumerate(page)]
        page_info = {
            "hasNextPage": start + size < len(nodes),
            "hasPreviousPage": start > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        }
        return web.json_response({"pageInfo": page_info, "edges": edges})

    async def _get_device(self, request: web.Request) -> web.Response:
        device = self._sim.find(request.match_info["device_id"])
        if device is None:
            return problem(404, "Device not found")
        return web.json_response(device.node())

    async def _get_feature(self, request: web.Request) -> web.Response:
        device = self._sim.find(request.match_info["device_id"])
        body = None if device is None else device.feature(request.match_info["feature"])
        if body is None:
            return problem(404, "Not Found")
        return web.json_response(body)

    async def _get_channel_feature(self, request: web.Request) -> web.Response:
        device = self._sim.find(request.match_info["device_id"])
        body = None
        if device is not None and "audio-channels" in device.capabilities:
            try:
                channel = device.channel(request.match_info["channel_id"])
            except KeyError:
                channel = None
            if channel is not None:
                body = channel.feature(request.match_info["feature"])
        if body is None:
            return problem(404, "Not Found")
        return web.json_response(body)
