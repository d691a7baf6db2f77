"""``python -m simulator telemetry``: plans, values, and a real mosquitto."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import json
import math
import os
from pathlib import Path
import selectors
import signal
import subprocess
import sys
import time
from typing import Any

from paho.mqtt.client import Client, MQTTMessage
from paho.mqtt.enums import CallbackAPIVersion
import pytest

from custom_components.micboard.mqtt_status.processor import RANGES, parse_message
from simulator.receivers import load_scenario
from simulator.receivers.families import Family, model_spec
from simulator.telemetry import (
    DEFAULT_PLAN,
    PlanError,
    TelemetryGenerator,
    load_plan,
    parse_plan,
)
from simulator.telemetry.generator import METRES_PER_DEGREE
from simulator.telemetry.plan import FIELD_RANGES

from ..helpers import unused_port

REPO = Path(__file__).parents[2]
MIXED = REPO / "simulator" / "scenarios" / "mixed.toml"
SIBLING_PLAN = REPO / "simulator" / "scenarios" / "telemetry.toml"
WAIT_SECONDS = 15.0


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "simulator", "telemetry", *args]


def _run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        _command(*args),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextlib.contextmanager
def _running(*args: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        _command(*args),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


class Subscriber:
    """A short-lived paho client whose network loop runs only when asked."""

    def __init__(self, port: int, topic: str = "#") -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.raw: list[tuple[str, bytes]] = []
        self._subscribed = False
        self.client = Client(CallbackAPIVersion.VERSION2)
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self.client.connect("127.0.0.1", port)
        self.client.subscribe(topic, qos=1)
        self.pump_until(lambda: self._subscribed)

    def _on_message(self, _client: Client, _userdata: Any, msg: MQTTMessage) -> None:
        self.raw.append((msg.topic, msg.payload))
        self.messages.append((msg.topic, json.loads(msg.payload)))

    def _on_subscribe(self, *_args: Any) -> None:
        self._subscribed = True

    def pump_until(self, condition: Any, seconds: float = WAIT_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "timed out waiting for MQTT"
            self.client.loop(timeout=0.1)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop(timeout=0.1)


@pytest.fixture
def subscriber(mosquitto: int) -> Iterator[Subscriber]:
    client = Subscriber(mosquitto)
    yield client
    client.close()


def _mixed_codes() -> set[str]:
    codes: set[str] = set()
    for plan in load_scenario(MIXED).receivers:
        if model_spec(plan.model).family is Family.UHFR:
            continue  # no device id over UHF-R: the board knows it by its host
        assert plan.device_id is not None
        codes.add(plan.device_id)
        count = model_spec(plan.model).channel_count
        codes.update(f"{plan.device_id}-{n}" for n in range(1, count + 1))
    return codes


# -- plans ---------------------------------------------------------------


def test_field_ranges_are_what_micboard_accepts() -> None:
    assert FIELD_RANGES == RANGES


def test_default_plan_matches_the_mixed_scenario() -> None:
    assert DEFAULT_PLAN == SIBLING_PLAN
    plan = load_plan()
    devices = {device.device_code: device for device in plan.devices}
    # Every device of the rig except the breakout channels, left to tests.
    breakout = {f"BRKOUT-{n}" for n in range(1, 5)}
    assert set(devices) == _mixed_codes() - breakout
    for code in ("SL-ULXD", "BAND-AD", "CHOIR-AD"):
        assert devices[code].temperature == (24.0, 32.0)
        assert devices[code].humidity == (30.0, 50.0)
        assert devices[code].gps is None
    for code in ("SL-ULXD-1", "SL-ULXD-3", "CHOIR-AD-1"):
        gps = devices[code].gps
        assert gps is not None
        assert gps.start == (52.3731, 4.8922)
        assert devices[code].temperature is not None
        assert devices[code].humidity is not None
    with_values = {
        code
        for code, device in devices.items()
        if device.temperature or device.humidity or device.gps
    }
    assert with_values == {
        "SL-ULXD",
        "BAND-AD",
        "CHOIR-AD",
        "SL-ULXD-1",
        "SL-ULXD-3",
        "CHOIR-AD-1",
    }
    foyer = devices["FOYER-1"]
    assert foyer.warning is not None
    assert (foyer.warning.every, foyer.warning.duration) == (120.0, 20.0)
    warned = [code for code, d in devices.items() if d.warning is not None]
    assert warned == ["FOYER-1"]
    assert all(device.status == "online" for device in plan.devices)


def test_warning_schedule() -> None:
    device = next(d for d in load_plan().devices if d.device_code == "FOYER-1")
    start = device.warning.start if device.warning else -1
    assert device.status_at(0) == "online"
    assert device.status_at(start - 0.1) == "online"
    assert device.status_at(start) == "warning"
    assert device.status_at(start + 19.9) == "warning"
    assert device.status_at(start + 20) == "online"
    assert device.status_at(start + 120 + 5) == "warning"
    assert device.status_at(start + 120 + 25) == "online"
    plan = parse_plan(
        {"devices": [{"device_code": "X", "warning_every": 10, "warning_for": 2}]}
    )
    assert [plan.devices[0].status_at(t) for t in (0, 9.9, 10, 11.9, 12, 21)] == [
        "online",
        "online",
        "warning",
        "warning",
        "online",
        "warning",
    ]


def test_plan_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(
        """
