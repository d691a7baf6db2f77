"""``python -m simulator systemapi``: run the System API simulator.

The package dispatcher calls :func:`register` with its subparsers object; the
subcommand sets ``handler=run``, a plain (synchronous) function taking the
parsed namespace and returning the process exit code.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
import contextlib
from pathlib import Path
import signal
import ssl
import sys
from typing import Any, Protocol

from .certs import load_or_create_certificate
from .server import LIST_SHAPES, SystemApiSimulator


class SubParsers(Protocol):
    """The part of ``argparse``'s subparsers object that we use."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """Add a subcommand."""
        ...


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, got {value}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value < 86400:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


def register(subparsers: SubParsers) -> None:
    """Add the ``systemapi`` subcommand; its handler is :func:`run` (sync)."""
    parser = subparsers.add_parser(
        "systemapi",
        help="Shure System API simulator (HTTPS REST + websocket)",
        description="Serve a simulated Shure System API with a self-signed "
        "certificate generated at start. Stop with Ctrl+C / SIGTERM.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument(
        "--port", type=_port, default=10000, help="port (0 = any free port)"
    )
    parser.add_argument("--api-key", default="dev", help="expected x-api-key")
    parser.add_argument(
        "--cert-dir",
        type=Path,
        default=None,
        help="keep the certificate in this directory (reused across restarts)",
    )
    parser.add_argument(
        "--devices", type=_positive_int, default=6, help="number of devices"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed")
    parser.add_argument(
        "--shape", choices=LIST_SHAPES, default="edges", help="GET /devices shape"
    )
    parser.add_argument(
        "--page-size", type=_positive_int, default=None, help="devices per page"
    )
    parser.add_argument(
        "--drift",
        type=_seconds,
        default=2.0,
        help="seconds between random changes pushed as events (0 = off)",
    )
    parser.set_defaults(handler=run)


def _quiet_handshake_errors(
    loop: asyncio.AbstractEventLoop, context: dict[str, Any]
) -> None:
    """Clients that give up mid-handshake (e.g. a pinned client meeting a
    rotated certificate) are normal here: no traceback for them."""
    if isinstance(context.get("exception"), ConnectionError | ssl.SSLError):
        return
    loop.default_exception_handler(context)


async def serve(args: argparse.Namespace) -> int:
    """Run until SIGINT/SIGTERM; 0 on a clean stop, 1 if we cannot listen."""
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(_quiet_handshake_errors)
    stop = asyncio.Event()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    sim = SystemApiSimulator(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        seed=args.seed,
        devices=args.devices,
        shape=args.shape,
        page_size=args.page_size,
        drift_interval=args.drift or None,
        certificate=(
            load_or_create_certificate(args.cert_dir, [args.host])
            if args.cert_dir is not None
            else None
        ),
    )
    try:
        try:
            await sim.start()
        except OSError as err:
            reason = err.strerror or str(err)
            print(
                f"error: cannot listen on {args.host}:{args.port}: {reason}",
                file=sys.stderr,
            )
            return 1
        models = ", ".join(f"{d.name} ({d.state})" for d in sim.devices)
        print("Shure System API simulator")
        print(f"  URL:         {sim.url}")
        print(f"  API key:     {args.api_key}")
        print(f"  Fingerprint: {sim.fingerprint}")
        print(f"  Devices:     {models}")
        print("Press Ctrl+C to stop.", flush=True)
        await stop.wait()
        print("Stopping.", flush=True)
        return 0
    finally:
        await sim.stop()
        for sig in signals:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)


def run(args: argparse.Namespace) -> int:
    """The subcommand handler: blocking, returns the exit code."""
    try:
        return asyncio.run(serve(args))
    except KeyboardInterrupt:  # a signal before the handlers were installed
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point (``python -m simulator.systemapi.cli``)."""
    parser = argparse.ArgumentParser(prog="simulator")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
