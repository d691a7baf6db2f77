"""``python -m soak --dir DIR [--minutes N] [--seed S] [--report FILE]``.

Run by script/soak (from script/devtools) against the stack it started.
Exit 0: every check passed; 1: a check failed; 2: the soak could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import secrets
import signal
import sys

from .report import build_report, summary_lines
from .run import Soak, SoakRun
from .stack import Stack


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the soak, print and write the report."""
    parser = argparse.ArgumentParser(prog="soak")
    parser.add_argument(
        "--dir", type=Path, required=True, help="script/develop's state directory"
    )
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--report", type=Path, default=None)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    run = SoakRun(seed=seed, seconds=args.minutes * 60, clients=args.clients)
    stack = Stack.load(args.dir)

    async def soak() -> SoakRun:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)
        return await Soak(stack, run).execute()

    try:
        asyncio.run(soak())
    except asyncio.CancelledError:
        print(f"soak: interrupted (seed {seed})", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - the soak could not run: exit 2
        print(f"soak: could not run: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    with stack.ha_log.open("rb") as log:
        log.seek(run.log_offset)
        log_text = log.read().decode(errors="replace")
    report = build_report(run, log_text)
    print("\n".join(summary_lines(report)), flush=True)
    if args.report is not None:
        args.report.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
