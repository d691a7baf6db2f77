"""How a family speaks command strings: reply word, line ends, opening, identity.

ULX-D, QLX-D, Axient Digital and SLX-D share the `COMMAND_STRINGS` dialect:
`REP` replies, braced strings, no line ends, `< GET 0 ALL >` on connect, the
identity in MODEL, DEVICE_ID, FW_VER and RF_BAND, meters in `SAMPLE`.

PSM1000 P10T transmitters speak the `PSM1000` dialect (Shure's PSM1000
command-string page): `REPORT` replies with unbraced values, every message
followed by CRLF (a P10T ignores a command without it), no `GET x ALL`, no
MODEL (the box answers DEVICE_NAME; whoever answers in this dialect is a
P10T), and audio input meters as periodic `REPORT x AUDIO_IN_LVL_L/_R`.
The client, decoder, handshake and probe take a dialect; everything else
(framing, reconnecting, keep-alive, confirmations) is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..models import ReceiverFamily
from .messages import format_get, format_set
from .psm1000 import input_level_dbfs
from .vocabulary import DEVICE_PROPERTIES


@dataclass(frozen=True, slots=True, kw_only=True)
class Dialect:
    """What differs between the families' ways of speaking command strings."""

    name: str
    reply_word: str
    """The word that starts every reply (`REP`, `REPORT`); `<word> ERR` refuses."""
    line_end: bytes = b""
    """Sent after every message."""
    get_all: bool = True
    """Whether the device answers `< GET 0 ALL >` (else property by property)."""
    identity_properties: tuple[str, ...]
    """Device-level properties asked on every connection and by the probe."""
    required_identity: frozenset[str]
    """Those that must be reported on a connection before it counts as ready."""
    identity_fields: tuple[str, ...]
    """`Receiver` fields that must be known for the identity to be complete."""
    device_fields: Mapping[str, str]
    """Device-level property -> `Receiver` field (text values)."""
    model_property: str | None = "MODEL"
    implied_identity: tuple[str, ReceiverFamily, int] | None = None
    """(model, family, channels) of whatever answers an identity question,
    where the device reports no model of its own. A MODEL string naming that
    model in another dialect identifies nothing (`identify_model`)."""
    braced_text: bool = True
    """Whether text values (names) travel in braces."""
    joined_text: frozenset[str] = frozenset()
    """Properties whose unbraced value may hold spaces (all tokens are the value)."""
    meter_properties: Mapping[str, str] = field(default_factory=dict)
    """Reports that are meter readings: property -> `MeterSample` field."""
    meter_value: Callable[[str], int] | None = None
    """Decodes a meter report's value (ValueError to reject it)."""
    meter_rate_digits: int = 5
    """METER_RATE is sent zero-padded to this many digits (0: unpadded)."""

    def get(self, name: str, channel: int | None = None) -> bytes:
        """`< GET [x] NAME >` and the line end."""
        return format_get(name, channel) + self.line_end

    def set(self, name: str, value: str, channel: int | None = None) -> bytes:
        """`< SET [x] NAME value >` and the line end."""
        return format_set(name, value, channel) + self.line_end

    def text_value(self, text: str) -> str:
        """A text value as it is sent (braced or as is)."""
        return f"{{{text}}}" if self.braced_text else text

    def meter_rate_value(self, rate_ms: int) -> str:
        """A METER_RATE value (`00100`, or `100` unpadded)."""
        return f"{rate_ms:0{self.meter_rate_digits}d}"


COMMAND_STRINGS = Dialect(
    name="command_strings",
    reply_word="REP",
    identity_properties=DEVICE_PROPERTIES,
    required_identity=frozenset({"MODEL", "DEVICE_ID", "FW_VER"}),
    identity_fields=("model", "device_id", "firmware"),
    device_fields={
        "DEVICE_ID": "device_id",
        "FW_VER": "firmware",
        "RF_BAND": "rf_band",
    },
)

PSM1000 = Dialect(
    name="psm1000",
    reply_word="REPORT",
    line_end=b"\r\n",
    get_all=False,
    identity_properties=("DEVICE_NAME",),
    required_identity=frozenset({"DEVICE_NAME"}),
    identity_fields=("model", "device_id"),
    device_fields={"DEVICE_NAME": "device_id"},
    model_property=None,
    implied_identity=("P10T", ReceiverFamily.PSM1000, 2),
    braced_text=False,
    joined_text=frozenset({"DEVICE_NAME", "CHAN_NAME"}),
    meter_properties={
        "AUDIO_IN_LVL_L": "input_left_dbfs",
        "AUDIO_IN_LVL_R": "input_right_dbfs",
    },
    meter_value=input_level_dbfs,
    meter_rate_digits=0,
)
