"""Battery thresholds, Micboard status words and alert transitions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.micboard.live.status import AlertType, ChannelStatus
from custom_components.micboard.receiver.channel_state import (
    alerts_between,
    battery_critical,
    battery_low,
    channel_status,
)
from custom_components.micboard.shure.models import BatteryStatus, Channel, RfStatus


def _channel(
    bars: int | None = None,
    percent: int | None = None,
    present: bool | None = True,
    interference: bool | None = False,
) -> Channel:
    return Channel(
        number=1,
        transmitter_present=present,
        battery=BatteryStatus(bars=bars, charge_percent=percent),
        rf=RfStatus(interference=interference),
    )


@pytest.mark.parametrize(
    ("bars", "percent", "low", "critical"),
    [
        (5, None, False, False),
        (3, None, False, False),
        (2, None, True, False),
        (1, None, True, True),
        (None, 26, False, False),
        (None, 25, True, False),
        (None, 10, True, True),
        (4, 20, True, False),
        (None, None, None, None),
    ],
)
def test_battery_thresholds(
    bars: int | None, percent: int | None, low: bool | None, critical: bool | None
) -> None:
    """Low at <= 2 bars or <= the threshold; critical at <= 1 bar or <= 10 %."""
    channel = _channel(bars, percent)
    assert battery_low(channel, 25) is low
    assert battery_critical(channel) is critical


def test_no_transmitter_means_no_battery_verdict() -> None:
    """A switched-off transmitter has no battery state, not a low one."""
    channel = _channel(bars=1, present=False)
    assert battery_low(channel, 25) is None
    assert battery_critical(channel) is None


@pytest.mark.parametrize(
    ("channel", "online", "status"),
    [
        (_channel(bars=5), True, ChannelStatus.GOOD),
        (_channel(bars=4), True, ChannelStatus.GOOD),
        (_channel(bars=3), True, ChannelStatus.REPLACE),
        (_channel(bars=2), True, ChannelStatus.CRITICAL),
        (_channel(bars=0), True, ChannelStatus.CRITICAL),
        (_channel(bars=5, present=False), True, ChannelStatus.TX_OFF),
        (_channel(bars=5), False, ChannelStatus.RX_OFFLINE),
        (_channel(), True, ChannelStatus.UNKNOWN),
        (_channel(percent=80), True, ChannelStatus.GOOD),
    ],
)
def test_micboard_status_words(
    channel: Channel, online: bool, status: ChannelStatus
) -> None:
    """Micboard's GOOD (4-5), REPLACE (3), CRITICAL (0-2), TX/RX off."""
    assert channel_status(channel, online=online, low_percent=25) is status


def test_alerts_fire_only_when_things_get_worse() -> None:
    """Each alert fires on its rising edge, never while the state persists."""
    good = _channel(bars=4)
    low = replace(good, battery=BatteryStatus(bars=2))
    critical = replace(good, battery=BatteryStatus(bars=1))
    assert alerts_between(good, low, 25) == [AlertType.BATTERY_LOW]
    assert alerts_between(low, critical, 25) == [AlertType.BATTERY_CRITICAL]
    assert alerts_between(good, critical, 25) == [
        AlertType.BATTERY_LOW,
        AlertType.BATTERY_CRITICAL,
    ]
    assert alerts_between(low, low, 25) == []
    assert alerts_between(critical, good, 25) == []
    off = replace(good, transmitter_present=False)
    assert alerts_between(good, off, 25) == [AlertType.TRANSMITTER_OFF]
    noisy = replace(good, rf=RfStatus(interference=True))
    assert alerts_between(good, noisy, 25) == [AlertType.INTERFERENCE]
    assert alerts_between(noisy, noisy, 25) == []
