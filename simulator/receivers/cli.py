"""``python -m simulator receivers``: run simulated receivers until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
from pathlib import Path
import signal
import sys

from .families import MODELS, UnknownModelError, model_spec
from .farm import ReceiverFarm
from .scenario import ScenarioError
from .server import DEFAULT_HOST

DEFAULT_BASE_PORT = 2202
EXIT_OK = 0
EXIT_RUNTIME_ERROR = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``receivers`` subcommand."""
    parser = subparsers.add_parser(
        "receivers",
        help="run simulated command-string receivers (TCP, port 2202 protocol)",
        description=(
            "Run simulated Shure receivers that speak command strings over TCP. "
            "Give a scenario file, or a model and a count. Runs until SIGINT or "
            "SIGTERM. Models: " + ", ".join(MODELS) + "."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", type=Path, help="scenario TOML file")
    source.add_argument("--model", help="receiver model, e.g. ULXD4Q")
    parser.add_argument(
        "--count", type=int, default=1, help="receivers of --model (default 1)"
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--base-port",
        type=int,
        default=DEFAULT_BASE_PORT,
        help=(
            "first port; the receivers listen on consecutive ports from here "
            f"(default {DEFAULT_BASE_PORT}; 0 = each picks a free port)"
        ),
    )
    parser.add_argument("--seed", type=int, help="random seed (repeatable runs)")
    parser.add_argument(
        "--drain-per-minute",
        type=float,
        default=0.0,
        help="battery percent lost per minute with --model (default 0)",
    )
    parser.add_argument(
        "--json-ready",
        type=Path,
        metavar="FILE",
        help="once listening, write a JSON list of {model, host, port, device_id}",
    )
    parser.set_defaults(handler=run_receivers)


def _error(message: str, code: int) -> int:
    print(f"simulator receivers: error: {message}", file=sys.stderr)
    return code


def _build_farm(args: argparse.Namespace) -> ReceiverFarm:
    if args.scenario is not None:
        return ReceiverFarm.from_scenario(
            args.scenario, host=args.host, base_port=args.base_port, seed=args.seed
        )
    return ReceiverFarm.of_model(
        model_spec(args.model).model,
        args.count,
        host=args.host,
        base_port=args.base_port,
        seed=args.seed,
        drain_per_minute=args.drain_per_minute,
    )


def run_receivers(args: argparse.Namespace) -> int:
    """Entry point of the subcommand; returns the process exit code."""
    if args.count < 1:
        return _error("--count must be at least 1", EXIT_USAGE)
    if not 0 <= args.base_port <= 65535:
        return _error("--base-port must be 0..65535", EXIT_USAGE)
    if args.drain_per_minute < 0:
        return _error("--drain-per-minute must not be negative", EXIT_USAGE)
    try:
        farm = _build_farm(args)
    except (ScenarioError, UnknownModelError) as err:
        return _error(str(err), EXIT_USAGE)
    last_port = max(rx.port for rx in farm.receivers)
    if last_port > 65535:
        return _error(f"ports would run past 65535 ({last_port})", EXIT_USAGE)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(farm, args.json_ready))
    return EXIT_OK


def _write_ready_file(path: Path, farm: ReceiverFarm) -> None:
    entries = [
        {
            "key": key,
            "model": rx.model,
            "host": rx.host,
            "port": rx.port,
            "device_id": rx.device_id,
            "channels": len(rx.channels),
        }
        for key, rx in farm.by_key.items()
    ]
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


async def _serve(farm: ReceiverFarm, ready_file: Path | None) -> int:
    try:
        await farm.start()
    except OSError as err:
        return _error(err.strerror or str(err), EXIT_RUNTIME_ERROR)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        if ready_file is not None:
            try:
                _write_ready_file(ready_file, farm)
            except OSError as err:
                return _error(f"cannot write {ready_file}: {err}", EXIT_RUNTIME_ERROR)
        for rx in farm.receivers:
            print(f"{rx.model:<8} {rx.address:<21} {rx.device_id}", flush=True)
        print(
            f"ready: {len(farm.receivers)} receiver(s); Ctrl-C or SIGTERM stops",
            flush=True,
        )
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await farm.stop()
    print("stopped", flush=True)
    return EXIT_OK
