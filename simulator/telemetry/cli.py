"""``python -m simulator telemetry``: publish field telemetry over MQTT."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
import contextlib
from pathlib import Path
import signal
import sys
import threading
from types import FrameType

from .generator import TelemetryGenerator
from .plan import DEFAULT_PLAN, TOPIC_FORBIDDEN, PlanError, load_plan
from .publisher import BrokerOptions, TelemetryPublisher

EXIT_OK = 0
EXIT_NOT_DELIVERED = 1
EXIT_USAGE = 2
MAX_INTERVAL = 3600.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``telemetry`` subcommand."""
    parser = subparsers.add_parser(
        "telemetry",
        help="publish field telemetry (MQTT status messages) for micboard",
        description=(
            "Publish temperature, humidity, GPS and status messages in "
            "micboard's MQTT status format (<prefix>/<user>/<device>/status) "
            "for the devices of a plan, every --interval seconds, until SIGINT "
            "or SIGTERM. Without --plan, the built-in plan matches "
            "simulator/scenarios/mixed.toml. A broker that cannot be reached "
            "is retried every few seconds."
        ),
    )
    parser.add_argument(
        "--broker-host", default="127.0.0.1", help="MQTT broker (default 127.0.0.1)"
    )
    parser.add_argument(
        "--broker-port", type=int, default=1883, help="MQTT port (default 1883)"
    )
    parser.add_argument(
        "--prefix",
        default="micboard",
        help="topic prefix of the MQTT status entry (default micboard)",
    )
    parser.add_argument(
        "--user",
        required=True,
        help="user_identifier in the topic: a Home Assistant user ID or username",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=5.0,
        help="seconds between rounds (default 5)",
    )
    parser.add_argument(
        "--plan",
        type=Path,
        metavar="FILE",
        help=(
            "telemetry plan (TOML); default: the built-in "
            f"simulator/scenarios/{DEFAULT_PLAN.name}"
        ),
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help=(
            "publish one round, wait for the broker to acknowledge it and exit "
            "(exit 1 if the broker cannot be reached after a few tries)"
        ),
    )
    parser.add_argument("--seed", type=int, help="random seed (repeatable values)")
    parser.set_defaults(handler=run_telemetry)


def _error(message: str, code: int) -> int:
    print(f"simulator telemetry: error: {message}", file=sys.stderr)
    return code


def _topic_level_problem(name: str, value: str) -> str | None:
    if not value or any(ch in TOPIC_FORBIDDEN or ch.isspace() for ch in value):
        return f"{name} must be one topic level without spaces, '/', '+' or '#'"
    return None


def _prefix_problem(prefix: str) -> str | None:
    levels = prefix.split("/")
    if not prefix or any(
        not level or any(ch in "+#\x00" for ch in level) for level in levels
    ):
        return "--prefix: no empty levels, '+' or '#' (e.g. micboard or site/mics)"
    return None


def _check_arguments(args: argparse.Namespace) -> str | None:
    if not 1 <= args.broker_port <= 65535:
        return "--broker-port must be 1..65535"
    if not 0 < args.interval <= MAX_INTERVAL:
        return f"--interval must be more than 0 and at most {MAX_INTERVAL:g}"
    if problem := _topic_level_problem("--user", args.user):
        return problem
    return _prefix_problem(args.prefix.strip("/"))


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event SIGINT and SIGTERM set (the old handlers come back after)."""
    stop = threading.Event()

    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {
        signum: signal.signal(signum, handle)
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_telemetry(args: argparse.Namespace) -> int:
    """Entry point of the subcommand; returns the process exit code."""
    if problem := _check_arguments(args):
        return _error(problem, EXIT_USAGE)
    try:
        plan = load_plan(args.plan)
    except PlanError as err:
        return _error(str(err), EXIT_USAGE)
    broker = BrokerOptions(
        host=args.broker_host,
        port=args.broker_port,
        prefix=args.prefix.strip("/"),
        user=args.user,
    )
    publisher = TelemetryPublisher(
        TelemetryGenerator(plan, args.seed), broker, interval=args.interval
    )
    with _stop_on_signals() as stop:
        if args.once:
            delivered = publisher.run_once(stop.is_set)
            if not delivered and not stop.is_set():
                return EXIT_NOT_DELIVERED
        else:
            publisher.run(stop.is_set)
    if not args.once:
        print(f"stopped after {publisher.rounds} round(s)", flush=True)
    return EXIT_OK
