"""The words of the live board that every backend speaks: alerts and slot status."""

from __future__ import annotations

from enum import StrEnum


class AlertType(StrEnum):
    """Event types of the alert event entity (and the hub's system_alert)."""

    BATTERY_LOW = "battery_low"
    BATTERY_CRITICAL = "battery_critical"
    RF_LOST = "rf_lost"
    TRANSMITTER_OFF = "transmitter_off"
    INTERFERENCE = "interference"
    RECEIVER_OFFLINE = "receiver_offline"
    STATUS_WARNING = "status_warning"
    """The device's MQTT status feed reported `warning`."""
    STATUS_ERROR = "status_error"
    """The device's MQTT status feed reported `error`."""
    BAY_FAULT = "bay_fault"
    """A charging station's bay reports a fault (charger entries)."""
    CHARGER_OFFLINE = "charger_offline"
    """A charging station stopped answering (charger entries)."""


CHARGER_ALERTS = frozenset({AlertType.BAY_FAULT, AlertType.CHARGER_OFFLINE})
"""Alerts only charging stations raise; a microphone's Alert entity has none."""


class ChannelStatus(StrEnum):
    """Micboard's status of a slot (the `status` field, docs/websocket-api.md)."""

    GOOD = "good"
    REPLACE = "replace"
    CRITICAL = "critical"
    TX_OFF = "tx_off"
    RX_OFFLINE = "rx_offline"
    UNKNOWN = "unknown"
