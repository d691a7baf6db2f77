"""Sensors of a receiver's channels: battery, runtime, RF, audio, frequency.

An in-ear monitor transmitter's channels (PSM1000) have their own set
(IEM_SENSORS): frequency, group/channel, RF power, audio mode, input level
and the two input meters; none of a microphone's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfFrequency,
    UnitOfTime,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.typing import StateType

from ..const import (
    CONF_METER_STATE_INTERVAL,
    DEFAULT_METER_STATE_INTERVAL,
)
from ..shure.models import (
    IEM_FAMILIES,
    Channel,
    IemAudioMode,
    IemInputLevel,
    MeterSample,
    ReceiverFamily,
)
from .coordinator import ReceiverConfigEntry, ReceiverCoordinator
from .entity import ChannelEntity, async_track_channels
from .meters import (
    AUDIO_LEVEL_BANDS_DBFS,
    AUDIO_LEVEL_BANDS_PERCENT,
    RF_LEVEL_BANDS_DBM,
    RF_LEVEL_BANDS_PERCENT,
    MeterThrottle,
)

UNIT_DBFS = "dBFS"
UNIT_MILLIWATT = "mW"
FAMILIES_WITH_CHARGE = {
    ReceiverFamily.ULXD,
    ReceiverFamily.QLXD,
    ReceiverFamily.AXIENT_DIGITAL,
}
FAMILIES_WITHOUT_DB_METERS = {ReceiverFamily.UHFR}
"""Their meters have no published unit: percent sensors instead (other keys,
so a unit never changes under an entity's recorded statistics)."""


@dataclass(frozen=True, kw_only=True)
class ChannelSensorDescription(SensorEntityDescription):
    """A channel sensor: its value, where it exists, and whether meters drive it."""

    value_fn: Callable[[Channel], StateType]
    has_fn: Callable[[ReceiverFamily | None], bool] = lambda family: True
    meter_fn: Callable[[MeterSample], int | None] | None = None
    """For meter-driven sensors: the value in a SAMPLE (rate-limited states)."""
    bands: tuple[float, ...] = ()
    hysteresis: float = 2.0
    higher_is_worse: bool = False
    """Which reading of an interval is written: the highest (audio) or lowest."""


SENSORS: tuple[ChannelSensorDescription, ...] = (
    ChannelSensorDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.battery.charge_percent,
        has_fn=lambda family: family in FAMILIES_WITH_CHARGE,
    ),
    ChannelSensorDescription(
        key="battery_bars",
        translation_key="battery_bars",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.battery.bars,
    ),
    ChannelSensorDescription(
        key="battery_runtime",
        translation_key="battery_runtime",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.battery.runtime_minutes,
    ),
    ChannelSensorDescription(
        key="rf_level",
        translation_key="rf_level",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.rf.level_dbm,
        has_fn=lambda family: family not in FAMILIES_WITHOUT_DB_METERS,
        meter_fn=lambda sample: sample.rf_level_dbm,
        bands=RF_LEVEL_BANDS_DBM,
    ),
    ChannelSensorDescription(
        key="rf_level_percent",
        translation_key="rf_level_percent",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.rf.level_percent,
        has_fn=lambda family: family in FAMILIES_WITHOUT_DB_METERS,
        meter_fn=lambda sample: sample.rf_level_percent,
        bands=RF_LEVEL_BANDS_PERCENT,
        hysteresis=3.0,
    ),
    ChannelSensorDescription(
        key="audio_level",
        translation_key="audio_level",
        native_unit_of_measurement=UNIT_DBFS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        value_fn=lambda channel: channel.audio.level_dbfs,
        has_fn=lambda family: family not in FAMILIES_WITHOUT_DB_METERS,
        meter_fn=lambda sample: sample.audio_level_dbfs,
        bands=AUDIO_LEVEL_BANDS_DBFS,
        higher_is_worse=True,
    ),
    ChannelSensorDescription(
        key="audio_level_percent",
        translation_key="audio_level_percent",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        value_fn=lambda channel: channel.audio.level_percent,
        has_fn=lambda family: family in FAMILIES_WITHOUT_DB_METERS,
        meter_fn=lambda sample: sample.audio_level_percent,
        bands=AUDIO_LEVEL_BANDS_PERCENT,
        hysteresis=1.0,
    ),
    ChannelSensorDescription(
        key="frequency",
        translation_key="frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        native_unit_of_measurement=UnitOfFrequency.MEGAHERTZ,
        suggested_display_precision=3,
        value_fn=lambda channel: channel.frequency_mhz,
    ),
    ChannelSensorDescription(
        key="signal_quality",
        translation_key="signal_quality",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda channel: channel.rf.quality,
        has_fn=lambda family: family is ReceiverFamily.AXIENT_DIGITAL,
        meter_fn=lambda sample: sample.quality,
        bands=(1.5, 3.5),
        hysteresis=0.5,
    ),
)


