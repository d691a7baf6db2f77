"""Shared helpers for the System API client tests (imported explicitly)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from custom_components.micboard.shure.systemapi import SystemApiClient, TlsMode
from simulator.systemapi import SystemApiSimulator

API_KEY = "secret"


@dataclass
class Harness:
    """A running simulator, an HTTP session and a client pinned to it."""

    sim: SystemApiSimulator
    session: aiohttp.ClientSession
    client: SystemApiClient

    def make_client(self, **kwargs: Any) -> SystemApiClient:
        """Another client on the same session (defaults: pinned, right key)."""
        options: dict[str, Any] = {
            "port": self.sim.port,
            "tls": TlsMode.pinned(self.sim.fingerprint),
        }
        options.update(kwargs)
        api_key = options.pop("api_key", API_KEY)
        return SystemApiClient(self.session, "127.0.0.1", api_key, **options)


@asynccontextmanager
async def running(
    client_options: dict[str, Any] | None = None, **sim_options: Any
) -> AsyncIterator[Harness]:
    """Start a simulator (seed 1 unless given) and a pinned client for it."""
    sim_options.setdefault("seed", 1)
    async with (
        SystemApiSimulator(
            host="127.0.0.1", port=0, api_key=API_KEY, **sim_options
        ) as sim,
        aiohttp.ClientSession() as session,
    ):
        harness = Harness(sim, session, None)  # type: ignore[arg-type]
        harness.client = harness.make_client(**(client_options or {}))
        yield harness


async def wait_for(predicate: Callable[[], bool], limit: float = 5.0) -> None:
    """Poll ``predicate`` until true; fail the test after ``limit`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while loop.time() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"condition not met within {limit} s")
