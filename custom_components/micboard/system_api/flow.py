"""Config-flow steps of the Shure System API server entry kind (a mixin of the config flow).

Trust on first use: the server's certificate is read once, its SHA-256
fingerprint shown to the user, and only that certificate is accepted from
then on. Alternatively the certificate is verified against Home Assistant's
CA bundle. Either way the connection and the API key are tested before an
entry is created or changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_API_KEY, CONF_HOST, CONF_PORT
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import (
    CONF_ENTRY_KIND,
    CONF_FINGERPRINT,
    CONF_TLS_MODE,
    DEFAULT_SYSTEM_API_PORT,
    EntryKind,
    TlsModeChoice,
)
from ..shure.systemapi import (
    ApiResponseError,
    AuthError,
    BadPayloadError,
    CertificateChangedError,
    CertificateVerifyError,
    RateLimitedError,
    SystemApiError,
    fetch_fingerprint,
)
from .connection import make_client, server_unique_id
from .options_flow import default_system_api_options

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the TLS handshake that reads the certificate."""


def _port_selector() -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=1, max=65535, mode=selector.NumberSelectorMode.BOX
        )
    )


def _tls_selector() -> selector.SelectSelector:
    return selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=[choice.value for choice in TlsModeChoice],
            translation_key=CONF_TLS_MODE,
            mode=selector.SelectSelectorMode.LIST,
        )
    )


def _api_key_selector() -> selector.TextSelector:
    return selector.TextSelector(
        selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
    )


def server_schema(settings: Mapping[str, Any], *, with_key: bool) -> vol.Schema:
    """Host, port, (API key) and TLS mode, prefilled from ``settings``."""
    fields: dict[Any, Any] = {
        vol.Required(CONF_HOST, default=settings.get(CONF_HOST, "")): (
            selector.TextSelector()
        ),
        vol.Required(
            CONF_PORT, default=settings.get(CONF_PORT, DEFAULT_SYSTEM_API_PORT)
        ): _port_selector(),
    }
    if with_key:
        fields[vol.Required(CONF_API_KEY)] = _api_key_selector()
    fields[
        vol.Required(
            CONF_TLS_MODE,
            default=settings.get(CONF_TLS_MODE, TlsModeChoice.TRUST_ON_FIRST_USE),
        )
    ] = _tls_selector()
    return vol.Schema(fields)


def server_title(host: str, port: int) -> str:
    """What the entry is called."""
    where = host if port == DEFAULT_SYSTEM_API_PORT else f"{host}:{port}"
    return f"Shure System API ({where})"


def error_code(err: SystemApiError) -> str:
    """The flow's error code for a failed connection test."""
    if isinstance(err, AuthError):
        return "invalid_auth"
    if isinstance(err, CertificateChangedError):
        return "certificate_changed"
    if isinstance(err, CertificateVerifyError):
        return "certificate_not_trusted"
    if isinstance(err, BadPayloadError | ApiResponseError):
        return "not_a_system_api"
    if isinstance(err, RateLimitedError):
        return "server_busy"
    return "cannot_connect"


