"""Doing each fault through real means; returns when the fault has healed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import time

import aiohttp

from .boards import BoardClient
from .schedule import PlannedFault
from .stack import Stack

MQTT_DOWN_TIMEOUT = 10.0
MQTT_BACK_TIMEOUT = 30.0
RECEIVER_FAULT_SWITCH = {"silent": "silent", "garbage": "inject_garbage"}


class FaultError(RuntimeError):
    """A fault could not be done (the soak reports it as a failure)."""


class Injector:
    """Faults on one stack."""

    def __init__(
        self,
        stack: Stack,
        session: aiohttp.ClientSession,
        clients: list[BoardClient],
        reopen: Callable[[BoardClient], Awaitable[None]],
        clock: Callable[[], float],
    ) -> None:
        """``reopen`` connects a board client again; ``clock``: soak time."""
        self._stack = stack
        self._session = session
        self._clients = clients
        self._reopen = reopen
        self._clock = clock

    async def inject(self, fault: PlannedFault) -> float:
        """Do ``fault``; the soak time it healed at."""
        kind, target = fault.kind, fault.target
        if kind == "cut":
            await self._switch(target, "refuse_connections", on=True)
            await self._event({"receiver": target, "action": "drop_connections"})
            await asyncio.sleep(fault.duration)
            await self._switch(target, "refuse_connections", on=False)
        elif kind in RECEIVER_FAULT_SWITCH:
            await self._switch(target, RECEIVER_FAULT_SWITCH[kind], on=True)
            await asyncio.sleep(fault.duration)
            await self._switch(target, RECEIVER_FAULT_SWITCH[kind], on=False)
        elif kind == "restart":
            # answers once the receiver stopped; it listens again `seconds` later
            await self._event(
                {"receiver": target, "action": "offline", "seconds": fault.duration}
            )
            await asyncio.sleep(fault.duration)
        elif kind in ("api_500", "api_401"):
            name = "server_error" if kind == "api_500" else "unauthorized"
            await self._stack.system_api(
                self._session, "faults", {"fault": name, "seconds": fault.duration}
            )
            await asyncio.sleep(fault.duration)
        elif kind == "api_ws_drop":
            await self._stack.system_api(self._session, "drop_websockets")
        elif kind == "mqtt_restart":
            await self._restart_mosquitto()
        elif kind == "client_abort":
            client = next(c for c in self._clients if c.name == target)
            client.abort()
            await self._reopen(client)
        else:
            raise FaultError(f"unknown fault {kind}")
        return self._clock()

    async def _event(self, body: dict[str, object]) -> None:
        await self._stack.receiver_event(self._session, body)

    async def _switch(self, receiver: str, name: str, *, on: bool) -> None:
        await self._event(
            {"receiver": receiver, "action": "fault", "name": name, "enabled": on}
        )

    async def _restart_mosquitto(self) -> None:
        if not self._stack.stop_mosquitto():
            raise FaultError(
                "no mosquitto pid (was script/develop started by script/soak?)"
            )
        for timeout, wanted in ((MQTT_DOWN_TIMEOUT, False), (MQTT_BACK_TIMEOUT, True)):
            deadline = time.monotonic() + timeout
            while await asyncio.to_thread(self._stack.mqtt_listening) != wanted:
                if time.monotonic() > deadline:
                    state = "listening" if wanted else "stopped"
                    raise FaultError(f"mosquitto not {state} after {timeout:.0f} s")
                await asyncio.sleep(0.1)
