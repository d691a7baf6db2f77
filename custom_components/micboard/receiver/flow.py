"""Config-flow steps of the receiver entry kind (a mixin of the config flow).

A receiver is added by host and port, or confirmed after it announced
itself over SLP; either way it is asked who it is (model, device id) before
an entry is created, and its model + device id is the entry's unique id.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.helpers import selector
import voluptuous as vol

from ..const import (
    CONF_ENTRY_KIND,
    CONF_PROTOCOL,
    DEFAULT_RECEIVER_PORT,
    EntryKind,
    ReceiverProtocol,
)
from ..device_code import normalize_code
from ..shure.chargers import is_charger_model
from ..shure.commandstrings import probe_receiver
from ..shure.errors import CannotConnectError, NoAnswerError, NotAShureReceiverError
from ..shure.models import ReceiverIdentity
from .options_flow import default_receiver_options
from .protocols import RECEIVER_PROTOCOLS, Probe, entry_protocol

PROBE_TIMEOUT = 5.0


def receiver_schema(host: str = "", port: int = DEFAULT_RECEIVER_PORT) -> vol.Schema:
    """Host and port of a receiver, prefilled."""
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


def add_receiver_schema(
    host: str = "",
    port: int = DEFAULT_RECEIVER_PORT,
    protocol: ReceiverProtocol = ReceiverProtocol.COMMAND_STRINGS,
) -> vol.Schema:
    """Host, port and (where there is a choice) protocol of a new receiver."""
    schema = receiver_schema(host, port)
    if len(RECEIVER_PROTOCOLS) < 2:
        return schema
    return schema.extend(
        {
            vol.Required(CONF_PROTOCOL, default=protocol): selector.SelectSelector(
                selector.SelectSelectorConfig(
                    options=[str(choice) for choice in RECEIVER_PROTOCOLS],
                    translation_key="receiver_protocol",
                    mode=selector.SelectSelectorMode.LIST,
                )
            ),
        }
    )


def receiver_unique_id(identity: ReceiverIdentity, host: str) -> str:
    """MODEL + DEVICE_ID; the host when the receiver has no id."""
    if identity.device_id:
        return f"{normalize_code(identity.model)}_{normalize_code(identity.device_id)}".casefold()
    return host.casefold()


def receiver_title(identity: ReceiverIdentity, host: str) -> str:
    """What the entry is called: the receiver's id and model."""
    if identity.device_id:
        return f"{identity.device_id} ({identity.model})"
    return f"{identity.model} ({host})"