[gps]
start = [48.8584, 2.2945]
radius_m = 40

[[devices]]
device_code = "RACK-A"
send = ["rack"]
temperature = [18, 22.5]

[[devices]]
device_code = "RACK-A-1"
send = ["pack", "gps", "status"]
radius_m = 10

[[devices]]
device_code = "SPARE"
status = "error"
""",
        encoding="utf-8",
    )
    plan = load_plan(path)
    rack, pack, spare = plan.devices
    assert rack.temperature == (18.0, 22.5)
    assert rack.humidity == (30.0, 50.0)
    assert rack.gps is None
    assert pack.temperature == (30.0, 36.0)
    assert pack.gps is not None
    assert pack.gps.start == (48.8584, 2.2945)
    assert pack.gps.radius_m == 10.0
    assert spare.status_at(0) == "error"
    assert spare.temperature is None


def _device(**fields: Any) -> dict[str, Any]:
    return {"devices": [{"device_code": "RX1", **fields}]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "at least one"),
        ({"devices": []}, "at least one"),
        ({"devices": [{}]}, r"devices\[0\]\.device_code: missing"),
        (_device(device_code="A/B"), "without spaces, '/'"),
        (_device(device_code="A B"), "without spaces"),
        (_device(device_code="#"), "'#'"),
        (_device(send=["rack", "sonar"]), "unknown 'sonar'"),
        (_device(send=["rack", "pack"]), "rack or pack, not both"),
        (_device(send="rack"), "expected list"),
        (_device(send=[]), "a list of rack"),
        (_device(status="asleep"), "status: one of online"),
        (_device(colour="red"), r"devices\[0\]: unknown key\(s\) colour"),
        (_device(temperature=[20, 30]), "only with send = rack or pack"),
        (_device(start=[1, 2]), "only with send = gps"),
        (_device(send=["rack"], temperature=[20, 200]), "within -50..150"),
        (_device(send=["rack"], temperature=[30, 20]), "low < high"),
        (_device(send=["pack"], humidity=[-5, 50]), "within 0..100"),
        (_device(send=["rack"], humidity=[1, "wet"]), "expected two numbers"),
        (_device(send=["rack"], humidity=[1, 2, 3]), "expected two numbers"),
        (_device(send=["gps"], start=[95, 4]), "latitude -90..90"),
        (_device(send=["gps"], start=[52, 181]), "longitude -180..180"),
        (_device(send=["gps"], radius_m=0), "radius_m: more than 0"),
        (_device(warning_every=10), "go together"),
        (_device(warning_every=10, warning_for=10), "warning_for < warning_every"),
        (
            _device(warning_every=10, warning_for=1, warning_start=-1),
            "must not be negative",
        ),
        (_device(warning_every=math.inf, warning_for=1), "finite"),
        (_device(warning_every=True, warning_for=1), "expected float"),
        (
            {"devices": [{"device_code": "ab"}, {"device_code": "AB"}]},
            r"devices\[1\]\.device_code: 'AB' is already devices\[0\]",
        ),
        ({"gps": {"speed_m_s": -1}, **_device()}, r"gps\.speed_m_s"),
        ({"gps": {"centre": [1, 2]}, **_device()}, r"gps: unknown key\(s\) centre"),
        ({**_device(), "interval": 5}, r"plan: unknown key\(s\) interval"),
        ({"devices": ["RX1"]}, r"devices\[0\]: expected a table"),
    ],
)
def test_invalid_plans_name_the_problem(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        parse_plan(data)


def test_bad_toml_and_missing_plan_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[devices]\ndevice_code = ", encoding="utf-8")
    with pytest.raises(PlanError, match="not valid TOML"):
        load_plan(broken)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(PlanError, match="not UTF-8"):
        load_plan(binary)
    with pytest.raises(PlanError, match="cannot read"):
        load_plan(tmp_path / "absent.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[devices]]\ndevice_code = "X"\nsend = ["radar"]\n')
    with pytest.raises(PlanError, match=r"bad\.toml: devices\[0\]\.send"):
        load_plan(bad)


# -- values ----------------------------------------------------------------


def _accepted(code: str, payload: dict[str, Any]) -> None:
    """micboard's own validator takes the message (it raises if not)."""
    message = parse_message(
        "micboard", f"micboard/stagehand/{code}/status", json.dumps(payload)
    )
    assert message.device_code == code
    assert message.status == payload["status"]


