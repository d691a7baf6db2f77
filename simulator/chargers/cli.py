"""``python -m simulator chargers``: run simulated networked chargers until stopped."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from pathlib import Path

from ..serve_cli import (
    EXIT_OK,
    EXIT_USAGE,
    control_arguments_problem,
    print_error,
    serve_until_stopped,
)
from ..tcp_device import DEFAULT_HOST
from .control import ChargerControlServer
from .rig import ChargerRig
from .scenario import ChargerScenarioError
from .server import CHARGER_MODELS, ChargerSimulator


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
    return print_error("chargers", message, code)


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
    if (problem := control_arguments_problem(args)) is not None:
        return _error(problem, EXIT_USAGE)
    try:
        rig = _build_rig(args)
    except (ChargerScenarioError, ValueError) as err:
        return _error(str(err), EXIT_USAGE)
    if max(charger.port for charger in rig.chargers) > 65535:
        return _error("ports would run past 65535", EXIT_USAGE)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(rig, args))
    return EXIT_OK


async def _serve(rig: ChargerRig, args: argparse.Namespace) -> int:
    return await serve_until_stopped(
        "chargers",
        rig,
        args,
        make_control=lambda: ChargerControlServer(
            rig, host=args.host, port=args.control_port
        ),
        entries=rig.entries,
        device_lines=lambda: [
            f"{charger.model:<8} {charger.address:<21} {charger.device_id} "
            f"({len(charger.state.bays)} bays)"
            for charger in rig.chargers
        ],
        ready_line=f"ready: {len(rig.chargers)} charger(s); Ctrl-C or SIGTERM stops",
    )
