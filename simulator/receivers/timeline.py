"""Apply scenario events to running receivers, on schedule."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from ..device_group import play_timeline
from .scenario import ScenarioEvent
from .server import ReceiverSimulator


async def apply_event(receiver: ReceiverSimulator, event: ScenarioEvent) -> None:
    """Do what ``event`` says to ``receiver`` (``offline`` waits it out)."""
    params = event.params
    if event.action == "drop_connections":
        await receiver.drop_connections()
        return
    if event.action == "offline":
        await receiver.stop()
        await asyncio.sleep(float(params["seconds"]))
        await receiver.start()
        return
    if event.action == "fault":
        setattr(receiver.faults, str(params["name"]), bool(params.get("enabled", True)))
        return
    if event.action == "flash":
        receiver.state.set_flash(True)
        return
    assert event.channel is not None
    channel = receiver.channel(event.channel)
    match event.action:
        case "transmitter_off":
            channel.transmitter_off()
        case "out_of_range":
            channel.out_of_range()
        case "transmitter_on":
            battery = params.get("battery")
            channel.transmitter_on(
                model=params.get("model"),
                percent=None if battery is None else float(battery),
            )
        case "rename":
            channel.rename(str(params["name"]))
        case "battery":
            channel.set_battery(
                percent=params.get("percent"),
                bars=params.get("bars"),
                minutes=params.get("minutes"),
            )
        case "mute" | "unmute":
            channel.set_audio_mute(event.action == "mute")
        case "tx_mute" | "tx_unmute":
            channel.set_tx_mute(event.action == "tx_mute")
        case "interference":
            channel.set_interference(bool(params.get("detected", True)))
        case "drain":
            channel.set_drain(float(params["per_minute"]))
        case "gain":
            channel.set_gain_db(int(params["db"]))
        case "tx_offset":
            channel.set_tx_offset_db(int(params["db"]))
        case "rf_mute" | "rf_unmute":
            receiver.iem(event.channel).set_rf_mute(event.action == "rf_mute")
        case "rf_power":
            receiver.iem(event.channel).set_rf_power(int(params["mw"]))


async def run_timeline(
    receivers: Mapping[str, ReceiverSimulator],
    events: Sequence[ScenarioEvent],
    repeat_seconds: float | None = None,
) -> None:
    """Play ``events`` (sorted by time); loop every ``repeat_seconds`` if set."""
    await play_timeline(
        events,
        lambda event: apply_event(receivers[event.receiver], event),
        repeat_seconds,
    )