def _group_channel(channel: Channel) -> str | None:
    """`gg,cc` as the transmitter shows it; None when tuned outside a group."""
    if channel.group is None or channel.rf_channel is None:
        return None
    return f"{channel.group:02d},{channel.rf_channel:02d}"


def _input_meter(key: str, side: str) -> ChannelSensorDescription:
    return ChannelSensorDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=UNIT_DBFS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        value_fn=lambda channel: getattr(channel.iem, side),
        meter_fn=lambda sample: getattr(sample, side),
        bands=AUDIO_LEVEL_BANDS_DBFS,
    )


IEM_SENSORS: tuple[ChannelSensorDescription, ...] = (
    next(d for d in SENSORS if d.key == "frequency"),
    ChannelSensorDescription(
        key="group_channel",
        translation_key="group_channel",
        value_fn=_group_channel,
    ),
    ChannelSensorDescription(
        key="rf_power",
        translation_key="rf_power",
        native_unit_of_measurement=UNIT_MILLIWATT,
        value_fn=lambda channel: channel.iem.rf_power_mw,
    ),
    ChannelSensorDescription(
        key="audio_mode",
        translation_key="audio_mode",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in IemAudioMode],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda channel: channel.iem.audio_mode,
    ),
    ChannelSensorDescription(
        key="input_level",
        translation_key="input_level",
        device_class=SensorDeviceClass.ENUM,
        options=[level.value for level in IemInputLevel],
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda channel: channel.iem.input_level,
    ),
    _input_meter("input_meter_left", "input_left_dbfs"),
    _input_meter("input_meter_right", "input_right_dbfs"),
)
"""An in-ear monitor transmitter channel's sensors (PSM1000)."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ReceiverConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of every channel, now and as channels appear."""
    coordinator = entry.runtime_data.coordinator
    family = coordinator.data.family
    table = IEM_SENSORS if family in IEM_FAMILIES else SENSORS
    descriptions = [d for d in table if d.has_fn(family)]

    def for_channel(number: int) -> list[ChannelSensor]:
        return [
            MeterSensor(coordinator, number, d)
            if d.meter_fn
            else ChannelSensor(coordinator, number, d)
            for d in descriptions
        ]

    async_track_channels(coordinator, for_channel, async_add_entities)


class ChannelSensor(ChannelEntity, SensorEntity):
    """A sensor whose value comes from the channel's reported properties."""

    entity_description: ChannelSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value, or None when unknown."""
        channel = self.channel
        return None if channel is None else self.entity_description.value_fn(channel)


class MeterSensor(ChannelSensor):
    """A meter-driven sensor: every sample is seen, few become states."""

    def __init__(
        self,
        coordinator: ReceiverCoordinator,
        number: int,
        description: ChannelSensorDescription,
    ) -> None:
        """Set up the throttle from the entry's option."""
        super().__init__(coordinator, number, description)
        interval = coordinator.config_entry.options.get(
            CONF_METER_STATE_INTERVAL, DEFAULT_METER_STATE_INTERVAL
        )
        self._throttle = MeterThrottle(
            interval=float(interval),
            bands=description.bands,
            hysteresis=description.hysteresis,
            higher_is_worse=description.higher_is_worse,
        )
        self._metered: float | None = None
        self._has_meter = False
        self._cancel_pending: CALLBACK_TYPE | None = None

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator's full-rate samples."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.coordinator.async_add_sample_listener(self._on_sample)
        )
        self.async_on_remove(self._cancel_trailing_write)

    @property
    def native_value(self) -> StateType:
        """The last meter value written, else the reported property."""
        if self._has_meter and self.coordinator.samples.get(self.number) is not None:
            return self._metered
        return super().native_value

    @callback
    def _on_sample(self, number: int, sample: MeterSample) -> None:
        if number != self.number or self.entity_description.meter_fn is None:
            return
        value = self.entity_description.meter_fn(sample)
        now = self.hass.loop.time()
        wait = self._throttle.decide(value, now)
        if wait is None:
            return
        if wait == 0:
            self._cancel_trailing_write()
            self._write_meter(self._throttle.pending)
            return
        if self._cancel_pending is None:
            self._cancel_pending = async_call_later(
                self.hass, wait, self._trailing_write
            )

    @callback
    def _trailing_write(self, _now: object) -> None:
        self._cancel_pending = None
        if self._throttle.close(self.hass.loop.time()):
            self._write_meter(self._throttle.pending)

    @callback
    def _cancel_trailing_write(self) -> None:
        if self._cancel_pending is not None:
            self._cancel_pending()
            self._cancel_pending = None

    @callback
    def _write_meter(self, value: float | None) -> None:
        self._throttle.written(value, self.hass.loop.time())
        self._metered = value
        self._has_meter = True
        self.async_write_ha_state()
