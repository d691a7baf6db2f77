"""SLPv2 (RFC 2608) discovery of Shure devices: parsing and the multicast listener.

``messages``: the SLP wire format; ``announcement``: what a Shure device's
announcement says; ``listener``: the UDP socket joined to the SLP group.
"""

from .announcement import (
    ATTR_CID,
    ATTR_DMP,
    ATTR_FUNCTION,
    ATTR_UACN,
    SlpAnnouncement,
    is_shure_function,
    parse_announcement,
)
from .listener import (
    ANY_ADDRESS,
    ListenerCounters,
    SlpDatagramProtocol,
    SlpListener,
    SlpListenerError,
    SlpPortInUseError,
    membership_interface,
    open_multicast_socket,
)
from .messages import (
    ANNOUNCING_FUNCTIONS,
    FLAG_FRESH,
    FLAG_OVERFLOW,
    FLAG_REQUEST_MCAST,
    HEADER_SIZE,
    MAX_DATAGRAM_SIZE,
    SLP_MULTICAST_GROUP,
    SLP_PORT,
    SLP_VERSION,
    FunctionId,
    SlpHeader,
    SlpMessage,
    parse_attribute_list,
    parse_header,
    parse_message,
    unescape,
)

__all__ = [
    "ANNOUNCING_FUNCTIONS",
    "ANY_ADDRESS",
    "ATTR_CID",
    "ATTR_DMP",
    "ATTR_FUNCTION",
    "ATTR_UACN",
    "FLAG_FRESH",
    "FLAG_OVERFLOW",
    "FLAG_REQUEST_MCAST",
    "HEADER_SIZE",
    "MAX_DATAGRAM_SIZE",
    "SLP_MULTICAST_GROUP",
    "SLP_PORT",
    "SLP_VERSION",
    "FunctionId",
    "ListenerCounters",
    "SlpAnnouncement",
    "SlpDatagramProtocol",
    "SlpHeader",
    "SlpListener",
    "SlpListenerError",
    "SlpMessage",
    "SlpPortInUseError",
    "is_shure_function",
    "membership_interface",
    "open_multicast_socket",
    "parse_announcement",
    "parse_attribute_list",
    "parse_header",
    "parse_message",
    "unescape",
]
