"""The REST client against the real simulator over HTTPS on 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.micboard.shure.systemapi import (
    ApiConnectionError,
    ApiResponseError,
    ApiTimeoutError,
    AuthError,
    BadPayloadError,
    CertificateVerifyError,
    ChannelActivity,
    Compatibility,
    DeviceNotFoundError,
    DeviceState,
    IncompatibleDeviceError,
    RateLimitedError,
    SystemApiClient,
    SystemApiError,
    TlsMode,
)

from .systemapi_helpers import API_KEY, running

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.mark.parametrize("shape", ["edges", "array", "items"])
async def test_list_shapes(shape: str) -> None:
    """All three list shapes give the same six devices with their features."""
    async with running(shape=shape) as h:
        devices = await h.client.fetch_devices()
        assert [d.device_id for d in devices] == [d.device_id for d in h.sim.devices]
        by_model = {d.name: d for d in devices}
        adtq = by_model["ADTQ-1"]
        sim_adtq = h.sim.device("ADTQ-1")
        assert adtq.model == "ADTQ"
        assert adtq.serial == sim_adtq.serial
        assert adtq.state is DeviceState.ONLINE
        assert adtq.battery is not None
        assert adtq.battery.percentage == sim_adtq.battery_percent
        assert adtq.battery.minutes_to_target == sim_adtq.battery_minutes
        assert adtq.battery.health_percent == sim_adtq.health_percent
        assert adtq.battery.cycle_count == sim_adtq.cycle_count
        assert adtq.muted is False
        assert adtq.uptime_s is not None
        assert adtq.uptime_s >= sim_adtq.uptime_base_s
        assert [c.index for c in adtq.channels] == [0, 1, 2, 3]
        assert [c.name for c in adtq.channels] == ["CH1", "CH2", "CH3", "CH4"]
        assert [c.gain_db for c in adtq.channels] == [c.gain for c in sim_adtq.channels]
        assert all(isinstance(c.activity, ChannelActivity) for c in adtq.channels)
        # No battery on the access point and the DSP.
        assert by_model["MXWAPT4-3"].battery is None
        assert by_model["P300-4"].battery is None
        assert len(by_model["P300-4"].channels) == 2


async def test_offline_and_incompatible_get_no_feature_requests() -> None:
    """OFFLINE and INCOMPATIBLE_TOO_OLD devices are listed but not queried."""
    async with running() as h:
        devices = {d.name or d.model: d for d in await h.client.fetch_devices()}
        offline = h.sim.device("ADTD-5")
        old = h.sim.device("SLXD4-6")
        listed_offline = next(
            d for d in devices.values() if d.device_id == offline.device_id
        )
        assert listed_offline.state is DeviceState.OFFLINE
        assert listed_offline.battery is None
        assert listed_offline.channels == ()
        listed_old = next(d for d in devices.values() if d.device_id == old.device_id)
        assert listed_old.incompatible
        paths = list(h.sim.stats.by_path)
        assert not [p for p in paths if offline.device_id in p or old.device_id in p]
        assert any(h.sim.device("ADTQ-1").device_id in p for p in paths)


async def test_without_features_is_one_request() -> None:
    """``with_features=False`` only lists."""
    async with running() as h:
        devices = await h.client.fetch_devices(with_features=False)
        assert len(devices) == 6
        assert all(d.battery is None and d.name is None for d in devices)
        assert h.sim.stats.requests == 1
        assert h.client.metrics.request_count == 1


@pytest.mark.parametrize("page_size", [1, 2, 4])
async def test_pagination(page_size: int) -> None:
    """Every page is followed with ``after=<cursor>``."""
    async with running(page_size=page_size, devices=7) as h:
        devices = await h.client.fetch_devices(with_features=False)
        assert len(devices) == 7
        assert len({d.device_id for d in devices}) == 7
        assert h.sim.stats.by_path["/api/v1/devices"] == -(-7 // page_size)


async def test_pagination_loop_and_cap() -> None:
    """A server that repeats a cursor, or pages forever, is refused."""
    loop_page = {
        "pageInfo": {"hasNextPage": True, "endCursor": "same"},
        "edges": [{"cursor": "same", "node": {"hardwareIdentity": {"deviceId": "a"}}}],
    }
    async with running(client_options={"max_pages": 3}) as h:
        h.sim.faults.overrides["/devices"] = loop_page
        with pytest.raises(BadPayloadError, match="loop"):
            await h.client.fetch_devices()
    async with running(page_size=1, client_options={"max_pages": 3}) as h:
        with pytest.raises(BadPayloadError, match="more than 3 pages"):
            await h.client.fetch_devices()
        assert h.sim.stats.by_path["/api/v1/devices"] == 3


@pytest.mark.parametrize(
    "payload", [{"devices": []}, "nope", {"edges": {"a": 1}}, 42, None]
)
async def test_unknown_list_shape(payload: object) -> None:
    """Shapes other than the three known ones are BadPayloadError."""
    async with running() as h:
        h.sim.faults.overrides["/devices"] = payload
        with pytest.raises(BadPayloadError):
            await h.client.fetch_devices()
        assert h.client.metrics.error_count == 1


async def test_node_without_identity_is_skipped_and_counted() -> None:
    """A node with no deviceId is not fatal; it is counted."""
    async with running(shape="items") as h:
        h.sim.extra_nodes.extend(
            [{"softwareIdentity": {"model": "ghost"}}, "junk", {"hardwareIdentity": {}}]
        )
        devices = await h.client.fetch_devices(with_features=False)
        assert len(devices) == 6
        assert h.client.metrics.skipped_nodes == 3


async def test_duplicate_nodes_are_merged() -> None:
    """The same device twice (e.g. across pages) is listed once."""
    async with running(devices=2, page_size=1) as h:
        h.sim.extra_nodes.append(h.sim.devices[0].node())
        devices = await h.client.fetch_devices(with_features=False)
        assert [d.device_id for d in devices] == [d.device_id for d in h.sim.devices]


async def test_feature_404_means_absent() -> None:
    """A feature in capabilities that answers 404 is simply absent."""
    async with running() as h:
        sim_dev = h.sim.device("ADTD-2")
        sim_dev.missing_features |= {"battery-level", "name", "uptime"}
        device = await h.client.fetch_device(sim_dev.device_id)
        assert device.battery is not None
        assert device.battery.percentage is None
        assert device.battery.health_percent == sim_dev.health_percent
        assert device.name is None
        assert device.uptime_s is None
        assert device.muted is False
        assert h.client.metrics.error_count == 0
        sim_dev.missing_features |= {"battery-health"}
        assert (await h.client.fetch_device(sim_dev.device_id)).battery is None


async def test_feature_server_error_is_skipped() -> None:
    """One feature failing with 500 or junk does not fail the poll, but counts."""
    async with running() as h:
        sim_dev = h.sim.device("ADTQ-1")
        h.sim.faults.status_overrides[f"/devices/{sim_dev.device_id}/uptime"] = 500
        h.sim.faults.overrides[f"/devices/{sim_dev.device_id}/audio-channels"] = {
            "x": 1
        }
        device = await h.client.fetch_device(sim_dev.device_id)
        assert device.uptime_s is None
        assert device.channels == ()
        assert device.battery is not None
        assert h.client.metrics.error_count == 2


async def test_channel_ids_garbage_and_inline_fields() -> None:
    """Garbage channel ids survive (index None); inline values and per-channel
    capabilities save requests."""
    async with running() as h:
        sim_dev = h.sim.device("P300-4")
        good = sim_dev.channels[1].id
        h.sim.faults.overrides[f"/devices/{sim_dev.device_id}/audio-channels"] = [
            "%%garbage%%",
            {"id": good, "name": "Inline", "capabilities": ["mute"]},
            {"id": good},
            {"noid": True},
        ]
        device = await h.client.fetch_device(sim_dev.device_id)
        assert [(c.id, c.index) for c in device.channels] == [
            (good, 1),
            ("%%garbage%%", None),
        ]
        inline = device.channels[0]
        assert inline.name == "Inline"
        assert inline.muted is False
        assert inline.gain_db is None
        garbage = device.channels[1]
        assert (garbage.name, garbage.muted, garbage.activity) == (None, None, None)
        base = f"/api/v1/devices/{sim_dev.device_id}/audio-channels/{good}"
        assert h.sim.stats.by_path[f"{base}/mute"] == 1
        assert h.sim.stats.by_path[f"{base}/name"] == 0
        assert h.sim.stats.by_path[f"{base}/gain"] == 0


async def test_etag_not_modified_reuses_body() -> None:
    """Second poll sends If-None-Match, gets 304s and the same data."""
    async with running() as h:
        first = await h.client.fetch_devices()
        sent = h.sim.stats.bytes_sent
        second = await h.client.fetch_devices()
        # uptime ticks with the wall clock; everything else is unchanged
        assert [replace(d, uptime_s=None) for d in second] == [
            replace(d, uptime_s=None) for d in first
        ]
        assert h.sim.stats.not_modified > 0
        assert h.client.metrics.not_modified_count == h.sim.stats.not_modified
        assert h.sim.stats.bytes_sent - sent < sent / 4
        h.sim.device("ADTQ-1").set_battery(percentage=12)
        third = {d.name: d for d in await h.client.fetch_devices()}
        assert third["ADTQ-1"].battery is not None
        assert third["ADTQ-1"].battery.percentage == 12


async def test_no_etag_means_no_conditional_request() -> None:
    """Without ETags every poll transfers the body again."""
    async with running(etags=False, devices=2) as h:
        await h.client.fetch_devices()
        await h.client.fetch_devices()
        assert h.sim.stats.not_modified == 0
        assert h.client.metrics.not_modified_count == 0


async def test_fetch_device() -> None:
    """Single-device refresh, incl. the list fallback and unknown ids."""
    async with running() as h:
        sim_dev = h.sim.device("ADTQ-1")
        device = await h.client.fetch_device(sim_dev.device_id)
        assert device.name == "ADTQ-1"
        assert len(device.channels) == 4
        h.sim.faults.status_overrides[f"/devices/{sim_dev.device_id}"] = 404
        again = await h.client.fetch_device(sim_dev.device_id, with_features=False)
        assert again.device_id == sim_dev.device_id
        assert h.sim.stats.by_path["/api/v1/devices"] == 1
        with pytest.raises(DeviceNotFoundError) as err:
            await h.client.fetch_device("no-such-device")
        assert err.value.device_id == "no-such-device"
        h.sim.faults.overrides[f"/devices/{sim_dev.device_id}"] = {"hello": 1}
        h.sim.faults.status_overrides.clear()
        with pytest.raises(BadPayloadError):
            await h.client.fetch_device(sim_dev.device_id)
        h.sim.faults.overrides[f"/devices/{sim_dev.device_id}"] = {
            "node": sim_dev.node()
        }
        assert (await h.client.fetch_device(sim_dev.device_id)).model == "ADTQ"


async def test_incompatible_device_refuses_action() -> None:
    """Asking features of INCOMPATIBLE_TOO_OLD raises; listing it does not."""
    async with running() as h:
        old = h.sim.device("SLXD4-6")
        plain = await h.client.fetch_device(old.device_id, with_features=False)
        assert plain.compatibility is Compatibility.INCOMPATIBLE_TOO_OLD
        with pytest.raises(IncompatibleDeviceError) as err:
            await h.client.fetch_device(old.device_id)
        assert err.value.compatibility == "INCOMPATIBLE_TOO_OLD"
        offline = h.sim.device("ADTD-5")
        assert (
            await h.client.fetch_features(
                await h.client.fetch_device(offline.device_id, with_features=False)
            )
        ).battery is None


async def test_auth_errors() -> None:
    """A wrong key or a refusing server is AuthError (401)."""
    async with running() as h:
        bad = h.make_client(api_key="wrong")
        with pytest.raises(AuthError) as err:
            await bad.fetch_devices()
        assert err.value.status == 401
        h.sim.faults.unauthorized = True
        with pytest.raises(AuthError):
            await h.client.fetch_devices()
        assert h.client.metrics.error_count == 1
        assert h.client.metrics.last_error is not None


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("server_error", ApiResponseError),
        ("malformed_json", BadPayloadError),
        ("html_200", BadPayloadError),
    ],
)
async def test_server_faults(fault: str, error: type[SystemApiError]) -> None:
    """500, truncated JSON and an HTML login page become typed errors."""
    async with running() as h:
        setattr(h.sim.faults, fault, True)
        with pytest.raises(error):
            await h.client.fetch_devices()
        assert h.client.metrics.error_count == 1
        h.sim.faults.clear()
        assert len(await h.client.fetch_devices(with_features=False)) == 6


async def test_500_status_is_exposed() -> None:
    """ApiResponseError carries the status."""
    async with running() as h:
        h.sim.faults.server_error = True
        with pytest.raises(ApiResponseError) as err:
            await h.client.fetch_devices()
        assert err.value.status == 500


@pytest.mark.parametrize(("status", "retry"), [(429, 7), (503, 2.5), (429, None)])
async def test_rate_limited(status: int, retry: float | None) -> None:
    """429/503 become RateLimitedError with the parsed Retry-After."""
    async with running() as h:
        h.sim.faults.rate_limited(retry, status=status)
        with pytest.raises(RateLimitedError) as err:
            await h.client.fetch_devices()
        assert err.value.status == status
        assert err.value.retry_after == retry


async def test_timeout() -> None:
    """A slow server is ApiTimeoutError with a short client timeout."""
    async with running(client_options={"request_timeout": 0.2}) as h:
        h.sim.faults.slow = 2.0
        with pytest.raises(ApiTimeoutError):
            await h.client.fetch_devices()
        assert isinstance(ApiTimeoutError("x"), ApiConnectionError)


async def test_connection_refused() -> None:
    """Nothing listening is ApiConnectionError."""
    async with running() as h:
        port = h.sim.port
        await h.sim.stop()
        client = SystemApiClient(
            h.session,
            "127.0.0.1",
            API_KEY,
            port=port,
            tls=TlsMode.pinned(h.sim.fingerprint),
        )
        with pytest.raises(ApiConnectionError):
            await client.fetch_devices()


async def test_metrics_and_headers() -> None:
    """Request count, bytes, timing; the key is sent, Content-Type never on POST."""
    async with running() as h:
        await h.client.fetch_devices()
        metrics = h.client.metrics
        assert metrics.request_count == h.sim.stats.requests
        assert metrics.bytes_received == h.sim.stats.bytes_sent
        assert metrics.last_response_time_ms is not None
        assert metrics.last_response_time_ms > 0
        assert metrics.error_count == 0
        assert "secret" not in repr(h.client)
        assert h.client.base_url == f"https://127.0.0.1:{h.sim.port}/api/v1"


async def test_insecure_mode_is_refused() -> None:
    """Insecure TLS exists only for reading the certificate on first use."""
    async with running() as h:
        with pytest.raises(ValueError, match="insecure"):
            h.make_client(tls=TlsMode.insecure())


async def test_large_fleet_requests_are_bounded() -> None:
    """Many devices: bounded concurrency over reused connections, in order."""
    async with running(devices=12, client_options={"max_concurrency": 3}) as h:
        devices = await h.client.fetch_devices()
        assert [d.device_id for d in devices] == [d.device_id for d in h.sim.devices]
        assert h.client.metrics.request_count == h.sim.stats.requests
        # keep-alive: connections are reused, at most one per concurrent request
        assert 1 <= h.sim.open_connections <= 3
        assert h.sim.stats.requests > 100


async def test_body_size_limit() -> None:
    """A body over the limit is BadPayloadError, not memory growth."""
    async with running(client_options={"max_body_bytes": 256}) as h:
        with pytest.raises(BadPayloadError, match="larger than 256 bytes"):
            await h.client.fetch_devices(with_features=False)


async def test_defaults_and_properties() -> None:
    """Without a TLS mode the client verifies CAs (and so refuses the
    simulator); the key is available to the event stream."""
    async with running() as h:
        client = SystemApiClient(h.session, "127.0.0.1", "k", port=h.sim.port)
        assert client.tls == TlsMode.verify_ca()
        assert client.api_key == "k"
        assert client.session is h.session
        assert str(client.websocket_url).startswith("wss://127.0.0.1:")
        with pytest.raises(CertificateVerifyError):
            await client.fetch_devices()


async def test_etag_forgotten_when_server_stops_sending_it() -> None:
    """No ETag on a later answer drops the cached one."""
    async with running() as h:
        await h.client.fetch_devices(with_features=False)
        h.sim.etags = False
        await h.client.fetch_devices(with_features=False)
        h.sim.etags = True
        await h.client.fetch_devices(with_features=False)
        assert h.sim.stats.not_modified == 0
        await h.client.fetch_devices(with_features=False)
        assert h.sim.stats.not_modified == 1


async def test_list_404_and_unknown_transport() -> None:
    """A missing list route and an unknown transport are ApiResponseError 404."""
    async with running() as h:
        h.sim.faults.status_overrides["/devices"] = 404
        with pytest.raises(ApiResponseError) as err:
            await h.client.fetch_devices()
        assert err.value.status == 404
        h.sim.faults.clear()
        with pytest.raises(ApiResponseError) as err:
            await h.client.subscribe_device_events("no-such-transport")
        assert err.value.status == 404
        dev = h.sim.devices[0]
        assert not await h.client.subscribe_feature(dev.device_id, "name", "nope")


async def test_battery_level_without_health() -> None:
    """Level without health: a battery with health fields None."""
    async with running() as h:
        sim_dev = h.sim.device("ADTQ-1")
        sim_dev.missing_features.add("battery-health")
        device = await h.client.fetch_device(sim_dev.device_id)
        assert device.battery is not None
        assert device.battery.percentage == sim_dev.battery_percent
        assert device.battery.health_percent is None
        assert device.battery.cycle_count is None


async def test_etag_cache_is_bounded() -> None:
    """The ETag cache keeps at most ``etag_cache_size`` URLs (oldest out)."""
    async with running(devices=2, client_options={"etag_cache_size": 3}) as h:
        await h.client.fetch_devices()
        assert len(h.client._etags) == 3
        await h.client.fetch_devices()
        assert h.client.metrics.not_modified_count <= 3
