"""The live hub end to end: MQTT status messages to websocket subscribers.

A real Home Assistant (`python -m homeassistant`, no recorder unless
`--recorder`) with micboard loaded, 50 simulated ULXD4Q receivers (200
channel devices, metering off so only status messages move the board), a
real mosquitto, an MQTT status entry, and 10 websocket clients. A publisher
thread sends status messages (a new temperature and humidity for a device,
round-robin over the 200 channels) at 100, 500 and 2000 messages/s.
Every rate is measured three times:

- `micboard`: the 10 clients hold `micboard/subscribe` (default 100 ms window);
- `micboard_w0`: the same with `window_ms` 0 (no coalescing: the hub's own
  latency);
- `entities`: the 10 clients hold HA's built-in `subscribe_entities` for the
  same information (the 400 temperature and humidity sensors);
- `idle`: nobody subscribed (the baseline for the marginal cost).

Printed per run: messages published and accepted, latency from publish to
receipt by a subscriber (p50/p95/p99, matched by the unique temperature each
message carries; updates coalesced away are not counted), HA CPU (% of one
core, /proc), event-loop lag (the loopprobe component), bytes received by
the 10 clients, and per device update (one accepted message): bytes and
HA CPU microseconds, marginal over `idle`. The summary gives the ratio
micboard / subscribe_entities for both.

`--meters` is the busy board: the same 200 channels also meter at 10 Hz
(2,000 samples/s) while status messages arrive at 100/s, and the 10 clients
hold `micboard/subscribe` with meters as `batch_update` fields (`micboard`,
what every subscriber got before compact frames) or as `meter_frame` rows
(`compact`), next to `idle`. Printed per mode: status-change latency with
meters running, meter bytes per second per client, HA CPU per client above
idle. `--ref GIT_REF` measures the integration as committed at a ref (a ref
without compact frames runs `micboard` and `idle` only).

Everything runs on 127.0.0.1 (in a network namespace of its own unless
`--no-isolate`), in a temporary directory; every process started is stopped
on the way out. Run with an interpreter that has Home Assistant installed:
`/tmp/venv-min/bin/python benchmarks/bench_live_hub.py --quick`.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
import contextlib
from dataclasses import dataclass, field
import datetime as dt
import importlib.metadata
import json
from pathlib import Path
import shutil
import signal
import sys
import tempfile
import threading
import time
from typing import Any

import aiohttp
from paho.mqtt import client as mqtt_client

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ha_load import (
    ROOT,
    BenchError,
    Ha,
    HaSocket,
    Processes,
    _raise_on_term,
    add_receivers,
    cpu_seconds,
    free_port,
    integration_source,
    isolate_network,
    set_all_options,
    source_state,
    wait_loaded,
    wait_ready_file,
    write_config,
    write_report,
)
from bootstrap_ha import (
    BootstrapError,
    confirm_http_config_once,
    ensure_entry,
    onboard,
    wait_until_up,
)

OWNER = {"name": "Bench", "username": "bench", "password": "micboard-bench"}
RATES = (100, 500, 2000)
MODES = ("micboard", "micboard_w0", "entities", "idle")
METER_MODES = ("micboard", "compact", "idle")
METER_FIELDS = {
    "rf": {"level_dbm", "levels_dbm", "quality", "antenna"},
    "audio": {"level_dbfs", "peak_dbfs"},
}
SUBSCRIBERS = 10
PREFIX = "micboard"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def percentile(values: list[float], fraction: float) -> float | None:
    """The value at `fraction` of the sorted values (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def temperature_for(sequence: int, devices: int) -> float:
    """A temperature unique per device for 5000 rounds (the latency key)."""
    return round(20 + ((sequence // devices) % 5000) / 100, 2)


# Publisher (a thread with its own paho client)


@dataclass
class Sent:
    """When each (device key, temperature) was published."""

    at: dict[tuple[str, float], float] = field(default_factory=dict)
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Counter:
    """Message numbers across runs: every published temperature is new."""

    def __init__(self) -> None:
        """Start at the first round."""
        self.next = 0


SEQUENCE = Counter()


def publish_at_rate(
    port: int, codes: list[str], rate: float, seconds: float, sent: Sent
) -> None:
    """Publish `rate` status messages/s for `seconds` (runs in a thread).

    Numbering continues across runs (SEQUENCE), so a device never gets the
    temperature it already has (which would change nothing to measure).
    """
    client = mqtt_client.Client(mqtt_client.CallbackAPIVersion.VERSION2)
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        started = time.monotonic()
        total = int(rate * seconds)
        first = SEQUENCE.next
        SEQUENCE.next += total
        for number in range(total):
            sequence = first + number
            due = started + number / rate
            if (wait := due - time.monotonic()) > 0:
                time.sleep(wait)
            code = codes[sequence % len(codes)]
            temperature = temperature_for(sequence, len(codes))
            payload = json.dumps(
                {
                    "status": "online",
                    "temperature": temperature,
                    "humidity": sequence % 100,
                }
            )
            now = time.monotonic()
            with sent.lock:
                sent.at[(code.casefold(), temperature)] = now
                sent.count += 1
            client.publish(f"{PREFIX}/{OWNER['username']}/{code}/status", payload)
    finally:
        client.loop_stop()
        client.disconnect()


# Subscribers


class Subscriber:
    """One websocket client counting bytes and matching updates to publishes."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Not connected yet."""
        self._session = session
        self._url = url.replace("http", "ws", 1) + "/api/websocket"
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.bytes = 0
        self.meter_bytes = 0
        self.messages = 0
        self.counting = False
        self.on_event: Callable[[dict[str, Any], float], None] = lambda e, t: None
        self._reader: asyncio.Task[None] | None = None
        self._result: asyncio.Future[dict[str, Any]] | None = None
        self.first_event: asyncio.Future[None] | None = None

    async def connect(self, token: str) -> None:
        """Connect, authenticate, start reading."""
        self.ws = await self._session.ws_connect(self._url, max_msg_size=0)
        await self.ws.receive_json()
        await self.ws.send_json({"type": "auth", "access_token": token})
        if (await self.ws.receive_json()).get("type") != "auth_ok":
            raise BenchError("websocket authentication failed")
        self._reader = asyncio.create_task(self._read())

    async def subscribe(self, payload: dict[str, Any]) -> None:
        """Send one subscribe command; wait for its result and first event."""
        assert self.ws is not None
        loop = asyncio.get_running_loop()
        self._result = loop.create_future()
        self.first_event = loop.create_future()
        await self.ws.send_json({"id": 1, **payload})
        async with asyncio.timeout(60):
            result = await self._result
            if not result.get("success"):
                raise BenchError(f"{payload['type']}: {result.get('error')}")
            await self.first_event

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
            received = time.monotonic()
            data = json.loads(message.data)
            items = data if isinstance(data, list) else [data]
            if self.counting:
                size = len(message.data.encode())
                self.bytes += size
                self.messages += 1
                self.meter_bytes += meter_share(items, size)
            for item in items:
                if item.get("type") == "result" and self._result is not None:
                    if not self._result.done():
                        self._result.set_result(item)
                elif item.get("type") == "event":
                    if self.first_event is not None and not self.first_event.done():
                        self.first_event.set_result(None)
                    self.on_event(item["event"], received)

    async def close(self) -> None:
        """Close the socket."""
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await self._reader


def carries_meters(event: dict[str, Any]) -> bool:
    """Whether an event is meter traffic: a frame, or an update of meter fields."""
    if event.get("type") == "meter_frame":
        return True
    if event.get("type") != "batch_update":
        return False
    return any(
        set(update["changes"].get(name) or {}) & keys
        for update in event["updates"]
        for name, keys in METER_FIELDS.items()
    )


def meter_share(items: list[dict[str, Any]], size: int) -> int:
    """The bytes of a websocket message that carry meters (HA may send a list)."""
    if len(items) == 1:
        event = items[0].get("event")
        return size if isinstance(event, dict) and carries_meters(event) else 0
    share = 0
    for item in items:
        event = item.get("event")
        if isinstance(event, dict) and carries_meters(event):
            share += len(json.dumps(item, separators=(",", ":")))
    return share


def micboard_matcher(
    sent: Sent, latencies: list[float]
) -> Callable[[dict[str, Any], float], None]:
    """Latency of batch_update temperatures (micboard/subscribe)."""

    def on_event(event: dict[str, Any], received: float) -> None:
        if event.get("type") != "batch_update":
            return
        for update in event["updates"]:
            temperature = update["changes"].get("temperature")
            if temperature is None:
                continue
            key = (update["device_code"].casefold(), round(float(temperature), 2))
            at = sent.at.get(key)
            if at is not None:
                latencies.append((received - at) * 1000)

    return on_event


def entities_matcher(
    sent: Sent, latencies: list[float], codes_by_entity: dict[str, str]
) -> Callable[[dict[str, Any], float], None]:
    """Latency of temperature state diffs (subscribe_entities)."""

    def on_event(event: dict[str, Any], received: float) -> None:
        for entity_id, diff in event.get("c", {}).items():
            code = codes_by_entity.get(entity_id)
            state = diff.get("+", {}).get("s")
            if code is None or state is None:
                continue
            with contextlib.suppress(ValueError):
                at = sent.at.get((code, round(float(state), 2)))
                if at is not None:
                    latencies.append((received - at) * 1000)

    return on_event


# One measured run


@dataclass
class Run:
    """The numbers of one mode at one rate."""

    mode: str
    rate: int
    seconds: float
    published: int
    accepted: int
    latency_ms: dict[str, float | None]
    matched_updates: int
    ha_cpu_percent: float
    lag_ms: dict[str, float | None]
    client_bytes: int
    client_messages: int
    bytes_per_update: float = 0.0
    marginal_cpu_us_per_update: float | None = None
    meter_bytes_per_s_per_client: float = 0.0
    cpu_percent_per_client: float | None = None
    """HA CPU above the idle run of the same rate, per subscribed client."""


async def accepted_count(ha: Ha) -> int:
    """The MQTT status entry's accepted counter (its diagnostics)."""
    entries = await ha.ws.request({"type": "config_entries/get", "domain": "micboard"})
    entry = next(e for e in entries if e["title"].startswith("MQTT status"))
    async with ha.session.get(
        f"{ha.url}/api/diagnostics/config_entry/{entry['entry_id']}",
        headers=ha.headers,
    ) as response:
        report = await response.json()
    return int(report["data"]["counters"]["accepted"])


async def measure(
    ha: Ha,
    *,
    mode: str,
    rate: int,
    args: argparse.Namespace,
    token: str,
    codes: list[str],
    sensors: dict[str, str],
    ha_pid: int,
    broker_port: int,
) -> Run:
    """Subscribe the clients for `mode`, publish at `rate`, measure the window."""
    sent = Sent()
    latencies: list[float] = []
    clients: list[Subscriber] = []
    if mode != "idle":
        for _ in range(SUBSCRIBERS):
            client = Subscriber(ha.session, ha.url)
            await client.connect(token)
            if mode.startswith("micboard") or mode == "compact":
                client.on_event = micboard_matcher(sent, latencies)
                window = {"window_ms": 0} if mode == "micboard_w0" else {}
                meters = {"meters": "compact"} if mode == "compact" else {}
                await client.subscribe(
                    {"type": "micboard/subscribe", **window, **meters}
                )
            else:
                client.on_event = entities_matcher(sent, latencies, sensors)
                await client.subscribe(
                    {"type": "subscribe_entities", "entity_ids": sorted(sensors)}
                )
            clients.append(client)
    await asyncio.sleep(1)
    for client in clients:
        client.counting = True
    accepted0 = await accepted_count(ha)
    await ha.ws.snapshot()
    cpu0 = cpu_seconds(ha_pid)
    started = time.monotonic()
    await asyncio.to_thread(
        publish_at_rate, broker_port, codes, rate, args.seconds, sent
    )
    await asyncio.sleep(1)  # the last window flushes, the last events arrive
    wall = time.monotonic() - started
    cpu1 = cpu_seconds(ha_pid)
    probe = await ha.ws.snapshot()
    for client in clients:
        client.counting = False
    accepted = await accepted_count(ha) - accepted0
    for client in clients:
        await client.close()
    client_bytes = sum(c.bytes for c in clients)
    meter_bytes = sum(c.meter_bytes for c in clients)
    return Run(
        mode=mode,
        rate=rate,
        seconds=wall,
        published=sent.count,
        accepted=accepted,
        latency_ms={
            "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95),
            "p99": percentile(latencies, 0.99),
        },
        matched_updates=len(latencies),
        ha_cpu_percent=(cpu1 - cpu0) / wall * 100,
        lag_ms={k: probe["lag_ms"][k] for k in ("p50", "p99", "max")},
        client_bytes=client_bytes,
        client_messages=sum(c.messages for c in clients),
        bytes_per_update=client_bytes / max(1, accepted),
        meter_bytes_per_s_per_client=meter_bytes / wall / max(1, len(clients)),
    )


# Setup


def start_broker(work: Path, procs: Processes) -> int:
    """mosquitto on a free port of 127.0.0.1."""
    port = free_port()
    conf = work / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
    )
    procs.start(
        "mosquitto", [MOSQUITTO, "-c", str(conf)], cwd=work, log=work / "mosquitto.log"
    )
    return port


def configure(config: Path, port: int, integration: Path, recorder: bool) -> None:
    """bench_ha_load's config, with the recorder removed unless asked for."""
    write_config(config, port, integration)
    if not recorder:
        yaml = config / "configuration.yaml"
        lines = yaml.read_text().splitlines()
        keep = [
            line
            for line in lines
            if not line.startswith("recorder:") and "db_url" not in line
        ]
        yaml.write_text("\n".join(keep) + "\n")
    with (config / "configuration.yaml").open("a") as yaml_file:
        yaml_file.write("diagnostics:\n")


async def sensor_entities(ha: Ha) -> dict[str, str]:
    """Temperature/humidity sensor entity id -> device key."""
    registry = await ha.ws.request({"type": "config/entity_registry/list"})
    found = {}
    for entry in registry:
        unique_id = str(entry["unique_id"])
        if entry["platform"] != "micboard":
            continue
        for suffix in ("_temperature", "_humidity"):
            if unique_id.endswith(suffix):
                found[entry["entity_id"]] = unique_id[: -len(suffix)].casefold()
    return found


async def run(args: argparse.Namespace, work: Path, procs: Processes) -> list[Run]:
    """Start everything, measure every rate and mode."""
    python = sys.executable
    broker_port = start_broker(work, procs)
    ready = work / "receivers.json"
    sim = procs.start(
        "simulator",
        [
            python, "-m", "simulator", "receivers", "--model", "ULXD4Q",
            "--count", str(args.receivers), "--base-port", "0", "--seed", "1",
            "--json-ready", str(ready),
        ],
        cwd=ROOT,
        log=work / "simulator.log",
    )  # fmt: skip
    receivers = await wait_ready_file(ready, sim)
    codes = [
        f"{rx['device_id']}-{n}"
        for rx in receivers
        for n in range(1, rx["channels"] + 1)
    ]
    integration = integration_source(args.ref, work)
    config = work / "config"
    port = free_port()
    configure(config, port, integration, args.recorder)
    url = f"http://127.0.0.1:{port}"
    ha_process = procs.start(
        "home assistant",
        [python, "-m", "homeassistant", "--config", str(config), "--skip-pip"],
        cwd=work,
        log=work / "home-assistant.stdout",
    )
    print(
        f"bench_live_hub: {len(codes)} channel devices, {SUBSCRIBERS} subscribers, "
        f"rates {args.rates}, {args.seconds:.0f} s per run; Home Assistant "
        f"{importlib.metadata.version('homeassistant')}; micboard {args.source}",
        flush=True,
    )
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await wait_until_up(session, url, args.startup_timeout)
        token = await onboard(session, url, OWNER)
        await confirm_http_config_once(session, url, token)
        ws = HaSocket(session, url)
        await ws.connect(token)
        try:
            ha = Ha(session, url, {"Authorization": f"Bearer {token}"}, ws)
            await add_receivers(ha, receivers)
            await wait_loaded(ha, len(receivers), within=180)
            await set_all_options(ha, {"meter_interval": args.meter_interval})
            await wait_loaded(ha, len(receivers), within=180)
            for entry in (
                {"domain": "mqtt", "steps": [{"broker": "127.0.0.1", "port": broker_port}]},
                {"domain": "micboard", "steps": [{"next_step_id": "mqtt_status"}, {"topic_prefix": PREFIX}]},
            ):  # fmt: skip
                await ensure_entry(session, url, ha.headers, entry)
            await wait_loaded(ha, len(receivers) + 1, within=120)
            print("creating the telemetry sensors (one message per device)", flush=True)
            sensors: dict[str, str] = {}
            for _ in range(30):
                await asyncio.to_thread(
                    publish_at_rate, broker_port, codes, 200, len(codes) / 200, Sent()
                )
                sensors = await sensor_entities(ha)
                if len(sensors) >= 2 * len(codes):
                    break
                await asyncio.sleep(1)
            else:
                raise BenchError(f"only {len(sensors)} telemetry sensors appeared")
            print(f"warming up {args.warmup:.0f} s", flush=True)
            await asyncio.to_thread(
                publish_at_rate, broker_port, codes, 100, args.warmup, Sent()
            )
            runs = []
            for rate in args.rates:
                for mode in args.modes:
                    if ha_process.poll() is not None:
                        raise BenchError("Home Assistant exited")
                    result = await measure(
                        ha,
                        mode=mode,
                        rate=rate,
                        args=args,
                        token=token,
                        codes=codes,
                        sensors=sensors,
                        ha_pid=ha_process.pid,
                        broker_port=broker_port,
                    )
                    runs.append(result)
                    print_run(result)
            add_marginal_cpu(runs)
        finally:
            await ws.close()
    return runs


def add_marginal_cpu(runs: list[Run]) -> None:
    """HA CPU per accepted update (and per client) above the idle run of the same rate."""
    idle = {r.rate: r for r in runs if r.mode == "idle"}
    for r in runs:
        base = idle.get(r.rate)
        if base is None or r.mode == "idle" or not r.accepted:
            continue
        extra = (r.ha_cpu_percent - base.ha_cpu_percent) / 100 * r.seconds
        r.marginal_cpu_us_per_update = extra / r.accepted * 1e6
        r.cpu_percent_per_client = (
            r.ha_cpu_percent - base.ha_cpu_percent
        ) / SUBSCRIBERS


def _fmt(value: float | None, spec: str = ",.1f") -> str:
    return "-" if value is None else format(value, spec)


def print_run(r: Run) -> None:
    """One run, one line."""
    print(
        f"[{r.rate}/s {r.mode:8}] published {r.published:,}, accepted {r.accepted:,}; "
        f"latency p50/p95/p99 {_fmt(r.latency_ms['p50'])}/{_fmt(r.latency_ms['p95'])}/"
        f"{_fmt(r.latency_ms['p99'])} ms ({r.matched_updates:,} matched); HA CPU "
        f"{r.ha_cpu_percent:.1f} %; loop lag p99 {_fmt(r.lag_ms['p99'])} ms; "
        f"{r.client_bytes:,} B to clients",
        flush=True,
    )


def print_meter_table(runs: list[Run]) -> None:
    """The busy board: status latency with meters running, meter bytes, CPU per client."""
    print(
        f"\n{'mode':9} {'status p50':>10} {'p95':>7} {'p99':>7} {'HA CPU %':>9} "
        f"{'CPU %/client':>12} {'meter B/s/client':>17} {'lag p99':>8}"
    )
    for r in runs:
        print(
            f"{r.mode:9} {_fmt(r.latency_ms['p50']):>10} {_fmt(r.latency_ms['p95']):>7} "
            f"{_fmt(r.latency_ms['p99']):>7} {r.ha_cpu_percent:>9.1f} "
            f"{_fmt(r.cpu_percent_per_client, '.2f'):>12} "
            f"{r.meter_bytes_per_s_per_client:>17,.0f} {_fmt(r.lag_ms['p99']):>8}"
        )
    by_mode = {r.mode: r for r in runs}
    old, new = by_mode.get("micboard"), by_mode.get("compact")
    if old is not None and new is not None and old.meter_bytes_per_s_per_client:
        print(
            "\ncompact / batch_update meter bytes per client: "
            f"{new.meter_bytes_per_s_per_client / old.meter_bytes_per_s_per_client:.2f}x"
        )


def print_table(runs: list[Run]) -> None:
    """Per rate: micboard vs subscribe_entities, with ratios."""
    print(
        f"\n{'rate':>6} {'mode':9} {'lat p50':>8} {'p95':>8} {'p99':>8} "
        f"{'HA CPU %':>9} {'lag p99':>8} {'B/update':>9} {'CPU us/upd':>11}"
    )
    for r in runs:
        print(
            f"{r.rate:>6} {r.mode:9} {_fmt(r.latency_ms['p50']):>8} "
            f"{_fmt(r.latency_ms['p95']):>8} {_fmt(r.latency_ms['p99']):>8} "
            f"{r.ha_cpu_percent:>9.1f} {_fmt(r.lag_ms['p99']):>8} "
            f"{r.bytes_per_update:>9,.0f} {_fmt(r.marginal_cpu_us_per_update):>11}"
        )
    print("\nmicboard (100 ms window) / subscribe_entities (10 clients, same updates):")
    by_key = {(r.rate, r.mode): r for r in runs}
    for rate in sorted({r.rate for r in runs}):
        hub, core = by_key.get((rate, "micboard")), by_key.get((rate, "entities"))
        if hub is None or core is None:
            continue
        byte_ratio = (
            hub.bytes_per_update / core.bytes_per_update
            if core.bytes_per_update
            else None
        )
        cpu_ratio = (
            hub.marginal_cpu_us_per_update / core.marginal_cpu_us_per_update
            if hub.marginal_cpu_us_per_update and core.marginal_cpu_us_per_update
            else None
        )
        print(
            f"  {rate:>5}/s: bytes per update {_fmt(byte_ratio, '.2f')}x, "
            f"marginal HA CPU per update {_fmt(cpu_ratio, '.2f')}x"
        )


def write_json(args: argparse.Namespace, runs: list[Run]) -> Path:
    """The runs and settings, for docs/performance.md."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = args.json or ROOT / "benchmarks" / "results" / f"live-hub-{stamp}.json"
    write_report(path, "bench_live_hub", args, runs)
    return path


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print; always stop what was started."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="10 s per run")
    parser.add_argument("--seconds", type=float, help="window per run (30)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds (5)")
    parser.add_argument("--rates", type=int, nargs="+")
    parser.add_argument(
        "--meters",
        action="store_true",
        help="the busy board: meters at 10 Hz on every channel, status at 100/s",
    )
    parser.add_argument("--modes", nargs="+", help="which modes to run, in order")
    parser.add_argument(
        "--ref", metavar="GIT_REF", help="measure the integration as committed there"
    )
    parser.add_argument("--receivers", type=int, default=50)
    parser.add_argument("--recorder", action="store_true", help="keep the recorder")
    parser.add_argument("--startup-timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument("--no-isolate", action="store_true")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (10.0 if args.quick else 30.0)
    args.rates = args.rates or ([100] if args.meters else list(RATES))
    args.modes = args.modes or list(METER_MODES if args.meters else MODES)
    args.meter_interval = 0.1 if args.meters else 0
    signal.signal(signal.SIGTERM, _raise_on_term)
    if not args.no_isolate and (why := isolate_network()) is not None:
        print(f"bench_live_hub: no network namespace ({why}); use --no-isolate")
        return 2
    args.source = source_state(args.ref)
    work = Path(tempfile.mkdtemp(prefix="micboard-bench-hub-"))
    procs = Processes()
    budget = (
        args.startup_timeout
        + 900
        + len(args.rates) * len(args.modes) * (args.seconds + 60)
    )
    status = 1
    try:
        runs = asyncio.run(asyncio.wait_for(run(args, work, procs), budget))
        if args.meters:
            print_meter_table(runs)
        else:
            print_table(runs)
        print(f"\nresults: {write_json(args, runs)}")
        status = 0
    except (BenchError, BootstrapError, TimeoutError, aiohttp.ClientError) as err:
        print(f"bench_live_hub: error: {type(err).__name__}: {err}", file=sys.stderr)
        print(f"  logs: {work} (kept)", file=sys.stderr)
        args.keep = True
    finally:
        procs.stop_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
