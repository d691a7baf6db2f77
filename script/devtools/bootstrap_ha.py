"""Prepare a freshly started dev Home Assistant over its public HTTP API.

Completes onboarding (creates the owner, then answers whatever steps are
left; script/develop pre-answers the others), or logs in when that was done on an earlier run, then makes sure the config
entries in the plan exist (MQTT broker, micboard sources), then the extra
users, micboard groups and dashboards it lists. Everything goes
through the same REST endpoints the frontend uses, so it works on every
Home Assistant version we support.

    python bootstrap_ha.py --url http://127.0.0.1:8123 --plan plan.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys
from typing import Any

import aiohttp
from ha_client import (
    CLIENT_ID,
    REDIRECT_URI,
    HaError,
    HaSocket,
    login,
    response_json,
    token_from_code,
)

ALREADY_THERE = {"already_configured", "single_instance_allowed"}


class BootstrapError(HaError):
    """A step of the dev bootstrap failed; the message says which."""


async def wait_until_up(
    session: aiohttp.ClientSession, url: str, timeout: float
) -> None:
    """Wait until Home Assistant's HTTP server answers."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            async with session.get(f"{url}/api/") as response:
                if response.status in (200, 401):
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(1)
    raise BootstrapError(
        f"Home Assistant did not answer on {url} within {timeout:.0f} s"
    )


async def _json(response: aiohttp.ClientResponse, what: str) -> Any:
    return await response_json(response, what, BootstrapError)


async def onboard(
    session: aiohttp.ClientSession, url: str, user: dict[str, str]
) -> str:
    """Create the owner and finish every onboarding step; return a token."""
    async with session.post(
        f"{url}/api/onboarding/users",
        json={"client_id": CLIENT_ID, "language": "en", **user},
    ) as response:
        code = (await _json(response, "creating the owner"))["auth_code"]
    token = await token_from_code(session, url, code, BootstrapError)
    headers = {"Authorization": f"Bearer {token}"}
    async with session.get(f"{url}/api/onboarding", headers=headers) as response:
        remaining = [s["step"] for s in await response.json() if not s["done"]]
    for step in remaining:
        body = None
        if step == "integration":
            body = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI}
        async with session.post(
            f"{url}/api/onboarding/{step}", json=body, headers=headers
        ) as response:
            await _json(response, f"onboarding step {step}")
    return token


