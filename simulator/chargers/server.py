"""A simulated networked charger: one asyncio TCP server per charger.

```
async with ChargerSimulator("SBC220", units=2, port=0) as charger:
    charger.dock(3, percent=20)        # clients get the REPs pushed
    charger.fault_bay(2)               # bay 2 reports ERROR / 254 / 007
    charger.faults.silent = True       # the receivers' fault switches
```

Every change (a tick of charging, an event, a client's SET) is followed by
`push_changes`: what clients see now is compared with what they were last
told, and the difference goes to every client as unsolicited `REP`s. A
`static` charger never moves on its own: packs do not charge and a docked
pack skips the "calculating" phase, so only events and clients change it.
"""

from __future__ import annotations

import asyncio
import logging
import random

from ..receivers.encoding import MessageReader
from ..receivers.faults import Faults, encode_messages, split_at_random
from ..tcp_device import DEFAULT_HOST, TcpDevice
from .protocol import ERROR_REPLY, ChargerCommands, bay_report, device_report
from .state import BayState, ChargerState

_LOGGER = logging.getLogger(__name__)
READ_SIZE = 4096
MAX_PENDING = 20_000


class UnknownChargerModelError(ValueError):
    """A model the charger simulator does not have."""


CHARGER_MODELS: dict[str, tuple[int, int, str]] = {
    # model: (bays per unit, most linked units, firmware)
    "SBC220": (2, 4, "1.4.53"),
    "SBC240": (2, 4, "1.4.53"),
}


def model_bays(model: str, units: int) -> int:
    """How many bays `units` linked chargers of `model` have."""
    spec = CHARGER_MODELS.get(model)
    if spec is None:
        known = ", ".join(CHARGER_MODELS)
        raise UnknownChargerModelError(f"unknown charger model {model!r} ({known})")
    per_unit, most, _ = spec
    if not 1 <= units <= most:
        raise ValueError(f"{model}: 1..{most} linked units, got {units}")
    return per_unit * units


