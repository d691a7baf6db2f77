"""A real Home Assistant under meter load, with and without rate-limiting.

50 simulated 4-channel receivers (ULXD4Q) metering every 100 ms, that is
2000 SAMPLE messages/s, go into a real Home Assistant process with micboard
loaded. The same load is measured twice: with meter rate-limiting on
(`meter_state_interval` 30 s, the default) and off (`meter_state_interval`
0: every changed sample becomes a state). Printed per run, then as a ratio:

- HA CPU: utime + stime of the HA process (all its threads) from
  /proc/<pid>/stat over the window, in % of one core;
- event-loop lag: how late a 50 ms timer inside HA ran (p50/p99/max), from a
  probe component (`benchmarks/loopprobe`) placed only in the throw-away
  config; plus the round trip of websocket pings for comparison;
- meter state writes per minute per meter entity: `state_changed` events of
  the `rf_level` sensors, counted by the probe inside HA (a websocket
  subscriber would make HA serialize and send every event to it, which at
  2000/s is load of its own; `--watch-websocket` adds one to cross-check);
- recorder rows per hour: rows of the sqlite `states` table whose
  `last_updated_ts` falls in the window, counted after the recorder's
  commit interval has passed;
- samples/s that reached the micboard clients (the load really offered),
  HA's resident memory, the simulator's CPU and the whole machine's;
- with `--board-clients N`, N websocket clients hold `micboard/subscribe`
  (meters as compact frames, or `--board-meters batch_update`) through each
  window, as dashboards watching the board would: the bytes they receive.

`--modes limited` skips the unlimited run (at 500 channels it would write
5,000 states a second); `--receivers 125` is the 500-channel venue.

Everything runs in a temporary directory and, by default, in a network
namespace of its own that has only loopback (root or unprivileged user
namespaces; `--no-isolate` skips it), so nothing started here (Home
Assistant, the integration's own listeners such as SLP discovery, the
simulator) can bind to or reach anything but 127.0.0.1. The simulator farm
is `python -m simulator receivers`; Home Assistant is `python -m
homeassistant --skip-pip` with no `default_config`, onboarded and
configured through its HTTP API with the functions of
`script/devtools/bootstrap_ha.py`. The integration measured is a copy of
the working tree taken at the start (or `--ref` a git commit). Every
process is started in its own process group and stopped (TERM, then KILL)
on the way out, whatever happens. Run it through `script/bench`, which picks
the virtualenv that has Home Assistant.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Sequence
import contextlib
from dataclasses import asdict, dataclass, field
import datetime as dt
import fcntl
import importlib.metadata
import itertools
import json
import os
from pathlib import Path
import platform
import resource
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "script" / "devtools"))

from bootstrap_ha import (  # noqa: E402
    BootstrapError,
    confirm_http_config_once,
    ensure_entry,
    onboard,
    wait_until_up,
    with_defaults,
)

PROBE_SOURCE = Path(__file__).resolve().parent / "loopprobe"
OWNER = {"name": "Bench", "username": "bench", "password": "micboard-bench"}
METER_KEYS = ("rf_level", "audio_level", "signal_quality")
RECORDER_COMMIT_SECONDS = 5
"""Home Assistant's default recorder commit interval (left as it is)."""
STOP_GRACE_SECONDS = 30.0


class BenchError(Exception):
    """The benchmark could not run; the message says why."""


# Processes


