"""The real dev stack (script/develop) on free ports, for the browser tests.

Home Assistant of the leg under test, the receiver and System API simulators,
the MQTT telemetry publisher and mosquitto: the same processes a developer
runs, in a temporary state directory.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from typing import Any
import urllib.request

from ..deprecation_guard import micboard_reports_in_file
from .browser import REPO

PORTS_PER_STACK = 12  # HA, MQTT, System API, control, eight receivers
STARTUP_TIMEOUT = float(os.environ.get("MICBOARD_BROWSER_STARTUP_TIMEOUT", "900"))


class StackError(RuntimeError):
    """The dev stack did not come up; the message carries its log's tail."""


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_block(size: int = PORTS_PER_STACK) -> int:
    """The first of `size` consecutive free ports on 127.0.0.1."""
    for _ in range(200):
        base = random.randrange(20000, 60000)
        if all(_port_free(base + offset) for offset in range(size)):
            return base
    raise StackError(f"no block of {size} free ports found")


@dataclass
class DevStack:
    """A running dev stack, as described by its ready.json."""

    process: subprocess.Popen[bytes] | None  # None: started by someone else
    directory: Path
    info: dict[str, Any]

    @property
    def url(self) -> str:
        """Home Assistant's base URL."""
        return str(self.info["url"])

    @property
    def board(self) -> str:
        """The dashboard with the card."""
        return str(self.info["board"])

    @property
    def log(self) -> Path:
        """script/develop's own output."""
        return self.directory / "develop.log"

    def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the receiver simulator's control API (GET, or POST with a body)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.info['control_url']}{path}",
            data=data,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def storage(self, key: str) -> Any:
        """A file of Home Assistant's .storage, parsed."""
        return json.loads((self.directory / "config" / ".storage" / key).read_text())

    def micboard_reports(self) -> list[str]:
        """Home Assistant reporting micboard (deprecations, frame-helper reports).

        Read from script/develop's output and every Home Assistant log of this
        stack (a restart rotates home-assistant.log to .1).
        """
        logs = [self.log, *sorted((self.directory / "logs").glob("home-assistant.*"))]
        return [
            f"{path.name}: {line}"
            for path in logs
            for line in micboard_reports_in_file(path)
        ]

    def tail(self, lines: int = 40) -> str:
        """The end of script/develop's output and Home Assistant's log."""
        parts = []
        for path in (self.log, self.directory / "logs" / "home-assistant.log"):
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)


def start_stack(leg: str) -> DevStack:
    """Start script/develop for a leg and wait until it reports ready."""
    directory = Path(tempfile.mkdtemp(prefix=f"micboard-browser-{leg}-"))
    log = (directory / "develop.log").open("wb")
    process = subprocess.Popen(  # noqa: S603
        [
            str(REPO / "script" / "develop"),
            "--leg",
            leg,
            "--dir",
            str(directory),
            "--port-base",
            str(free_port_block()),
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    stack = DevStack(process, directory, {})
    ready = directory / "ready.json"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_stack(stack, keep=True, check=False)
            raise StackError(
                f"script/develop --leg {leg} did not get ready (state in {directory}):\n"
                + stack.tail()
            )
        time.sleep(0.5)
    time.sleep(0.2)  # the file is written in one go; let the writer close it
    stack.info = json.loads(ready.read_text())
    return stack


def attach_stack(directory: Path) -> DevStack:
    """A stack someone else started (script/develop --dir DIR), by its ready.json."""
    info = json.loads((directory / "ready.json").read_text())
    return DevStack(None, directory, info)


def stop_stack(stack: DevStack, *, keep: bool = False, check: bool = True) -> None:
    """SIGTERM script/develop (it stops what it started); remove its state.

    With `check`, a stack whose logs show Home Assistant reporting micboard
    fails (StackError) and keeps its state directory for a look.
    """
    if stack.process is None:
        return
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGTERM)
        try:
            stack.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(stack.process.pid, signal.SIGKILL)
            stack.process.wait(timeout=30)
    reports = stack.micboard_reports() if check else []
    if not keep and not reports and not os.environ.get("MICBOARD_KEEP_STACK"):
        shutil.rmtree(stack.directory, ignore_errors=True)
    if reports:
        raise StackError(
            f"Home Assistant reported micboard (state kept in {stack.directory}):\n"
            + "\n".join(reports)
        )
