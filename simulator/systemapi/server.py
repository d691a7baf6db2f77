"""A Shure System API simulator: HTTPS REST + websocket push on aiohttp.

    async with SystemApiSimulator(api_key="secret", seed=1) as sim:
        sim.url, sim.port, sim.fingerprint
        sim.device("ADTQ-1").set_battery(percentage=40)   # pushes an event
        sim.faults.server_error = True                     # next request: 500

The certificate is self-signed and generated at start;
:meth:`SystemApiSimulator.rotate_certificate` swaps it for a new one.
"""

from __future__ import annotations

import asyncio
import random
import ssl
from typing import Any

from aiohttp import web

from .certs import (
    CertificatePair,
    generate_certificate,
    load_into_context,
    server_context,
)
from .control import install_control
from .devices import SimDevice, build_fleet, make_device
from .gates import Gates
from .push import PushHub
from .routes import API, RestApi
from .state import LIST_SHAPES, Faults, ListShape, Stats

__all__ = ["LIST_SHAPES", "Faults", "ListShape", "Stats", "SystemApiSimulator"]


class SystemApiSimulator:
    """The simulated server; use as an async context manager."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = "secret",
        *,
        seed: int | None = None,
        devices: int | list[SimDevice] = 6,
        shape: ListShape = "edges",
        page_size: int | None = None,
        etags: bool = True,
        drift_interval: float | None = None,
        certificate: CertificatePair | None = None,
    ) -> None:
        """Configure; nothing listens until :meth:`start`.

        Without a certificate a fresh self-signed one is made at start.
        """
        if shape not in LIST_SHAPES:
            raise ValueError(f"shape must be one of {LIST_SHAPES}")
        self.host = host
        self.api_key = api_key
        self.shape: ListShape = shape
        self.page_size = page_size
        self.etags = etags
        self.faults = Faults()
        self.stats = Stats()
        self.extra_nodes: list[Any] = []
        self._push = PushHub(self.faults, self.stats, self.find)
        self._requested_port = port
        self._port: int | None = None
        self._rng = random.Random(seed)
        fleet = build_fleet(devices, self._rng) if isinstance(devices, int) else devices
        self._devices: list[SimDevice] = []
        for device in fleet:
            self._attach(device)
        self._cert: CertificatePair | None = certificate
        self._ssl: ssl.SSLContext | None = None
        self._runner: web.AppRunner | None = None
        self._drift_interval = drift_interval
        self._drift_task: asyncio.Task[None] | None = None

    # -- lifecycle ------------------------------------------------------
    async def __aenter__(self) -> SystemApiSimulator:
        """Start serving."""
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop serving."""
        await self.stop()

    async def start(self) -> None:
        """Generate a certificate and listen (port 0 picks a free port)."""
        if self._cert is None:
            self._cert = generate_certificate([self.host])
        self._ssl = server_context(self._cert)
        app = RestApi(self).build_app(self._push)
        install_control(app, self)
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(
            self._runner, self.host, self._requested_port, ssl_context=self._ssl
        )
        try:
            await site.start()
        except BaseException:
            await self._runner.cleanup()
            self._runner = None
            raise
        self._port = int(self._runner.addresses[0][1])
        if self._drift_interval:
            self._drift_task = asyncio.create_task(self._drift(self._drift_interval))

    async def stop(self) -> None:
        """Close websockets and the listener."""
        if self._drift_task is not None:
            self._drift_task.cancel()
            await asyncio.wait([self._drift_task])
            self._drift_task = None
        await self.drop_websockets()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- addresses ------------------------------------------------------
    @property
    def port(self) -> int:
        """The bound port."""
        if self._port is None:
            raise RuntimeError("simulator not started")
        return self._port

    @property
    def url(self) -> str:
        """``https://host:port/api/v1``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}{API}"

    @property
    def fingerprint(self) -> str:
        """SHA-256 fingerprint (``AA:BB:...``) of the current certificate."""
        if self._cert is None:
            raise RuntimeError("simulator not started")
        return self._cert.fingerprint

    @property
    def certificate_pem(self) -> bytes:
        """The current certificate, PEM."""
        if self._cert is None:
            raise RuntimeError("simulator not started")
        return self._cert.cert_pem

    # -- devices --------------------------------------------------------
    @property
    def devices(self) -> list[SimDevice]:
        """All devices, in list order."""
        return list(self._devices)

    def device(self, key: str) -> SimDevice:
        """A device by id, name or serial (case-insensitive); KeyError if none."""
        wanted = key.casefold()
        for device in self._devices:
            if wanted in (
                s.casefold() for s in (device.device_id, device.name, device.serial)
            ):
                return device
        raise KeyError(key)

    def find(self, device_id: str) -> SimDevice | None:
        """A device by exact id, or None."""
        return next((d for d in self._devices if d.device_id == device_id), None)

    def _attach(self, device: SimDevice) -> SimDevice:
        device.listener = self._push.dispatch
        self._devices.append(device)
        return device

    def add_device(self, model: str = "ADTD", **kwargs: Any) -> SimDevice:
        """Add a device (see ``devices.make_device`` for options)."""
        return self._attach(
            make_device(self._rng, len(self._devices) + 1, model, **kwargs)
        )

    def remove_device(self, key: str) -> None:
        """Remove a device from the list."""
        device = self.device(key)
        device.listener = None
        self._devices.remove(device)

    # -- websocket control ----------------------------------------------
    @property
    def gates(self) -> Gates:
        """Hold points: stop new websockets at a chosen step (tests)."""
        return self._push.gates

    @property
    def open_connections(self) -> int:
        """TCP connections currently open (to check client keep-alive)."""
        if self._runner is None or self._runner.server is None:
            return 0
        return len(self._runner.server.connections)

    @property
    def websocket_count(self) -> int:
        """Open websocket transports."""
        return len(self._push.transports)

    def emit_raw(self, message: Any) -> None:
        """Send ``message`` to every websocket: str as text, bytes as a binary
        frame, anything else as JSON."""
        self._push.emit_raw(message)

    async def drop_websockets(self) -> None:
        """Close every websocket (clients must reconnect and resubscribe)."""
        await self._push.drop_all()

    async def rotate_certificate(self) -> str:
        """New key and certificate; open connections are cut so that the next
        request makes a new handshake. Returns the new fingerprint."""
        assert self._ssl is not None
        self._cert = generate_certificate([self.host])
        load_into_context(self._ssl, self._cert)
        await self.drop_websockets()
        if self._runner is not None and self._runner.server is not None:
            for connection in self._runner.server.connections:
                connection.force_close()
        return self._cert.fingerprint

    async def _drift(self, interval: float) -> None:
        """Demo mode: small random changes, pushed as events."""
        while True:
            await asyncio.sleep(interval)
            online = [d for d in self._devices if d.state == "ONLINE"]
            if not online:
                continue
            device = self._rng.choice(online)
            if "battery-level" in device.capabilities:
                pct = max(0, device.battery_percent - 1)
                device.set_battery(percentage=pct, minutes_to_target=pct * 6)
            if device.channels:
                channel = self._rng.choice(device.channels)
                activity = self._rng.choice(("LOW", "GOOD", "GOOD", "CLIPPING"))
                device.set_channel(channel.index, activity=activity)