@dataclass
class Processes:
    """Processes started by the benchmark, each in its own process group."""

    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(
        self, name: str, argv: Sequence[str], *, cwd: Path, log: Path
    ) -> subprocess.Popen[bytes]:
        """Start `argv` in a new session, output to `log`."""
        with log.open("wb") as out:
            process = subprocess.Popen(
                list(argv),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        """TERM every group (newest first), wait, then KILL what is left."""
        for name, process in reversed(self.started):
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
            try:
                process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop in {STOP_GRACE_SECONDS:.0f} s: killed")
            # Children left in the group (there should be none) go too.
            _signal_group(process, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(5)
        self.started.clear()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _raise_on_term(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all threads) from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_megabytes(pid: int) -> float | None:
    """Resident memory of a process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    values = [
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1


def isolate_network() -> str | None:
    """Move this process (and so its children) into a network namespace of its own.

    Only loopback exists there, so nothing the benchmark starts (Home
    Assistant, the integration's own listeners, the simulator) can bind to
    or reach anything but 127.0.0.1. Needs root, or unprivileged user
    namespaces. Returns why it failed, None on success. Call it while the
    process has one thread.
    """
    uid, gid = os.getuid(), os.getgid()
    try:
        if uid == 0:
            os.unshare(os.CLONE_NEWNET)
        else:
            os.unshare(os.CLONE_NEWUSER | os.CLONE_NEWNET)
            Path("/proc/self/setgroups").write_text("deny")
            Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
            Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            request = struct.pack("16sH14x", b"lo", 0)
            flags = struct.unpack_from(
                "16sH", fcntl.ioctl(sock, _SIOCGIFFLAGS, request)
            )[1]
            fcntl.ioctl(
                sock, _SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | _IFF_UP)
            )
    except (AttributeError, OSError) as err:
        return f"{type(err).__name__}: {err}"
    return None


def source_state(ref: str | None) -> str:
    """The commit of the integration measured, and whether it has local edits."""
    if ref is not None:
        try:
            return subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError) as err:
            raise BenchError(f"unknown git ref {ref}") from err
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        edits = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "custom_components"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return head + (
        f" + {len(edits)} uncommitted file(s) in custom_components" if edits else ""
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# Home Assistant's config directory


def export_integration(ref: str, target: Path) -> Path:
    """`custom_components/micboard` as committed at `ref`, unpacked under `target`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "custom_components/micboard"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise BenchError(f"git archive {ref}: {archive.stderr.decode().strip()}")
    target.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "custom_components" / "micboard"


def integration_source(ref: str | None, work: Path) -> Path:
    """The integration to measure: as committed at `ref`, else a copy of the tree.

    A copy, so that edits made while the benchmark runs cannot leak in.
    """
    if ref:
        return export_integration(ref, work / "source")
    integration = work / "source" / "micboard"
    shutil.copytree(
        ROOT / "custom_components" / "micboard",
        integration,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return integration


def write_config(config: Path, port: int, integration: Path) -> None:
    """A minimal configuration: no default_config, recorder on sqlite."""
    (config / "custom_components").mkdir(parents=True)
    (config / "custom_components" / "micboard").symlink_to(integration)
    shutil.copytree(PROBE_SOURCE, config / "custom_components" / "loopprobe")
    # The frontend is always set up; the test virtualenv has no frontend
    # package, so point it at an empty "development" build (no UI is served).
    (config / "no-frontend" / "hass_frontend").mkdir(parents=True)
    # Onboarding steps other than the owner are answered up front, as
    # script/develop does; the owner is created through the API.
    (config / ".storage").mkdir()
    (config / ".storage" / "onboarding").write_text(
        json.dumps(
            {
                "version": 4,
                "minor_version": 1,
                "key": "onboarding",
                "data": {"done": ["core_config", "analytics", "integration"]},
            }
        )
    )
    (config / "configuration.yaml").write_text(
        f"""\
homeassistant:
  name: micboard bench
  unit_system: metric
  time_zone: UTC
  country: NL
  latitude: 52.37
  longitude: 4.89
  elevation: 0
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
  development_repo: {config / "no-frontend"}
api:
config:
recorder:
  db_url: sqlite:///{config / "home-assistant_v2.db"}
logger:
  default: warning
loopprobe:
"""
    )


# Websocket


class HaSocket:
    """One authenticated websocket connection with request/response matching."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Not connected yet."""
        self._session = session
        self._url = url.replace("http", "ws", 1) + "/api/websocket"
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[int, Callable[[dict[str, Any]], None]] = {}
        self._reader: asyncio.Task[None] | None = None

    async def connect(self, token: str) -> None:
        """Connect and authenticate."""
        ws = await self._session.ws_connect(self._url, max_msg_size=0)
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        reply = await ws.receive_json()
        if reply.get("type") != "auth_ok":
            raise BenchError(f"websocket authentication failed: {reply}")
        self._ws = ws
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            for item in data if isinstance(data, list) else [data]:
                self._dispatch(item)
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(BenchError("websocket closed"))

    def _dispatch(self, item: dict[str, Any]) -> None:
        number = int(item.get("id", 0))
        if item.get("type") == "event":
            handler = self._handlers.get(number)
            if handler is not None:
                handler(item["event"])
            return
        future = self._waiting.pop(number, None)
        if future is not None and not future.done():
            future.set_result(item)

    async def request(self, payload: dict[str, Any], within: float = 60) -> Any:
        """Send a command; its `result` (or the pong)."""
        assert self._ws is not None
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._ws.send_json({"id": number, **payload})
        async with asyncio.timeout(within):
            reply = await future
        if reply.get("type") == "result" and not reply.get("success"):
            raise BenchError(f"{payload['type']} failed: {reply.get('error')}")
        return reply.get("result")

    async def subscribe(
        self, payload: dict[str, Any], handler: Callable[[dict[str, Any]], None]
    ) -> int:
        """Subscribe; `handler` gets each event. Returns the subscription id."""
        assert self._ws is not None
        number = next(self._ids)
        self._handlers[number] = handler
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._ws.send_json({"id": number, **payload})
        async with asyncio.timeout(60):
            await future
        return number

    async def unsubscribe(self, subscription: int) -> None:
        """End a subscription."""
        await self.request({"type": "unsubscribe_events", "subscription": subscription})
        self._handlers.pop(subscription, None)

    async def ping_ms(self) -> float:
        """Round trip of one websocket ping, in ms."""
        started = time.perf_counter()
        await self.request({"type": "ping"}, within=30)
        return (time.perf_counter() - started) * 1000

    async def snapshot(self) -> dict[str, Any]:
        """The probe's numbers since its last snapshot (and start over)."""
        result = await self.request(
            {
                "type": "call_service",
                "domain": "loopprobe",
                "service": "snapshot",
                "service_data": {"reset": True},
                "return_response": True,
            }
        )
        return dict(result["response"])

    async def close(self) -> None:
        """Close the connection."""
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, BenchError):
                await self._reader


# Entries and options


@dataclass
class Ha:
    """What talking to the running Home Assistant needs."""

    session: aiohttp.ClientSession
    url: str
    headers: dict[str, str]
    ws: HaSocket


class BoardClients:
    """Websocket clients holding micboard/subscribe, counting what they receive."""

    def __init__(self, ha: Ha, count: int, meters: str) -> None:
        """Not connected yet."""
        self._ha = ha
        self.count = count
        self._meters = meters
        self._sockets: list[aiohttp.ClientWebSocketResponse] = []
        self._readers: list[asyncio.Task[None]] = []
        self.bytes = 0
        self.messages = 0

    async def start(self) -> None:
        """Connect, authenticate and subscribe every client; count from now on."""
        url = self._ha.url.replace("http", "ws", 1) + "/api/websocket"
        token = self._ha.headers["Authorization"].split(" ", 1)[1]
        for _ in range(self.count):
            ws = await self._ha.session.ws_connect(url, max_msg_size=0)
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": token})
            if (await ws.receive_json()).get("type") != "auth_ok":
                raise BenchError("board client: authentication failed")
            # Without compact frames, the option is left out: a ref from
            # before them refuses options it does not know.
            meters = {"meters": "compact"} if self._meters == "compact" else {}
            await ws.send_json({"id": 1, "type": "micboard/subscribe", **meters})
            reply = await ws.receive_json()
            if not reply.get("success"):
                raise BenchError(f"board client: subscribe failed: {reply}")
            self._sockets.append(ws)
            self._readers.append(asyncio.create_task(self._read(ws)))
        await asyncio.sleep(1)
        self.bytes = self.messages = 0

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            self.bytes += len(message.data)
            self.messages += 1

    async def stop(self) -> None:
        """Close every client."""
        for ws in self._sockets:
            await ws.close()
        for reader in self._readers:
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await reader
        self._sockets.clear()
        self._readers.clear()


async def add_receivers(ha: Ha, receivers: list[dict[str, Any]]) -> None:
    """One micboard entry per simulated receiver, through the config flow."""
    limit = asyncio.Semaphore(4)

    async def add(rx: dict[str, Any]) -> None:
        entry = {
            "domain": "micboard",
            "title": f"{rx['device_id']} ({rx['model']})",
            "steps": [
                {"next_step_id": "receiver"},
                {"host": rx["host"], "port": rx["port"]},
            ],
        }
        async with limit:
            await ensure_entry(ha.session, ha.url, ha.headers, entry)

    await asyncio.gather(*(add(rx) for rx in receivers))


async def micboard_entries(ha: Ha) -> list[dict[str, Any]]:
    """The micboard config entries and their states."""
    async with ha.session.get(
        f"{ha.url}/api/config/config_entries/entry",
        params={"domain": "micboard"},
        headers=ha.headers,
    ) as response:
        if response.status != 200:
            raise BenchError(f"listing entries: HTTP {response.status}")
        return list(await response.json())


async def wait_loaded(ha: Ha, count: int, within: float) -> None:
    """Wait until `count` micboard entries are loaded."""
    deadline = time.monotonic() + within
    while True:
        entries = await micboard_entries(ha)
        loaded = sum(1 for e in entries if e["state"] == "loaded")
        if loaded >= count:
            return
        if time.monotonic() > deadline:
            states = sorted({e["state"] for e in entries})
            raise BenchError(f"{loaded} of {count} entries loaded (states: {states})")
        await asyncio.sleep(1)


async def set_options(ha: Ha, entry_id: str, options: dict[str, Any]) -> None:
    """Run an entry's options flow with `options`."""
    base = f"{ha.url}/api/config/config_entries/options/flow"
    async with ha.session.post(
        base, json={"handler": entry_id}, headers=ha.headers
    ) as response:
        form = await response.json()
        if response.status != 200:
            raise BenchError(f"options flow of {entry_id}: {form}")
    data = with_defaults(form.get("data_schema") or [], options)
    async with ha.session.post(
        f"{base}/{form['flow_id']}", json=data, headers=ha.headers
    ) as response:
        result = await response.json()
    if result.get("type") != "create_entry":
        raise BenchError(f"options of {entry_id} not saved: {result}")


async def set_all_options(ha: Ha, options: dict[str, Any]) -> None:
    """Set the options of every micboard entry (each entry reloads)."""
    limit = asyncio.Semaphore(4)
    entries = await micboard_entries(ha)

    async def one(entry_id: str) -> None:
        async with limit:
            await set_options(ha, entry_id, options)

    await asyncio.gather(*(one(e["entry_id"]) for e in entries))


async def meter_entities(ha: Ha) -> dict[str, list[str]]:
    """Enabled meter entity ids by key (rf_level, ...)."""
    registry = await ha.ws.request({"type": "config/entity_registry/list"})
    found: dict[str, list[str]] = {key: [] for key in METER_KEYS}
    for entry in registry:
        if entry["platform"] != "micboard" or entry.get("disabled_by"):
            continue
        for key in METER_KEYS:
            if str(entry["unique_id"]).endswith(f"_{key}"):
                found[key].append(entry["entity_id"])
    return found


# Recorder


def recorder_rows(
    database: Path, since: float, until: float, meters: set[str]
) -> tuple[int, int]:
    """(all rows, meter-entity rows) of `states` updated in [since, until)."""
    uri = f"file:{database}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        rows = db.execute(
            "SELECT m.entity_id, COUNT(*) FROM states s "
            "JOIN states_meta m ON s.metadata_id = m.metadata_id "
            "WHERE s.last_updated_ts >= ? AND s.last_updated_ts < ? "
            "GROUP BY m.entity_id",
            (since, until),
        ).fetchall()
    total = sum(count for _, count in rows)
    meter = sum(count for entity_id, count in rows if entity_id in meters)
    return total, meter


async def settled_rows(
    database: Path, since: float, until: float, meters: set[str]
) -> tuple[int, int]:
    """Rows of the window once the recorder has committed them (bounded wait)."""
    await asyncio.sleep(RECORDER_COMMIT_SECONDS + 2)
    last = await asyncio.to_thread(recorder_rows, database, since, until, meters)
    for _ in range(10):
        await asyncio.sleep(RECORDER_COMMIT_SECONDS)
        now = await asyncio.to_thread(recorder_rows, database, since, until, meters)
        if now == last:
            break
        last = now
    return last


# One measured run


@dataclass
class Run:
    """The numbers of one mode."""

    mode: str
    meter_state_interval: float
    seconds: float
    ha_cpu_percent: float
    sim_cpu_percent: float
    bench_cpu_percent: float
    machine_busy_percent: float
    ha_rss_mb: float | None
    lag_ms: dict[str, float | None]
    ping_ms: dict[str, float | None]
    samples_per_s: float
    meter_entities: int
    meter_writes_per_min: float
    """Per meter entity (rf_level), mean."""
    meter_writes_per_min_median: float
    meter_writes_per_min_max: float
    busiest: dict[str, int]
    """The five meter entities with the most writes in the window."""
    state_changes_per_s: float
    recorder_rows_per_hour: float
    recorder_meter_rows_per_hour: float
    websocket_meter_writes_per_min: float | None = None
    recorder_rows_per_hour_per_meter_entity: float = 0.0
    board_clients: int = 0
    board_bytes_per_s_per_client: float | None = None


def _percentiles(values: list[float]) -> dict[str, float | None]:
    ordered = sorted(values)

    def pick(fraction: float) -> float | None:
        if not ordered:
            return None
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "p50": pick(0.5),
        "p99": pick(0.99),
        "max": ordered[-1] if ordered else None,
    }


async def measure_mode(
    ha: Ha,
    *,
    mode: str,
    options: dict[str, Any],
    pids: dict[str, int],
    database: Path,
    seconds: float,
    warmup: float,
    expected_samples: float,
    watch_websocket: bool,
    boards: BoardClients | None = None,
) -> Run:
    """Apply `options`, let the load settle, measure one window."""
    print(f"\n[{mode}] options {options}; entries reload", flush=True)
    count = len(await micboard_entries(ha))
    await set_all_options(ha, options)
    await asyncio.sleep(3)
    await wait_loaded(ha, count, within=180)
    meters = await meter_entities(ha)
    rf_ids = set(meters["rf_level"])
    all_meter_ids = {entity for ids in meters.values() for entity in ids}
    if boards is not None:
        await boards.start()
    cold = await ha.ws.snapshot()
    print(f"[{mode}] warming up {warmup:.0f} s", flush=True)
    await asyncio.sleep(warmup)
    warm = await ha.ws.snapshot()
    print(
        f"[{mode}] warm-up: {_sample_rate(cold, warm):,.0f} samples/s; "
        f"measuring {seconds:.0f} s",
        flush=True,
    )

    ws_count = {"rf": 0}
    subscription: int | None = None
    if watch_websocket:

        def on_event(event: dict[str, Any]) -> None:
            if event.get("data", {}).get("entity_id") in rf_ids:
                ws_count["rf"] += 1

        subscription = await ha.ws.subscribe(
            {"type": "subscribe_events", "event_type": "state_changed"}, on_event
        )
        ws_count["rf"] = 0

    pings: list[float] = []

    async def ping_loop() -> None:
        while True:
            pings.append(await ha.ws.ping_ms())
            await asyncio.sleep(0.5)

    if boards is not None:
        boards.bytes = boards.messages = 0
    cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
    bench0 = _self_cpu()
    busy0, total0 = machine_ticks()
    start = await ha.ws.snapshot()
    started = time.monotonic()
    pinger = asyncio.create_task(ping_loop())
    try:
        await asyncio.sleep(seconds)
    finally:
        pinger.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pinger
    end = await ha.ws.snapshot()
    wall = time.monotonic() - started
    board_bytes = None if boards is None else boards.bytes
    if boards is not None:
        await boards.stop()
    cpu1 = {name: cpu_seconds(pid) for name, pid in pids.items()}
    bench1 = _self_cpu()
    busy1, total1 = machine_ticks()
    rss = rss_megabytes(pids["ha"])
    ws_rf = ws_count["rf"] if watch_websocket else None
    if subscription is not None:
        await ha.ws.unsubscribe(subscription)

    window = end["until"] - end["since"]
    samples_per_s = _sample_rate(start, end)
    rf_counts = {entity: end["state_changed"].get(entity, 0) for entity in rf_ids}
    per_min = sorted(count / window * 60 for count in rf_counts.values())
    busiest = sorted(rf_counts.items(), key=lambda item: -item[1])[:5]
    changes = sum(end["state_changed"].values())
    rows, meter_rows = await settled_rows(
        database, end["since"], end["until"], all_meter_ids
    )
    if samples_per_s < 0.9 * expected_samples:
        print(
            f"  warning: only {samples_per_s:,.0f} of {expected_samples:,.0f} "
            "samples/s arrived (machine too busy?)"
        )
    return Run(
        mode=mode,
        meter_state_interval=float(options["meter_state_interval"]),
        seconds=window,
        ha_cpu_percent=(cpu1["ha"] - cpu0["ha"]) / wall * 100,
        sim_cpu_percent=(cpu1["sim"] - cpu0["sim"]) / wall * 100,
        bench_cpu_percent=(bench1 - bench0) / wall * 100,
        machine_busy_percent=(busy1 - busy0) / max(1, total1 - total0) * 100,
        ha_rss_mb=rss,
        lag_ms={k: end["lag_ms"][k] for k in ("p50", "p99", "max")},
        ping_ms=_percentiles(pings),
        samples_per_s=samples_per_s,
        meter_entities=len(rf_ids),
        meter_writes_per_min=sum(per_min) / max(1, len(per_min)),
        meter_writes_per_min_median=per_min[len(per_min) // 2] if per_min else 0.0,
        meter_writes_per_min_max=max(per_min, default=0.0),
        busiest=dict(busiest),
        state_changes_per_s=changes / window,
        recorder_rows_per_hour=rows / window * 3600,
        recorder_meter_rows_per_hour=meter_rows / window * 3600,
        recorder_rows_per_hour_per_meter_entity=(
            meter_rows / window * 3600 / max(1, len(all_meter_ids))
        ),
        board_clients=0 if boards is None else boards.count,
        board_bytes_per_s_per_client=(
            None
            if boards is None or board_bytes is None
            else board_bytes / wall / max(1, boards.count)
        ),
        websocket_meter_writes_per_min=(
            None if ws_rf is None else ws_rf / wall * 60 / max(1, len(rf_ids))
        ),
    )


def _sample_rate(before: dict[str, Any], after: dict[str, Any]) -> float:
    """Samples/s between two snapshots (the counters are lifetime totals)."""
    span = after["until"] - before["until"]
    return (after["micboard"]["samples"] - before["micboard"]["samples"]) / span


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# The whole benchmark


async def wait_ready_file(path: Path, process: subprocess.Popen[bytes]) -> Any:
    """The simulator's ready file, once written."""
    deadline = time.monotonic() + 120
    while not await asyncio.to_thread(path.exists):
        if process.poll() is not None:
            raise BenchError(f"the simulator exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise BenchError("the simulator did not get ready in 120 s")
        await asyncio.sleep(0.2)
    return json.loads(await asyncio.to_thread(path.read_text))


async def run(args: argparse.Namespace, work: Path, procs: Processes) -> list[Run]:
    """Start everything, measure both modes, return the runs."""
    python = sys.executable
    ready = work / "receivers.json"
    print(
        f"bench_ha_load: {args.receivers} x {args.model}, meter interval "
        f"{args.meter_interval} s, {args.seconds:.0f} s per mode; Home Assistant "
        f"{importlib.metadata.version('homeassistant')}; micboard {args.source}; "
        f"work dir {work}",
        flush=True,
    )
    sim = procs.start(
        "simulator",
        [
            python,
            "-m",
            "simulator",
            "receivers",
            "--model",
            args.model,
            "--count",
            str(args.receivers),
            "--base-port",
            "0",
            "--seed",
            str(args.seed),
            "--json-ready",
            str(ready),
        ],
        cwd=ROOT,
        log=work / "simulator.log",
    )
    receivers = await wait_ready_file(ready, sim)
    channels = sum(rx["channels"] for rx in receivers)
    expected_samples = channels / args.meter_interval

    config = work / "config"
    port = free_port()
    integration = integration_source(args.ref, work)
    write_config(config, port, integration)
    url = f"http://127.0.0.1:{port}"
    ha_process = procs.start(
        "home assistant",
        [python, "-m", "homeassistant", "--config", str(config), "--skip-pip"],
        cwd=work,
        log=work / "home-assistant.stdout",
    )
    pids = {"ha": ha_process.pid, "sim": sim.pid}
    print(f"Home Assistant starting on {url} (pid {ha_process.pid})", flush=True)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await wait_until_up(session, url, args.startup_timeout)
        token = await onboard(session, url, OWNER)
        await confirm_http_config_once(session, url, token)
        ws = HaSocket(session, url)
        await ws.connect(token)
        try:
            long_lived = await ws.request(
                {
                    "type": "auth/long_lived_access_token",
                    "client_name": "micboard bench",
                    "lifespan": 1,
                }
            )
            ha = Ha(session, url, {"Authorization": f"Bearer {long_lived}"}, ws)
            print(
                f"adding {len(receivers)} receivers through the config flow", flush=True
            )
            started = time.monotonic()
            await add_receivers(ha, receivers)
            await wait_loaded(ha, len(receivers), within=180)
            print(
                f"{len(receivers)} entries loaded in {time.monotonic() - started:.0f} s",
                flush=True,
            )
            runs = []
            for mode, state_interval in (
                (mode, interval)
                for mode, interval in (
                    ("limited", args.state_interval),
                    ("unlimited", 0.0),
                )
                if mode in args.modes
            ):
                if ha_process.poll() is not None:
                    raise BenchError("Home Assistant exited")
                runs.append(
                    await measure_mode(
                        ha,
                        mode=mode,
                        options={
                            "meter_interval": args.meter_interval,
                            "meter_state_interval": state_interval,
                        },
                        pids=pids,
                        database=config / "home-assistant_v2.db",
                        seconds=args.seconds,
                        warmup=args.warmup,
                        expected_samples=expected_samples,
                        watch_websocket=args.watch_websocket,
                        boards=(
                            BoardClients(ha, args.board_clients, args.board_meters)
                            if args.board_clients
                            else None
                        ),
                    )
                )
                print_run(runs[-1])
        finally:
            await ws.close()
    return runs


def _fmt(value: float | None, spec: str = ",.1f") -> str:
    return "-" if value is None else format(value, spec)


def print_run(run: Run) -> None:
    """One mode's numbers, briefly."""
    print(
        f"[{run.mode}] HA CPU {run.ha_cpu_percent:.1f} %, loop lag p99 "
        f"{_fmt(run.lag_ms['p99'])} ms, {run.meter_writes_per_min:.1f} writes/min "
        f"per meter entity, {run.recorder_rows_per_hour:,.0f} recorder rows/h, "
        f"{run.samples_per_s:,.0f} samples/s",
        flush=True,
    )


ROWS: tuple[tuple[str, Callable[[Run], float | None], str, bool], ...] = (
    # label, value, format, whether a ratio means something
    ("samples/s received by micboard", lambda r: r.samples_per_s, ",.0f", True),
    ("HA CPU, % of one core", lambda r: r.ha_cpu_percent, ".1f", True),
    ("HA resident memory, MB", lambda r: r.ha_rss_mb, ".0f", True),
    ("event-loop lag p50, ms", lambda r: r.lag_ms["p50"], ".2f", True),
    ("event-loop lag p99, ms", lambda r: r.lag_ms["p99"], ".2f", True),
    ("event-loop lag max, ms", lambda r: r.lag_ms["max"], ".1f", True),
    ("websocket ping p99, ms", lambda r: r.ping_ms["p99"], ".2f", True),
    (
        "state writes/min per meter entity",
        lambda r: r.meter_writes_per_min,
        ".1f",
        True,
    ),
    ("  median entity", lambda r: r.meter_writes_per_min_median, ".1f", True),
    ("  busiest entity", lambda r: r.meter_writes_per_min_max, ".1f", True),
    ("state_changed events/s, all", lambda r: r.state_changes_per_s, ",.1f", True),
    ("recorder rows/hour, all", lambda r: r.recorder_rows_per_hour, ",.0f", True),
    (
        "recorder rows/hour, meter entities",
        lambda r: r.recorder_meter_rows_per_hour,
        ",.0f",
        True,
    ),
    (
        "  per meter entity",
        lambda r: r.recorder_rows_per_hour_per_meter_entity,
        ",.1f",
        True,
    ),
    (
        "board clients' bytes/s per client",
        lambda r: r.board_bytes_per_s_per_client,
        ",.0f",
        True,
    ),
    ("simulator CPU, % of one core", lambda r: r.sim_cpu_percent, ".1f", False),
    ("benchmark client CPU, %", lambda r: r.bench_cpu_percent, ".1f", False),
    (
        "whole machine busy, % of all CPUs",
        lambda r: r.machine_busy_percent,
        ".1f",
        False,
    ),
)


def print_table(runs: Sequence[Run]) -> None:
    """The modes side by side, with the ratio unlimited / limited when both ran."""
    limited = runs[0]
    unlimited = runs[1] if len(runs) > 1 else None
    print(
        f"\n{'':36} " + " ".join(f"{r.mode:>14}" for r in runs) + f" {'ratio':>18}\n"
        f"{'meter_state_interval, s':36} "
        + " ".join(f"{r.meter_state_interval:>14g}" for r in runs)
    )
    rows = list(ROWS)
    if limited.websocket_meter_writes_per_min is not None:
        rows.insert(
            [label for label, *_ in rows].index("state writes/min per meter entity")
            + 1,
            (
                "  mean, counted over websocket",
                lambda r: r.websocket_meter_writes_per_min,
                ".1f",
                True,
            ),
        )
    for label, get, spec, compare in rows:
        values = [get(r) for r in runs]
        a = values[0]
        b = None if unlimited is None else values[1]
        ratio = "-" if not compare or not a or b is None else f"{b / a:.1f}x"
        cells = " ".join(f"{_fmt(v, spec):>14}" for v in values)
        print(f"{label:36} {cells} {ratio:>18}")
    print(
        f"\nmeter entities (rf_level): {limited.meter_entities}; window "
        f"{limited.seconds:.0f} s per mode; CPU % is of one core (the machine "
        f"has {os.cpu_count()}).\nBusiest meter entities in the first run: "
        + ", ".join(f"{k} {v}" for k, v in limited.busiest.items())
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print; always stop what was started."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="Run it through script/bench (it needs Home Assistant installed).",
    )
    parser.add_argument("--quick", action="store_true", help="20 s per mode")
    parser.add_argument("--seconds", type=float, help="window per mode (120)")
    parser.add_argument("--warmup", type=float, help="seconds before each window (15)")
    parser.add_argument("--receivers", type=int, default=50)
    parser.add_argument("--model", default="ULXD4Q")
    parser.add_argument("--meter-interval", type=float, default=0.1)
    parser.add_argument(
        "--state-interval",
        type=float,
        default=30.0,
        help="meter_state_interval of the limited run (default 30, the option's default)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--startup-timeout", type=float, default=300)
    parser.add_argument(
        "--watch-websocket",
        action="store_true",
        help="also count rf_level writes over a websocket subscription (adds load)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--keep", action="store_true", help="keep the work dir (logs, database)"
    )
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=("limited", "unlimited"),
        default=["limited", "unlimited"],
        help="which runs (default both)",
    )
    parser.add_argument(
        "--board-clients",
        type=int,
        default=0,
        help="websocket clients holding micboard/subscribe during each window",
    )
    parser.add_argument(
        "--board-meters",
        choices=("compact", "batch_update"),
        default="compact",
        help="how the board clients ask for meters (batch_update for an old ref)",
    )
    parser.add_argument(
        "--ref",
        metavar="GIT_REF",
        help=(
            "measure custom_components/micboard as committed at this ref "
            "(default: a copy of the working tree, taken at the start)"
        ),
    )
    parser.add_argument(
        "--no-isolate",
        action="store_true",
        help=(
            "stay in the host's network namespace (by default everything runs "
            "in a namespace of its own that has only loopback)"
        ),
    )
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (20.0 if args.quick else 120.0)
    args.warmup = (
        args.warmup if args.warmup is not None else (5.0 if args.quick else 15.0)
    )
    if not 0 < args.seconds <= 3600 or args.receivers < 1:
        parser.error("--seconds must be in (0, 3600] and --receivers at least 1")

    signal.signal(signal.SIGTERM, _raise_on_term)
    if not args.no_isolate:
        why = isolate_network()
        if why is not None:
            print(
                f"bench_ha_load: cannot make a network namespace ({why}); pass "
                "--no-isolate to run on the host's network",
                file=sys.stderr,
            )
            return 2
    try:
        args.source = source_state(args.ref)
    except BenchError as err:
        parser.error(str(err))
    work = Path(tempfile.mkdtemp(prefix="micboard-bench-ha-"))
    procs = Processes()
    budget = args.startup_timeout + 600 + 2 * (args.seconds + args.warmup + 300)
    status = 1
    try:
        runs = asyncio.run(asyncio.wait_for(run(args, work, procs), budget))
        print_table(runs)
        if args.json:
            write_json(args, runs)
        status = 0
    except (BenchError, BootstrapError, TimeoutError, aiohttp.ClientError) as err:
        print(f"bench_ha_load: error: {type(err).__name__}: {err}", file=sys.stderr)
        print(f"  logs: {work} (kept)", file=sys.stderr)
        args.keep = True
    finally:
        procs.stop_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return status


def write_json(args: argparse.Namespace, runs: Sequence[Run]) -> None:
    """The runs and the settings, for docs/performance.md."""
    write_report(args.json, "bench_ha_load", args, runs)


def write_report(
    path: Path, benchmark: str, args: argparse.Namespace, runs: Sequence[Any]
) -> None:
    """Write a benchmark's runs (dataclasses) and settings as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "benchmark": benchmark,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "homeassistant": importlib.metadata.version("homeassistant"),
        "cpus": os.cpu_count(),
        "source": args.source,
        "settings": {
            k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
        },
        "runs": [asdict(r) for r in runs],
    }
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
