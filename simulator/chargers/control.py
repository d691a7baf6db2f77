"""The charger rig's HTTP control port: the receivers' control API, for chargers.

```
POST /events    {"charger": "crew", "bay": 3, "action": "dock", "percent": 20}
                -> 200 {"ok": true}
GET  /chargers  -> the list ``--json-ready`` writes (key, model, host, ...)
```

An event body is a charger scenario ``[[events]]`` entry without ``at``,
validated by ``parse_charger_event`` and applied at once. Bad requests are
4xx answers ``{"error": "..."}`` (``control_http``, as for receivers);
nothing a client sends makes a traceback.
"""

from __future__ import annotations

from typing import Any

from ..control_http import ControlServerBase
from .rig import ChargerRig, apply_charger_event
from .scenario import ChargerEvent, ChargerScenarioError, parse_charger_event
from .server import ChargerSimulator


class ChargerControlServer(ControlServerBase[ChargerSimulator, ChargerEvent]):
    """Serves the control API for ``rig`` on ``host:port`` (0 = any port)."""

    listing_path = "/chargers"
    name = "charger control"
    event_error = ChargerScenarioError

    def __init__(self, rig: ChargerRig, *, host: str, port: int = 0) -> None:
        """Nothing listens until ``start``."""
        super().__init__(host=host, port=port)
        self.rig = rig

    def _entries(self) -> object:
        return self.rig.entries()

    def _parse(self, data: dict[str, Any]) -> tuple[ChargerSimulator, ChargerEvent]:
        bays = {key: len(c.state.bays) for key, c in self.rig.by_key.items()}
        event = parse_charger_event(data, bays, path="event", timed=False)
        return self.rig.by_key[event.charger], event

    async def _apply(self, device: ChargerSimulator, event: ChargerEvent) -> None:
        await apply_charger_event(device, event)
