"""Publish telemetry rounds to an MQTT broker with paho-mqtt (no threads).

The client's network loop runs in the calling thread (``Client.loop`` with
short timeouts), so a stop request (a signal handler setting a flag) is
seen within half a second, and nothing is left running afterwards. A broker
that cannot be reached is reported in one line, then tried again every
``RETRY_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import json
import sys
import time
from typing import Any

from paho.mqtt.client import Client, ConnectFlags, DisconnectFlags, MQTTMessageInfo
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from .generator import TelemetryGenerator

RETRY_SECONDS = 3.0
ONCE_ATTEMPTS = 3
ONCE_RETRY_SECONDS = 1.0
CONNECT_TIMEOUT = 3.0
KEEPALIVE_SECONDS = 30
LOOP_SECONDS = 0.5
DELIVERY_TIMEOUT = 10.0
QOS = 1

type StopCheck = Callable[[], bool]


@dataclass(frozen=True)
class BrokerOptions:
    """Where to publish and under which topic."""

    host: str = "127.0.0.1"
    port: int = 1883
    prefix: str = "micboard"
    user: str = "stagehand"

    @property
    def address(self) -> str:
        """``host:port`` for messages."""
        return f"{self.host}:{self.port}"

    def topic(self, device_code: str) -> str:
        """``<prefix>/<user_identifier>/<device_code>/status``."""
        return f"{self.prefix}/{self.user}/{device_code}/status"


def _say(message: str) -> None:
    print(message, flush=True)


def _warn(message: str) -> None:
    print(f"simulator telemetry: {message}", file=sys.stderr, flush=True)


class TelemetryPublisher:
    """Connects, publishes a round every ``interval`` seconds, reconnects."""

    def __init__(
        self,
        generator: TelemetryGenerator,
        broker: BrokerOptions,
        *,
        interval: float = 5.0,
    ) -> None:
        """Nothing connects until ``run``."""
        self.generator = generator
        self.broker = broker
        self.interval = interval
        self.rounds = 0
        self.published = 0
        self._client = Client(CallbackAPIVersion.VERSION2)
        self._client.connect_timeout = CONNECT_TIMEOUT
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._connected = False
        self._refused: str | None = None
        self._last_problem: str | None = None

    # -- paho callbacks (called from inside Client.loop) -----------------
    def _on_connect(
        self,
        _client: Client,
        _userdata: Any,
        _flags: ConnectFlags,
        reason_code: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        if reason_code.is_failure:
            self._refused = f"the broker refused the connection: {reason_code}"
        else:
            self._connected = True

    def _on_disconnect(
        self,
        _client: Client,
        _userdata: Any,
        _flags: DisconnectFlags,
        _reason_code: ReasonCode,
        _properties: Properties | None,
    ) -> None:
        self._connected = False

    # -- helpers --------------------------------------------------------
    def _problem(self, message: str, retry_seconds: float) -> None:
        """Report a connection problem once (until it changes or recovers)."""
        if message != self._last_problem:
            _warn(f"{message}; retrying every {retry_seconds:g} s")
            self._last_problem = message

    @staticmethod
    def _sleep(seconds: float, stopped: StopCheck) -> None:
        deadline = time.monotonic() + seconds
        while not stopped() and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, LOOP_SECONDS))

    def _connect(self, stopped: StopCheck) -> str | None:
        """Connect and wait for the broker's answer; a problem, or None."""
        self._refused = None
        try:
            self._client.connect(
                self.broker.host, self.broker.port, keepalive=KEEPALIVE_SECONDS
            )
        except (OSError, ValueError) as err:  # refused, unreachable, bad name
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            return f"cannot reach MQTT broker {self.broker.address}: {reason}"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while not self._connected and self._refused is None:
            if stopped():
                return None
            if time.monotonic() > deadline:
                self._client.disconnect()
                return f"no answer from MQTT broker {self.broker.address}"
            code = self._client.loop(timeout=LOOP_SECONDS)
            if code is not MQTTErrorCode.MQTT_ERR_SUCCESS and not self._connected:
                return f"MQTT broker {self.broker.address} closed the connection"
        if self._refused is not None:
            self._client.disconnect()
            return f"{self._refused} ({self.broker.address})"
        return None

    def _publish_round(self, elapsed: float) -> list[MQTTMessageInfo]:
        infos: list[MQTTMessageInfo] = []
        for device_code, payload in self.generator.round(elapsed):
            info = self._client.publish(
                self.broker.topic(device_code),
                json.dumps(payload, separators=(",", ":")),
                qos=QOS,
            )
            infos.append(info)
        self.rounds += 1
        self.published += len(infos)
        return infos

    def _deliver(self, infos: list[MQTTMessageInfo], stopped: StopCheck) -> bool:
        """Run the network loop until the broker acknowledged every message."""
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while not all(info.is_published() for info in infos):
            if not self._connected or stopped() or time.monotonic() > deadline:
                return False
            self._client.loop(timeout=LOOP_SECONDS)
        return True

    def _disconnect(self) -> None:
        if not self._connected:
            return
        self._client.disconnect()
        deadline = time.monotonic() + 2.0
        while self._connected and time.monotonic() < deadline:
            self._client.loop(timeout=0.1)

    # -- entry points ---------------------------------------------------
    def run_once(self, stopped: StopCheck) -> bool:
        """Connect (a few tries), publish one round, wait for the broker's
        acknowledgements, disconnect. True if every message was delivered."""
        for attempt in range(ONCE_ATTEMPTS):
            if stopped():
                return False
            problem = self._connect(stopped)
            if problem is None and self._connected:
                break
            if problem is not None:
                self._problem(problem, ONCE_RETRY_SECONDS)
            if attempt + 1 < ONCE_ATTEMPTS:
                self._sleep(ONCE_RETRY_SECONDS, stopped)
        else:
            return False
        try:
            infos = self._publish_round(0.0)
            delivered = self._deliver(infos, stopped)
        finally:
            self._disconnect()
        if delivered:
            _say(
                f"published {len(infos)} message(s) to "
                f"{self.broker.topic('<device>')} on {self.broker.address}"
            )
        else:
            _warn(f"not every message reached {self.broker.address}")
        return delivered

    def run(self, stopped: StopCheck) -> None:
        """Publish a round every ``interval`` seconds until ``stopped()``."""
        started = time.monotonic()
        next_round = started
        try:
            while not stopped():
                if not self._connected:
                    problem = self._connect(stopped)
                    if problem is not None:
                        self._problem(problem, RETRY_SECONDS)
                        self._sleep(RETRY_SECONDS, stopped)
                        continue
                    if not self._connected:
                        continue  # stopped while waiting for the answer
                    self._last_problem = None
                    _say(
                        f"connected to {self.broker.address}; publishing "
                        f"{len(self.generator.plan.devices)} device(s) every "
                        f"{self.interval:g} s to {self.broker.topic('<device>')}"
                    )
                now = time.monotonic()
                if now >= next_round:
                    self._publish_round(now - started)
                    next_round += self.interval
                    if next_round <= now:  # fell behind (e.g. a long outage)
                        next_round = now + self.interval
                wait = max(0.0, min(LOOP_SECONDS, next_round - time.monotonic()))
                code = self._client.loop(timeout=wait)
                if code is not MQTTErrorCode.MQTT_ERR_SUCCESS or not self._connected:
                    self._connected = False
                    self._problem(
                        f"lost the connection to MQTT broker {self.broker.address}",
                        RETRY_SECONDS,
                    )
                    self._sleep(RETRY_SECONDS, stopped)
        finally:
            self._disconnect()