def _distance_m(start: tuple[float, float], lat: float, lon: float) -> float:
    north = (lat - start[0]) * METRES_PER_DEGREE
    east = (lon - start[1]) * METRES_PER_DEGREE * math.cos(math.radians(start[0]))
    return math.hypot(north, east)


def test_default_plan_values_stay_in_range_over_many_rounds() -> None:
    plan = load_plan()
    devices = {device.device_code: device for device in plan.devices}
    generator = TelemetryGenerator(plan, seed=11)
    seen: dict[str, dict[str, set[float]]] = {}
    statuses: dict[str, set[str]] = {}
    for index in range(2000):  # almost three hours at 5 s
        elapsed = index * 5.0
        for code, payload in generator.round(elapsed):
            _accepted(code, payload)
            device = devices[code]
            assert payload["status"] == device.status_at(elapsed)
            statuses.setdefault(code, set()).add(payload["status"])
            for name in ("temperature", "humidity"):
                bounds = getattr(device, name)
                assert (name in payload) is (bounds is not None)
                if bounds is not None:
                    assert bounds[0] <= payload[name] <= bounds[1]
                    seen.setdefault(code, {}).setdefault(name, set()).add(payload[name])
            assert ("latitude" in payload) is (device.gps is not None)
            if device.gps is not None:
                lat, lon = payload["latitude"], payload["longitude"]
                assert _distance_m(device.gps.start, lat, lon) <= (
                    device.gps.radius_m + 1
                )
                seen.setdefault(code, {}).setdefault("position", set()).add(
                    lat * 1000 + lon
                )
    # the values drift: many distinct readings, spread over the range
    for code, fields in seen.items():
        for name, values in fields.items():
            assert len(values) > 50, (code, name)
        if "temperature" in fields:
            low, high = devices[code].temperature or (0, 0)
            temperatures = fields["temperature"]
            assert max(temperatures) - min(temperatures) > (high - low) / 3
    assert statuses["FOYER-1"] == {"online", "warning"}
    assert statuses["LECTERN"] == {"online"}


