"""A simulated UHF-R receiver (UR4S, UR4D): `* ... *` messages over UDP.

```
async with UhfrSimulator("UR4D", port=0, seed=1) as rx:
    rx.channel(1).set_battery(bars=2)   # the next REPORT or SAMPLE shows it
    rx.faults.silent = True
```

It answers GET and SET to the address that asked, and streams SAMPLEs to
every address that sent `METER x ALL sss` (sss x 30 ms) until `STOP`. It
never speaks unasked: a change shows in the next answer or sample. Channels
the model lacks (channel 2 of a UR4S) get no answer. Faults: `silent`
(reads, never answers or samples), `inject_garbage` (junk datagrams, and
junk around each message), `lose_datagrams` (half of what it sends is
lost), `refuse_connections` (its socket is closed: senders get ICMP "port
unreachable"); `drop_connections()` forgets every meter subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from typing import Any

from .families import Family
from .faults import garbage
from .server import ReceiverSimulator
from .uhfr_wire import GAIN_MAX, commands_in, frame, report_value, sample_body

METER_STEP_SECONDS = 0.030
METER_MAX_STEPS = 399
"""At 400 steps (12 s) and above a receiver is taken not to meter."""
FAULT_POLL_SECONDS = 0.05
LOSS_RATE = 0.5

type Address = tuple[Any, ...]


class _Endpoint(asyncio.DatagramProtocol):
    def __init__(self, owner: UhfrSimulator) -> None:
        self._owner = owner
        self.closed = asyncio.get_running_loop().create_future()

    def connection_lost(self, exc: Exception | None) -> None:
        """The socket is closed: its port is free again."""
        if not self.closed.done():
            self.closed.set_result(None)

    def datagram_received(self, data: bytes, addr: Address) -> None:
        self._owner.datagram_received(data, addr)

    def error_received(self, exc: Exception) -> None:
        """A client's port closed: ICMP back to us; nothing to do."""