class ReceiverSteps(ConfigFlow):
    """Steps that add a receiver spoken to with command strings."""

    _host = ""
    _port = DEFAULT_RECEIVER_PORT
    _protocol = ReceiverProtocol.COMMAND_STRINGS
    _identity: ReceiverIdentity | None = None

    async def _probe(
        self, host: str, port: int, probe: Probe | None = None
    ) -> tuple[ReceiverIdentity | None, str | None]:
        """Ask the receiver who it is; (identity, None) or (None, error code).

        Without `probe` it is asked in command strings (what SLP announces).
        """
        try:
            if probe is None:
                identity = await probe_receiver(host, port, timeout=PROBE_TIMEOUT)
            else:
                identity = await probe(host, port, PROBE_TIMEOUT)
        except CannotConnectError:
            return None, "cannot_connect"
        except NoAnswerError:
            return None, "no_answer"
        except NotAShureReceiverError:
            return None, "not_a_shure_receiver"
        if identity.family is None:
            if is_charger_model(identity.model):
                return None, "charger_not_receiver"
            return None, "unsupported_model"
        return identity, None

    async def _probe_form(
        self, user_input: dict[str, Any], protocol: ReceiverProtocol
    ) -> tuple[str, int, ReceiverIdentity | None, dict[str, str]]:
        """Host and port of a submitted form, who answers there, the form's errors.

        A receiver that answers becomes the flow's unique id.
        """
        host = user_input[CONF_HOST].strip()
        port = int(user_input[CONF_PORT])
        identity, error = await self._probe(
            host, port, RECEIVER_PROTOCOLS[protocol].probe
        )
        if identity is None:
            return host, port, None, {"base": error or "cannot_connect"}
        await self.async_set_unique_id(receiver_unique_id(identity, host))
        return host, port, identity, {}

    async def async_step_receiver(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a receiver by address, over the protocol its family speaks."""
        errors: dict[str, str] = {}
        if user_input is not None:
            protocol = ReceiverProtocol(
                user_input.get(CONF_PROTOCOL, ReceiverProtocol.COMMAND_STRINGS)
            )
            host, port, identity, errors = await self._probe_form(user_input, protocol)
            if identity is not None:
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: host, CONF_PORT: port}
                )
                return self._create_receiver_entry(identity, host, port, protocol)
            if errors.get("base") == "charger_not_receiver" and (
                routed := await self._async_add_charger_instead(host, port)
            ):
                return routed
            self._host, self._port, self._protocol = host, port, protocol
        return self.async_show_form(
            step_id="receiver",
            data_schema=add_receiver_schema(self._host, self._port, self._protocol),
            errors=errors,
        )

    async def async_step_integration_discovery(
        self, discovery_info: dict[str, Any]
    ) -> ConfigFlowResult:
        """A receiver announced itself over SLP: confirm it by asking its model."""
        host = str(discovery_info[CONF_HOST])
        port = int(discovery_info.get(CONF_PORT, DEFAULT_RECEIVER_PORT))
        identity, error = await self._probe(host, port)
        if identity is None:
            return self.async_abort(reason=error or "cannot_connect")
        await self.async_set_unique_id(receiver_unique_id(identity, host))
        self._abort_if_unique_id_configured(updates={CONF_HOST: host, CONF_PORT: port})
        self._host, self._port, self._identity = host, port, identity
        self.context["title_placeholders"] = {"name": receiver_title(identity, host)}
        return await self.async_step_discovery_confirm()

    async def async_step_discovery_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user confirm a discovered receiver."""
        assert self._identity is not None
        if user_input is not None:
            return self._create_receiver_entry(self._identity, self._host, self._port)
        return self.async_show_form(
            step_id="discovery_confirm",
            description_placeholders={
                "model": self._identity.model,
                "device_id": self._identity.device_id or "-",
                "host": self._host,
            },
        )

    async def async_step_receiver_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Point an entry at the receiver's new address (its form is `reconfigure`)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            host, port, identity, errors = await self._probe_form(
                user_input, entry_protocol(entry.data)
            )
            if identity is not None:
                self._abort_if_unique_id_mismatch(reason="wrong_receiver")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_HOST: host, CONF_PORT: port}
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=receiver_schema(
                entry.data[CONF_HOST], int(entry.data[CONF_PORT])
            ),
            errors=errors,
        )

    async def _async_add_charger_instead(
        self, host: str, port: int
    ) -> ConfigFlowResult | None:
        """A charging station answered: the config flow may take it from here.

        None shows the `charger_not_receiver` error (this mixin knows no other
        kind; `config_flow.MicboardConfigFlow` hands it to the charger steps).
        """
        return None

    def _create_receiver_entry(
        self,
        identity: ReceiverIdentity,
        host: str,
        port: int,
        protocol: ReceiverProtocol = ReceiverProtocol.COMMAND_STRINGS,
    ) -> ConfigFlowResult:
        data: dict[str, Any] = {
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: host,
            CONF_PORT: port,
        }
        if protocol is not ReceiverProtocol.COMMAND_STRINGS:
            data[CONF_PROTOCOL] = protocol
        return self.async_create_entry(
            title=receiver_title(identity, host),
            data=data,
            options=default_receiver_options(),
        )
