"""SLPv2 announcements: sound layouts parse, everything else is None, nothing raises."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.micboard.shure.models import ReceiverFamily
from custom_components.micboard.shure.slp import (
    MAX_DATAGRAM_SIZE,
    FunctionId,
    SlpAnnouncement,
    is_shure_function,
    parse_announcement,
    parse_attribute_list,
    parse_header,
    parse_message,
    unescape,
)

from .slp_helpers import (
    FLAG_FRESH,
    FLAG_OVERFLOW,
    FLAG_REQUEST_MCAST,
    SHURE_CID,
    SHURE_DCID,
    attr_rply,
    auth_block,
    da_advert,
    escape,
    message,
    sa_advert,
    shure_announcement,
    shure_attrs,
    srv_dereg,
    srv_reg,
    srv_rqst,
    string,
    u16,
    u24,
)

SOURCE = "192.0.2.99"
UNSPECIFIED = "0.0.0.0"  # noqa: S104 - an address in a datagram, not a bind


def announce(data: bytes, source: str = SOURCE) -> SlpAnnouncement:
    result = parse_announcement(data, source)
    assert result is not None
    return result


# -- header ---------------------------------------------------------------


def test_header_fields() -> None:
    data = srv_reg(
        shure_attrs(), flags=FLAG_FRESH | FLAG_REQUEST_MCAST, xid=0xBEEF, language="de"
    )
    header = parse_header(data)
    assert header is not None
    assert header.function_id is FunctionId.SRV_REG
    assert header.length == len(data)
    assert header.xid == 0xBEEF
    assert header.language == "de"
    assert header.size == 16
    assert header.fresh
    assert header.request_multicast
    assert not header.overflow
    assert header.next_extension_offset == 0


def test_header_overflow_flag() -> None:
    header = parse_header(srv_reg(shure_attrs(), flags=FLAG_OVERFLOW))
    assert header is not None
    assert header.overflow
    assert not header.fresh


def test_language_tag_with_region() -> None:
    header = parse_header(srv_reg(shure_attrs(), language="en-US"))
    assert header is not None
    assert header.language == "en-US"
    assert announce(srv_reg(shure_attrs(), language="en-US")).function == "SLXD4DE_RX"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"\x02\x03\x00", "shorter than a header"),
        (srv_reg(shure_attrs(), version=1), "SLPv1"),
        (srv_reg(shure_attrs(), version=3), "unknown version"),
        (message(0, b""), "function id 0"),
        (message(12, b""), "function id past SAAdvert"),
        (message(255, b""), "function id 255"),
        (srv_reg(shure_attrs(), length=13), "length shorter than the fixed header"),
        (srv_reg(shure_attrs(), length=15), "length inside the language tag"),
        (srv_reg(shure_attrs(), language=b"e\xffn"), "non-ASCII language tag"),
        (srv_reg(shure_attrs(), language="e n"), "space in the language tag"),
        (
            b"\x02\x03\x00\x00\x20\x00\x00\x00\x00\x00\x00\x12\x34\xff\xff",
            "language tag longer than the datagram",
        ),
        (srv_reg(shure_attrs(), next_extension=3), "extension inside the header"),
        (srv_reg(shure_attrs(), next_extension=0xFFFFFF), "extension past the end"),
    ],
)
def test_unsound_headers_are_none(data: bytes, why: str) -> None:
    assert parse_header(data) is None, why
    assert parse_message(data) is None, why
    assert parse_announcement(data, SOURCE) is None, why


def test_declared_length_past_the_datagram_is_truncation() -> None:
    data = shure_announcement()
    assert parse_header(data[:-1]) is None
    assert parse_announcement(data[:-1], SOURCE) is None


def test_every_truncation_of_a_sound_announcement_is_none() -> None:
    data = shure_announcement()
    assert parse_announcement(data, SOURCE) is not None
    for size in range(len(data)):
        assert parse_announcement(data[:size], SOURCE) is None, size


def test_truncation_with_a_matching_length_field_is_none() -> None:
    """The sender cut the body but fixed up the length: fields run past it."""
    data = shure_announcement()
    for size in range(16, len(data)):
        cut = data[:2] + u24(size) + data[5:size]
        assert parse_announcement(cut, SOURCE) is None, size


def test_bytes_after_the_declared_length_are_ignored() -> None:
    data = shure_announcement() + b"\x00garbage after the message"
    assert announce(data).function == "SLXD4DE_RX"


def test_oversized_datagram_is_dropped_unread() -> None:
    data = shure_announcement()
    padded = data + b"\x00" * (MAX_DATAGRAM_SIZE - len(data))
    assert announce(padded).host == "192.0.2.50"
    assert parse_announcement(padded + b"\x00", SOURCE) is None
    huge = srv_reg(shure_attrs(extra="(pad=" + "x" * 5_000 + ")"))
    assert parse_header(huge) is None
    assert parse_announcement(huge, SOURCE) is None


def test_extension_after_the_body_is_skipped() -> None:
    body_end = len(shure_announcement())
    extension = u16(0x0002) + u24(0) + b"extension data"
    data = srv_reg(shure_attrs(), next_extension=body_end, extensions=extension)
    header = parse_header(data)
    assert header is not None
    assert header.next_extension_offset == body_end
    assert announce(data).function == "SLXD4DE_RX"


# -- message types --------------------------------------------------------


def test_srv_reg_from_a_shure_receiver() -> None:
    result = announce(shure_announcement(uacn="Stage left"))
    assert result.host == "192.0.2.50"
    assert result.source == SOURCE
    assert result.function == "SLXD4DE_RX"
    assert result.model == "SLXD4DE"
    assert result.cid == SHURE_CID
    assert result.device_class == SHURE_DCID
    assert result.uacn == "Stage left"
    assert result.sdt_port == 5568
    assert result.url == f"service:acn.esta:///{SHURE_CID}"
    assert result.message_type is FunctionId.SRV_REG
    assert result.attributes["acn-fctn"] == ("SLXD4DE_RX",)
    assert result.attributes["csl-esta.dmp"] == (
        f"esta.sdt/192.0.2.50:5568;esta.dmp/cd:{SHURE_DCID}",
    )
    assert result.receiver_family is ReceiverFamily.SLXD


def test_srv_reg_message_fields() -> None:
    parsed = parse_message(srv_reg(shure_attrs(), scopes="ACN-DEFAULT, STAGE"))
    assert parsed is not None
    assert parsed.service_type == "service:acn.esta"
    assert parsed.scopes == ("ACN-DEFAULT", "STAGE")
    assert parsed.attribute_list == shure_attrs()


def test_sa_advert() -> None:
    result = announce(sa_advert(shure_attrs("ULXD4Q_RX", ip="192.0.2.51")))
    assert result.message_type is FunctionId.SA_ADVERT
    assert result.host == "192.0.2.51"
    assert result.receiver_family is ReceiverFamily.ULXD
    assert result.cid is None  # the SAAdvert URL is the agent's, not a CID
    parsed = parse_message(sa_advert(shure_attrs()))
    assert parsed is not None
    assert parsed.service_type == "service:service-agent"


def test_attr_rply_has_no_url_so_the_source_counts() -> None:
    result = announce(attr_rply(shure_attrs("AD4Q", ip=None)), source="192.0.2.77")
    assert result.message_type is FunctionId.ATTR_RPLY
    assert result.host == "192.0.2.77"
    assert result.url == ""
    assert result.receiver_family is ReceiverFamily.AXIENT_DIGITAL


def test_attr_rply_with_an_error_code_is_none() -> None:
    assert parse_announcement(attr_rply(shure_attrs(), error=4), SOURCE) is None


def test_da_advert() -> None:
    assert announce(da_advert(shure_attrs("QLXD4_RX"))).message_type is (
        FunctionId.DA_ADVERT
    )
    assert parse_announcement(da_advert(shure_attrs(), error=1), SOURCE) is None


def test_requests_and_deregistrations_are_not_announcements() -> None:
    """A controller's SrvRqst quoting a Shure function is not a device."""
    assert parse_header(srv_rqst("(acn-fctn=ULXD4Q_RX)")) is not None
    assert parse_announcement(srv_rqst("(acn-fctn=ULXD4Q_RX)"), SOURCE) is None
    assert parse_header(srv_dereg()) is not None
    assert parse_announcement(srv_dereg(), SOURCE) is None


