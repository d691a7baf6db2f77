"""The canary's checks of a running dev stack (script/develop), over HTTP and
Home Assistant's websocket API. Each check returns a CheckResult; waits are
bounded polls for a state the stack reaches on its own, never timing
assertions.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import json
from pathlib import Path
import re
from typing import Any

import aiohttp
from ha_client import EventQueue, HaSocket

from .log_scan import findings

EXPECTED_KINDS = ("receiver", "system_api", "mqtt_status")
BATTERY_CHANNEL = ("stage-left", 1, "SL-ULXD-1")  # scenario key, channel, code
# The card's folder is served under a hash of its files (live/card.py).
CARD_PATH = re.compile(r"/micboard_static/[0-9a-f]+/micboard-card\.js")
SETTLE_TIMEOUT = 120.0  # entries and entities of a fresh start settling
EVENT_TIMEOUT = 30.0


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome and a one-line detail."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Stack:
    """What the checks need to know about a running dev stack."""

    directory: Path
    info: dict[str, Any]  # ready.json

    @property
    def url(self) -> str:
        """Home Assistant's base URL."""
        return str(self.info["url"])

    def simulated_receivers(self) -> int:
        """How many receivers the simulator runs (one micboard entry each)."""
        return len(json.loads((self.directory / "simulator.json").read_text()))

    def entry_kinds(self) -> dict[str, str]:
        """micboard config entry id -> kind, from Home Assistant's storage."""
        stored = json.loads(
            (self.directory / "config" / ".storage" / "core.config_entries").read_text()
        )
        return {
            entry["entry_id"]: str(entry["data"].get("kind", "?"))
            for entry in stored["data"]["entries"]
            if entry["domain"] == "micboard"
        }

    def log_files(self) -> list[Path]:
        """Home Assistant's log, and the one before its last restart if any."""
        logs = self.directory / "logs"
        return [
            path
            for path in (logs / "home-assistant.log.1", logs / "home-assistant.log")
            if path.exists()
        ]


