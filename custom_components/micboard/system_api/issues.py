"""Repair issues of a System API entry: certificate, reachability, firmware."""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from ..const import DOMAIN
from ..shure.systemapi import ApiDevice, CertificateChangedError

CERTIFICATE_CHANGED = "certificate_changed"
SERVER_UNREACHABLE = "server_unreachable"
INCOMPATIBLE_FIRMWARE = "incompatible_firmware"


def certificate_issue_id(entry_id: str) -> str:
    """The fixable issue that offers to trust a server's new certificate."""
    return f"{CERTIFICATE_CHANGED}_{entry_id}"


def unreachable_issue_id(entry_id: str) -> str:
    """The issue raised when the server has not answered for a long time."""
    return f"{SERVER_UNREACHABLE}_{entry_id}"


def incompatible_issue_id(entry_id: str, device_id: str) -> str:
    """The issue of one device whose firmware the System API cannot use."""
    return f"{INCOMPATIBLE_FIRMWARE}_{entry_id}_{device_id}"


@callback
def async_certificate_changed(
    hass: HomeAssistant, entry: ConfigEntry, host: str, err: CertificateChangedError
) -> None:
    """Ask the user whether to trust the certificate the server now presents."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        certificate_issue_id(entry.entry_id),
        data={"entry_id": entry.entry_id, "fingerprint": err.fingerprint},
        is_fixable=True,
        severity=ir.IssueSeverity.ERROR,
        translation_key=CERTIFICATE_CHANGED,
        translation_placeholders={
            "title": entry.title,
            "host": host,
            "fingerprint": err.fingerprint,
            "expected": err.expected,
        },
    )


@callback
def async_server_unreachable(
    hass: HomeAssistant, entry: ConfigEntry, host: str, minutes: int, error: str
) -> None:
    """Tell the user the server has been unreachable for a while."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        unreachable_issue_id(entry.entry_id),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=SERVER_UNREACHABLE,
        translation_placeholders={
            "title": entry.title,
            "host": host,
            "minutes": str(minutes),
            "error": error,
        },
    )


@callback
def async_sync_incompatible(
    hass: HomeAssistant,
    entry: ConfigEntry,
    devices: Iterable[ApiDevice],
    raised: set[str],
) -> set[str]:
    """Raise an issue per device with too old firmware; clear the others.

    ``raised`` holds the device ids with an open issue; returns the new set.
    """
    now: set[str] = set()
    for device in devices:
        if not device.incompatible:
            continue
        now.add(device.device_id)
        if device.device_id in raised:
            continue
        ir.async_create_issue(
            hass,
            DOMAIN,
            incompatible_issue_id(entry.entry_id, device.device_id),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=INCOMPATIBLE_FIRMWARE,
            translation_placeholders={
                "name": device.name or device.model or device.device_id,
                "model": device.model or "?",
                "firmware": device.firmware or "?",
                "title": entry.title,
            },
        )
    for device_id in raised - now:
        ir.async_delete_issue(
            hass, DOMAIN, incompatible_issue_id(entry.entry_id, device_id)
        )
    return now


@callback
def async_clear_entry_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the issues an unloaded entry no longer tracks.

    The certificate issue stays: it is what lets the user restart the entry.
    """
    prefixes = (
        unreachable_issue_id(entry_id),
        f"{INCOMPATIBLE_FIRMWARE}_{entry_id}_",
    )
    registry = ir.async_get(hass)
    for domain, issue_id in list(registry.issues):
        if domain == DOMAIN and issue_id.startswith(prefixes):
            ir.async_delete_issue(hass, DOMAIN, issue_id)
