"""Check a running dev stack the way the canary leg does (docs/development.md).

    python canary_check.py --ready DIR/ready.json

DIR is script/develop's --dir. Prints one line per check and a last line
"result: P passed, F failed"; exits 1 when a check failed, 2 when the stack
could not be reached at all.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys

import aiohttp
from canary.checks import (
    CheckResult,
    Stack,
    check_card,
    check_entities,
    check_entries,
    check_live_board,
    check_log,
)
from ha_client import HaError, HaSocket, login


def report(result: CheckResult) -> None:
    """One line per check."""
    print(
        f"{'ok  ' if result.ok else 'FAIL'} {result.name}: {result.detail}", flush=True
    )


async def run_checks(stack: Stack) -> list[CheckResult]:
    """Every check, in an order that leaves the log for last."""
    results: list[CheckResult] = []
    async with aiohttp.ClientSession() as session:
        token = await login(session, stack.url, stack.info["admin"])
        socket = await HaSocket.connect(session, stack.url, token)
        try:
            for result in [
                await check_entries(stack, socket),
                await check_entities(socket),
                *await check_live_board(stack, session, socket),
                await check_card(stack, session),
            ]:
                report(result)
                results.append(result)
        finally:
            await socket.close()
    result = check_log(stack)
    report(result)
    results.append(result)
    return results


def main() -> int:
    """Run the checks against the stack described by a ready.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ready", type=Path, required=True)
    args = parser.parse_args()
    stack = Stack(args.ready.parent, json.loads(args.ready.read_text()))
    try:
        results = asyncio.run(run_checks(stack))
    except (HaError, aiohttp.ClientError, OSError) as err:
        print(f"FAIL reaching the stack: {err}")
        print("result: 0 passed, 1 failed")
        return 2
    failed = sum(not result.ok for result in results)
    print(f"result: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