async def _settle[T](
    probe: Callable[[], Awaitable[tuple[bool, T]]], timeout: float
) -> tuple[bool, T]:
    """Call probe until it says done or the time is up; return its last answer."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        done, value = await probe()
        if done or loop.time() >= deadline:
            return done, value
        await asyncio.sleep(2)


async def check_entries(stack: Stack, socket: HaSocket) -> CheckResult:
    """Every micboard entry of the three kinds is loaded."""
    kinds = stack.entry_kinds()
    wanted = Counter(
        {"receiver": stack.simulated_receivers(), "system_api": 1, "mqtt_status": 1}
    )

    async def probe() -> tuple[bool, str]:
        entries = await socket.call("config_entries/get", domain="micboard")
        loaded: Counter[str] = Counter()
        not_loaded = []
        for entry in entries:
            kind = kinds.get(entry["entry_id"], "?")
            if entry["state"] == "loaded":
                loaded[kind] += 1
            else:
                not_loaded.append(f"{entry['title']} ({kind}): {entry['state']}")
        counts = ", ".join(f"{loaded[kind]} {kind}" for kind in EXPECTED_KINDS)
        done = not not_loaded and all(loaded[k] >= wanted[k] for k in EXPECTED_KINDS)
        detail = f"loaded: {counts}"
        if not_loaded:
            detail += "; not loaded: " + "; ".join(not_loaded)
        return done, detail

    ok, detail = await _settle(probe, SETTLE_TIMEOUT)
    expected = ", ".join(f"{wanted[kind]} {kind}" for kind in EXPECTED_KINDS)
    return CheckResult("config entries", ok, f"{detail} (expected {expected})")


async def check_entities(socket: HaSocket) -> CheckResult:
    """Every enabled micboard entity has a state, and every micboard device
    has at least one entity that is not unavailable.

    Single entities may be unavailable on purpose (a channel without a
    transmitter, a receiver the scenario takes offline for a while); a device
    with nothing available means a platform that did not come up.
    """

    async def probe() -> tuple[bool, str]:
        registry = await socket.call("config/entity_registry/list")
        ours = [
            entry
            for entry in registry
            if entry.get("platform") == "micboard" and not entry.get("disabled_by")
        ]
        states = {
            state["entity_id"]: state["state"]
            for state in await socket.call("get_states")
        }
        missing = sorted(e["entity_id"] for e in ours if e["entity_id"] not in states)
        devices: dict[str, list[str]] = {}
        for entry in ours:
            devices.setdefault(str(entry.get("device_id")), []).append(
                states.get(entry["entity_id"], "unavailable")
            )
        dark = sorted(
            next(e["entity_id"] for e in ours if str(e.get("device_id")) == device)
            for device, device_states in devices.items()
            if all(state == "unavailable" for state in device_states)
        )
        unavailable = sum(states.get(e["entity_id"]) == "unavailable" for e in ours)
        detail = (
            f"{len(ours)} enabled micboard entities on {len(devices)} devices, "
            f"{unavailable} unavailable"
        )
        if missing:
            detail += f"; without a state: {', '.join(missing[:5])}"
        if dark:
            detail += f"; devices with nothing available (first entity): {', '.join(dark[:5])}"
        return bool(ours) and not missing and not dark, detail

    ok, detail = await _settle(probe, SETTLE_TIMEOUT)
    return CheckResult("entities", ok, detail)


async def check_live_board(
    stack: Stack, session: aiohttp.ClientSession, socket: HaSocket
) -> list[CheckResult]:
    """micboard/subscribe: initial_data first, then a batch_update carrying a
    battery change made in the receivers simulator."""
    receiver, channel, code = BATTERY_CHANNEL
    events = EventQueue("micboard/subscribe")
    reply = await socket.reply("micboard/subscribe", on_event=events.put)
    if not reply.get("success"):
        failed = CheckResult("subscribe: initial_data", False, f"refused: {reply}")
        return [failed, CheckResult("subscribe: batch_update", False, "not subscribed")]
    first = await events.get(EVENT_TIMEOUT)
    devices = {d["device_code"]: d for d in first.get("devices", [])}
    initial = CheckResult(
        "subscribe: initial_data",
        first.get("type") == "initial_data" and code in devices,
        f"first event {first.get('type')!r} with {len(devices)} devices",
    )
    if not initial.ok:
        return [
            initial,
            CheckResult("subscribe: batch_update", False, f"{code} not in the board"),
        ]
    bars = 1 if devices[code]["battery"].get("bars") != 1 else 5
    async with session.post(
        f"{stack.info['control_url']}/events",
        json={
            "receiver": receiver,
            "channel": channel,
            "action": "battery",
            "bars": bars,
        },
    ) as response:
        if response.status != 200:
            text = await response.text()
            return [
                initial,
                CheckResult("subscribe: batch_update", False, f"simulator: {text}"),
            ]
    seen = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + EVENT_TIMEOUT
    while loop.time() < deadline:
        event = await events.get(deadline - loop.time())
        if event.get("type") != "batch_update":
            continue
        seen += 1
        for update in event.get("updates", []):
            battery = update.get("changes", {}).get("battery", {})
            if update.get("device_code") == code and battery.get("bars") == bars:
                return [
                    initial,
                    CheckResult(
                        "subscribe: batch_update",
                        True,
                        f"{code} battery {bars} bars arrived (batch_update #{seen})",
                    ),
                ]
    return [
        initial,
        CheckResult(
            "subscribe: batch_update",
            False,
            f"{code} battery {bars} bars not in {seen} batch_updates in {EVENT_TIMEOUT:.0f} s",
        ),
    ]


async def check_card(stack: Stack, session: aiohttp.ClientSession) -> CheckResult:
    """The frontend page lists the card as an extra module, and its URL
    answers with JavaScript."""
    async with session.get(f"{stack.url}/") as response:
        page = await response.text()
    found = CARD_PATH.search(page)
    if found is None:
        return CheckResult("card", False, "the frontend page does not load the card")
    async with session.get(f"{stack.url}{found.group(0)}") as response:
        body = await response.text()
        kind = response.headers.get("Content-Type", "")
        ok = response.status == 200 and "javascript" in kind and "micboard-card" in body
        detail = f"{found.group(0)}: HTTP {response.status}, {kind}, {len(body)} bytes"
    return CheckResult("card", ok, detail)


def check_log(stack: Stack) -> CheckResult:
    """No micboard warning or error, and no deprecation report about micboard."""
    problems = []
    for path in stack.log_files():
        with path.open(errors="replace") as lines:
            problems += [f"{path.name}: {f.summary()}" for f in findings(lines)]
    files = ", ".join(path.name for path in stack.log_files()) or "no log file"
    if not stack.log_files():
        return CheckResult("log", False, "no home-assistant.log in the stack directory")
    detail = f"{files}: " + ("clean" if not problems else f"{len(problems)} findings")
    if problems:
        detail += "\n    " + "\n    ".join(problems[:20])
    return CheckResult("log", not problems, detail)
