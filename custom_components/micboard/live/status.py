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
    RF_MUTED = "rf_muted"
    """An in-ear monitor transmitter channel's RF output was muted (PSM1000)."""
    BAY_FAULT = "bay_fault"
    """A charging station's bay reports a fault (charger entries)."""
    CHARGER_OFFLINE = "charger_offline"
    """A charging station stopped answering (charger entries)."""


IEM_ALERTS: tuple[AlertType, ...] = (
    AlertType.RF_MUTED,
    AlertType.RECEIVER_OFFLINE,
    AlertType.STATUS_WARNING,
    AlertType.STATUS_ERROR,
)
"""What can happen to an in-ear monitor transmitter channel."""
CHARGER_ALERTS = frozenset({AlertType.BAY_FAULT, AlertType.CHARGER_OFFLINE})
"""Alerts only charging stations raise; a microphone's Alert entity has none."""
MIC_ALERTS: tuple[AlertType, ...] = tuple(
    alert
    for alert in AlertType
    if alert is not AlertType.RF_MUTED and alert not in CHARGER_ALERTS
)
"""What can happen to a microphone channel (every other device too)."""


class ChannelStatus(StrEnum):
    """Micboard's status of a slot (the `status` field, docs/websocket-api.md)."""

    GOOD = "good"
    REPLACE = "replace"
    CRITICAL = "critical"
    TX_OFF = "tx_off"
    RX_OFFLINE = "rx_offline"
    UNKNOWN = "unknown"
    RF_MUTED = "rf_muted"
    """An in-ear monitor transmitter channel whose RF output is muted."""
