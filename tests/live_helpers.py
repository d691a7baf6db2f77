"""Helpers for tests of the live hub over a real websocket connection."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket


async def command(client: MockHAClientWebSocket, **message: Any) -> dict[str, Any]:
    """Send a command and return its result message (skipping events)."""
    await client.send_json_auto_id(message)
    while True:
        reply = await asyncio.wait_for(client.receive_json(), 10)
        if reply["type"] == "result":
            return dict(reply)


async def subscribe(
    client: MockHAClientWebSocket, **options: Any
) -> tuple[int, list[dict[str, Any]]]:
    """Subscribe; return (subscription id, devices of the initial_data)."""
    result = await command(client, type="micboard/subscribe", **options)
    assert result["success"], result
    event = await next_event(client, "initial_data")
    return int(result["id"]), list(event["devices"])


async def next_event(
    client: MockHAClientWebSocket,
    kind: str,
    predicate: Callable[[dict[str, Any]], bool] = lambda event: True,
    timeout: float = 10.0,
) -> dict[str, Any]:
    """The next event of a type (and matching a predicate), skipping others."""
    async with asyncio.timeout(timeout):
        while True:
            message = await client.receive_json()
            if message["type"] != "event":
                continue
            event = message["event"]
            if event["type"] == kind and predicate(event):
                return dict(event)


def update_for(event: dict[str, Any], code: str) -> dict[str, Any] | None:
    """The changes of one device in a batch_update, if it is there."""
    for update in event["updates"]:
        if update["device_code"].casefold() == code.casefold():
            return dict(update["changes"])
    return None


async def drain(
    client: MockHAClientWebSocket, quiet: float = 0.3, limit: float = 2.0
) -> list[dict[str, Any]]:
    """Read messages until none arrives for `quiet` seconds (at most `limit` s)."""
    messages = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while (left := deadline - loop.time()) > 0:
        try:
            messages.append(
                await asyncio.wait_for(client.receive_json(), min(quiet, left))
            )
        except TimeoutError:
            break
    return messages
