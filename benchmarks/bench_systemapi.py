"""System API: HTTP traffic per hour, and push latency to an entity state.

Everything runs in one process against the simulator over real HTTPS and
websockets on 127.0.0.1 (``simulator.systemapi``, its own code).

1. Traffic for ``--devices`` devices (default 200; the simulator's fleet:
   ADTQ/ADTD with battery, MXW/P300 without, 2-4 channels each): requests as
   the simulator counts them, bytes as they cross a counting TCP proxy in
   front of it (both directions, TLS records and HTTP headers included):

   - naive: a client that fetches every device and every feature every 30 s
     and does not use ETags (the library client with its ETag cache off);
   - micboard: the real ``SystemApiCoordinator`` of a loaded entry with push
     subscriptions on: one list request per poll (If-None-Match, so 304 while
     nothing changed), features only for new / returning devices, every
     feature again every 30 minutes as a safety net.

   Per-poll costs are measured, then scaled to an hour: naive 120 full
   fetches; micboard 118 list polls + 2 full refreshes (30 s interval), or
   358 + 2 while a battery is critical (10 s); and, as a worst case, the same
   plus one websocket reconnect per hour (every subscription again and a
   full refresh). Before the measured full refresh every battery level is
   changed (no event), so those answers are 200s, not 304s. Push events
   cost no HTTP request; their websocket bytes (measured at the proxy) are
   reported at a stated event rate.

2. Latency: time from a change in the simulator (``set_battery``, which
   pushes ``DEVICE_BATTERY_LEVEL``) to the ``state_changed`` event of the
   battery sensor in Home Assistant, ``--events`` times, p50/p99/max.

Home Assistant here is the test harness of pytest-homeassistant-custom-
component (a real ``HomeAssistant`` core, state machine and entity platforms
in this process, no HTTP frontend), with the event loop's debug mode turned
off as in production. The simulator shares that event loop, so the latency
includes the server side too.

    python benchmarks/bench_systemapi.py [--devices N] [--events N] [--json FILE]

The script runs itself under pytest (for the harness); it needs a
virtualenv with Home Assistant and pytest-homeassistant-custom-component,
e.g. ``/tmp/venv-min/bin/python benchmarks/bench_systemapi.py``.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import asdict, dataclass
import datetime as dt
import json
import logging
import os
from pathlib import Path
import platform
import statistics
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ENV = "MICBOARD_BENCH_SYSTEMAPI"
POLLS_PER_HOUR = 3600 // 30
CRITICAL_POLLS_PER_HOUR = 3600 // 10
FULL_REFRESHES_PER_HOUR = 2
EVENTS_PER_DEVICE_PER_MINUTE = 1
"""Stated push rate for the websocket bytes (a battery report a minute)."""


@dataclass
class Cost:
    """Requests and response bytes, as the simulator counted them."""

    requests: float
    bytes: float

    def __mul__(self, factor: float) -> Cost:
        return Cost(self.requests * factor, self.bytes * factor)

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.requests + other.requests, self.bytes + other.bytes)


class CountingProxy:
    """A TCP relay to the simulator that counts the bytes both ways."""

    def __init__(self, target_port: int) -> None:
        """Relay to 127.0.0.1:``target_port``; :meth:`start` listens."""
        self._target = target_port
        self.bytes = 0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""

        def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.create_task(self._relay(reader, writer))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        self._server = await asyncio.start_server(handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _relay(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._target)
        self._writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    self.bytes += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def stop(self) -> None:
        """Stop listening and cut every relayed connection."""
        if self._server is not None:
            self._server.close()
        for writer in self._writers:
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks)
        if self._server is not None:
            await self._server.wait_closed()


def _counted(sim: Any, proxy: CountingProxy) -> Cost:
    return Cost(sim.stats.requests, proxy.bytes)


def _since(sim: Any, proxy: CountingProxy, before: Cost) -> Cost:
    now = _counted(sim, proxy)
    return Cost(now.requests - before.requests, now.bytes - before.bytes)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    """Parse options and run the measurement under pytest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--polls", type=int, default=20, help="list polls measured")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.json or ROOT / "benchmarks" / "results" / f"systemapi-{stamp}.json"
    os.environ[ENV] = json.dumps(
        {
            "devices": args.devices,
            "events": args.events,
            "polls": args.polls,
            "json": str(out),
        }
    )
    import pytest

    return int(
        pytest.main(
            [
                __file__,
                "-q",
                "-s",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:sugar",
                "-o",
                "log_level=WARNING",
                "--rootdir",
                str(ROOT),
            ]
        )
    )