def test_extreme_plans_never_leave_the_accepted_ranges() -> None:
    plan = parse_plan(
        {
            "gps": {"radius_m": 100_000, "speed_m_s": 100},
            "devices": [
                {
                    "device_code": "HOT",
                    "send": ["rack"],
                    "temperature": [149.9, 150],
                    "humidity": [99.95, 100],
                },
                {
                    "device_code": "COLD",
                    "send": ["pack"],
                    "temperature": [-50, -49.99],
                    "humidity": [0, 0.04],
                },
                {"device_code": "POLE", "send": ["gps"], "start": [89.9999, 179.99]},
                {"device_code": "SOUTH", "send": ["gps"], "start": [-90, -180]},
            ],
        }
    )
    generator = TelemetryGenerator(plan, seed=5)
    longitudes: set[float] = set()
    extremes: set[float] = set()
    for index in range(500):  # an hour between rounds: big steps
        for code, payload in generator.round(index * 3600.0):
            _accepted(code, payload)
            if "longitude" in payload:
                longitudes.add(payload["longitude"])
            extremes.update(
                value
                for name, value in payload.items()
                if name != "status" and abs(value) in (0, 90, 100, 150, 180)
            )
    assert len(longitudes) > 100
    assert {150, 100, 0} <= extremes  # values reach the edges, and stop there


def test_gps_walk_stays_within_its_radius() -> None:
    plan = parse_plan(
        {
            "gps": {"start": [52.0, 4.0], "radius_m": 5, "speed_m_s": 2},
            "devices": [{"device_code": f"P{n}", "send": ["gps"]} for n in range(3)],
        }
    )
    generator = TelemetryGenerator(plan, seed=1)
    farthest = 0.0
    for index in range(300):
        for _code, payload in generator.round(index * 5.0):
            distance = _distance_m(
                (52.0, 4.0), payload["latitude"], payload["longitude"]
            )
            farthest = max(farthest, distance)
    assert 4 < farthest <= 5.2  # walks to the edge, never past it (+ rounding)


def test_seed_makes_values_repeatable_and_devices_independent() -> None:
    plan = load_plan()
    first = TelemetryGenerator(plan, seed=3)
    again = TelemetryGenerator(plan, seed=3)
    other = TelemetryGenerator(plan, seed=4)
    rounds = [first.round(t * 5.0) for t in range(20)]
    assert rounds == [again.round(t * 5.0) for t in range(20)]
    assert rounds != [other.round(t * 5.0) for t in range(20)]
    alone = parse_plan(
        {"devices": [{"device_code": "SL-ULXD-1", "send": ["pack", "gps"]}]}
    )
    lone = TelemetryGenerator(alone, seed=3)
    lone_rounds = [lone.round(t * 5.0) for t in range(20)]
    assert [dict(r)["SL-ULXD-1"] for r in rounds] == [
        dict(r)["SL-ULXD-1"] for r in lone_rounds
    ]


# -- the command line --------------------------------------------------------


def test_once_publishes_the_default_plan(
    subscriber: Subscriber, mosquitto: int
) -> None:
    result = _run(
        "--broker-port", str(mosquitto), "--user", "stagehand", "--once", "--seed", "8"
    )
    assert result.returncode == 0, result.stderr
    assert "published 22 message(s)" in result.stdout
    assert result.stderr == ""
    expected = TelemetryGenerator(load_plan(), seed=8).round(0.0)
    subscriber.pump_until(lambda: len(subscriber.messages) >= len(expected))
    subscriber.client.loop(timeout=0.2)
    assert subscriber.messages == [
        (f"micboard/stagehand/{code}/status", payload) for code, payload in expected
    ]
    for topic, raw in subscriber.raw:
        message = parse_message("micboard", topic, raw)
        assert message.user_identifier == "stagehand"
    payloads = dict(expected)
    assert set(payloads["SL-ULXD"]) == {"status", "temperature", "humidity"}
    assert set(payloads["CHOIR-AD-1"]) == {
        "status",
        "temperature",
        "humidity",
        "latitude",
        "longitude",
    }
    assert payloads["BRKOUT"] == {"status": "online"}
    assert "BRKOUT-4" not in payloads


