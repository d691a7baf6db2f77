"""The running dev stack: its ready.json, processes, logs and control APIs."""

from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import signal
import socket
import ssl
from typing import Any

import aiohttp

LOG_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?P<level>[A-Z]+) ")
TRACEBACK = "Traceback (most recent call last)"
SYSTEM_API_CONTROL = "/_simulator"


@dataclass
class Stack:
    """What script/develop wrote to DIR/ready.json, and DIR itself."""

    directory: Path
    info: dict[str, Any]

    @classmethod
    def load(cls, directory: Path) -> Stack:
        """Read DIR/ready.json."""
        return cls(directory, json.loads((directory / "ready.json").read_text()))

    @property
    def url(self) -> str:
        """Home Assistant's base URL."""
        return str(self.info["url"])

    @property
    def ha_log(self) -> Path:
        """Home Assistant's log file."""
        return self.directory / "logs" / "home-assistant.log"

    def ha_pid(self) -> int | None:
        """The Home Assistant process running this stack's config directory."""
        config = str(self.directory / "config")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            words = [w.decode(errors="replace") for w in argv]
            if "homeassistant" in words and config in words and "-m" in words:
                return int(entry.name)
        return None

    def mosquitto_pid(self) -> int | None:
        """The broker process the soak's mosquitto wrapper runs now."""
        try:
            return int((self.directory / "mosquitto.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop_mosquitto(self) -> bool:
        """SIGTERM the broker; the wrapper starts it again on the same port."""
        pid = self.mosquitto_pid()
        if pid is None:
            return False
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return False
        return True

    def mqtt_listening(self) -> bool:
        """Whether the broker accepts a TCP connection now."""
        mqtt = self.info["mqtt"]
        try:
            with socket.create_connection((mqtt["host"], int(mqtt["port"])), timeout=1):
                return True
        except OSError:
            return False

    async def receivers(self, session: aiohttp.ClientSession) -> list[dict[str, Any]]:
        """The receivers simulator's receiver list."""
        async with session.get(f"{self.info['control_url']}/receivers") as response:
            response.raise_for_status()
            return list(await response.json())

    async def receiver_event(
        self, session: aiohttp.ClientSession, event: dict[str, Any]
    ) -> None:
        """POST one event to the receivers simulator's control API."""
        async with session.post(
            f"{self.info['control_url']}/events", json=event
        ) as response:
            if response.status != 200:
                raise RuntimeError(f"control {event}: {await response.text()}")

    async def system_api(
        self,
        session: aiohttp.ClientSession,
        path: str,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """POST to the System API simulator's control routes."""
        api = self.info["system_api"]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the simulator's self-signed certificate
        async with session.post(
            f"{api['url']}{SYSTEM_API_CONTROL}/{path}",
            json=body or {},
            headers={"x-api-key": api["api_key"]},
            ssl=context,
        ) as response:
            if response.status != 200:
                raise RuntimeError(
                    f"System API control {path}: {await response.text()}"
                )
            return await response.json()


def rss_kib(pid: int) -> int | None:
    """VmRSS of a process in KiB (None if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def traceback_errors(text: str) -> list[str]:
    """The first line of every ERROR/CRITICAL log entry that has a traceback."""
    found: list[str] = []
    current: list[str] = []

    def close() -> None:
        match = LOG_ENTRY.match(current[0]) if current else None
        if (
            match
            and match["level"] in ("ERROR", "CRITICAL")
            and any(TRACEBACK in line for line in current)
        ):
            found.append(current[0])

    for line in text.splitlines():
        if LOG_ENTRY.match(line):
            close()
            current = [line]
        elif current:
            current.append(line)
    close()
    return found
