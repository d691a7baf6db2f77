"""Many simulated receivers at once, built from a scenario or a model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from ..device_group import DeviceGroup, port_for, seed_for
from ..tcp_device import DEFAULT_HOST
from .families import Family, model_spec
from .initial_state import default_channel_name
from .scenario import ChannelPlan, ReceiverPlan, Scenario, ScenarioEvent, load_scenario
from .server import ReceiverSimulator
from .state import ChannelState
from .timeline import run_timeline
from .uhfr import UhfrSimulator


def simulator_class(model: str) -> type[ReceiverSimulator]:
    """The class that serves ``model``: UHF-R over UDP, the others over TCP."""
    if model_spec(model).family is Family.UHFR:
        return UhfrSimulator
    return ReceiverSimulator


def _apply_channel_plan(
    channel: ChannelState, plan: ChannelPlan, default_drain: float
) -> None:
    transmitter = channel.transmitter
    if plan.transmitter is not None:
        transmitter.model = plan.transmitter
    if plan.battery_type is not None:
        transmitter.battery.kind = plan.battery_type
    channel.set_battery(percent=plan.battery_percent, minutes=plan.runtime_minutes)
    channel.set_drain(
        default_drain if plan.drain_per_minute is None else plan.drain_per_minute
    )
    channel.set_audio_mute(plan.muted)
    channel.set_tx_mute(plan.tx_muted)
    channel.set_interference(plan.interference)
    if plan.gain_db is not None:
        channel.set_gain_db(plan.gain_db)
    if not plan.transmitter_on:
        channel.transmitter_off()


def _receiver_from_plan(
    plan: ReceiverPlan,
    scenario: Scenario,
    *,
    host: str,
    port: int,
    seed: int | None,
    static: bool,
) -> ReceiverSimulator:
    receiver = simulator_class(plan.model)(
        plan.model,
        host=host,
        port=port,
        device_id=plan.device_id,
        channel_names=[
            channel.name or default_channel_name(number)
            for number, channel in enumerate(plan.channels, start=1)
        ],
        seed=seed,
        sample_layout=plan.sample_layout,
        tick_seconds=scenario.tick_seconds,
        metering_lockup=plan.metering_lockup,
        static=static,
    )
    for number, channel in enumerate(receiver.channels, start=1):
        channel_plan = (
            plan.channels[number - 1] if number <= len(plan.channels) else ChannelPlan()
        )
        _apply_channel_plan(channel, channel_plan, scenario.drain_per_minute)
    for fault in plan.faults:
        setattr(receiver.faults, fault, True)
    return receiver


class ReceiverFarm(DeviceGroup[ReceiverSimulator, ScenarioEvent]):
    """A set of receivers started and stopped together, plus a timeline."""

    def __init__(
        self,
        receivers: Sequence[ReceiverSimulator],
        *,
        keys: Sequence[str] | None = None,
        events: Sequence[ScenarioEvent] = (),
        repeat_seconds: float | None = None,
    ) -> None:
        """Group ``receivers``; ``keys`` name them for events and lookups."""
        names = keys if keys is not None else [rx.device_id for rx in receivers]
        super().__init__(
            receivers,
            keys=names,
            events=events,
            repeat_seconds=repeat_seconds,
            timeline_name="simulator-timeline",
        )
        self.receivers = self._devices

    @classmethod
    def from_scenario(
        cls,
        source: str | Path | Mapping[str, Any] | Scenario,
        *,
        host: str = DEFAULT_HOST,
        base_port: int = 0,
        seed: int | None = None,
        static: bool = False,
    ) -> Self:
        """Receivers as a scenario describes (raises ``ScenarioError``).

        ``static`` receivers never drift (see ``ReceiverSimulator``); the
        scenario's timeline events still happen.
        """
        scenario = source if isinstance(source, Scenario) else load_scenario(source)
        base_seed = seed if seed is not None else scenario.seed
        receivers = [
            _receiver_from_plan(
                plan,
                scenario,
                host=host,
                port=port_for(index, plan.port, base_port),
                seed=seed_for(base_seed, index),
                static=static,
            )
            for index, plan in enumerate(scenario.receivers)
        ]
        return cls(
            receivers,
            keys=[plan.key for plan in scenario.receivers],
            events=scenario.events,
            repeat_seconds=scenario.repeat_seconds,
        )

    @classmethod
    def of_model(
        cls,
        model: str,
        count: int,
        *,
        host: str = DEFAULT_HOST,
        base_port: int = 0,
        seed: int | None = None,
        drain_per_minute: float = 0.0,
        static: bool = False,
    ) -> Self:
        """``count`` receivers of one model with distinct device ids."""
        spec = model_spec(model)
        receivers: list[ReceiverSimulator] = []
        # Device ids have at most 8 characters: past 99 receivers the number
        # takes a third digit from the prefix, so every id stays distinct.
        digits = max(2, len(str(count)))
        prefix = spec.default_device_id[: 8 - digits]
        for index in range(count):
            receiver = simulator_class(spec.model)(
                spec.model,
                host=host,
                port=port_for(index, None, base_port),
                device_id=f"{prefix}{index + 1:0{digits}d}",
                seed=seed_for(seed, index),
                static=static,
            )
            for channel in receiver.channels:
                channel.set_drain(drain_per_minute)
            receivers.append(receiver)
        return cls(receivers)

    def receiver(self, key: str) -> ReceiverSimulator:
        """The receiver a scenario calls ``key`` (its key or device id)."""
        return self.by_key[key]

    async def _play(self) -> None:
        await run_timeline(self.by_key, self.events, self.repeat_seconds)