def test_authentication_blocks_are_skipped() -> None:
    data = srv_reg(
        shure_attrs(),
        url_auths=[auth_block(), auth_block(spi="other", payload=b"\x00" * 20)],
        attr_auths=[auth_block()],
    )
    assert announce(data).cid == SHURE_CID


def test_auth_block_with_an_impossible_length_is_none() -> None:
    bad = u16(2) + u16(3) + b"\x00" * 8  # length 3 < the block's own header
    assert parse_announcement(srv_reg(shure_attrs(), url_auths=[bad]), SOURCE) is None
    runaway = u16(2) + u16(0xFFFF) + b"\x00" * 8
    assert (
        parse_announcement(srv_reg(shure_attrs(), attr_auths=[runaway]), SOURCE) is None
    )


def test_string_length_past_the_message_is_none() -> None:
    data = bytearray(shure_announcement())
    header_size = 16
    url_length_at = header_size + 3
    data[url_length_at : url_length_at + 2] = u16(0xFFFF)
    assert parse_announcement(bytes(data), SOURCE) is None


def test_bytearray_input_is_accepted() -> None:
    assert announce(bytearray(shure_announcement())).function == "SLXD4DE_RX"


def test_non_bytes_input_is_none() -> None:
    assert parse_header("not bytes") is None  # type: ignore[arg-type]
    assert parse_announcement(None, SOURCE) is None  # type: ignore[arg-type]


