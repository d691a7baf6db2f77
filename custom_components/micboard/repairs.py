"""Repair flows: fixable issues the user settles from the Repairs dashboard."""

from __future__ import annotations

from homeassistant import data_entry_flow
from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import voluptuous as vol

from .const import CONF_FINGERPRINT, DOMAIN
from .system_api.issues import CERTIFICATE_CHANGED


class TrustNewCertificateFlow(RepairsFlow):
    """Show a System API server's new certificate; trust it once confirmed."""

    def __init__(self, entry_id: str, fingerprint: str) -> None:
        """Remember which entry and which certificate the issue is about."""
        self._entry_id = entry_id
        self._fingerprint = fingerprint

    async def async_step_init(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Go straight to the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> data_entry_flow.FlowResult:
        """Store the new fingerprint and restart the entry with it."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:  # the entry was deleted while the issue was open
            ir.async_delete_issue(self.hass, DOMAIN, self.issue_id)
            return self.async_abort(reason="entry_removed")
        if user_input is not None:
            self.hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_FINGERPRINT: self._fingerprint}
            )
            ir.async_delete_issue(self.hass, DOMAIN, self.issue_id)
            await self.hass.config_entries.async_reload(entry.entry_id)
            return self.async_create_entry(data={})
        issue = ir.async_get(self.hass).async_get_issue(DOMAIN, self.issue_id)
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders=issue.translation_placeholders if issue else None,
        )


async def async_create_fix_flow(
    hass: HomeAssistant,
    issue_id: str,
    data: dict[str, str | int | float | None] | None,
) -> RepairsFlow:
    """The flow that fixes a fixable issue."""
    if issue_id.startswith(f"{CERTIFICATE_CHANGED}_") and data:
        return TrustNewCertificateFlow(str(data["entry_id"]), str(data["fingerprint"]))
    return ConfirmRepairFlow()
