"""An SLPv2 encoder written from RFC 2608, independent of the parser under test.

Every length field is computed here from the bytes it describes, so a test can
build sound messages and then break exactly one thing.
"""

from __future__ import annotations

from collections.abc import Iterable
import struct

SRV_RQST = 1
SRV_REG = 3
SRV_DEREG = 4
ATTR_RPLY = 7
DA_ADVERT = 8
SA_ADVERT = 11

FLAG_OVERFLOW = 0x8000
FLAG_FRESH = 0x4000
FLAG_REQUEST_MCAST = 0x2000

SHURE_CID = "6a4b0e7c-9f5d-4e21-8b3a-2c1d0e9f8a7b"
SHURE_DCID = "uYj5Rt2bQkWzTAdy"

_RESERVED = "(),\\!<=>~"


def u8(value: int) -> bytes:
    return struct.pack("!B", value)


def u16(value: int) -> bytes:
    return struct.pack("!H", value)


def u24(value: int) -> bytes:
    return struct.pack("!I", value)[1:]


def string(value: str | bytes) -> bytes:
    """<length:16><bytes> (RFC 2608 §4: strings are UTF-8, length-prefixed)."""
    raw = value.encode() if isinstance(value, str) else value
    return u16(len(raw)) + raw


def escape(value: str) -> str:
    r"""RFC 2608 §5: reserved characters in values become `\XX`."""
    return "".join(f"\\{ord(c):02x}" if c in _RESERVED else c for c in value)


def auth_block(spi: str = "key", payload: bytes = b"\x01\x02", bsd: int = 2) -> bytes:
    """An authentication block (§9.2); its length covers the whole block."""
    body = struct.pack("!I", 0x5F5E1000) + string(spi) + payload
    return u16(bsd) + u16(4 + len(body)) + body


def auth_blocks(blocks: Iterable[bytes] = ()) -> bytes:
    blocks = list(blocks)
    return u8(len(blocks)) + b"".join(blocks)


def url_entry(url: str, lifetime: int = 0xFFFF, auths: Iterable[bytes] = ()) -> bytes:
    """URL entry (§4.3): reserved, lifetime, URL, URL auth blocks."""
    return u8(0) + u16(lifetime) + string(url) + auth_blocks(auths)


def message(
    function: int,
    body: bytes,
    *,
    language: str | bytes = "en",
    flags: int = 0,
    xid: int = 0x1234,
    version: int = 2,
    next_extension: int = 0,
    extensions: bytes = b"",
    length: int | None = None,
) -> bytes:
    """Header (§8) + body + extensions; the length is computed unless given."""
    lang = language.encode() if isinstance(language, str) else language
    header_size = 14 + len(lang)
    total = header_size + len(body) + len(extensions)
    return (
        u8(version)
        + u8(function)
        + u24(total if length is None else length)
        + u16(flags)
        + u24(next_extension)
        + u16(xid)
        + string(lang)
        + body
        + extensions
    )


def srv_reg(
    attrs: str,
    *,
    url: str = f"service:acn.esta:///{SHURE_CID}",
    service_type: str = "service:acn.esta",
    scopes: str = "ACN-DEFAULT",
    url_auths: Iterable[bytes] = (),
    attr_auths: Iterable[bytes] = (),
    **header: object,
) -> bytes:
    """SrvReg (§8.3)."""
    body = (
        url_entry(url, auths=url_auths)
        + string(service_type)
        + string(scopes)
        + string(attrs)
        + auth_blocks(attr_auths)
    )
    return message(SRV_REG, body, **header)  # type: ignore[arg-type]


def sa_advert(
    attrs: str,
    *,
    url: str = "service:service-agent://192.0.2.50",
    scopes: str = "ACN-DEFAULT",
    **header: object,
) -> bytes:
    """SAAdvert (§8.6)."""
    body = string(url) + string(scopes) + string(attrs) + auth_blocks()
    return message(SA_ADVERT, body, **header)  # type: ignore[arg-type]


def attr_rply(attrs: str, *, error: int = 0, **header: object) -> bytes:
    """AttrRply (§10.4)."""
    body = u16(error) + string(attrs) + auth_blocks()
    return message(ATTR_RPLY, body, **header)  # type: ignore[arg-type]


def da_advert(
    attrs: str,
    *,
    error: int = 0,
    url: str = "service:directory-agent://192.0.2.50",
    **header: object,
) -> bytes:
    """DAAdvert (§8.5)."""
    body = (
        u16(error)
        + struct.pack("!I", 12345)
        + string(url)
        + string("ACN-DEFAULT")
        + string(attrs)
        + string("")
        + auth_blocks()
    )
    return message(DA_ADVERT, body, **header)  # type: ignore[arg-type]


def srv_rqst(predicate: str, **header: object) -> bytes:
    """SrvRqst (§8.1): a controller asking, not a device announcing."""
    body = (
        string("")
        + string("service:acn.esta")
        + string("ACN-DEFAULT")
        + string(predicate)
        + string("")
    )
    return message(SRV_RQST, body, **header)  # type: ignore[arg-type]


def srv_dereg(**header: object) -> bytes:
    """SrvDeReg (§10.6): a device leaving."""
    body = (
        string("ACN-DEFAULT")
        + url_entry(f"service:acn.esta:///{SHURE_CID}", lifetime=0)
        + string("")
    )
    return message(SRV_DEREG, body, **header)  # type: ignore[arg-type]


def shure_attrs(
    function: str = "SLXD4DE_RX",
    *,
    ip: str | None = "192.0.2.50",
    sdt_port: int = 5568,
    dcid: str = SHURE_DCID,
    uacn: str = "Stage left",
    extra: str = "",
) -> str:
    """A Shure receiver's announced attributes (acn-fctn, acn-uacn, csl-esta.dmp)."""
    parts = [f"(acn-fctn={escape(function)})", f"(acn-uacn={escape(uacn)})"]
    if ip is not None:
        parts.append(
            f"(csl-esta.dmp=esta.sdt/{ip}:{sdt_port};esta.dmp/cd:{escape(dcid)})"
        )
    else:
        parts.append(f"(csl-esta.dmp=esta.dmp/cd:{escape(dcid)})")
    if extra:
        parts.append(extra)
    return ",".join(parts)


def shure_announcement(function: str = "SLXD4DE_RX", **kwargs: object) -> bytes:
    """A complete SrvReg datagram as a Shure receiver multicasts it."""
    return srv_reg(
        shure_attrs(function, **kwargs),  # type: ignore[arg-type]
        flags=FLAG_FRESH | FLAG_REQUEST_MCAST,
    )
