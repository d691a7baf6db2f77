"""A simulated command-string receiver: one asyncio TCP server per receiver.

```
async with ReceiverSimulator(model="AD4Q", port=0, seed=1) as rx:
    rx.channel(1).set_battery(bars=2, minutes=45)   # clients get the REPs
    rx.faults.split_frames = True
    await rx.drop_connections()
```
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
import random

from ..tcp_device import DEFAULT_HOST, TcpDevice
from .connection import ClientConnection, MessageReader
from .encoding import MessageReader as BracedMessageReader, frame
from .families import (
    COMMAND_STRING_FAMILIES,
    Family,
    ModelSpec,
    SampleLayout,
    model_spec,
)
from .faults import Faults
from .iem import IemSettings
from .initial_state import build_receiver_state
from .meters import ChannelMeters, antennas_for, sample_body
from .protocol import CommandHandler
from .psm1000 import CrlfMessageReader, Psm1000Handler
from .state import Change, ChannelState, ReceiverState


class ReceiverSimulator(TcpDevice[ClientConnection]):
    """One simulated receiver listening on ``host:port`` (port 0 = any)."""

    families: frozenset[Family] = COMMAND_STRING_FAMILIES
    """The families this class serves (UHF-R: ``UhfrSimulator``, over UDP)."""

    def __init__(
        self,
        model: str = "ULXD4Q",
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
        device_id: str | None = None,
        channel_names: Sequence[str] = (),
        seed: int | None = None,
        sample_layout: SampleLayout | str = SampleLayout.STANDARD,
        tick_seconds: float = 1.0,
        flash_seconds: float = 10.0,
        metering_lockup: bool = False,
        static: bool = False,
    ) -> None:
        """Build the receiver's state; nothing listens until ``start``.

        A ``static`` receiver never drifts: meters read the same every time
        and batteries do not drain, so nothing a client sees changes unless a
        test, the control API or a scenario event changes it.

        ``metering_lockup`` copies a QLX-D firmware bug: a client that
        disconnects with metering still on leaves the receiver hung (it goes
        ``silent`` until someone clears ``faults.silent`` or restarts it).
        """
        self.spec: ModelSpec = model_spec(model)
        if self.spec.family not in self.families:
            raise ValueError(
                f"{self.spec.model} is not served by {type(self).__name__}"
            )
        self.sample_layout = SampleLayout(sample_layout)
        if self.sample_layout is not SampleLayout.STANDARD and (
            self.spec.family is not Family.AD
        ):
            raise ValueError(f"{self.spec.model} has no {self.sample_layout} mode")
        super().__init__(host, port, tick_name="sim-tick")
        self.rng = random.Random(seed)
        self.tick_seconds = tick_seconds
        self.flash_seconds = flash_seconds
        self.metering_lockup = metering_lockup
        self.static = static
        self.faults = Faults()
        self.state: ReceiverState = build_receiver_state(
            self.spec, self.rng, device_id=device_id, channel_names=channel_names
        )
        antennas = antennas_for(self.spec.family, self.sample_layout)
        self.meters = [
            ChannelMeters(random.Random(self.rng.random()), antennas, static=static)
            for _ in self.state.channels
        ]
        self.iem_channels = [
            IemSettings(number=channel.number)
            for channel in self.state.channels
            if self.spec.family is Family.PSM1000
        ]
        """A P10T's per-channel RF and audio settings (empty for receivers)."""
        self.handler: CommandHandler | Psm1000Handler = (
            Psm1000Handler(self.spec, self.state, self.meters, self.iem_channels)
            if self.iem_channels
            else CommandHandler(self.spec, self.state, self.meters)
        )
        self.state.attach(self._on_change)
        for settings in self.iem_channels:
            settings.listener = self._on_change
        self._flash_timers: dict[int | None, asyncio.TimerHandle] = {}
        self._locked_up = False

    # -- identity ------------------------------------------------------
    @property
    def model(self) -> str:
        """The model name, e.g. ``AD4Q``."""
        return self.spec.model

    @property
    def device_id(self) -> str:
        """The receiver's current DEVICE_ID."""
        return self.state.device_id

    def channel(self, number: int) -> ChannelState:
        """Channel ``number`` (1-based) to inspect or change."""
        if not 1 <= number <= len(self.state.channels):
            raise IndexError(f"{self.model} has no channel {number}")
        return self.state.channels[number - 1]

    def iem(self, number: int) -> IemSettings:
        """A P10T channel's RF and audio settings (1-based) to inspect or change."""
        if not 1 <= number <= len(self.iem_channels):
            raise IndexError(f"{self.model} has no transmitter channel {number}")
        return self.iem_channels[number - 1]

    @property
    def channels(self) -> list[ChannelState]:
        """All channels, in order."""
        return self.state.channels

    # -- lifecycle -----------------------------------------------------
    def _before_start(self) -> None:
        if self._locked_up:  # a power cycle cures the metering lock-up
            self.faults.silent = self._locked_up = False

    def _after_stop(self) -> None:
        for timer in self._flash_timers.values():
            timer.cancel()
        self._flash_timers.clear()

    # -- observation for tests -----------------------------------------
    def record_received(self, message: str) -> None:
        """Remember a message a client sent (``received``)."""
        self.received.append(message)
        self._notify_activity()

    async def wait_for_received(self, text: str) -> str:
        """Wait until a client has sent a message containing ``text``.

        Waits forever: wrap it in ``asyncio.timeout(...)``.
        """

        def find() -> str | None:
            return next((msg for msg in self.received if text in msg), None)

        await self.wait_until(lambda: find() is not None)
        found = find()
        assert found is not None
        return found

    async def wait_for_clients(self, count: int = 1) -> None:
        """Wait until exactly ``count`` clients are connected (no timeout)."""
        await self.wait_until(lambda: self.connection_count == count)

    # -- internals -----------------------------------------------------
    def sample_body(self, channel: int) -> str:
        """A fresh SAMPLE body for ``channel``, in the family's layout."""
        state = self.state.channels[channel - 1]
        reading = self.meters[channel - 1].reading(state)
        return sample_body(self.spec.family, self.sample_layout, state, reading)

    def meter_messages(self, channel: int) -> list[str]:
        """A fresh meter reading of ``channel``: a SAMPLE, or a P10T's REPORTs."""
        if isinstance(self.handler, Psm1000Handler):
            return self.handler.meter_messages(channel)
        return [frame(self.sample_body(channel))]

    def message_reader(self) -> MessageReader:
        """How a new connection's bytes become messages (a P10T wants CRLF)."""
        if self.iem_channels:
            return CrlfMessageReader()
        return BracedMessageReader()

    def broadcast(self, messages: list[str]) -> None:
        """Send messages to every connected client."""
        for connection in self._connections:
            connection.send(messages)

    def _on_change(self, channel: int | None, change: Change) -> None:
        self.broadcast(self.handler.reports_for_change(channel, change))
        if change in (Change.FLASH, Change.DEVICE_FLASH):
            self._schedule_flash_off(channel)

    def _schedule_flash_off(self, channel: int | None) -> None:
        if (timer := self._flash_timers.pop(channel, None)) is not None:
            timer.cancel()
        if self._server is None:
            return
        if channel is None:
            on, turn_off = self.state.flash, self.state.set_flash
        else:
            on, turn_off = self.channel(channel).flash, self.channel(channel).set_flash
        if on:
            loop = asyncio.get_running_loop()
            self._flash_timers[channel] = loop.call_later(
                self.flash_seconds, turn_off, False
            )

    def _connect(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> ClientConnection:
        return ClientConnection(self, reader, writer)

    def _connection_closed(self, connection: ClientConnection) -> None:
        vanished = not connection.dropped_by_receiver
        if self.metering_lockup and connection.metering and vanished:
            self.faults.silent = self._locked_up = True

    async def _tick_loop(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_seconds)
            now = loop.time()
            if not self.static:
                for channel in self.state.channels:
                    channel.drain(now - last)
            last = now