# -- what the attributes say ---------------------------------------------


def test_non_shure_announcements_are_none() -> None:
    printer = srv_reg(
        "(printer-name=Office),(printer-location=Hall)",
        url="service:printer:lpr://192.0.2.9/queue",
        service_type="service:printer:lpr",
    )
    assert parse_message(printer) is not None
    assert parse_announcement(printer, SOURCE) is None
    other_acn = srv_reg(shure_attrs("ETC Eos Console"))
    assert parse_announcement(other_acn, SOURCE) is None
    no_function = srv_reg("(acn-uacn=Rack 1),(csl-esta.dmp=esta.sdt/192.0.2.5:5568)")
    assert parse_announcement(no_function, SOURCE) is None
    empty_function = srv_reg("(acn-fctn=),(acn-uacn=x)")
    assert parse_announcement(empty_function, SOURCE) is None
    assert parse_announcement(srv_reg(""), SOURCE) is None


@pytest.mark.parametrize(
    ("function", "family"),
    [
        ("SLXD4DE_RX", ReceiverFamily.SLXD),
        ("SLXD4_RX", ReceiverFamily.SLXD),
        ("SLXD4Q+_RX", ReceiverFamily.SLXD),
        ("ULXD4Q_RX", ReceiverFamily.ULXD),
        ("ULX-D4D_RX", ReceiverFamily.ULXD),
        ("ulxd4_rx", ReceiverFamily.ULXD),
        ("QLXD4_RX", ReceiverFamily.QLXD),
        ("AD4Q", ReceiverFamily.AXIENT_DIGITAL),
        ("AD4D_RX", ReceiverFamily.AXIENT_DIGITAL),
        ("ULXD2_TX", None),
        ("ULXD4Q_TX", None),
        ("SLXD2_TX", None),
        ("ADX2_TX", None),
        ("SBC220_CHG", None),
        ("SBC450", None),
        ("UR4D_RX", None),
        ("P10T", None),
        ("AXT600_RX", None),
    ],
)
def test_receiver_family_from_the_function(
    function: str, family: ReceiverFamily | None
) -> None:
    result = announce(srv_reg(shure_attrs(function)))
    assert result.function == function
    assert result.receiver_family is family


def test_is_shure_function() -> None:
    assert is_shure_function("SLXD4DE_RX")
    assert is_shure_function("ad4q")
    assert not is_shure_function("ETC Gio")
    assert not is_shure_function("")
    assert not is_shure_function("_RX")


def test_cid_from_an_attribute_wins_and_is_normalized() -> None:
    cid = "ABCDEF01-2345-6789-ABCD-EF0123456789"
    result = announce(
        srv_reg(shure_attrs(extra=f"(cid={cid})"), url="service:acn.esta:///")
    )
    assert result.cid == cid.lower()


def test_invalid_cid_is_none() -> None:
    result = announce(
        srv_reg(shure_attrs(extra="(cid=not-a-uuid)"), url="service:acn.esta:///x")
    )
    assert result.cid is None


def test_source_address_without_an_sdt_address() -> None:
    result = announce(srv_reg(shure_attrs(ip=None)), source="192.0.2.12")
    assert result.host == "192.0.2.12"
    assert result.sdt_port is None
    assert result.device_class == SHURE_DCID


@pytest.mark.parametrize(
    "announced", [UNSPECIFIED, "127.0.0.1", "239.255.254.253", "255.255.255.255", "1.2"]
)
def test_unusable_sdt_address_falls_back_to_the_source(announced: str) -> None:
    result = announce(srv_reg(shure_attrs(ip=announced)), source="192.0.2.13")
    assert result.host == "192.0.2.13"


