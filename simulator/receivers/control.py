"""A small HTTP control port for a running receiver farm.

```
POST /events     {"receiver": "stage-left", "channel": 1, "action": "battery",
                  "bars": 1}            -> 200 {"ok": true}
GET  /receivers  -> the list ``--json-ready`` writes (key, model, host, ...)
```

An event body is a scenario ``[[events]]`` entry without ``at``, validated
by the scenario parser (``parse_event``) and applied at once with
``timeline.apply_event``. Anything wrong with a request is a 4xx answer
``{"error": "..."}``; nothing a client sends makes a traceback.
"""

from __future__ import annotations

from typing import Any

from ..control_http import ControlServerBase
from .families import Family
from .farm import ReceiverFarm
from .scenario import ScenarioError, ScenarioEvent, parse_event
from .server import ReceiverSimulator
from .timeline import apply_event
from .uhfr import UhfrSimulator


def receiver_entries(farm: ReceiverFarm) -> list[dict[str, Any]]:
    """One entry per receiver: what ``--json-ready`` and ``GET /receivers`` give.

    A receiver that does not speak classic command strings names its
    protocol: ``"protocol": "uhfr"`` (it answers on UDP) or ``"psm1000"``.
    """
    entries: list[dict[str, Any]] = []
    for key, rx in farm.by_key.items():
        entry: dict[str, Any] = {
            "key": key,
            "model": rx.model,
            "host": rx.host,
            "port": rx.port,
            "device_id": rx.device_id,
            "channels": len(rx.channels),
        }
        if isinstance(rx, UhfrSimulator):
            entry["protocol"] = "uhfr"
        elif rx.spec.family is Family.PSM1000:
            entry["protocol"] = "psm1000"
        entries.append(entry)
    return entries


class ControlServer(ControlServerBase[ReceiverSimulator, ScenarioEvent]):
    """Serves the control API for ``farm`` on ``host:port`` (0 = any port)."""

    listing_path = "/receivers"
    event_error = ScenarioError

    def __init__(self, farm: ReceiverFarm, *, host: str, port: int = 0) -> None:
        """Nothing listens until ``start``."""
        super().__init__(host=host, port=port)
        self.farm = farm

    def _entries(self) -> object:
        return receiver_entries(self.farm)

    def _parse(self, data: dict[str, Any]) -> tuple[ReceiverSimulator, ScenarioEvent]:
        models = {key: rx.model for key, rx in self.farm.by_key.items()}
        event = parse_event(data, models, path="event", timed=False)
        return self.farm.receiver(event.receiver), event

    async def _apply(self, device: ReceiverSimulator, event: ScenarioEvent) -> None:
        await apply_event(device, event)
