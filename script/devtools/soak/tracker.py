"""Micboard's entities as Home Assistant reports them: availability over
time and the alerts their Alert event entities fire."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ha_client import HaSocket

from .alerts import AlertLedger

UNAVAILABLE = "unavailable"


@dataclass
class EntityHistory:
    """One entity: where it belongs and when its availability changed."""

    entry_id: str
    device_id: str | None
    available: bool
    changes: list[tuple[float, bool]] = field(default_factory=list)
    """(soak time, available) at every availability change."""

    def went_unavailable(self, start: float, end: float) -> bool:
        """Whether it became unavailable between ``start`` and ``end``."""
        return any(start <= t <= end and not ok for t, ok in self.changes)

    def available_at(self, at: float) -> bool:
        """Availability at soak time ``at`` (as far as seen so far)."""
        state = self.available
        for t, ok in reversed(self.changes):
            if t <= at:
                return ok
            state = not ok
        return state

    def recovered_at(self, at: float) -> float | None:
        """First time at or after ``at`` it was available; None if not yet."""
        if self.available_at(at):
            return at
        return next((t for t, ok in self.changes if t > at and ok), None)


class EntityTracker:
    """Entities of micboard's config entries, fed by ``state_changed``."""

    def __init__(self, clock: Callable[[], float]) -> None:
        """``clock`` gives soak time in seconds."""
        self._clock = clock
        self.entities: dict[str, EntityHistory] = {}
        self.entry_titles: dict[str, str] = {}
        self.ledger = AlertLedger()

    async def load(self, socket: HaSocket) -> None:
        """Registry, entries and current states; then follow state_changed."""
        entries = await socket.call("config_entries/get", domain="micboard")
        self.entry_titles = {e["entry_id"]: e["title"] for e in entries}
        await socket.subscribe(
            "subscribe_events", self._on_event, event_type="state_changed"
        )
        registry = await socket.call("config/entity_registry/list")
        states = {s["entity_id"]: s for s in await socket.call("get_states")}
        for item in registry:
            if item.get("platform") != "micboard" or item["entity_id"] in self.entities:
                continue
            state = states.get(item["entity_id"], {}).get("state", UNAVAILABLE)
            self.entities[item["entity_id"]] = EntityHistory(
                item["config_entry_id"], item.get("device_id"), state != UNAVAILABLE
            )

    def _on_event(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        history = self.entities.get(data.get("entity_id", ""))
        if history is None:
            return
        new = data.get("new_state") or {}
        now = self._clock()
        available = bool(new) and new.get("state") != UNAVAILABLE
        if available != history.available:
            history.available = available
            history.changes.append((now, available))
        kind = (new.get("attributes") or {}).get("event_type")
        old = data.get("old_state") or {}
        if (
            data["entity_id"].startswith("event.")
            and kind
            and available
            and new.get("state") != old.get("state")
        ):
            self.ledger.record(data["entity_id"], str(kind), now)

    def entry_ids(self, title_prefix: str) -> set[str]:
        """Config entries whose title starts with ``title_prefix``."""
        return {
            e
            for e, title in self.entry_titles.items()
            if title.startswith(title_prefix)
        }

    def of_entries(self, entry_ids: set[str]) -> dict[str, EntityHistory]:
        """The entities of these entries."""
        return {k: h for k, h in self.entities.items() if h.entry_id in entry_ids}
