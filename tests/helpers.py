"""Small helpers shared by the integration tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import socket

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.micboard.const import DOMAIN

PLATFORM_MODULES = (
    "binary_sensor",
    "button",
    "device_tracker",
    "event",
    "number",
    "sensor",
    "switch",
)
"""The entity platforms the integration has a top-level module for."""


def entity_id(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The entity id registered for a micboard unique id (fails if absent)."""
    found = er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)
    assert found is not None, f"no {platform} entity with unique id {unique_id}"
    return found


def state_of(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """The current state string of a micboard entity."""
    state = hass.states.get(entity_id(hass, platform, unique_id))
    assert state is not None
    return state.state


async def wait_for(
    hass: HomeAssistant, condition: Callable[[], bool], timeout: float = 5.0
) -> None:
    """Let the loop run (real sockets) until the condition holds."""
    async with asyncio.timeout(timeout):
        while not condition():
            await hass.async_block_till_done()
            await asyncio.sleep(0.02)


class FakeDevice:
    """A TCP server on 127.0.0.1 that answers every connection with fixed bytes."""

    def __init__(self, reply: bytes) -> None:
        """Remember what to answer."""
        self.reply = reply
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> FakeDevice:
        """Start listening on a free port."""

        async def answer(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            await reader.read(256)
            writer.write(self.reply)
            await writer.drain()
            writer.close()

        self._server = await asyncio.start_server(answer, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop listening."""
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


def free_udp_port() -> int:
    """A UDP port on 127.0.0.1 that nothing is bound to right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether a socket without SO_REUSEADDR can bind the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def unused_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
