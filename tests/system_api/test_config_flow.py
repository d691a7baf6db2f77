"""System API config flow: trust on first use, errors, reauth, reconfigure, options."""

from __future__ import annotations

from datetime import timedelta
import ssl
from typing import Any

from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_PORT, CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import (
    CONF_BATTERY_LOW_PERCENT,
    CONF_BOARD_ALL_CHANNELS,
    CONF_ENTRY_KIND,
    CONF_FINGERPRINT,
    CONF_TLS_MODE,
    DOMAIN,
    EntryKind,
    TlsModeChoice,
)
from custom_components.micboard.shure.systemapi import (
    ApiResponseError,
    ApiTimeoutError,
    AuthError,
    BadPayloadError,
    CertificateChangedError,
    CertificateVerifyError,
    RateLimitedError,
)
from custom_components.micboard.system_api.flow import error_code
from simulator.systemapi import SystemApiSimulator

from ..helpers import unused_port
from .helpers import (
    API_KEY,
    coordinator_of,
    system_api_entry,
    unload,
)

TOFU = TlsModeChoice.TRUST_ON_FIRST_USE
VERIFY_CA = TlsModeChoice.VERIFY_CA


async def _form(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "system_api"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api"
    return str(result["flow_id"])


def _input(
    sim: SystemApiSimulator, *, key: str = API_KEY, tls: str = TOFU, port: int = 0
) -> dict[str, Any]:
    return {
        CONF_HOST: " 127.0.0.1 ",
        CONF_PORT: port or sim.port,
        CONF_API_KEY: key,
        CONF_TLS_MODE: tls,
    }


async def test_trust_on_first_use_shows_and_stores_the_fingerprint(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """The fingerprint is shown before anything is trusted; the entry pins it."""
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api_trust"
    placeholders = result["description_placeholders"]
    assert placeholders["fingerprint"] == system_api_sim.fingerprint
    assert placeholders["devices"] == "6"
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Shure System API (127.0.0.1:{system_api_sim.port})"
    entry = result["result"]
    assert entry.unique_id == f"127.0.0.1:{system_api_sim.port}"
    assert entry.data == {
        CONF_ENTRY_KIND: EntryKind.SYSTEM_API,
        CONF_HOST: "127.0.0.1",
        CONF_PORT: system_api_sim.port,
        CONF_API_KEY: API_KEY,
        CONF_TLS_MODE: TOFU,
        CONF_FINGERPRINT: system_api_sim.fingerprint,
    }
    assert entry.options == {
        CONF_SCAN_INTERVAL: 30,
        CONF_BATTERY_LOW_PERCENT: 25,
        CONF_BOARD_ALL_CHANNELS: False,
    }
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    await unload(hass, entry)


async def test_a_certificate_changed_before_confirming_is_not_trusted(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """A different certificate at confirmation time: shown again, not stored."""
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim)
    )
    first = result["description_placeholders"]["fingerprint"]
    new = await system_api_sim.rotate_certificate()
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api_trust"
    assert result["errors"] == {"base": "certificate_changed"}
    assert result["description_placeholders"]["fingerprint"] == new != first
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].data[CONF_FINGERPRINT] == new
    await hass.async_block_till_done()
    await unload(hass, result["result"])


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"key": "wrong"}, "invalid_auth"),
        ({"tls": VERIFY_CA}, "certificate_not_trusted"),
        ({"port": -1}, "cannot_connect"),
    ],
)
async def test_errors_are_shown_on_the_form(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    change: dict[str, Any],
    error: str,
) -> None:
    """Wrong key, a self-signed certificate under CA checks, nothing listening."""
    if change.get("port") == -1:
        change = {"port": unused_port()}
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim, **change)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api"
    assert result["errors"] == {"base": error}
    assert not hass.config_entries.async_entries(DOMAIN)


@pytest.mark.parametrize(
    ("fault", "error"),
    [("html_200", "not_a_system_api"), ("rate_limited", "server_busy")],
)
async def test_a_server_that_misbehaves_is_refused(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator, fault: str, error: str
) -> None:
    """Something that answers HTML, or asks to slow down, creates no entry."""
    if fault == "rate_limited":
        system_api_sim.faults.rate_limited(retry_after=5)
    else:
        system_api_sim.faults.html_200 = True
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim)
    )
    assert result["errors"] == {"base": error}
    system_api_sim.faults.clear()
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim)
    )
    assert result["step_id"] == "system_api_trust"


async def test_verify_ca_creates_the_entry_without_a_trust_step(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """With a certificate Home Assistant trusts, CA verification needs no pin."""
    context = ssl.create_default_context(cadata=system_api_sim.certificate_pem.decode())
    flow_id = await _form(hass)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "custom_components.micboard.system_api.connection.get_default_context",
            lambda: context,
        )
        result = await hass.config_entries.flow.async_configure(
            flow_id, _input(system_api_sim, tls=VERIFY_CA)
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert CONF_FINGERPRINT not in result["result"].data
        await hass.async_block_till_done()
        assert result["result"].state is ConfigEntryState.LOADED
        await unload(hass, result["result"])


async def test_already_configured(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """The same host:port twice is refused before anything is fetched."""
    system_api_entry(system_api_sim).add_to_hass(hass)
    requests = system_api_sim.stats.requests
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert system_api_sim.stats.requests == requests


async def test_reauth_asks_for_a_new_key(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """A refused key stops the entry and starts reauth; a good key restarts it."""
    entry = system_api_entry(system_api_sim)
    entry.add_to_hass(hass)
    system_api_sim.api_key = "rotated"
    assert not await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    flow_id = flows[0]["flow_id"]
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_API_KEY: "still wrong"}
    )
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_API_KEY: "rotated"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_API_KEY] == "rotated"
    assert entry.state is ConfigEntryState.LOADED
    await unload(hass, entry)


