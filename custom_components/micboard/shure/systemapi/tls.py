"""TLS modes for the System API: trust on first use (pinning) or CA checks.

The System API service ships with a self-signed certificate. The usual setup
is trust on first use: :func:`fetch_fingerprint` reads the certificate once
without verification, the user confirms it, and from then on
``TlsMode.pinned(fingerprint)`` accepts exactly that certificate and nothing
else. A changed certificate surfaces as :class:`CertificateChangedError`
carrying the new fingerprint.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
import functools
import hashlib
import re
import ssl

import aiohttp

from .errors import (
    ApiConnectionError,
    ApiTimeoutError,
    CertificateChangedError,
    CertificateVerifyError,
    SystemApiError,
)

_HEX_RE = re.compile(r"^[0-9A-F]{64}$")


def format_fingerprint(digest: bytes) -> str:
    """``AA:BB:...`` form of a raw SHA-256 digest, as browsers show it."""
    return ":".join(f"{byte:02X}" for byte in digest)


def normalize_fingerprint(value: str) -> str:
    """Canonical ``AA:BB:...`` form of a SHA-256 fingerprint in any common form.

    Accepts upper or lower case, with ``:``, ``-`` or spaces between bytes, or
    none. Raises ``ValueError`` for anything that is not 32 bytes of hex.
    """
    compact = re.sub(r"[\s:\-]", "", value).upper()
    if not _HEX_RE.match(compact):
        raise ValueError("not a SHA-256 fingerprint")
    return format_fingerprint(bytes.fromhex(compact))


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 fingerprint of a DER-encoded certificate."""
    return format_fingerprint(hashlib.sha256(der).digest())


@functools.lru_cache(maxsize=64)
def _fingerprint_param(fingerprint: str) -> aiohttp.Fingerprint:
    """One shared object per fingerprint: aiohttp keys its connection pool on
    the ``ssl`` value, so a fresh object per request would defeat keep-alive."""
    return aiohttp.Fingerprint(bytes.fromhex(fingerprint.replace(":", "")))


class TlsKind(StrEnum):
    """How the client decides whether to trust the server."""

    PINNED = "pinned"
    VERIFY_CA = "verify_ca"
    INSECURE = "insecure"


@dataclass(frozen=True, slots=True)
class TlsMode:
    """A TLS trust decision; build it with the class methods."""

    kind: TlsKind
    fingerprint: str | None = None
    context: ssl.SSLContext | None = field(default=None, compare=False, repr=False)

    @classmethod
    def pinned(cls, fingerprint: str) -> TlsMode:
        """Accept only the certificate with this SHA-256 fingerprint."""
        return cls(TlsKind.PINNED, normalize_fingerprint(fingerprint))

    @classmethod
    def verify_ca(cls, context: ssl.SSLContext | None = None) -> TlsMode:
        """Verify the certificate chain and host name.

        With ``context`` (e.g. Home Assistant's default client context) that
        context verifies, whatever the session's connector does. Without it,
        aiohttp's ``ssl=True`` means "the connector's default": pair it with a
        verifying session.
        """
        return cls(TlsKind.VERIFY_CA, context=context)

    @classmethod
    def insecure(cls) -> TlsMode:
        """No verification at all: only for reading the certificate on first use."""
        return cls(TlsKind.INSECURE)

    def ssl_param(self) -> aiohttp.Fingerprint | ssl.SSLContext | bool:
        """The value to pass as ``ssl=`` to aiohttp requests and websockets."""
        if self.kind is TlsKind.PINNED:
            assert self.fingerprint is not None
            return _fingerprint_param(self.fingerprint)
        if self.kind is TlsKind.VERIFY_CA:
            return self.context if self.context is not None else True
        return False


def _unverified_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def fetch_fingerprint(
    host: str, port: int = 10000, *, connect_timeout: float = 10.0
) -> str:
    """Connect without verification and return the server certificate's fingerprint.

    This is the "first use" of trust on first use: show the result to the user
    and, once accepted, use ``TlsMode.pinned(result)``.
    """
    writer: asyncio.StreamWriter | None = None
    try:
        async with asyncio.timeout(connect_timeout):
            _, writer = await asyncio.open_connection(
                host, port, ssl=_unverified_context()
            )
            ssl_object = writer.get_extra_info("ssl_object")
            der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    except TimeoutError as err:
        raise ApiTimeoutError(f"TLS handshake with {host}:{port} timed out") from err
    except (OSError, ssl.SSLError) as err:
        raise ApiConnectionError(f"cannot connect to {host}:{port}: {err}") from err
    finally:
        if writer is not None:
            writer.close()
            with suppress(OSError, ssl.SSLError, TimeoutError):
                async with asyncio.timeout(1):
                    await writer.wait_closed()
    if not der:
        raise ApiConnectionError(f"{host}:{port} presented no certificate")
    return certificate_fingerprint(der)


def translate_transport_error(
    err: BaseException, tls: TlsMode, where: str
) -> SystemApiError:
    """Map an aiohttp / ssl / OS error to the library's typed errors."""
    if isinstance(err, aiohttp.ServerFingerprintMismatch):
        return CertificateChangedError(
            format_fingerprint(err.got),
            tls.fingerprint or format_fingerprint(err.expected),
        )
    if isinstance(
        err, aiohttp.ClientConnectorCertificateError | ssl.SSLCertVerificationError
    ):
        return CertificateVerifyError(f"certificate of {where} not trusted: {err}")
    if isinstance(err, TimeoutError):
        return ApiTimeoutError(f"timeout talking to {where}")
    return ApiConnectionError(f"cannot talk to {where}: {err or type(err).__name__}")
