"""``python -m simulator <subcommand>``: the simulator's command line.

Subcommands are found, not listed: every package ``simulator/<name>/`` with
a ``cli`` module that defines ``register(subparsers)`` adds its own. The
``register`` function adds a parser and sets ``handler`` (the fallback name
``func`` also works) with ``parser.set_defaults(handler=fn)``; ``fn(args)``
returns the exit code (an int, or a coroutine that asyncio runs to get it).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
import importlib
import inspect
import pkgutil
import sys
from typing import Any

import simulator


def _cli_modules() -> list[str]:
    names = sorted(
        info.name for info in pkgutil.iter_modules(simulator.__path__) if info.ispkg
    )
    return [f"simulator.{name}.cli" for name in names]


def _import_if_present(module_name: str) -> Any:
    """Import ``module_name``; None if it is absent or fails to import.

    A subcommand that cannot load (a missing optional dependency, a sibling
    half-way through an edit) must not take the other subcommands down: it
    is skipped with a one-line warning.
    """
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        package = module_name.rpartition(".")[0]
        if err.name in (module_name, package):
            return None
        _warn_skipped(module_name, err)
    except Exception as err:  # noqa: BLE001 - reported, then skipped
        _warn_skipped(module_name, err)
    return None


def _warn_skipped(module_name: str, err: Exception) -> None:
    print(
        f"python -m simulator: skipping {module_name}: {type(err).__name__}: {err}",
        file=sys.stderr,
    )


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every discovered subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Shure wireless simulators for micboard development and tests.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="SUBCOMMAND", required=True
    )
    for module_name in _cli_modules():
        module = _import_if_present(module_name)
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], Any] | None = getattr(
        args, "handler", None
    ) or getattr(args, "func", None)
    if handler is None:
        print(f"python -m simulator: {args.command} has no handler", file=sys.stderr)
        return 2
    result = handler(args)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