class _Client:
    """One TCP client: reads commands, writes replies and pushes."""

    def __init__(
        self,
        charger: ChargerSimulator,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self._charger = charger
        self._reader = reader
        self._writer = writer
        self._outbox: asyncio.Queue[str] = asyncio.Queue()

    def send(self, messages: list[str]) -> None:
        if self._charger.faults.silent or not messages:
            return
        if self._outbox.qsize() + len(messages) > MAX_PENDING:
            _LOGGER.warning(
                "Dropping a client of %s: it stopped reading", self._charger.address
            )
            self.abort()
            return
        for message in messages:
            self._outbox.put_nowait(message)

    def abort(self) -> None:
        self._writer.transport.abort()

    async def serve(self) -> None:
        writer = asyncio.create_task(self._write_loop(), name="charger-writer")
        try:
            reader = MessageReader()
            while True:
                try:
                    data = await self._reader.read(READ_SIZE)
                except OSError:
                    return
                if not data:
                    return
                for message in reader.feed(data):
                    self._charger.answer(self, message)
        finally:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
            self._writer.transport.abort()

    async def _write_loop(self) -> None:
        faults, rng = self._charger.faults, self._charger.rng
        while True:
            batch = [await self._outbox.get()]
            while not self._outbox.empty():
                batch.append(self._outbox.get_nowait())
            if faults.silent:
                continue
            data = encode_messages(batch, faults, rng)
            try:
                if faults.split_frames:
                    for piece in split_at_random(data, rng):
                        self._writer.write(piece)
                        await self._writer.drain()
                        await asyncio.sleep(faults.split_pause_seconds)
                else:
                    self._writer.write(data)
                    await self._writer.drain()
            except OSError:
                self.abort()
                return


class ChargerSimulator(TcpDevice["_Client"]):
    """One simulated charger (or chain of linked chargers) on ``host:port``."""

    def __init__(
        self,
        model: str = "SBC220",
        *,
        units: int = 1,
        host: str = DEFAULT_HOST,
        port: int = 0,
        device_id: str | None = None,
        seed: int | None = None,
        tick_seconds: float = 1.0,
        static: bool = False,
    ) -> None:
        """Build the charger with empty bays; nothing listens until ``start``."""
        bays = model_bays(model, units)
        super().__init__(host, port, tick_name="charger-tick")
        self.rng = random.Random(seed)
        self.tick_seconds = tick_seconds
        self.static = static
        self.faults = Faults()
        self.state = ChargerState(
            model=model,
            device_id=device_id or model,
            firmware=CHARGER_MODELS[model][2],
            bays=[BayState(number) for number in range(1, bays + 1)],
        )
        self.commands = ChargerCommands(self.state)
        self._told = self.state.reported()

    # -- identity --------------------------------------------------------
    @property
    def model(self) -> str:
        """The model, e.g. ``SBC220``."""
        return self.state.model

    @property
    def device_id(self) -> str:
        """The charger's current DEVICE_ID."""
        return self.state.device_id

    def bay(self, number: int) -> BayState:
        """Bay ``number`` (1-based) to inspect."""
        return self.state.bay(number)

    # -- changes (events, tests) -----------------------------------------
    def dock(
        self,
        bay: int,
        *,
        percent: float,
        health: int | None = None,
        cycles: int | None = None,
        per_minute: float | None = None,
    ) -> None:
        """A pack goes into ``bay`` with ``percent`` charge."""
        state = self.bay(bay)
        if per_minute is not None:
            state.per_minute = per_minute
        state.dock(
            charge=percent, health=health, cycles=cycles, calculating=not self.static
        )
        self.push_changes()

    def undock(self, bay: int) -> None:
        """The pack in ``bay`` is taken out."""
        self.bay(bay).undock()
        self.push_changes()

    def fault_bay(self, bay: int, error: int = 7) -> None:
        """``bay`` faults with BATT_ERROR ``error`` (1..247), pack or not:
        a charger that cannot read what is in a bay reports it detected."""
        state = self.bay(bay)
        state.present = True
        state.error = error
        self.push_changes()

    def clear_fault(self, bay: int) -> None:
        """``bay`` charges normally again."""
        self.bay(bay).error = 0
        self.push_changes()

    def set_charge(self, bay: int, percent: float) -> None:
        """The pack in ``bay`` is at ``percent``."""
        self.bay(bay).charge = percent
        self.push_changes()

    def set_rate(self, bay: int, per_minute: float) -> None:
        """``bay`` charges at ``per_minute`` percent per minute."""
        self.bay(bay).per_minute = per_minute
        self.push_changes()

    def set_storage_mode(self, enabled: bool) -> None:
        """Storage mode on or off (packs go to storage level, or to full)."""
        self.state.storage_mode = enabled
        self.push_changes()

    def push_changes(self) -> None:
        """Tell every client what changed since they were last told."""
        now = self.state.reported()
        messages = [
            device_report(name, value) if bay is None else bay_report(bay, name, value)
            for (bay, name), value in now.items()
            if self._told.get((bay, name)) != value
        ]
        self._told = now
        for client in self._connections:
            client.send(messages)

    # -- internals -------------------------------------------------------
    def answer(self, client: _Client, message: str) -> None:
        """Answer one message of ``client`` and push what it changed."""
        self.received.append(message)
        self._notify_activity()
        if self.faults.silent:
            return
        if self.faults.answer_err:
            client.send([ERROR_REPLY])
            return
        client.send(self.commands.handle(message))
        self.push_changes()

    def _connect(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> _Client:
        return _Client(self, reader, writer)

    async def _tick_loop(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_seconds)
            now = loop.time()
            if not self.static:
                for bay in self.state.bays:
                    bay.advance(now - last, self.state.storage_mode)
                self.push_changes()
            last = now
