"""A fresh receiver's state: names, frequencies and transmitters per model."""

from __future__ import annotations

from collections.abc import Sequence
import random

from .families import ModelSpec
from .state import Battery, ChannelState, ReceiverState, Transmitter

FREQUENCY_STEP_KHZ = 25
CHANNEL_SPACING_KHZ = 1_650


def default_channel_name(number: int) -> str:
    """The name a factory-fresh receiver gives channel ``number``."""
    return f"CH {number}"


def build_receiver_state(
    spec: ModelSpec,
    rng: random.Random,
    *,
    device_id: str | None = None,
    channel_names: Sequence[str] = (),
) -> ReceiverState:
    """A receiver with every channel linked to a charged transmitter."""
    base = spec.band_low_khz + 2_000 + rng.randrange(40) * FREQUENCY_STEP_KHZ
    channels: list[ChannelState] = []
    for index in range(spec.channel_count):
        number = index + 1
        name = (
            channel_names[index]
            if index < len(channel_names)
            else default_channel_name(number)
        )
        frequency = min(spec.band_high_khz, base + index * CHANNEL_SPACING_KHZ)
        battery = Battery(
            charge=float(rng.randint(60, 100)),
            health_percent=rng.randint(80, 100),
            cycle_count=rng.randint(5, 300),
            temperature_c=rng.randint(22, 34),
        )
        channels.append(
            ChannelState(
                number=number,
                name=name[: spec.max_name_length],
                frequency_khz=frequency,
                transmitter=Transmitter(
                    model=spec.default_transmitter, battery=battery
                ),
                max_name_length=spec.max_name_length,
                group=1,
                group_channel=number,
            )
        )
    return ReceiverState(
        device_id=(device_id or spec.default_device_id)[:8],
        fw_version=spec.fw_version,
        rf_band=spec.rf_band,
        channels=channels,
    )
