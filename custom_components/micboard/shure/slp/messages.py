"""SLPv2 (RFC 2608) messages: header, announcing message bodies, attribute lists.

Anything may arrive on the SLP port: other vendors' traffic, requests,
truncated or hostile datagrams. Every function here returns ``None`` for what
it cannot use and never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
import re
from typing import Final

SLP_MULTICAST_GROUP: Final = "239.255.254.253"
SLP_PORT: Final = 8427
SLP_VERSION: Final = 2

MAX_DATAGRAM_SIZE: Final = 4096
"""Larger datagrams are dropped unread (SLP over UDP stays within one MTU)."""

HEADER_SIZE: Final = 14
"""Fixed part of the SLPv2 header, before the language tag."""

FLAG_OVERFLOW: Final = 0x8000
FLAG_FRESH: Final = 0x4000
FLAG_REQUEST_MCAST: Final = 0x2000

_EXTENSION_HEADER_SIZE = 5
_AUTH_BLOCK_MIN_SIZE = 10
_LANGUAGE_TAG = re.compile(r"[A-Za-z0-9-]*")
_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{2})")


class FunctionId(IntEnum):
    """SLPv2 message types (RFC 2608 §8)."""

    SRV_RQST = 1
    SRV_RPLY = 2
    SRV_REG = 3
    SRV_DEREG = 4
    SRV_ACK = 5
    ATTR_RQST = 6
    ATTR_RPLY = 7
    DA_ADVERT = 8
    SRV_TYPE_RQST = 9
    SRV_TYPE_RPLY = 10
    SA_ADVERT = 11


ANNOUNCING_FUNCTIONS: Final = frozenset(
    {
        FunctionId.SRV_REG,
        FunctionId.ATTR_RPLY,
        FunctionId.DA_ADVERT,
        FunctionId.SA_ADVERT,
    }
)
"""Message types that carry a sender's own attributes (requests never do)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SlpHeader:
    """The SLPv2 header (RFC 2608 §8)."""

    function_id: FunctionId
    length: int
    """Length of the whole message, header included."""
    flags: int
    next_extension_offset: int
    xid: int
    language: str

    @property
    def size(self) -> int:
        """Bytes the header takes, language tag included."""
        return HEADER_SIZE + len(self.language)

    @property
    def overflow(self) -> bool:
        """The sender truncated the message to fit a datagram."""
        return bool(self.flags & FLAG_OVERFLOW)

    @property
    def fresh(self) -> bool:
        """A new registration (SrvReg), not a refresh."""
        return bool(self.flags & FLAG_FRESH)

    @property
    def request_multicast(self) -> bool:
        """The message was multicast."""
        return bool(self.flags & FLAG_REQUEST_MCAST)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlpMessage:
    """An announcing SLPv2 message: where its sender is and what it says."""

    header: SlpHeader
    url: str
    """Service URL (empty for AttrRply, which carries none)."""
    service_type: str
    scopes: tuple[str, ...]
    attribute_list: str
    """The attribute list as sent (RFC 2608 §5 syntax, still escaped)."""


class _MalformedError(Exception):
    """The datagram does not hold what its length fields promise."""


