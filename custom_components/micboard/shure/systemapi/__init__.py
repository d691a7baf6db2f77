"""Async client for the Shure System API (REST + websocket push).

No Home Assistant imports; the caller injects an ``aiohttp.ClientSession``.
"""

from __future__ import annotations

from .client import CHANNEL_FEATURES, DEVICE_FEATURES, SystemApiClient
from .errors import (
    ApiConnectionError,
    ApiResponseError,
    ApiTimeoutError,
    AuthError,
    BadPayloadError,
    CertificateChangedError,
    CertificateVerifyError,
    DeviceNotFoundError,
    IncompatibleDeviceError,
    RateLimitedError,
    SystemApiError,
)
from .events import MalformedEventError, UnknownEventError, apply_event, parse_event
from .models import (
    ApiBattery,
    ApiChannel,
    ApiDevice,
    ApiEvent,
    ChannelActivity,
    ClientMetrics,
    Compatibility,
    DeviceState,
    EventName,
    StreamMetrics,
)
from .parsing import (
    decode_channel_index,
    parse_duration_minutes,
    parse_duration_seconds,
)
from .tls import (
    TlsKind,
    TlsMode,
    certificate_fingerprint,
    fetch_fingerprint,
    format_fingerprint,
    normalize_fingerprint,
)
from .transport import DEFAULT_PORT
from .websocket import SUBSCRIBABLE_FEATURES, SystemApiEventStream

__all__ = [
    "CHANNEL_FEATURES",
    "DEFAULT_PORT",
    "DEVICE_FEATURES",
    "SUBSCRIBABLE_FEATURES",
    "ApiBattery",
    "ApiChannel",
    "ApiConnectionError",
    "ApiDevice",
    "ApiEvent",
    "ApiResponseError",
    "ApiTimeoutError",
    "AuthError",
    "BadPayloadError",
    "CertificateChangedError",
    "CertificateVerifyError",
    "ChannelActivity",
    "ClientMetrics",
    "Compatibility",
    "DeviceNotFoundError",
    "DeviceState",
    "EventName",
    "IncompatibleDeviceError",
    "MalformedEventError",
    "RateLimitedError",
    "StreamMetrics",
    "SystemApiClient",
    "SystemApiError",
    "SystemApiEventStream",
    "TlsKind",
    "TlsMode",
    "UnknownEventError",
    "apply_event",
    "certificate_fingerprint",
    "decode_channel_index",
    "fetch_fingerprint",
    "format_fingerprint",
    "normalize_fingerprint",
    "parse_duration_minutes",
    "parse_duration_seconds",
    "parse_event",
]
