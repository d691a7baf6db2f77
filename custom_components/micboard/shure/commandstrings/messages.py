"""Parse frame bodies into messages, and format outgoing commands.

Incoming forms (the frame splitter has removed `<` and `>`):

    REP ERR
    REP MODEL {ULXD4Q                          }     device level
    REP 1 CHAN_NAME {Lead Vox      }                  channel level
    REP 1 RSSI 1 083                                  channel level, indexed
    SAMPLE 1 ALL 005 031 102 102 BB 31 086 31 065     meters

A PSM1000 says `REPORT` where the others say `REP`, and sends names unbraced
(`REPORT 1 CHAN_NAME Mix 1`): the caller names its reply word and the
properties whose tokens all make up the value (see dialect.py).
"""

from __future__ import annotations

from dataclasses import dataclass
import re

_CHANNEL = re.compile(r"\d{1,2}")
_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True, slots=True)
class Report:
    """`REP`: the current value of a property (always a state update)."""

    channel: int | None
    """None for device-level properties."""
    name: str
    args: tuple[str, ...]
    """Tokens after the name, braces removed and padding stripped."""

    @property
    def index(self) -> str | None:
        """The sub-index of an indexed property (`RSSI 1 083` -> "1")."""
        return " ".join(self.args[:-1]) if len(self.args) > 1 else None

    @property
    def value(self) -> str:
        """The value: the last token, "" when the report carries none."""
        return self.args[-1] if self.args else ""

    @property
    def key(self) -> str:
        """The property name with its index, as kept in raw dicts."""
        index = self.index
        return self.name if index is None else f"{self.name} {index}"


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """`REP ERR`: the device refused the last command it could not handle."""


@dataclass(frozen=True, slots=True)
class Sample:
    """`SAMPLE x ALL ...`: one meter reading of one channel."""

    channel: int
    fields: tuple[str, ...]


type Message = Report | ErrorReport | Sample


def split_tokens(body: str) -> list[str] | None:
    """Split on whitespace outside braces; None when a brace is unclosed.

    A braced token loses its braces and its space padding.
    """
    if "{" not in body:
        # Every SAMPLE and most REPs: str.split() splits on the same
        # whitespace, many times faster than looking at each character.
        return body.split()
    tokens: list[str] = []
    current: list[str] = []
    in_brace = False
    for char in body:
        if in_brace:
            current.append(char)
            in_brace = char != "}"
        elif char.isspace():
            if current:
                tokens.append(_finish_token(current))
                current = []
        else:
            current.append(char)
            in_brace = char == "{"
    if in_brace:
        return None
    if current:
        tokens.append(_finish_token(current))
    return tokens


def _finish_token(chars: list[str]) -> str:
    token = "".join(chars)
    if len(token) >= 2 and token[0] == "{" and token[-1] == "}":
        return token[1:-1].strip()
    return token


def parse_message(
    body: str, reply_word: str = "REP", joined: frozenset[str] = frozenset()
) -> Message | None:
    """Parse one frame body; None for anything that is not a known message.

    `joined`: properties whose value is every token after the name.
    """
    tokens = split_tokens(body)
    if not tokens:
        return None
    kind = tokens[0].upper()
    if kind == reply_word:
        return _parse_report(tokens[1:], joined)
    if kind == "SAMPLE":
        return _parse_sample(tokens[1:])
    return None


def _parse_report(
    tokens: list[str], joined: frozenset[str] = frozenset()
) -> Report | ErrorReport | None:
    if not tokens:
        return None
    channel: int | None = None
    if _CHANNEL.fullmatch(tokens[0]):
        channel = int(tokens[0])
        tokens = tokens[1:]
    if not tokens:
        return None
    name = tokens[0].upper()
    if name == "ERR":
        return ErrorReport()
    if not _NAME.fullmatch(name):
        return None
    if name in joined and len(tokens) > 2:
        return Report(channel, name, (" ".join(tokens[1:]),))
    return Report(channel, name, tuple(tokens[1:]))


def _parse_sample(tokens: list[str]) -> Sample | None:
    if len(tokens) < 2 or not _CHANNEL.fullmatch(tokens[0]):
        return None
    if tokens[1].upper() != "ALL":
        return None
    return Sample(int(tokens[0]), tuple(tokens[2:]))


def format_get(name: str, channel: int | None = None) -> bytes:
    """`< GET [x] NAME >`."""
    return _format("GET", channel, name, None)


def format_set(name: str, value: str, channel: int | None = None) -> bytes:
    """`< SET [x] NAME value >`; braces are the caller's business."""
    return _format("SET", channel, name, value)


def _format(verb: str, channel: int | None, name: str, value: str | None) -> bytes:
    parts = [verb]
    if channel is not None:
        parts.append(str(channel))
    parts.append(name)
    if value is not None:
        parts.append(value)
    return f"< {' '.join(parts)} >".encode("ascii")