if __name__ == "__main__":
    sys.exit(main())


# The measurement: collected by pytest only when main() runs it.
if os.environ.get(ENV):
    import pytest
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    from custom_components.micboard.const import (
        CONF_ENTRY_KIND,
        CONF_FINGERPRINT,
        CONF_TLS_MODE,
        DOMAIN,
        EntryKind,
        TlsModeChoice,
    )
    from custom_components.micboard.shure.systemapi import SystemApiClient, TlsMode
    from custom_components.micboard.system_api.coordinator import SystemApiCoordinator
    from custom_components.micboard.system_api.options_flow import (
        default_system_api_options,
    )
    from simulator.systemapi import SystemApiSimulator

    @pytest.fixture(autouse=True)
    def _custom_integrations(enable_custom_integrations: None) -> None:
        """Let the harness load custom_components/micboard."""

    async def _naive_cycle(
        sim: SystemApiSimulator, proxy: CountingProxy, session: Any
    ) -> Cost:
        client = SystemApiClient(
            session,
            sim.host,
            "secret",
            port=proxy.port,
            tls=TlsMode.pinned(sim.fingerprint),
            etag_cache_size=0,
        )
        await client.fetch_devices()  # warm the connection pool
        before = _counted(sim, proxy)
        await client.fetch_devices()
        return _since(sim, proxy, before)

    async def _latency(
        hass: Any, sim: SystemApiSimulator, entity_id: str, code: str, events: int
    ) -> list[float]:
        from homeassistant.const import EVENT_STATE_CHANGED

        device = sim.device(code)
        seen: asyncio.Queue[float] = asyncio.Queue()

        def on_change(event: Any) -> None:
            if event.data["entity_id"] == entity_id:
                seen.put_nowait(time.perf_counter())

        unsub = hass.bus.async_listen(EVENT_STATE_CHANGED, on_change)
        samples: list[float] = []
        try:
            for number in range(events):
                percent = 40 + number % 2  # alternate: every event is a change
                started = time.perf_counter()
                device.set_battery(percentage=percent)
                arrived = await asyncio.wait_for(seen.get(), 5)
                samples.append((arrived - started) * 1000)
                await asyncio.sleep(0.005)
        finally:
            unsub()
        return samples

    async def test_bench_systemapi(hass: Any, socket_enabled: None) -> None:
        """Measure, print and save (see the module docstring)."""
        from homeassistant.helpers import entity_registry as er
        from homeassistant.helpers.aiohttp_client import async_get_clientsession

        options = json.loads(os.environ[ENV])
        hass.loop.set_debug(False)
        logging.getLogger().setLevel(logging.WARNING)
        async with SystemApiSimulator(
            api_key="secret", seed=1, devices=options["devices"]
        ) as sim:
            proxy = CountingProxy(sim.port)
            await proxy.start()
            entry = MockConfigEntry(
                domain=DOMAIN,
                title="bench",
                data={
                    CONF_ENTRY_KIND: EntryKind.SYSTEM_API,
                    "host": sim.host,
                    "port": proxy.port,
                    "api_key": "secret",
                    CONF_TLS_MODE: TlsModeChoice.TRUST_ON_FIRST_USE,
                    CONF_FINGERPRINT: sim.fingerprint,
                },
                options=default_system_api_options(),
                unique_id=f"{sim.host}:{sim.port}",
            )
            entry.add_to_hass(hass)
            setup_started = time.perf_counter()
            before = _counted(sim, proxy)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            coordinator: SystemApiCoordinator = entry.runtime_data.coordinator
            async with asyncio.timeout(30):
                while not coordinator.push.connected:  # noqa: ASYNC110 - no event to wait on
                    await asyncio.sleep(0.01)
            setup_seconds = time.perf_counter() - setup_started
            setup = _since(sim, proxy, before)  # full fetch + every subscription
            subscriptions = len(coordinator.push.stream.subscriptions)

            before = _counted(sim, proxy)
            for _ in range(options["polls"]):
                await coordinator.async_refresh()
            list_poll = _since(sim, proxy, before) * (1 / options["polls"])

            for device in sim.devices:  # 30 minutes of drain, no event sent
                device.battery_percent = max(1, device.battery_percent - 5)
            before = _counted(sim, proxy)
            coordinator.push.missed_events = True  # the 30-minute safety net
            await coordinator.async_refresh()
            full = _since(sim, proxy, before)

            naive = await _naive_cycle(sim, proxy, async_get_clientsession(hass))

            battery = next(
                d
                for d in sim.devices
                if "battery-level" in d.capabilities and d.state == "ONLINE"
            )
            entity_id = er.async_get(hass).async_get_entity_id(
                "sensor", DOMAIN, f"{battery.device_id}_battery"
            )
            assert entity_id is not None
            before = _counted(sim, proxy)
            latencies = await _latency(
                hass, sim, entity_id, battery.device_id, options["events"]
            )
            pushed = _since(sim, proxy, before)
            assert pushed.requests == 0  # events are applied, not fetched
            event_bytes = pushed.bytes / options["events"]
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
            await proxy.stop()

        resubscribe = Cost(
            setup.requests - full.requests, max(0.0, setup.bytes - full.bytes)
        )
        polls = POLLS_PER_HOUR - FULL_REFRESHES_PER_HOUR
        critical = CRITICAL_POLLS_PER_HOUR - FULL_REFRESHES_PER_HOUR
        hourly = {
            "naive": naive * POLLS_PER_HOUR,
            "micboard": list_poll * polls + full * FULL_REFRESHES_PER_HOUR,
            "micboard_critical": list_poll * critical + full * FULL_REFRESHES_PER_HOUR,
            "micboard_reconnect_hourly": list_poll * polls
            + full * (FULL_REFRESHES_PER_HOUR + 1)
            + resubscribe,
        }
        push_bytes = (
            options["devices"] * EVENTS_PER_DEVICE_PER_MINUTE * 60 * event_bytes
        )
        result = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": platform.platform(),
            "python": platform.python_version(),
            "homeassistant": __import__("homeassistant.const").const.__version__,
            "devices": options["devices"],
            "setup": {**asdict(setup), "seconds": setup_seconds},
            "subscriptions": subscriptions,
            "per_cycle": {
                "naive_full_fetch": asdict(naive),
                "micboard_list_poll": asdict(list_poll),
                "micboard_full_refresh": asdict(full),
            },
            "per_hour": {name: asdict(cost) for name, cost in hourly.items()},
            "ratio_naive_over_micboard": {
                "requests": naive.requests
                * POLLS_PER_HOUR
                / hourly["micboard"].requests,
                "bytes": naive.bytes * POLLS_PER_HOUR / hourly["micboard"].bytes,
            },
            "push_bytes_per_hour_at_stated_rate": push_bytes,
            "event_bytes": event_bytes,
            "latency_ms": {
                "events": len(latencies),
                "p50": statistics.median(latencies),
                "p99": _percentile(latencies, 99),
                "max": max(latencies),
                "mean": statistics.fmean(latencies),
            },
        }
        _print(result)
        path = Path(options["json"])
        await hass.async_add_executor_job(_save, path, result)
        print(f"\nresults: {path}")

    def _save(path: Path, result: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n")

    def _print(result: dict[str, Any]) -> None:
        cycle = result["per_cycle"]
        hour = result["per_hour"]
        print(f"\nSystem API, {result['devices']} devices")
        print(
            f"setup: {result['setup']['requests']:.0f} requests, "
            f"{result['setup']['bytes'] / 1e6:.2f} MB, "
            f"{result['setup']['seconds']:.1f} s; "
            f"{result['subscriptions']} subscriptions"
        )
        print(f"{'per cycle':<34}{'requests':>10}{'bytes':>12}")
        for name, cost in cycle.items():
            print(f"{name:<34}{cost['requests']:>10.1f}{cost['bytes']:>12.0f}")
        print(f"{'per hour':<34}{'requests':>10}{'MB':>12}")
        for name, cost in hour.items():
            print(f"{name:<34}{cost['requests']:>10.0f}{cost['bytes'] / 1e6:>12.3f}")
        ratio = result["ratio_naive_over_micboard"]
        print(
            f"naive / micboard: {ratio['requests']:.0f}x requests, "
            f"{ratio['bytes']:.0f}x bytes"
        )
        print(
            f"push: {result['event_bytes']:.0f} bytes per battery event on the wire; "
            f"{result['push_bytes_per_hour_at_stated_rate'] / 1e6:.2f} MB/h at "
            f"{EVENTS_PER_DEVICE_PER_MINUTE} event per device per minute"
        )
        lat = result["latency_ms"]
        print(
            f"event -> state_changed ({lat['events']} events): p50 {lat['p50']:.2f} ms, "
            f"p99 {lat['p99']:.2f} ms, max {lat['max']:.2f} ms"
        )