def test_custom_plan_prefix_and_a_clean_sigterm(
    subscriber: Subscriber,
    mosquitto: int,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[[devices]]\ndevice_code = "PACK-7"\nsend = ["gps"]\n'
        "warning_every = 1.0\nwarning_for = 0.5\nwarning_start = 0\n"
        '\n[[devices]]\ndevice_code = "RACK"\nsend = ["rack"]\n',
        encoding="utf-8",
    )
    with _running(
        "--broker-port",
        str(mosquitto),
        "--user",
        "crew",
        "--prefix",
        "/site/mics/",
        "--interval",
        "0.1",
        "--plan",
        str(plan),
    ) as process:

        def statuses() -> set[str]:
            return {
                payload["status"]
                for topic, payload in subscriber.messages
                if topic == "site/mics/crew/PACK-7/status"
            }

        subscriber.pump_until(lambda: statuses() == {"online", "warning"})
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "connected to 127.0.0.1" in out
    assert "stopped after" in out
    assert err == ""
    topics = {topic for topic, _ in subscriber.messages}
    assert topics == {"site/mics/crew/PACK-7/status", "site/mics/crew/RACK/status"}
    for topic, raw in subscriber.raw:
        parse_message("site/mics", topic, raw)


def _first_line(process: subprocess.Popen[str]) -> str:
    """The first stderr line, read straight from the pipe (with a deadline)."""
    assert process.stderr is not None
    fd = process.stderr.fileno()
    data = b""
    deadline = time.monotonic() + WAIT_SECONDS
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in data:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no stderr line; got {data!r}"
            if selector.select(remaining):
                chunk = os.read(fd, 4096)
                assert chunk, f"exited early: {data!r}"
                data += chunk
    line, _, rest = data.decode().partition("\n")
    assert rest == ""
    return line


def test_broker_down_is_one_line_and_retried_until_sigint() -> None:
    port = unused_port()
    with _running("--broker-port", str(port), "--user", "crew") as process:
        line = _first_line(process)
        assert f"cannot reach MQTT broker 127.0.0.1:{port}" in line
        assert "retrying every 3 s" in line
        time.sleep(3.5)  # at least one more attempt, not reported again
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "Traceback" not in line + err
    assert err == ""
    assert "stopped after 0 round(s)" in out


def test_once_with_the_broker_down_exits_1() -> None:
    port = unused_port()
    result = _run("--broker-port", str(port), "--user", "crew", "--once")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"cannot reach MQTT broker 127.0.0.1:{port}" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--user", "crew", "--plan", "{missing}"), "cannot read"),
        (("--user", "crew", "--plan", "{bad}"), "devices[0].send: unknown 'radar'"),
        (("--user", "a/b"), "--user must be one topic level"),
        (("--user", "crew", "--prefix", "a/+/b"), "--prefix"),
        (("--user", "crew", "--prefix", "a//b"), "--prefix"),
        (("--user", "crew", "--interval", "0"), "--interval"),
        (("--user", "crew", "--broker-port", "0"), "--broker-port"),
        ((), "the following arguments are required: --user"),
    ],
)
def test_bad_arguments_and_plans_exit_2(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[devices]]\ndevice_code = "X"\nsend = ["radar"]\n')
    names = {"{missing}": str(tmp_path / "none.toml"), "{bad}": str(bad)}
    result = _run(*(names.get(arg, arg) for arg in args))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if args:
        assert result.stderr.strip().count("\n") == 0


def test_help_lists_the_telemetry_options() -> None:
    top = subprocess.run(
        [sys.executable, "-m", "simulator", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "telemetry" in top.stdout
    sub = _run("--help")
    assert sub.returncode == 0
    for option in ("--broker-host", "--plan", "--once", "--seed", "--interval"):
        assert option in sub.stdout
