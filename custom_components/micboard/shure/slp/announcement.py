"""What a Shure device's SLP announcement says, parsed without trusting it.

Shure receivers announce themselves by SLP multicast to 239.255.254.253:8427
with ACN (ANSI E1.17, EPI 19) attributes such as::

    (acn-fctn=SLXD4DE_RX),(acn-uacn=Stage left),
    (csl-esta.dmp=esta.sdt/192.168.1.20:5568;esta.dmp/cd:<device class id>)

``parse_announcement`` returns ``None`` for anything else and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import ipaddress
import re
from types import MappingProxyType
from typing import Final
import uuid

from ..commandstrings.vocabulary import identify_model
from ..models import ReceiverFamily
from .messages import FunctionId, parse_attribute_list, parse_message

_SDT_ADDRESS = re.compile(
    r"esta\.sdt/(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<v4>[0-9.]+))(?::(?P<port>\d{1,5}))?",
    re.IGNORECASE,
)
_DEVICE_CLASS = re.compile(r"esta\.dmp/c?d:(?P<dcid>[^;,\s]+)", re.IGNORECASE)
_UUID = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
_SHURE_PRODUCT = re.compile(
    r"^(?:ULXD|QLXD|SLXD|AD[0-9A-Z]|AXT|UR[0-9]|P10T|PSM|SBC|MXW|MXA|MXCW|ANI|SCM)"
)
_RECEIVER_ROLE = "RX"

ATTR_FUNCTION: Final = "acn-fctn"
ATTR_UACN: Final = "acn-uacn"
ATTR_DMP: Final = "csl-esta.dmp"
ATTR_CID: Final = ("cid", "acn-cid")


@dataclass(frozen=True, slots=True, kw_only=True)
class SlpAnnouncement:
    """A Shure device that announced itself."""

    host: str
    """Address to talk to: the announced SDT address, else the sender's."""
    function: str
    """`acn-fctn`, e.g. `SLXD4DE_RX`."""
    cid: str | None
    """ACN component id (UUID, lower case): the device's hardware identity."""
    device_class: str | None
    """ACN device class id from `csl-esta.dmp` (`esta.dmp/cd:<id>`)."""
    attributes: Mapping[str, tuple[str, ...]]
    """Every attribute, tag in lower case -> unescaped values (keywords: ())."""
    uacn: str | None = None
    """`acn-uacn`: the user-assigned name, when set."""
    sdt_port: int | None = None
    """The SDT port of `csl-esta.dmp` (not the command-string port)."""
    source: str = ""
    """Address the datagram came from."""
    url: str = ""
    message_type: FunctionId = FunctionId.SRV_REG

    @property
    def model(self) -> str:
        """The model part of the function (`SLXD4DE_RX` -> `SLXD4DE`)."""
        return _normalize_function(self.function).partition("_")[0]

    @property
    def is_receiver(self) -> bool:
        """The function names a receiver (`_RX`), or no role at all."""
        role = _normalize_function(self.function).partition("_")[2]
        return not role or role.startswith(_RECEIVER_ROLE)

    @property
    def receiver_family(self) -> ReceiverFamily | None:
        """The supported receiver family it belongs to, else None.

        None for transmitters (`_TX`), chargers and every model this library
        has no command-string vocabulary for.
        """
        if not self.is_receiver:
            return None
        family, _ = identify_model(self.model)
        return family


def _normalize_function(function: str) -> str:
    return "".join(function.split()).replace("-", "").upper()


def is_shure_function(function: str) -> bool:
    """Whether an `acn-fctn` names a Shure product line."""
    return bool(_SHURE_PRODUCT.match(_normalize_function(function)))


def _usable_address(text: str) -> str | None:
    """The address in normalized form if a receiver could have it, else None."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if (
        address.is_unspecified
        or address.is_multicast
        or address.is_reserved
        or address.is_loopback
    ):
        return None
    return str(address)


def _source_address(text: str) -> str | None:
    """The sender's address (loopback allowed: it is where the datagram came from)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.is_unspecified or address.is_multicast:
        return None
    return str(address)


def _sdt_endpoint(values: tuple[str, ...]) -> tuple[str | None, int | None]:
    for value in values:
        if match := _SDT_ADDRESS.search(value):
            host = _usable_address(match.group("v4") or match.group("v6") or "")
            if host is None:
                continue
            port = int(match.group("port")) if match.group("port") else None
            return host, port if port is not None and 0 < port < 65536 else None
    return None, None


def _device_class(values: tuple[str, ...]) -> str | None:
    for value in values:
        if match := _DEVICE_CLASS.search(value):
            return match.group("dcid")
    return None


def _cid(attributes: Mapping[str, tuple[str, ...]], url: str) -> str | None:
    candidates = [v for tag in ATTR_CID for v in attributes.get(tag, ())]
    candidates.extend(_UUID.findall(url))
    for candidate in candidates:
        try:
            return str(uuid.UUID(candidate.strip().strip("{}")))
        except ValueError:
            continue
    return None


def _first(attributes: Mapping[str, tuple[str, ...]], tag: str) -> str | None:
    for value in attributes.get(tag, ()):
        if value:
            return value
    return None


def parse_announcement(data: bytes, source: str) -> SlpAnnouncement | None:
    """A Shure device's announcement from one datagram sent by ``source``.

    None for anything that is not a sound SLPv2 announcing message carrying a
    Shure `acn-fctn` (requests, other vendors, truncated or oversized data).
    """
    message = parse_message(data)
    if message is None:
        return None
    attributes = parse_attribute_list(message.attribute_list)
    function = _first(attributes, ATTR_FUNCTION)
    if function is None or not is_shure_function(function):
        return None
    dmp = attributes.get(ATTR_DMP, ())
    sdt_host, sdt_port = _sdt_endpoint(dmp)
    sender = _source_address(source) if isinstance(source, str) else None
    host = sdt_host or sender
    if host is None:
        return None
    return SlpAnnouncement(
        host=host,
        function=function,
        cid=_cid(attributes, message.url),
        device_class=_device_class(dmp),
        attributes=MappingProxyType(attributes),
        uacn=_first(attributes, ATTR_UACN),
        sdt_port=sdt_port,
        source=sender or "",
        url=message.url,
        message_type=message.header.function_id,
    )