class _Reader:
    """Bounds-checked, big-endian reads over ``data[pos:end]``."""

    def __init__(self, data: bytes, pos: int, end: int) -> None:
        self._data = data
        self.pos = pos
        self._end = end

    def take(self, count: int) -> bytes:
        if count < 0 or self.pos + count > self._end:
            raise _MalformedError
        chunk = self._data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def uint(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")

    def string(self) -> str:
        """A 16-bit length followed by that many UTF-8 bytes."""
        return self.take(self.uint(2)).decode("utf-8", errors="replace")

    def skip_auth_blocks(self) -> None:
        """A count byte, then that many authentication blocks (RFC 2608 §9.2)."""
        for _ in range(self.uint(1)):
            self.uint(2)  # block structure descriptor
            length = self.uint(2)
            if length < _AUTH_BLOCK_MIN_SIZE:
                raise _MalformedError
            self.take(length - 4)

    def url_entry(self) -> str:
        """A URL entry (RFC 2608 §4.3): reserved, lifetime, URL, auth blocks."""
        self.uint(1)
        self.uint(2)
        url = self.string()
        self.skip_auth_blocks()
        return url


def parse_header(data: bytes) -> SlpHeader | None:
    """The SLPv2 header of a datagram, or None if it is not a sound one."""
    if not isinstance(data, bytes | bytearray) or not (
        HEADER_SIZE <= len(data) <= MAX_DATAGRAM_SIZE
    ):
        return None
    data = bytes(data)
    reader = _Reader(data, 0, len(data))
    try:
        version = reader.uint(1)
        function = reader.uint(1)
        length = reader.uint(3)
        flags = reader.uint(2)
        next_extension = reader.uint(3)
        xid = reader.uint(2)
        language_raw = reader.take(reader.uint(2))
    except _MalformedError:
        return None
    if version != SLP_VERSION:
        return None
    try:
        function_id = FunctionId(function)
    except ValueError:
        return None
    try:
        language = language_raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    if not _LANGUAGE_TAG.fullmatch(language):
        return None
    header_size = HEADER_SIZE + len(language_raw)
    if not header_size <= length <= len(data):
        return None
    if next_extension and not (
        header_size <= next_extension <= length - _EXTENSION_HEADER_SIZE
    ):
        return None
    return SlpHeader(
        function_id=function_id,
        length=length,
        flags=flags,
        next_extension_offset=next_extension,
        xid=xid,
        language=language,
    )


def parse_message(data: bytes) -> SlpMessage | None:
    """An announcing message (SrvReg, AttrRply, SAAdvert, DAAdvert), else None.

    Requests and every other message type give None; so does anything whose
    fields run past the message length. Bytes past the length are ignored.
    """
    header = parse_header(data)
    if header is None or header.function_id not in ANNOUNCING_FUNCTIONS:
        return None
    end = header.next_extension_offset or header.length
    reader = _Reader(bytes(data), header.size, end)
    url = service_type = scopes = ""
    try:
        match header.function_id:
            case FunctionId.SRV_REG:
                url = reader.url_entry()
                service_type = reader.string()
                scopes = reader.string()
                attributes = reader.string()
                reader.skip_auth_blocks()
            case FunctionId.ATTR_RPLY:
                if reader.uint(2) != 0:  # error code
                    return None
                attributes = reader.string()
                reader.skip_auth_blocks()
            case FunctionId.SA_ADVERT:
                url = reader.string()
                scopes = reader.string()
                attributes = reader.string()
                reader.skip_auth_blocks()
            case _:  # DA_ADVERT
                if reader.uint(2) != 0:  # error code
                    return None
                reader.uint(4)  # stateless boot timestamp
                url = reader.string()
                scopes = reader.string()
                attributes = reader.string()
                reader.string()  # SLP SPI list
                reader.skip_auth_blocks()
    except _MalformedError:
        return None
    if url and not service_type:
        service_type = url.partition("://")[0]
    return SlpMessage(
        header=header,
        url=url,
        service_type=service_type,
        scopes=tuple(s.strip() for s in scopes.split(",") if s.strip()),
        attribute_list=attributes,
    )


def unescape(text: str) -> str:
    r"""Undo RFC 2608 value escapes (`\2c` -> `,`); bad escapes stay as sent."""
    if "\\" not in text:
        return text
    raw = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(text):
        raw += text[pos : match.start()].encode("utf-8")
        raw.append(int(match.group(1), 16))
        pos = match.end()
    raw += text[pos:].encode("utf-8")
    return raw.decode("utf-8", errors="replace")


def parse_attribute_list(text: str) -> dict[str, tuple[str, ...]]:
    """`(tag=v1,v2),keyword,(tag2=v)` -> {tag: (values...)}; tags lower case.

    Tolerant: a missing closing parenthesis ends the attribute at the end of
    the list, empty tags are dropped, a repeated tag keeps its first values.
    """
    attributes: dict[str, tuple[str, ...]] = {}
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char in ", \t\r\n":
            pos += 1
            continue
        if char == "(":
            close = text.find(")", pos + 1)
            if close < 0:
                close = size
            body = text[pos + 1 : close]
            pos = close + 1
            tag, has_value, value = body.partition("=")
            values = (
                tuple(unescape(v).strip() for v in value.split(","))
                if has_value
                else ()
            )
        else:
            comma = text.find(",", pos)
            if comma < 0:
                comma = size
            tag, values = text[pos:comma], ()
            pos = comma + 1
        key = unescape(tag).strip().casefold()
        if key and key not in attributes:
            attributes[key] = values
    return attributes
