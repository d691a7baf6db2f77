"""What the ``receivers`` and ``chargers`` subcommands share.

Both run a group of simulated devices (and, with ``--control-port``, an HTTP
control server next to it) until SIGINT or SIGTERM, write ready files
atomically once everything listens, and print one line per device.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Iterable
import json
import os
from pathlib import Path
import signal
import sys
from typing import Protocol

EXIT_OK = 0
EXIT_RUNTIME_ERROR = 1
EXIT_USAGE = 2


class Service(Protocol):
    """Something that starts and stops (a device group, a control server)."""

    async def start(self) -> None:
        """Start listening."""

    async def stop(self) -> None:
        """Stop listening."""


class ControlService(Service, Protocol):
    """A control server: a service with a URL."""

    @property
    def url(self) -> str:
        """``http://HOST:PORT``."""


def print_error(command: str, message: str, code: int) -> int:
    """Print a one-line error of ``simulator <command>``; returns ``code``."""
    print(f"simulator {command}: error: {message}", file=sys.stderr)
    return code


def control_arguments_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--control-port`` and ``--control-ready``, if anything."""
    if args.control_port is not None and not 0 <= args.control_port <= 65535:
        return "--control-port must be 0..65535"
    if args.control_ready is not None and args.control_port is None:
        return "--control-ready needs --control-port"
    return None


def write_json(path: Path, data: object) -> None:
    """Write ``data`` atomically: a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def write_ready_files(
    args: argparse.Namespace,
    control: ControlService | None,
    entries: Callable[[], object],
) -> str | None:
    """Write the ready files asked for; an error message if one fails."""
    files: list[tuple[Path, object]] = []
    if control is not None and args.control_ready is not None:
        files.append((args.control_ready, {"url": control.url}))
    if args.json_ready is not None:
        files.append((args.json_ready, entries()))
    for path, data in files:
        try:
            write_json(path, data)
        except OSError as err:
            return f"cannot write {path}: {err.strerror or err}"
    return None


async def serve_until_stopped(
    command: str,
    group: Service,
    args: argparse.Namespace,
    *,
    make_control: Callable[[], ControlService],
    entries: Callable[[], object],
    device_lines: Callable[[], Iterable[str]],
    ready_line: str,
) -> int:
    """Start ``group`` (and its control server), announce it, run until a signal."""
    try:
        await group.start()
    except OSError as err:
        return print_error(command, err.strerror or str(err), EXIT_RUNTIME_ERROR)
    control: ControlService | None = None
    if args.control_port is not None:
        control = make_control()
        try:
            await control.start()
        except OSError as err:
            await group.stop()
            return print_error(command, err.strerror or str(err), EXIT_RUNTIME_ERROR)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        if (problem := write_ready_files(args, control, entries)) is not None:
            return print_error(command, problem, EXIT_RUNTIME_ERROR)
        for line in device_lines():
            print(line, flush=True)
        if control is not None:
            print(f"control  {control.url}", flush=True)
        print(ready_line, flush=True)
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if control is not None:
            await control.stop()
        await group.stop()
    print("stopped", flush=True)
    return EXIT_OK