def with_defaults(schema: list[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any]:
    """Fill what the data leaves out with the form's defaults, sections included.

    Newer Home Assistant versions group optional settings in sections
    (MQTT's "other_settings") whose fields must all be present.
    """
    filled = dict(data)
    for field in schema:
        name = field["name"]
        if field.get("type") == "expandable":
            filled[name] = with_defaults(field.get("schema", []), filled.get(name, {}))
        elif name not in filled and "default" in field:
            filled[name] = field["default"]
        elif name not in filled and field.get("required"):
            filled[name] = _off_value(field.get("selector", {}))
    return filled


def _off_value(selector: dict[str, Any]) -> Any:
    """The "leave it off" answer to a required field that has no default."""
    if "boolean" in selector:
        return False
    options = [
        o["value"] if isinstance(o, dict) else o
        for o in selector.get("select", {}).get("options", [])
    ]
    if "off" in options:
        return "off"
    return options[0] if options else None


async def ensure_entry(
    session: aiohttp.ClientSession,
    url: str,
    headers: dict[str, str],
    entry: dict[str, Any],
) -> str:
    """Run a config flow (menu choices and forms) unless the entry exists.

    An entry is known by its title when the plan gives one; otherwise the
    flow itself says so (already_configured).
    """
    if entry.get("title"):
        async with session.get(
            f"{url}/api/config/config_entries/entry",
            params={"domain": entry["domain"]},
            headers=headers,
        ) as response:
            existing = await _json(response, "listing config entries")
        if any(e["title"] == entry["title"] for e in existing):
            return f"{entry['title']}: already configured"
    async with session.post(
        f"{url}/api/config/config_entries/flow",
        json={"handler": entry["domain"], "show_advanced_options": False},
        headers=headers,
    ) as response:
        result = await _json(response, f"starting the {entry['domain']} flow")
    for step_data in entry["steps"]:
        step = with_defaults(result.get("data_schema") or [], step_data)
        async with session.post(
            f"{url}/api/config/config_entries/flow/{result['flow_id']}",
            json=step,
            headers=headers,
        ) as response:
            result = await _json(response, f"{entry['domain']} flow step {step}")
        if result.get("errors"):
            raise BootstrapError(f"{entry['domain']} {step}: {result['errors']}")
        if result["type"] == "abort":
            if result["reason"] in ALREADY_THERE:
                return f"{entry['domain']} {step}: already configured"
            raise BootstrapError(f"{entry['domain']} {step}: {result['reason']}")
    if result["type"] != "create_entry":
        raise BootstrapError(f"{entry['title']}: flow ended with {result}")
    return f"{result['title']}: added"


async def connect(session: aiohttp.ClientSession, url: str, token: str) -> HaSocket:
    """A websocket whose failures are BootstrapErrors; replies are awaited
    without a time limit (a bootstrap step may be slow on a loaded machine)."""
    return await HaSocket.connect(
        session, url, token, error=BootstrapError, timeout=None
    )


async def confirm_http_config(socket: HaSocket) -> None:
    """Confirm a pending HTTP config (Home Assistant 2026.x stages YAML http
    settings as "pending" and reverts them after 5 minutes unless confirmed).
    Older versions have no such command and need nothing."""
    reply = await socket.reply("http/config")
    if not reply.get("success") or not reply["result"].get("pending"):
        return
    await socket.call("http/config/promote")


async def confirm_http_config_once(
    session: aiohttp.ClientSession, url: str, token: str
) -> None:
    """`confirm_http_config` on a websocket of its own (for tools that keep
    their own websocket client, such as the benchmarks)."""
    socket = await connect(session, url, token)
    try:
        await confirm_http_config(socket)
    finally:
        await socket.close()


async def ensure_user(socket: HaSocket, user: dict[str, Any]) -> str:
    """Create a login (non-admin unless the plan says so) unless it exists."""
    for existing in await socket.call("config/auth/list"):
        if existing.get("username") == user["username"]:
            return f"user {user['username']}: already there"
    groups = ["system-admin"] if user.get("admin") else ["system-users"]
    created = await socket.call(
        "config/auth/create", name=user["name"], group_ids=groups
    )
    await socket.call(
        "config/auth_provider/homeassistant/create",
        user_id=created["user"]["id"],
        username=user["username"],
        password=user["password"],
    )
    return f"user {user['username']}: added"


async def ensure_group(
    socket: HaSocket, group: dict[str, Any], timeout: float = 60
) -> str:
    """Save a micboard group (by title), its users given by username.

    The devices it lists appear while the receiver entries start, so an
    unknown device is retried for a while.
    """
    user_ids = {
        u["username"]: u["id"]
        for u in await socket.call("config/auth/list")
        if u.get("username")
    }
    body: dict[str, Any] = {
        "title": group["title"],
        "device_codes": group["device_codes"],
        "user_ids": [user_ids[name] for name in group.get("users", [])],
    }
    existing = await socket.call("micboard/groups/list")
    for known in existing["groups"]:
        if known["title"] == group["title"]:
            body["id"] = known["id"]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        reply = await socket.reply("micboard/groups/save", group=body)
        if reply.get("success"):
            return f"group {group['title']}: saved"
        error = reply.get("error", {})
        if error.get("code") != "not_found" or loop.time() > deadline:
            raise BootstrapError(f"group {group['title']}: {error}")
        await asyncio.sleep(1)


async def ensure_dashboard(socket: HaSocket, dashboard: dict[str, Any]) -> str:
    """Create a storage dashboard unless it exists, then save its config."""
    known = await socket.call("lovelace/dashboards/list")
    added = not any(d["url_path"] == dashboard["url_path"] for d in known)
    if added:
        await socket.call(
            "lovelace/dashboards/create",
            url_path=dashboard["url_path"],
            title=dashboard["title"],
            icon=dashboard.get("icon", "mdi:view-dashboard"),
            require_admin=False,
            show_in_sidebar=True,
        )
    await socket.call(
        "lovelace/config/save",
        url_path=dashboard["url_path"],
        config=dashboard["config"],
    )
    return f"dashboard /{dashboard['url_path']}: {'added' if added else 'updated'}"


async def main() -> int:
    """Bootstrap according to the plan file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--plan", required=True, type=Path)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text())
    async with aiohttp.ClientSession() as session:
        try:
            await wait_until_up(session, args.url, args.timeout)
            async with session.get(f"{args.url}/api/onboarding") as response:
                steps = await response.json() if response.status == 200 else []
            if any(s["step"] == "user" and not s["done"] for s in steps):
                token = await onboard(session, args.url, plan["owner"])
            else:
                token = await login(session, args.url, plan["owner"], BootstrapError)
            headers = {"Authorization": f"Bearer {token}"}
            socket = await connect(session, args.url, token)
            try:
                await confirm_http_config(socket)
                for entry in plan.get("entries", []):
                    print(await ensure_entry(session, args.url, headers, entry))
                for user in plan.get("users", []):
                    print(await ensure_user(socket, user))
                for group in plan.get("groups", []):
                    print(await ensure_group(socket, group))
                for dashboard in plan.get("dashboards", []):
                    print(await ensure_dashboard(socket, dashboard))
            finally:
                await socket.close()
        except BootstrapError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
