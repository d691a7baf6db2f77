"""``python -m simulator chargers``: run simulated networked chargers until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
from pathlib import Path
import signal
import sys
from typing import Any

from ..tcp_device import DEFAULT_HOST
from .control import ChargerControlServer
from .rig import ChargerRig
from .scenario import ChargerScenarioError
from .server import CHARGER_MODELS, ChargerSimulator

EXIT_OK = 0
EXIT_RUNTIME_ERROR = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``chargers`` subcommand."""
    parser = subparsers.add_parser(
        "chargers",
        help="run simulated networked chargers (SBC220/SBC240, TCP 2202 protocol)",
        description=(
            "Run simulated Shure networked chargers that speak command strings "
            "over TCP. Give a scenario file, or a model. Runs until SIGINT or "
            "SIGTERM. Models: " + ", ".join(CHARGER_MODELS) + "."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--scenario", type=Path, help="charger scenario TOML file")
    source.add_argument("--model", help="charger model, e.g. SBC220 (bays empty)")
    parser.add_argument(
        "--units", type=int, default=1, help="linked units with --model (1..4)"
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind")
    parser.add_argument(
        "--base-port",
        type=int,
        default=0,
        help="first port; chargers listen on consecutive ports (0 = any free port)",
    )
    parser.add_argument("--seed", type=int, help="random seed (repeatable runs)")
    parser.add_argument(
        "--static",
        action="store_true",
        help="a charger at rest: packs do not charge (only events change anything)",
    )
    parser.add_argument(
        "--json-ready",
        type=Path,
        metavar="FILE",
        help="once listening, write a JSON list of {key, model, host, port, device_id, bays}",
    )
    parser.add_argument(
        "--control-port",
        type=int,
        metavar="PORT",
        help=(
            "also serve an HTTP control API on --host:PORT (0 = any free port): "
            "POST /events takes one event without 'at', e.g. "
            '{"charger": "crew", "bay": 3, "action": "dock", "percent": 20}; '
            "GET /chargers gives the --json-ready list"
        ),
    )
    parser.add_argument(
        "--control-ready",
        type=Path,
        metavar="FILE",
        help='with --control-port: write {"url": "http://HOST:PORT"} to FILE',
    )
    parser.set_defaults(handler=run_chargers)


def _error(message: str, code: int) -> int:
    print(f"simulator chargers: error: {message}", file=sys.stderr)
    return code


def _build_rig(args: argparse.Namespace) -> ChargerRig:
    if args.scenario is not None:
        return ChargerRig.from_scenario(
            args.scenario,
            host=args.host,
            base_port=args.base_port,
            seed=args.seed,
            static=args.static,
        )
    charger = ChargerSimulator(
        args.model,
        units=args.units,
        host=args.host,
        port=args.base_port,
        seed=args.seed,
        static=args.static,
    )
    return ChargerRig([charger], keys=[charger.device_id])


def run_chargers(args: argparse.Namespace) -> int:
    """Entry point of the subcommand; returns the process exit code."""
    if not 0 <= args.base_port <= 65535:
        return _error("--base-port must be 0..65535", EXIT_USAGE)
    if args.control_port is not None and not 0 <= args.control_port <= 65535:
        return _error("--control-port must be 0..65535", EXIT_USAGE)
    if args.control_ready is not None and args.control_port is None:
        return _error("--control-ready needs --control-port", EXIT_USAGE)
    try:
        rig = _build_rig(args)
    except (ChargerScenarioError, ValueError) as err:
        return _error(str(err), EXIT_USAGE)
    if max(charger.port for charger in rig.chargers) > 65535:
        return _error("ports would run past 65535", EXIT_USAGE)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(rig, args))
    return EXIT_OK


def _write_json(path: Path, data: Any) -> None:
    """Write ``data`` atomically: a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


async def _serve(rig: ChargerRig, args: argparse.Namespace) -> int:
    try:
        await rig.start()
    except OSError as err:
        return _error(err.strerror or str(err), EXIT_RUNTIME_ERROR)
    control: ChargerControlServer | None = None
    if args.control_port is not None:
        control = ChargerControlServer(rig, host=args.host, port=args.control_port)
        try:
            await control.start()
        except OSError as err:
            await rig.stop()
            return _error(err.strerror or str(err), EXIT_RUNTIME_ERROR)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        files: list[tuple[Path, Any]] = []
        if control is not None and args.control_ready is not None:
            files.append((args.control_ready, {"url": control.url}))
        if args.json_ready is not None:
            files.append((args.json_ready, rig.entries()))
        for path, data in files:
            try:
                _write_json(path, data)
            except OSError as err:
                return _error(
                    f"cannot write {path}: {err.strerror or err}", EXIT_RUNTIME_ERROR
                )
        for charger in rig.chargers:
            bays = len(charger.state.bays)
            print(
                f"{charger.model:<8} {charger.address:<21} {charger.device_id} ({bays} bays)",
                flush=True,
            )
        if control is not None:
            print(f"control  {control.url}", flush=True)
        print(
            f"ready: {len(rig.chargers)} charger(s); Ctrl-C or SIGTERM stops",
            flush=True,
        )
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if control is not None:
            await control.stop()
        await rig.stop()
    print("stopped", flush=True)
    return EXIT_OK