def test_link_local_sdt_address_is_used() -> None:
    """Shure receivers without DHCP take a 169.254 address: still reachable."""
    assert announce(srv_reg(shure_attrs(ip="169.254.10.20"))).host == "169.254.10.20"


def test_ipv6_sdt_address() -> None:
    result = announce(srv_reg(shure_attrs(ip="[fd00::50]")))
    assert result.host == "fd00::50"
    assert result.sdt_port == 5568


def test_sdt_port_out_of_range_is_dropped() -> None:
    result = announce(srv_reg(shure_attrs(sdt_port=99999)))
    assert result.host == "192.0.2.50"
    assert result.sdt_port is None


def test_no_usable_address_at_all_is_none() -> None:
    data = srv_reg(shure_attrs(ip=None))
    assert parse_announcement(data, "") is None
    assert parse_announcement(data, "not an address") is None
    assert parse_announcement(data, UNSPECIFIED) is None


def test_loopback_source_is_accepted() -> None:
    assert announce(srv_reg(shure_attrs(ip=None)), source="127.0.0.1").host == (
        "127.0.0.1"
    )


def test_several_dmp_values_first_usable_one_wins() -> None:
    attrs = (
        "(acn-fctn=ULXD4Q_RX),"
        "(csl-esta.dmp=esta.sdt/0.0.0.0:5568;esta.dmp/cd:first,"
        "esta.sdt/192.0.2.60:5569;esta.dmp/d:second)"
    )
    result = announce(srv_reg(attrs))
    assert result.host == "192.0.2.60"
    assert result.sdt_port == 5569
    assert result.device_class == "first"


def test_escaped_values() -> None:
    name = "Rack (A), stage=left\\1"
    assert escape(name) != name
    result = announce(srv_reg(shure_attrs(uacn=name)))
    assert result.uacn == name


# -- attribute lists ------------------------------------------------------


def test_attribute_list_syntax() -> None:
    attrs = parse_attribute_list(
        "(a=1,2), keyword ,(B = x ),(a=ignored),(=orphan),(c=),(open=unterminated"
    )
    assert attrs == {
        "a": ("1", "2"),
        "keyword": (),
        "b": ("x",),
        "c": ("",),
        "open": ("unterminated",),
    }


def test_attribute_list_empty_and_separators() -> None:
    assert parse_attribute_list("") == {}
    assert parse_attribute_list(" , ,\r\n") == {}
    assert parse_attribute_list("lonely") == {"lonely": ()}


def test_unescape() -> None:
    assert unescape("plain") == "plain"
    assert unescape(r"a\2cb\28c\29") == "a,b(c)"
    assert unescape(r"\c3\a9") == "é"
    assert unescape(r"bad \zz escape") == r"bad \zz escape"
    assert unescape(r"\ff\fe") == "\ufffd\ufffd"


def test_utf8_values_and_invalid_utf8() -> None:
    result = announce(srv_reg(shure_attrs(uacn="Bühne links")))
    assert result.uacn == "Bühne links"
    raw = srv_reg(shure_attrs()).replace(b"Stage left", b"Stage\xffleft")
    assert announce(raw).uacn == "Stage\ufffdleft"


# -- garbage never raises -------------------------------------------------


def test_random_garbage_never_raises() -> None:
    rng = random.Random(2608)
    for _ in range(3000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
        assert parse_announcement(data, SOURCE) is None or data[0] == 2


@settings(max_examples=400, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=10_000),
    value=st.integers(min_value=0, max_value=255),
    extra=st.binary(max_size=8),
)
def test_corrupted_announcements_never_raise(
    position: int, value: int, extra: bytes
) -> None:
    data = bytearray(shure_announcement())
    data[position % len(data)] = value
    result = parse_announcement(bytes(data) + extra, SOURCE)
    assert result is None or isinstance(result, SlpAnnouncement)


@settings(max_examples=300, deadline=None)
@given(attrs=st.text(max_size=300), source=st.text(max_size=40))
def test_arbitrary_attribute_text_never_raises(attrs: str, source: str) -> None:
    data = srv_reg("(acn-fctn=ULXD4Q_RX)," + attrs)
    result = parse_announcement(data, source)
    assert result is None or result.function == "ULXD4Q_RX"
    parse_attribute_list(attrs)


def test_string_helper_matches_the_rfc_layout() -> None:
    """Guard the encoder itself: a 16-bit big-endian length, then UTF-8."""
    assert string("ab") == b"\x00\x02ab"
    assert u24(0x010203) == b"\x01\x02\x03"
