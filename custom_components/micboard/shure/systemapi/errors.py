"""Typed errors raised by the Shure System API client.

Every failure leaves the library as a :class:`SystemApiError` subclass; raw
``aiohttp``, ``ssl`` or ``json`` exceptions never escape.
"""

from __future__ import annotations


class SystemApiError(Exception):
    """Base class of every System API client error."""


class AuthError(SystemApiError):
    """The server refused the API key (HTTP 401 or 403)."""

    def __init__(self, status: int, message: str = "API key rejected") -> None:
        """Remember the HTTP status that carried the refusal."""
        super().__init__(f"{message} (HTTP {status})")
        self.status = status


class ApiConnectionError(SystemApiError):
    """The server could not be reached or dropped the connection."""


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer within the request timeout."""


class ApiResponseError(SystemApiError):
    """The server answered with an unexpected HTTP status (e.g. 500)."""

    def __init__(self, status: int, url: str) -> None:
        """Remember the status and the (key-free) URL that produced it."""
        super().__init__(f"HTTP {status} from {url}")
        self.status = status
        self.url = url


class DeviceNotFoundError(SystemApiError):
    """The server does not know the requested device."""

    def __init__(self, device_id: str) -> None:
        """Remember which device was missing."""
        super().__init__(f"device {device_id!r} not found")
        self.device_id = device_id


class BadPayloadError(SystemApiError):
    """A 200 answer that is not the JSON we expect (HTML, truncated, wrong types)."""


class IncompatibleDeviceError(SystemApiError):
    """The device's firmware is too old for the System API to act on it."""

    def __init__(self, device_id: str, compatibility: str) -> None:
        """Remember the device and the compatibility the server reported."""
        super().__init__(f"device {device_id!r} is {compatibility}")
        self.device_id = device_id
        self.compatibility = compatibility


class RateLimitedError(SystemApiError):
    """HTTP 429 or 503; ``retry_after`` is the server's wish in seconds, if any."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        """Remember the status and the parsed ``Retry-After``."""
        hint = "" if retry_after is None else f", retry after {retry_after:g} s"
        super().__init__(f"rate limited (HTTP {status}{hint})")
        self.status = status
        self.retry_after = retry_after


class CertificateChangedError(SystemApiError):
    """The server presented a certificate other than the pinned one.

    ``fingerprint`` is the new certificate's SHA-256 fingerprint in the
    ``AA:BB:...`` form so a repair flow can show it and ask the user to trust it.
    """

    def __init__(self, fingerprint: str, expected: str) -> None:
        """Remember the new and the pinned fingerprint."""
        super().__init__(
            f"server certificate changed: expected {expected}, got {fingerprint}"
        )
        self.fingerprint = fingerprint
        self.expected = expected


class CertificateVerifyError(SystemApiError):
    """CA verification failed (e.g. the server's certificate is self-signed)."""
