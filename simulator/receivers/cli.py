"""``python -m simulator receivers``: run simulated receivers until stopped.

With ``--control-port`` an HTTP control server (``control.py``) runs next to
the receivers, so a test or a person can send timeline events while it runs.
"""

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
from .control import ControlServer, receiver_entries
from .families import ALL_MODELS, UnknownModelError, model_spec
from .farm import ReceiverFarm
from .scenario import ScenarioError

DEFAULT_BASE_PORT = 2202


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``receivers`` subcommand."""
    parser = subparsers.add_parser(
        "receivers",
        help="run simulated receivers (command strings over TCP, UHF-R over UDP)",
        description=(
            "Run simulated Shure receivers that speak command strings over TCP "
            "(UHF-R models: their UDP protocol, on the same port number). "
            "Give a scenario file, or a model and a count. Runs until SIGINT or "
            "SIGTERM. Models: " + ", ".join(ALL_MODELS) + "."
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
        "--static",
        action="store_true",
        help=(
            "a rig at rest: meters read the same every time and batteries do "
            "not drain (only events and the control API change anything)"
        ),
    )
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
        help=(
            "once listening, write a JSON list of "
            "{key, model, host, port, device_id, channels} (UHF-R receivers "
            'add "protocol": "uhfr")'
        ),
    )
    parser.add_argument(
        "--control-port",
        type=int,
        metavar="PORT",
        help=(
            "also serve an HTTP control API on --host:PORT (0 = any free port): "
            "POST /events takes one scenario event without 'at' as JSON, e.g. "
            '{"receiver": "stage-left", "channel": 1, "action": "battery", '
            '"bars": 1}, and applies it now; GET /receivers gives the '
            "--json-ready list"
        ),
    )
    parser.add_argument(
        "--control-ready",
        type=Path,
        metavar="FILE",
        help=(
            'with --control-port: once it listens, write {"url": '
            '"http://HOST:PORT"} to FILE (written before --json-ready)'
        ),
    )
    parser.set_defaults(handler=run_receivers)


def _error(message: str, code: int) -> int:
    return print_error("receivers", message, code)


def _build_farm(args: argparse.Namespace) -> ReceiverFarm:
    if args.scenario is not None:
        return ReceiverFarm.from_scenario(
            args.scenario,
            host=args.host,
            base_port=args.base_port,
            seed=args.seed,
            static=args.static,
        )
    return ReceiverFarm.of_model(
        model_spec(args.model).model,
        args.count,
        host=args.host,
        base_port=args.base_port,
        seed=args.seed,
        drain_per_minute=args.drain_per_minute,
        static=args.static,
    )


def run_receivers(args: argparse.Namespace) -> int:
    """Entry point of the subcommand; returns the process exit code."""
    if args.count < 1:
        return _error("--count must be at least 1", EXIT_USAGE)
    if not 0 <= args.base_port <= 65535:
        return _error("--base-port must be 0..65535", EXIT_USAGE)
    if args.drain_per_minute < 0:
        return _error("--drain-per-minute must not be negative", EXIT_USAGE)
    if (problem := control_arguments_problem(args)) is not None:
        return _error(problem, EXIT_USAGE)
    try:
        farm = _build_farm(args)
    except (ScenarioError, UnknownModelError) as err:
        return _error(str(err), EXIT_USAGE)
    last_port = max(rx.port for rx in farm.receivers)
    if last_port > 65535:
        return _error(f"ports would run past 65535 ({last_port})", EXIT_USAGE)
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(_serve(farm, args))
    return EXIT_OK


async def _serve(farm: ReceiverFarm, args: argparse.Namespace) -> int:
    return await serve_until_stopped(
        "receivers",
        farm,
        args,
        make_control=lambda: ControlServer(
            farm, host=args.host, port=args.control_port
        ),
        entries=lambda: receiver_entries(farm),
        device_lines=lambda: [
            f"{rx.model:<8} {rx.address:<21} {rx.device_id}" for rx in farm.receivers
        ],
        ready_line=(
            f"ready: {len(farm.receivers)} receiver(s); Ctrl-C or SIGTERM stops"
        ),
    )
