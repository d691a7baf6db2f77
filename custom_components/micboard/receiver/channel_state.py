"""What a channel's raw state means to a sound engineer.

Battery thresholds, Micboard's status words and the alerts that fire when a
channel gets worse (an in-ear monitor channel: its RF muted). Shared by the entities, the event entity and the live hub,
so every view agrees.
"""

from __future__ import annotations

from ..const import BATTERY_CRITICAL_BARS, BATTERY_CRITICAL_PERCENT, BATTERY_LOW_BARS
from ..live.status import AlertType, ChannelStatus
from ..shure.models import Channel


def battery_low(channel: Channel, low_percent: int) -> bool | None:
    """On at <= 2 bars or at/below the charge threshold; None when unknown."""
    if channel.transmitter_present is False:
        return None
    bars, percent = channel.battery.bars, channel.battery.charge_percent
    if bars is None and percent is None:
        return None
    return (bars is not None and bars <= BATTERY_LOW_BARS) or (
        percent is not None and percent <= low_percent
    )


def battery_critical(channel: Channel) -> bool | None:
    """On at <= 1 bar or <= 10 %; None when unknown."""
    if channel.transmitter_present is False:
        return None
    bars, percent = channel.battery.bars, channel.battery.charge_percent
    if bars is None and percent is None:
        return None
    return (bars is not None and bars <= BATTERY_CRITICAL_BARS) or (
        percent is not None and percent <= BATTERY_CRITICAL_PERCENT
    )


def channel_status(
    channel: Channel, *, online: bool, low_percent: int
) -> ChannelStatus:
    """Micboard's word for the slot: good (4-5 bars), replace (3), critical (0-2)."""
    if not online:
        return ChannelStatus.RX_OFFLINE
    if channel.transmitter_present is False:
        return ChannelStatus.TX_OFF
    if battery_critical(channel) or battery_low(channel, low_percent):
        return ChannelStatus.CRITICAL
    bars = channel.battery.bars
    if bars is None and channel.battery.charge_percent is None:
        return ChannelStatus.UNKNOWN
    if bars == BATTERY_LOW_BARS + 1:
        return ChannelStatus.REPLACE
    return ChannelStatus.GOOD


def iem_status(channel: Channel, *, online: bool) -> ChannelStatus:
    """An in-ear monitor channel's word: transmitting (good), RF muted, unknown."""
    if not online:
        return ChannelStatus.RX_OFFLINE
    muted = channel.iem.rf_muted
    if muted is None:
        return ChannelStatus.UNKNOWN
    return ChannelStatus.RF_MUTED if muted else ChannelStatus.GOOD


def alerts_between(
    before: Channel, after: Channel, low_percent: int
) -> list[AlertType]:
    """Alerts for what got worse from one snapshot of a channel to the next."""
    alerts: list[AlertType] = []
    if battery_low(after, low_percent) and not battery_low(before, low_percent):
        alerts.append(AlertType.BATTERY_LOW)
    if battery_critical(after) and not battery_critical(before):
        alerts.append(AlertType.BATTERY_CRITICAL)
    if after.transmitter_present is False and before.transmitter_present is True:
        alerts.append(AlertType.TRANSMITTER_OFF)
    if after.rf.interference and not before.rf.interference:
        alerts.append(AlertType.INTERFERENCE)
    if after.iem.rf_muted and before.iem.rf_muted is False:
        alerts.append(AlertType.RF_MUTED)
    return alerts
