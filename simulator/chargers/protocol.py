"""A charger's answers to one client message (pure logic, no sockets).

What an SBC220/240 answers, per Shure's command strings: `GET 0 ALL`
(device properties, then every bay in the charger's order), `GET n ALL`,
`GET [n] NAME`, `SET STORAGE_MODE ON|OFF|TOGGLE`, `SET FLASH ON|OFF`,
`SET DEVICE_ID {name}`; `< REP ERR >` for anything else, `METER_RATE`
included (a charger has no meters). A SET that changes the state is not
answered here: the server pushes the change to every client, the sender
included; one that changes nothing is answered directly.
"""

from __future__ import annotations

from ..receivers.encoding import braced, frame, message_body, split_tokens, unbrace
from .state import BAY_PROPERTIES, DEVICE_ID_WIDTH, DEVICE_PROPERTIES, ChargerState

ERROR_REPLY = frame("REP ERR")
_PRINTABLE = frozenset(chr(code) for code in range(0x20, 0x7F)) - {"{", "}"}
MAX_DEVICE_ID = 8


def device_report(name: str, value: str) -> str:
    """`< REP NAME value >`."""
    return frame(f"REP {name} {value}")


def bay_report(bay: int, name: str, value: str) -> str:
    """`< REP n NAME value >`."""
    return frame(f"REP {bay} {name} {value}")


class ChargerCommands:
    """Answers GETs and applies SETs to a charger's state."""

    def __init__(self, state: ChargerState) -> None:
        """Answer for `state`."""
        self.state = state

    def handle(self, message: str) -> list[str]:
        """The direct replies to one message (``< GET 0 ALL >`` ...)."""
        tokens = split_tokens(message_body(message))
        if len(tokens) < 2:
            return [ERROR_REPLY]
        verb, rest = tokens[0].upper(), tokens[1:]
        bay: int | None = None
        if rest[0].isdigit():
            bay, rest = int(rest[0]), rest[1:]
        if not rest:
            return [ERROR_REPLY]
        name, args = rest[0].upper(), rest[1:]
        if verb == "GET" and not args:
            return self._get(bay, name)
        if verb == "SET" and bay is None and args:
            return self._set(name, args)
        return [ERROR_REPLY]

    def all_reports(self) -> list[str]:
        """What `GET 0 ALL` answers."""
        device = self.state.device_values()
        reports = [device_report(name, device[name]) for name in DEVICE_PROPERTIES]
        for bay in self.state.bays:
            reports.extend(self.bay_reports(bay.number))
        return reports

    def bay_reports(self, number: int) -> list[str]:
        """What `GET n ALL` answers."""
        values = self.state.bay(number).values(self.state.storage_mode)
        return [bay_report(number, name, values[name]) for name in BAY_PROPERTIES]

    def _get(self, bay: int | None, name: str) -> list[str]:
        state = self.state
        if name == "ALL":
            if bay == 0:
                return self.all_reports()
            if bay is not None and 1 <= bay <= len(state.bays):
                return self.bay_reports(bay)
            return [ERROR_REPLY]
        if bay is None and name in DEVICE_PROPERTIES:
            return [device_report(name, state.device_values()[name])]
        if bay is None and name == "FLASH":
            return [device_report("FLASH", "ON" if state.flash else "OFF")]
        if bay is not None and 1 <= bay <= len(state.bays) and name in BAY_PROPERTIES:
            value = state.bay(bay).values(state.storage_mode)[name]
            return [bay_report(bay, name, value)]
        return [ERROR_REPLY]

    def _set(self, name: str, args: list[str]) -> list[str]:
        state = self.state
        if name == "STORAGE_MODE":
            wanted = _on_off(args, state.storage_mode)
            if wanted is None:
                return [ERROR_REPLY]
            if wanted == state.storage_mode:
                return [device_report(name, "ON" if wanted else "OFF")]
            state.storage_mode = wanted
            return []
        if name == "FLASH":
            flash = _on_off(args, state.flash)
            if flash is None:
                return [ERROR_REPLY]
            state.flash = flash
            return [device_report(name, "ON" if flash else "OFF")]
        if name == "DEVICE_ID":
            device_id = unbrace(" ".join(args))
            if (
                not 1 <= len(device_id) <= MAX_DEVICE_ID
                or not set(device_id) <= _PRINTABLE
            ):
                return [ERROR_REPLY]
            if device_id == state.device_id:
                return [device_report(name, braced(device_id, DEVICE_ID_WIDTH))]
            state.device_id = device_id
            return []
        return [ERROR_REPLY]


def _on_off(args: list[str], current: bool) -> bool | None:
    if len(args) != 1:
        return None
    word = args[0].upper()
    if word == "TOGGLE":
        return not current
    return {"ON": True, "OFF": False}.get(word)
