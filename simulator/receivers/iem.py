"""An in-ear monitor transmitter channel's settings (PSM1000 P10T).

The name, frequency and group of a P10T channel live in its ``ChannelState``
like a receiver channel's; what only a transmitter has lives here. Every
mutator reports ``Change.IEM`` to the listener the server installs and
returns whether it changed anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .state import Change, ChangeListener

RF_POWER_LEVELS_MW = (10, 50, 100)
AUDIO_MODES = {1: "mono", 2: "point_to_point", 3: "stereo"}
LINE_LEVELS = {0: "aux", 1: "line"}


def _ignore_change(channel: int | None, change: Change) -> None:
    """Default listener: nobody is listening yet."""


@dataclass
class IemSettings:
    """RF power and mute, audio mode and input level of one P10T channel."""

    number: int
    rf_power_mw: int = 50
    rf_muted: bool = False
    audio_mode: int = 3  # stereo
    line_level: int = 1  # +4 dBu line
    listener: ChangeListener = field(default=_ignore_change, repr=False)

    def _set(self, name: str, value: object) -> bool:
        if getattr(self, name) == value:
            return False
        setattr(self, name, value)
        self.listener(self.number, Change.IEM)
        return True

    def set_rf_mute(self, muted: bool) -> bool:
        """Mute or unmute the channel's RF output (the bodypack loses it)."""
        return self._set("rf_muted", muted)

    def set_rf_power(self, milliwatts: int) -> bool:
        """Set the RF power: 10, 50 or 100 mW; anything else raises."""
        if milliwatts not in RF_POWER_LEVELS_MW:
            raise ValueError(f"RF power {milliwatts} mW (10, 50 or 100)")
        return self._set("rf_power_mw", milliwatts)

    def set_audio_mode(self, mode: int) -> bool:
        """1 mono, 2 point-to-point, 3 stereo; anything else raises."""
        if mode not in AUDIO_MODES:
            raise ValueError(f"audio mode {mode} (1, 2 or 3)")
        return self._set("audio_mode", mode)

    def set_line_level(self, level: int) -> bool:
        """0 aux (-10 dBV), 1 line (+4 dBu); anything else raises."""
        if level not in LINE_LEVELS:
            raise ValueError(f"input level {level} (0 or 1)")
        return self._set("line_level", level)
