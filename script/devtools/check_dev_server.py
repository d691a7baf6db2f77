"""Smoke-check a running dev server the way a user would meet it.

Logs in with the dev credentials, checks that micboard is offered under
"Add integration" and that its first step is the menu of the entry kinds,
then cancels that flow.
    python check_dev_server.py --url http://127.0.0.1:8123 --plan .dev/plan.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys

import aiohttp
from bootstrap_ha import BootstrapError, _json
from ha_client import login

EXPECTED_MENU = ["receiver", "system_api", "mqtt_status", "charger"]


async def check(url: str, plan: dict[str, dict[str, str]]) -> list[str]:
    """Return the problems found (empty when all is well)."""
    problems: list[str] = []
    async with aiohttp.ClientSession() as session:
        token = await login(session, url, plan["owner"], BootstrapError)
        headers = {"Authorization": f"Bearer {token}"}
        async with session.get(
            f"{url}/api/config/config_entries/flow_handlers", headers=headers
        ) as response:
            handlers = await _json(response, "listing flow handlers")
        if "micboard" not in handlers:
            problems.append("micboard is not offered under Add integration")
        async with session.post(
            f"{url}/api/config/config_entries/flow",
            json={"handler": "micboard"},
            headers=headers,
        ) as response:
            result = await _json(response, "starting the micboard flow")
        if result.get("type") != "menu" or result.get("menu_options") != EXPECTED_MENU:
            problems.append(f"unexpected first step: {result}")
        async with session.delete(
            f"{url}/api/config/config_entries/flow/{result['flow_id']}",
            headers=headers,
        ) as response:
            await _json(response, "cancelling the flow")
        print(
            f"logged in as {plan['owner']['username']}; micboard menu: {result.get('menu_options')}"
        )
    return problems


def main() -> int:
    """Run the check and report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--plan", type=Path, default=Path(".dev/plan.json"))
    args = parser.parse_args()
    try:
        problems = asyncio.run(check(args.url, json.loads(args.plan.read_text())))
    except BootstrapError as err:
        problems = [str(err)]
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