class UhfrSimulator(ReceiverSimulator):
    """One simulated UHF-R receiver on UDP ``host:port`` (port 0 = any)."""

    families = frozenset({Family.UHFR})

    def __init__(self, model: str = "UR4D", **kwargs: Any) -> None:
        """Build the receiver's state (see ``ReceiverSimulator``)."""
        super().__init__(model, **kwargs)
        for channel in self.channels:
            channel.transmitter.battery.kind = "ALKA"
        self.gains = {channel.number: 0 for channel in self.channels}
        """AUDIO_GAIN per channel: 0..32 (dB of attenuation)."""
        self._transport: asyncio.DatagramTransport | None = None
        self._endpoint: _Endpoint | None = None
        self._running = False
        self._subscriptions: dict[tuple[Address, int], asyncio.Task[None]] = {}
        self._fault_task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop`` (also while refusing)."""
        return self._running

    @property
    def connection_count(self) -> int:
        """How many addresses have metering on right now."""
        return len({address for address, _ in self._subscriptions})

    @property
    def metering(self) -> dict[tuple[Address, int], bool]:
        """(address, channel) pairs that receive samples."""
        return dict.fromkeys(self._subscriptions, True)

    async def start(self) -> None:
        """Listen; after a ``stop`` it listens on the same port again."""
        if self._running:
            return
        if not self.faults.refuse_connections:
            await self._open()
        self._running = True
        self._tick_task = asyncio.create_task(self._tick_loop(), name="uhfr-tick")
        self._fault_task = asyncio.create_task(self._watch_faults(), name="uhfr-refuse")

    async def stop(self) -> None:
        """Close the socket and forget every client (the receiver goes offline)."""
        if not self._running:
            return
        self._running = False
        for task in (self._fault_task, self._tick_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._fault_task = self._tick_task = None
        await self._close()  # first: no METER may arrive after the streams end
        await self.drop_connections()

    async def drop_connections(self) -> None:
        """Forget every meter subscription (as a reboot would)."""
        tasks = list(self._subscriptions.values())
        self._subscriptions.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._notify_activity()

    def sample_body(self, channel: int) -> str:
        """A fresh SAMPLE body for ``channel``."""
        state = self.channel(channel)
        return sample_body(state, self.meters[channel - 1].reading(state))

    # -- socket ----------------------------------------------------------
    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            transport, endpoint = await loop.create_datagram_endpoint(
                lambda: _Endpoint(self), local_addr=(self.host, self.port)
            )
        except OSError as err:
            reason = os.strerror(err.errno) if err.errno else str(err)
            raise OSError(
                err.errno, f"cannot listen on UDP {self.address}: {reason}"
            ) from None
        self._transport, self._endpoint = transport, endpoint
        self.port = transport.get_extra_info("sockname")[1]

    async def _close(self) -> None:
        transport, self._transport = self._transport, None
        endpoint, self._endpoint = self._endpoint, None
        if transport is not None and endpoint is not None:
            transport.close()
            await endpoint.closed

    async def _watch_faults(self) -> None:
        """Close the socket while refusing (the kernel then answers ICMP)."""
        while True:
            await asyncio.sleep(FAULT_POLL_SECONDS)
            if self.faults.refuse_connections and self._transport is not None:
                await self._close()
                await self.drop_connections()
            elif not self.faults.refuse_connections and self._transport is None:
                with contextlib.suppress(OSError):
                    await self._open()

    def send(self, body: str, address: Address) -> None:
        """Send one message to ``address``, through the fault switches."""
        transport = self._transport
        if transport is None or self.faults.silent:
            return
        if self.faults.lose_datagrams and self.rng.random() < LOSS_RATE:
            return
        data = frame(body)
        if self.faults.inject_garbage:
            transport.sendto(garbage(self.rng), address)
            data = garbage(self.rng) + data + garbage(self.rng)
        transport.sendto(data, address)

    # -- commands --------------------------------------------------------
    def datagram_received(self, data: bytes, address: Address) -> None:
        """Answer every command in one datagram."""
        text = data.decode("latin-1")
        self.record_received(text.strip())
        if self.faults.silent:
            return
        for tokens in commands_in(text):
            self._command(tokens, address)

    def _command(self, tokens: list[str], address: Address) -> None:
        verb = tokens[0].upper()
        if len(tokens) < 3 or not tokens[1].isdigit():
            return
        number = int(tokens[1])
        if not 1 <= number <= len(self.channels):
            return  # a UR4S does not answer for channel 2
        name, args = tokens[2].upper(), tokens[3:]
        if verb == "METER" and name == "ALL" and len(args) == 1:
            self._meter(address, number, args[0].upper())
        elif verb == "SET" and len(args) == 1:
            if self._set(number, name, args[0]):
                self._report(address, number, name)
        elif verb == "GET" and not args:
            self._report(address, number, name)

    def _report(self, address: Address, number: int, name: str) -> None:
        value = report_value(self.channel(number), self.gains[number], name)
        if value is not None:
            self.send(f"REPORT {number} {name} {value}", address)

    def _set(self, number: int, name: str, value: str) -> bool:
        channel = self.channel(number)
        word = value.upper()
        if name == "CHAN_NAME" and value.isprintable() and "*" not in value:
            channel.rename(value.replace("_", " ").strip())
            return True
        if name == "MUTE" and word in ("ON", "OFF", "TOGGLE"):
            muted = not channel.audio_muted if word == "TOGGLE" else word == "ON"
            channel.set_audio_mute(muted)
            return True
        if name == "AUDIO_GAIN" and value.isdigit() and int(value) <= GAIN_MAX:
            self.gains[number] = int(value)
            return True
        return False

    def _meter(self, address: Address, number: int, rate: str) -> None:
        if self._transport is None:
            return
        key = (address, number)
        if (task := self._subscriptions.pop(key, None)) is not None:
            task.cancel()
        if rate.isdigit() and 1 <= int(rate) <= METER_MAX_STEPS:
            period = int(rate) * METER_STEP_SECONDS
            self._subscriptions[key] = asyncio.create_task(
                self._stream(address, number, period), name="uhfr-samples"
            )
        self._notify_activity()

    async def _stream(self, address: Address, number: int, period: float) -> None:
        while True:
            self.send(self.sample_body(number), address)
            await asyncio.sleep(period)
