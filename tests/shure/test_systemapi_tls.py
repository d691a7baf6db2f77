"""Trust on first use: fingerprints, pinning, rotation, CA verification."""

from __future__ import annotations

import asyncio
import hashlib
import ssl

import aiohttp
import pytest

from custom_components.micboard.shure.systemapi import (
    ApiConnectionError,
    ApiTimeoutError,
    CertificateChangedError,
    CertificateVerifyError,
    SystemApiClient,
    TlsKind,
    TlsMode,
    certificate_fingerprint,
    fetch_fingerprint,
    normalize_fingerprint,
)

from .systemapi_helpers import running

FP = ":".join(["AB"] * 32)


def test_normalize_fingerprint() -> None:
    """Any common spelling normalises to upper-case colon form."""
    assert normalize_fingerprint("ab" * 32) == FP
    assert normalize_fingerprint(" " + "-".join(["ab"] * 32) + " ") == FP
    assert normalize_fingerprint(FP.lower()) == FP
    for bad in ("", "AB:CD", "zz" * 32, "ab" * 33):
        with pytest.raises(ValueError, match="SHA-256"):
            normalize_fingerprint(bad)


def test_tls_modes() -> None:
    """Each mode maps to the right aiohttp ``ssl=`` value."""
    pinned = TlsMode.pinned("ab" * 32)
    assert pinned.kind is TlsKind.PINNED
    assert pinned.fingerprint == FP
    param = pinned.ssl_param()
    assert not isinstance(param, bool)
    assert param.fingerprint == bytes.fromhex("ab" * 32)
    assert TlsMode.pinned(FP).ssl_param() is param  # one object: pool reuse
    assert TlsMode.verify_ca().ssl_param() is True
    context = ssl.create_default_context()
    assert TlsMode.verify_ca(context).ssl_param() is context
    assert TlsMode.verify_ca(context) == TlsMode.verify_ca()
    assert TlsMode.insecure().ssl_param() is False
    assert certificate_fingerprint(b"x") == normalize_fingerprint(
        hashlib.sha256(b"x").hexdigest()
    )


@pytest.mark.usefixtures("socket_enabled")
async def test_first_use_then_pinned() -> None:
    """The fingerprint read on first use is the one the server presents and
    pins successfully."""
    async with running() as h:
        fingerprint = await fetch_fingerprint("127.0.0.1", h.sim.port)
        assert fingerprint == h.sim.fingerprint
        client = h.make_client(tls=TlsMode.pinned(fingerprint))
        assert len(await client.fetch_devices(with_features=False)) == 6


@pytest.mark.usefixtures("socket_enabled")
async def test_rotation_is_certificate_changed() -> None:
    """After the server's certificate changes a pinned client refuses it and
    reports the new fingerprint."""
    async with running() as h:
        old = h.sim.fingerprint
        await h.client.fetch_devices(with_features=False)
        new = await h.sim.rotate_certificate()
        assert new != old
        with pytest.raises(CertificateChangedError) as err:
            await h.client.fetch_devices(with_features=False)
        assert err.value.fingerprint == new
        assert err.value.expected == old
        assert await fetch_fingerprint("127.0.0.1", h.sim.port) == new
        h.client.tls = TlsMode.pinned(err.value.fingerprint)  # user accepts it
        assert len(await h.client.fetch_devices(with_features=False)) == 6


@pytest.mark.usefixtures("socket_enabled")
async def test_wrong_pin_from_the_start() -> None:
    """A pin that never matched is also CertificateChangedError."""
    async with running() as h:
        client = h.make_client(tls=TlsMode.pinned(FP))
        with pytest.raises(CertificateChangedError) as err:
            await client.fetch_devices()
        assert err.value.fingerprint == h.sim.fingerprint
        assert err.value.expected == FP


@pytest.mark.usefixtures("socket_enabled")
async def test_verify_ca_rejects_self_signed() -> None:
    """Full CA verification refuses the simulator's self-signed certificate."""
    async with running() as h:
        client = h.make_client(tls=TlsMode.verify_ca())
        with pytest.raises(CertificateVerifyError):
            await client.fetch_devices()
        assert client.metrics.error_count == 1


@pytest.mark.usefixtures("socket_enabled")
async def test_verify_ca_context_beats_a_lax_session() -> None:
    """An explicit verifying context verifies even on a non-verifying session;
    with the simulator's own certificate as CA the host passes."""
    async with (
        running() as h,
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as lax,
    ):
        strict = ssl.create_default_context()
        client = SystemApiClient(
            lax, "127.0.0.1", "secret", port=h.sim.port, tls=TlsMode.verify_ca(strict)
        )
        with pytest.raises(CertificateVerifyError):
            await client.fetch_devices(with_features=False)
        trusting = ssl.create_default_context(cadata=h.sim.certificate_pem.decode())
        client.tls = TlsMode.verify_ca(trusting)
        assert len(await client.fetch_devices(with_features=False)) == 6


@pytest.mark.usefixtures("socket_enabled")
async def test_fetch_fingerprint_errors() -> None:
    """Refused connections and silent servers map to typed errors."""
    async with running() as h:
        port = h.sim.port
    with pytest.raises(ApiConnectionError):
        await fetch_fingerprint("127.0.0.1", port)

    async def silent(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    try:
        silent_port = server.sockets[0].getsockname()[1]
        with pytest.raises(ApiTimeoutError):
            await fetch_fingerprint("127.0.0.1", silent_port, connect_timeout=0.2)
    finally:
        server.close()
        await server.wait_closed()
