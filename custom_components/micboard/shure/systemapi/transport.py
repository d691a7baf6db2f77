"""HTTP transport for the System API: auth header, TLS, ETags, typed errors.

The caller owns the ``aiohttp.ClientSession`` and passes it in. Every failure
leaves as a typed :class:`SystemApiError`; nothing is logged with a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
import json
import logging
from typing import Any, Final
from urllib.parse import quote

import aiohttp
from aiohttp import hdrs
from yarl import URL

from .errors import (
    ApiResponseError,
    AuthError,
    BadPayloadError,
    RateLimitedError,
    SystemApiError,
)
from .models import ClientMetrics
from .parsing import parse_retry_after
from .tls import TlsKind, TlsMode, translate_transport_error

_LOGGER = logging.getLogger(__name__)

DEFAULT_PORT: Final = 10000
MAX_BODY_BYTES: Final = 8 * 1024 * 1024
ABSENT: Final = object()
"""What :meth:`ApiTransport.get_feature` returns for a feature the server lacks."""


async def gather_all[T](coros: Iterable[Coroutine[Any, Any, T]]) -> list[T]:
    """Run coroutines together; on failure cancel the rest and raise the first.

    Unlike ``asyncio.gather`` no task outlives the call, and the caller sees a
    plain :class:`SystemApiError` rather than an exception group.
    """
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coro) for coro in coros]
    except BaseExceptionGroup as errors:
        flat: list[BaseException] = []
        pending: list[BaseException] = [errors]
        while pending:
            err = pending.pop(0)
            if isinstance(err, BaseExceptionGroup):
                pending.extend(err.exceptions)
            else:
                flat.append(err)
        api_errors = [err for err in flat if isinstance(err, SystemApiError)]
        raise (api_errors or flat)[0] from None
    return [task.result() for task in tasks]


async def _read_limited(response: aiohttp.ClientResponse, limit: int) -> bytes:
    body = bytearray()
    async for chunk in response.content.iter_chunked(65536):
        body += chunk
        if len(body) > limit:
            raise BadPayloadError(f"response larger than {limit} bytes")
    return bytes(body)


def _decode_json(body: bytes, content_type: str) -> Any:
    text = body.strip()
    if not text:
        return None
    if "html" in content_type.lower() or text.startswith(b"<"):
        raise BadPayloadError("HTML instead of JSON")
    try:
        return json.loads(text)
    except ValueError as err:
        raise BadPayloadError(f"invalid JSON ({err.__class__.__name__})") from None


class ApiTransport:
    """HTTP plumbing shared by the REST client and the event stream."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        api_key: str,
        *,
        port: int = DEFAULT_PORT,
        tls: TlsMode | None = None,
        request_timeout: float = 10.0,
        max_pages: int = 100,
        max_concurrency: int = 8,
        etag_cache_size: int = 4096,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        """Set up the client; no I/O happens until a fetch."""
        self._session = session
        self._host = host
        self._port = port
        self._api_key = api_key
        self._tls = TlsMode.verify_ca()
        if tls is not None:
            self.tls = tls
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._max_pages = max_pages
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._etags: dict[str, tuple[str, Any]] = {}
        self._etag_cache_size = etag_cache_size
        self._max_body_bytes = max_body_bytes
        self._base = str(
            URL.build(scheme="https", host=host, port=port, path="/api/v1")
        )
        self.metrics = ClientMetrics()

    def __repr__(self) -> str:
        """Show the endpoint, never the API key."""
        return f"<{type(self).__name__} {self.where} tls={self._tls.kind}>"

    @property
    def session(self) -> aiohttp.ClientSession:
        """The injected HTTP session."""
        return self._session

    @property
    def api_key(self) -> str:
        """The shared secret sent as ``x-api-key``."""
        return self._api_key

    @property
    def where(self) -> str:
        """``host:port``, for messages."""
        return f"{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """``https://host:port/api/v1``."""
        return self._base

    @property
    def tls(self) -> TlsMode:
        """The current TLS trust decision."""
        return self._tls

    @tls.setter
    def tls(self, mode: TlsMode) -> None:
        if mode.kind is TlsKind.INSECURE:
            raise ValueError("insecure TLS is only for fetch_fingerprint()")
        self._tls = mode

    def url(self, *segments: str) -> URL:
        """``base_url`` plus percent-encoded path segments."""
        path = "".join("/" + quote(segment, safe="") for segment in segments)
        return URL(self._base + path, encoded=True)

    @property
    def websocket_url(self) -> URL:
        """Where push subscriptions are opened."""
        return self.url("subscriptions", "websocket", "create").with_scheme("wss")

    @property
    def auth_headers(self) -> dict[str, str]:
        """Headers every request carries."""
        return {"x-api-key": self._api_key, hdrs.ACCEPT: "application/json"}

    def fail(self, err: SystemApiError) -> SystemApiError:
        self.metrics.error_count += 1
        self.metrics.last_error = str(err)
        _LOGGER.debug("System API %s: %s", self.where, err)
        return err

    async def request(self, method: str, url: URL) -> tuple[int, Any]:
        """One request; returns (status, JSON) for 2xx/304/404, raises otherwise."""
        key = str(url)
        headers = self.auth_headers
        cached = self._etags.get(key) if method == hdrs.METH_GET else None
        if cached is not None:
            headers[hdrs.IF_NONE_MATCH] = cached[0]
        self.metrics.request_count += 1
        loop = asyncio.get_running_loop()
        try:
            async with self._semaphore:
                started = loop.time()
                async with self._session.request(
                    method,
                    url,
                    headers=headers,
                    ssl=self._tls.ssl_param(),
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as response:
                    body = await _read_limited(response, self._max_body_bytes)
            self.metrics.last_response_time_ms = (loop.time() - started) * 1000
            self.metrics.bytes_received += len(body)
            return self._interpret(method, key, response, body, cached)
        except SystemApiError as err:
            raise self.fail(err) from None
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise self.fail(
                translate_transport_error(err, self._tls, self.where)
            ) from err

    def _interpret(
        self,
        method: str,
        key: str,
        response: aiohttp.ClientResponse,
        body: bytes,
        cached: tuple[str, Any] | None,
    ) -> tuple[int, Any]:
        status = response.status
        if status == 304 and cached is not None:
            self.metrics.not_modified_count += 1
            return 200, cached[1]
        if status in (401, 403):
            raise AuthError(status)
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get(hdrs.RETRY_AFTER))
            raise RateLimitedError(status, retry_after)
        if status == 404:
            return status, None
        if not 200 <= status < 300:
            raise ApiResponseError(status, response.url.path)
        data = _decode_json(body, response.headers.get(hdrs.CONTENT_TYPE, ""))
        etag = response.headers.get(hdrs.ETAG)
        if method == hdrs.METH_GET and etag:
            self._etags.pop(key, None)
            self._etags[key] = (etag, data)
            if len(self._etags) > self._etag_cache_size:
                del self._etags[next(iter(self._etags))]
        elif method == hdrs.METH_GET:
            self._etags.pop(key, None)
        return status, data

    async def get(self, url: URL) -> Any:
        status, data = await self.request(hdrs.METH_GET, url)
        if status == 404:
            raise self.fail(ApiResponseError(404, url.path))
        return data

    async def get_feature(self, url: URL) -> object:
        """A feature's payload; ``ABSENT`` if the server lacks it or fumbles it.

        404 is normal (the feature is absent). A 5xx or a broken body on one
        feature is counted and skipped so one flaky value does not fail the
        whole poll; transport, auth and rate-limit errors still propagate.
        """
        try:
            status, data = await self.request(hdrs.METH_GET, url)
        except (ApiResponseError, BadPayloadError):
            return ABSENT
        return ABSENT if status == 404 else data