async def test_a_key_refused_while_running_starts_reauth(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """401 on a later poll: the coordinator asks for a new key."""
    system_api_sim.faults.unauthorized = True
    await coordinator_of(system_api_setup).async_refresh()
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    system_api_sim.faults.clear()


async def test_a_key_refused_for_a_moment_recovers_without_the_user(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A server refusing the key while it restarts: polls go on, reauth is withdrawn."""
    coordinator = coordinator_of(system_api_setup)
    system_api_sim.faults.unauthorized = True
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not coordinator.last_update_success
    assert coordinator.update_interval == timedelta(seconds=5)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    system_api_sim.faults.clear()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.last_update_success
    assert system_api_setup.state is ConfigEntryState.LOADED
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []


async def _reconfigure(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api_reconfigure"
    return str(result["flow_id"])


async def test_reconfigure_to_another_server_confirms_its_certificate(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """A new address with a new certificate: shown, confirmed, then stored."""
    async with SystemApiSimulator(api_key=API_KEY, seed=2, devices=2) as other:
        flow_id = await _reconfigure(hass, system_api_setup)
        result = await hass.config_entries.flow.async_configure(
            flow_id,
            {CONF_HOST: "127.0.0.1", CONF_PORT: other.port, CONF_TLS_MODE: TOFU},
        )
        assert result["step_id"] == "system_api_trust"
        assert result["description_placeholders"]["fingerprint"] == other.fingerprint
        result = await hass.config_entries.flow.async_configure(flow_id, {})
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        entry = system_api_setup
        assert entry.data[CONF_PORT] == other.port
        assert entry.data[CONF_FINGERPRINT] == other.fingerprint
        assert entry.data[CONF_API_KEY] == API_KEY
        assert entry.unique_id == f"127.0.0.1:{other.port}"
        assert entry.state is ConfigEntryState.LOADED
        assert len(coordinator_of(entry).data) == 2
        await unload(hass, entry)


async def test_reconfigure_errors_and_same_certificate(
    hass: HomeAssistant,
    system_api_sim: SystemApiSimulator,
    system_api_setup: MockConfigEntry,
) -> None:
    """Nothing listening is an error; the same server needs no new confirmation;
    another entry's address is refused."""
    flow_id = await _reconfigure(hass, system_api_setup)
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {CONF_HOST: "127.0.0.1", CONF_PORT: unused_port(), CONF_TLS_MODE: TOFU},
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {CONF_HOST: "127.0.0.1", CONF_PORT: system_api_sim.port, CONF_TLS_MODE: TOFU},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    other = MockConfigEntry(
        domain=DOMAIN,
        data={CONF_ENTRY_KIND: EntryKind.SYSTEM_API},
        unique_id="10.0.0.9:10000",
    )
    other.add_to_hass(hass)
    flow_id = await _reconfigure(hass, system_api_setup)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_HOST: "10.0.0.9", CONF_PORT: 10000, CONF_TLS_MODE: TOFU}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_options_bound_the_poll_interval(
    hass: HomeAssistant, system_api_setup: MockConfigEntry
) -> None:
    """The System API options form has its own step; out-of-range values fail."""
    result = await hass.config_entries.options.async_init(system_api_setup.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "system_api_options"
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_SCAN_INTERVAL: 5, CONF_BATTERY_LOW_PERCENT: 25}
        )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 120, CONF_BATTERY_LOW_PERCENT: 40}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert system_api_setup.options == {
        CONF_SCAN_INTERVAL: 120,
        CONF_BATTERY_LOW_PERCENT: 40,
        CONF_BOARD_ALL_CHANNELS: False,
    }
    coordinator = coordinator_of(system_api_setup)  # reloaded with the options
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() == 120
    assert coordinator.low_percent == 40


async def test_a_key_changed_before_confirming_is_reported_on_the_trust_step(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """The confirmation tests the connection again."""
    flow_id = await _form(hass)
    await hass.config_entries.flow.async_configure(flow_id, _input(system_api_sim))
    system_api_sim.faults.unauthorized = True
    result = await hass.config_entries.flow.async_configure(flow_id, {})
    assert result["step_id"] == "system_api_trust"
    assert result["errors"] == {"base": "invalid_auth"}


async def test_verify_ca_with_nothing_listening(
    hass: HomeAssistant, system_api_sim: SystemApiSimulator
) -> None:
    """CA verification skips the certificate read; a refused connection says so."""
    flow_id = await _form(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, _input(system_api_sim, tls=VERIFY_CA, port=unused_port())
    )
    assert result["errors"] == {"base": "cannot_connect"}


@pytest.mark.parametrize(
    ("err", "code"),
    [
        (AuthError(401), "invalid_auth"),
        (CertificateChangedError("AA", "BB"), "certificate_changed"),
        (CertificateVerifyError("self-signed"), "certificate_not_trusted"),
        (BadPayloadError("HTML"), "not_a_system_api"),
        (ApiResponseError(500, "/api/v1/devices"), "not_a_system_api"),
        (RateLimitedError(429, 5), "server_busy"),
        (ApiTimeoutError("slow"), "cannot_connect"),
    ],
)
def test_every_library_error_has_a_form_error(err: Exception, code: str) -> None:
    """Each failure the client can raise maps to a translated form error."""
    assert error_code(err) == code  # type: ignore[arg-type]
