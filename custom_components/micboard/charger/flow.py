"""Config-flow steps of the charger entry kind (a mixin of the config flow).

A charger is added by host and port; it is asked who it is (the receivers'
identity probe: MODEL, DEVICE_ID, FW_VER) and must report a charger model
before an entry is created. Its model + device id is the entry's unique id.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import CONF_ENTRY_KIND, DEFAULT_RECEIVER_PORT, EntryKind
from ..device_code import normalize_code
from ..shure.chargers import is_charger_model
from ..shure.commandstrings import probe_receiver
from ..shure.errors import CannotConnectError, NotAShureReceiverError
from ..shure.models import ReceiverIdentity

PROBE_TIMEOUT = 5.0


def charger_schema(host: str = "", port: int = DEFAULT_RECEIVER_PORT) -> vol.Schema:
    """Host and port of a charger, prefilled."""
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=host): selector.TextSelector(),
            vol.Required(CONF_PORT, default=port): selector.NumberSelector(
                selector.NumberSelectorConfig(
                    min=1, max=65535, mode=selector.NumberSelectorMode.BOX
                )
            ),
        }
    )


def charger_unique_id(identity: ReceiverIdentity, host: str) -> str:
    """MODEL + DEVICE_ID; the host when the charger has no id."""
    if identity.device_id:
        return f"{normalize_code(identity.model)}_{normalize_code(identity.device_id)}".casefold()
    return host.casefold()


def charger_title(identity: ReceiverIdentity, host: str) -> str:
    """What the entry is called: the charger's id and model."""
    if identity.device_id:
        return f"{identity.device_id} ({identity.model})"
    return f"{identity.model} ({host})"


class ChargerSteps(ConfigFlow):
    """Steps that add a networked charging station."""

    _charger_host = ""
    _charger_port = DEFAULT_RECEIVER_PORT

    async def _probe_charger(
        self, user_input: dict[str, Any]
    ) -> tuple[str, int, ReceiverIdentity | None, dict[str, str]]:
        """Host and port of a submitted form, the charger there, the form's errors."""
        host = user_input[CONF_HOST].strip()
        port = int(user_input[CONF_PORT])
        try:
            identity = await probe_receiver(host, port, timeout=PROBE_TIMEOUT)
        except CannotConnectError:
            return host, port, None, {"base": "cannot_connect"}
        except NotAShureReceiverError:
            return host, port, None, {"base": "not_a_shure_charger"}
        if not is_charger_model(identity.model):
            error = "receiver_not_charger" if identity.family else "unsupported_charger"
            return host, port, None, {"base": error}
        await self.async_set_unique_id(charger_unique_id(identity, host))
        return host, port, identity, {}

    async def async_step_charger(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a charging station spoken to with command strings (TCP 2202)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            host, port, identity, errors = await self._probe_charger(user_input)
            if identity is not None:
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: host, CONF_PORT: port}
                )
                return self.async_create_entry(
                    title=charger_title(identity, host),
                    data={
                        CONF_ENTRY_KIND: EntryKind.CHARGER,
                        CONF_HOST: host,
                        CONF_PORT: port,
                    },
                )
            self._charger_host, self._charger_port = host, port
        return self.async_show_form(
            step_id="charger",
            data_schema=charger_schema(self._charger_host, self._charger_port),
            errors=errors,
        )

    async def async_step_charger_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Point an entry at the charger's new address."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host, port, identity, errors = await self._probe_charger(user_input)
            if identity is not None:
                self._abort_if_unique_id_mismatch(reason="wrong_charger")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port}
                )
        return self.async_show_form(
            step_id="charger_reconfigure",
            data_schema=charger_schema(
                entry.data[CONF_HOST], int(entry.data[CONF_PORT])
            ),
            errors=errors,
        )