class SystemApiSteps(ConfigFlow):
    """Steps that add, re-authenticate and reconfigure a Shure System API server."""

    _api_settings: dict[str, Any] | None = None
    _api_device_count = 0

    async def _api_test(self, settings: Mapping[str, Any]) -> str | None:
        """List the devices with these settings; an error code, or None if fine."""
        try:
            devices = await make_client(self.hass, settings).fetch_devices(
                with_features=False
            )
        except SystemApiError as err:
            return error_code(err)
        self._api_device_count = len(devices)
        return None

    async def _api_read_certificate(self, settings: dict[str, Any]) -> str | None:
        """Read the server's fingerprint (trust on first use) into ``settings``."""
        if settings[CONF_TLS_MODE] != TlsModeChoice.TRUST_ON_FIRST_USE:
            settings.pop(CONF_FINGERPRINT, None)
            return None
        try:
            settings[CONF_FINGERPRINT] = await fetch_fingerprint(
                settings[CONF_HOST],
                settings[CONF_PORT],
                connect_timeout=CONNECT_TIMEOUT,
            )
        except SystemApiError:
            return "cannot_connect"
        return None

    async def async_step_system_api(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the server's address, API key and how to trust its certificate."""
        errors: dict[str, str] = {}
        settings: dict[str, Any] = dict(user_input or {})
        if user_input is not None:
            settings[CONF_HOST] = str(user_input[CONF_HOST]).strip()
            settings[CONF_PORT] = int(user_input[CONF_PORT])
            await self.async_set_unique_id(
                server_unique_id(settings[CONF_HOST], settings[CONF_PORT])
            )
            self._abort_if_unique_id_configured()
            error = await self._api_read_certificate(settings)
            error = error or await self._api_test(settings)
            if error is None:
                self._api_settings = settings
                if CONF_FINGERPRINT in settings:
                    return await self.async_step_system_api_trust()
                return self._api_create_entry(settings)
            errors["base"] = error
        settings.pop(CONF_API_KEY, None)
        return self.async_show_form(
            step_id="system_api",
            data_schema=server_schema(settings, with_key=True),
            errors=errors,
        )

    async def async_step_system_api_trust(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the certificate's fingerprint; trust it once the user confirms."""
        settings = self._api_settings
        assert settings is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            error: str | None = None
            try:
                devices = await make_client(self.hass, settings).fetch_devices(
                    with_features=False
                )
                self._api_device_count = len(devices)
            except CertificateChangedError as err:
                # Not what the user was shown: show the new one, trust nothing yet.
                settings[CONF_FINGERPRINT] = err.fingerprint
                error = "certificate_changed"
            except SystemApiError as err:
                error = error_code(err)
            if error is None:
                if self.source == SOURCE_RECONFIGURE:
                    return self._api_update_entry(settings)
                return self._api_create_entry(settings)
            errors["base"] = error
        return self.async_show_form(
            step_id="system_api_trust",
            description_placeholders={
                "host": f"{settings[CONF_HOST]}:{settings[CONF_PORT]}",
                "fingerprint": settings[CONF_FINGERPRINT],
                "devices": str(self._api_device_count),
            },
            errors=errors,
        )

    def _api_create_entry(self, settings: dict[str, Any]) -> ConfigFlowResult:
        return self.async_create_entry(
            title=server_title(settings[CONF_HOST], settings[CONF_PORT]),
            data={CONF_ENTRY_KIND: EntryKind.SYSTEM_API, **settings},
            options=default_system_api_options(),
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """The server refused the API key: ask for a new one."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the server's new API key and test it."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            settings = {**entry.data, CONF_API_KEY: user_input[CONF_API_KEY]}
            error = await self._api_test(settings)
            if error is None:
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_API_KEY: user_input[CONF_API_KEY]}
                )
            errors["base"] = error
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_API_KEY): _api_key_selector()}),
            description_placeholders={"title": entry.title},
            errors=errors,
        )

    async def async_step_system_api_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Point the entry at a new address, or change how the certificate is trusted."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        settings: dict[str, Any] = {**entry.data, **(user_input or {})}
        if user_input is not None:
            settings[CONF_HOST] = str(user_input[CONF_HOST]).strip()
            settings[CONF_PORT] = int(user_input[CONF_PORT])
            unique_id = server_unique_id(settings[CONF_HOST], settings[CONF_PORT])
            if unique_id != entry.unique_id:
                await self.async_set_unique_id(unique_id)
                self._abort_if_unique_id_configured()
            error = await self._api_read_certificate(settings)
            error = error or await self._api_test(settings)
            if error is None:
                self._api_settings = settings
                if settings.get(CONF_FINGERPRINT) not in (
                    None,
                    entry.data.get(CONF_FINGERPRINT),
                ):
                    return await self.async_step_system_api_trust()
                return self._api_update_entry(settings)
            errors["base"] = error
        return self.async_show_form(
            step_id="system_api_reconfigure",
            data_schema=server_schema(settings, with_key=False),
            errors=errors,
        )

    def _api_update_entry(self, settings: dict[str, Any]) -> ConfigFlowResult:
        entry: ConfigEntry[Any] = self._get_reconfigure_entry()
        return self.async_update_reload_and_abort(
            entry,
            unique_id=server_unique_id(settings[CONF_HOST], settings[CONF_PORT]),
            title=server_title(settings[CONF_HOST], settings[CONF_PORT]),
            data=settings,
        )
