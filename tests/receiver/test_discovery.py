"""SLP discovery: announcements start config flows; a broken network never breaks HA."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import errno
import ipaddress
import logging
import socket
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import (
    SOURCE_INTEGRATION_DISCOVERY,
    ConfigEntryState,
)
from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.micboard.const import CONF_ENTRY_KIND, DOMAIN, EntryKind
from custom_components.micboard.receiver import discovery as discovery_module
from custom_components.micboard.receiver.discovery import (
    DATA_DISCOVERY,
    MAX_REMEMBERED_HOSTS,
    REDISCOVERY_INTERVAL,
    DiscoverySettings,
    SlpDiscovery,
    async_start_discovery,
)
from custom_components.micboard.receiver.options_flow import default_receiver_options
from custom_components.micboard.shure.models import ReceiverFamily, ReceiverIdentity
from custom_components.micboard.shure.slp import SLP_MULTICAST_GROUP
from simulator.receivers import ReceiverSimulator

from ..helpers import free_udp_port, port_is_free, wait_for
from ..shure.slp_helpers import (
    attr_rply,
    sa_advert,
    shure_announcement,
    shure_attrs,
    srv_reg,
    srv_rqst,
)

LOOPBACK = "127.0.0.1"
IDENTITY = ReceiverIdentity(
    model="SLXD4DE", family=ReceiverFamily.SLXD, channel_count=2, device_id="RACK A"
)
LOGGER_NAME = "custom_components.micboard"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def discovery_flows(hass: HomeAssistant) -> list[dict[str, object]]:
    return [
        dict(flow)
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_INTEGRATION_DISCOVERY
    ]


def off_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "discovery is off" in r.getMessage()]


@pytest.fixture
def probe() -> Iterator[AsyncMock]:
    """The config flow's probe, answering as an SLX-D receiver."""
    with patch(
        "custom_components.micboard.receiver.flow.probe_receiver",
        AsyncMock(return_value=IDENTITY),
    ) as mock:
        yield mock


@pytest.fixture
async def slp(hass: HomeAssistant, socket_enabled: None) -> AsyncIterator[SlpDiscovery]:
    """The real listener on 127.0.0.1 (any free port), with a hand-moved clock."""
    discovery = await async_start_discovery(
        hass, DiscoverySettings(bind_host=LOOPBACK, port=0)
    )
    assert discovery.running
    discovery.clock = Clock()
    yield discovery
    discovery.async_stop()


async def inject(
    hass: HomeAssistant, slp: SlpDiscovery, data: bytes, source: str = "192.0.2.99"
) -> None:
    """Feed a datagram to the listener's protocol, as the transport would."""
    slp.protocol.datagram_received(data, (source, 8427))
    # Discovery flows start as background tasks.
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture(autouse=True)
def mock_slp_discovery() -> None:
    """Override of the suite-wide mock (if tests/conftest.py has one).

    Other tests must not join the real SLP group; these test the listener.
    """


# -- announcements to flows -----------------------------------------------


async def test_announcement_starts_a_discovery_flow(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    """The SDT address wins over the sender's; the command port is 2202."""
    await inject(hass, slp, shure_announcement("SLXD4DE_RX", ip="192.0.2.50"))

    probe.assert_awaited_once()
    assert probe.await_args is not None
    assert probe.await_args.args[:2] == ("192.0.2.50", 2202)
    flows = discovery_flows(hass)
    assert len(flows) == 1
    assert flows[0]["step_id"] == "discovery_confirm"
    context = flows[0]["context"]
    assert isinstance(context, dict)
    assert context["unique_id"] == "slxd4de_rack_a"
    assert context["title_placeholders"] == {"name": "RACK A (SLXD4DE)"}
    assert slp.counters.flows_started == 1


async def test_flow_data_is_host_and_command_port(
    hass: HomeAssistant, slp: SlpDiscovery
) -> None:
    """Exactly the data the config flow expects is handed to HA's helper."""
    with patch(
        "custom_components.micboard.receiver.discovery.discovery_flow.async_create_flow"
    ) as create_flow:
        await inject(hass, slp, shure_announcement("AD4Q_RX", ip="192.0.2.51"))
    create_flow.assert_called_once_with(
        hass,
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={CONF_HOST: "192.0.2.51", CONF_PORT: 2202},
    )


async def test_sender_address_without_an_sdt_address(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    await inject(hass, slp, shure_announcement("ULXD4Q_RX", ip=None), "192.0.2.60")
    assert probe.await_args is not None
    assert probe.await_args.args[:2] == ("192.0.2.60", 2202)
    assert len(discovery_flows(hass)) == 1


async def test_other_announcing_message_types_also_count(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    await inject(hass, slp, sa_advert(shure_attrs("QLXD4_RX", ip="192.0.2.61")))
    await inject(hass, slp, attr_rply(shure_attrs("AD4D", ip=None)), "192.0.2.62")
    hosts = sorted(call.args[0] for call in probe.await_args_list)
    assert hosts == ["192.0.2.61", "192.0.2.62"]


async def test_duplicates_are_ignored_for_ten_minutes(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    clock = slp.clock
    assert isinstance(clock, Clock)
    announcement = shure_announcement(ip="192.0.2.50")
    await inject(hass, slp, announcement)
    await inject(hass, slp, announcement, source="192.0.2.98")
    clock.now += REDISCOVERY_INTERVAL - 1
    await inject(hass, slp, announcement)
    assert probe.await_count == 1
    assert slp.counters.duplicate == 2

    # Another receiver is not held back by the first.
    await inject(hass, slp, shure_announcement(ip="192.0.2.51"))
    assert probe.await_count == 2

    # After the window the receiver is offered again (the first flow is gone).
    for flow in discovery_flows(hass):
        hass.config_entries.flow.async_abort(str(flow["flow_id"]))
    clock.now += 2
    await inject(hass, slp, announcement)
    assert probe.await_count == 3
    assert [c.args[0] for c in probe.await_args_list] == [
        "192.0.2.50",
        "192.0.2.51",
        "192.0.2.50",
    ]


@pytest.mark.parametrize(
    ("data", "counter"),
    [
        (shure_announcement("ULXD2_TX"), "not_receiver"),
        (shure_announcement("SLXD2_TX"), "not_receiver"),
        (shure_announcement("ADX2_TX"), "not_receiver"),
        (shure_announcement("SBC220_CHG"), "not_receiver"),
        (shure_announcement("UR4D_RX"), "not_receiver"),
        (shure_announcement("P10T"), "not_receiver"),
        (srv_reg(shure_attrs("ETC Eos")), "not_shure"),
        (
            srv_reg("(printer-name=Office)", url="service:printer:lpr://192.0.2.9/q"),
            "not_shure",
        ),
        (srv_rqst("(acn-fctn=ULXD4Q_RX)"), "not_shure"),
        (b"\x02\x03\x00\x00\x05garbage", "not_shure"),
        (b"", "not_shure"),
        (shure_announcement()[:-3], "not_shure"),
    ],
)
async def test_non_receivers_and_garbage_are_ignored(
    hass: HomeAssistant,
    slp: SlpDiscovery,
    probe: AsyncMock,
    data: bytes,
    counter: str,
) -> None:
    await inject(hass, slp, data)
    probe.assert_not_awaited()
    assert discovery_flows(hass) == []
    assert slp.counters.as_dict()[counter] == 1
    assert slp.counters.datagrams == 1
    assert slp.counters.flows_started == 0


async def test_configured_hosts_are_not_probed(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    MockConfigEntry(
        domain=DOMAIN,
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: "192.0.2.50",
            CONF_PORT: 2202,
        },
        unique_id="slxd4de_rack_a",
    ).add_to_hass(hass)
    await inject(hass, slp, shure_announcement(ip="192.0.2.50"))
    probe.assert_not_awaited()
    assert slp.counters.known_host == 1
    # Only the exact host is skipped: a receiver at a new address is probed.
    await inject(hass, slp, shure_announcement(ip="192.0.2.55"))
    assert probe.await_args is not None
    assert probe.await_args.args[0] == "192.0.2.55"
    # ... and the config flow finds it is the configured one (no new flow).
    assert discovery_flows(hass) == []


async def test_dedup_table_stays_bounded(
    hass: HomeAssistant, slp: SlpDiscovery
) -> None:
    with patch(
        "custom_components.micboard.receiver.discovery.discovery_flow.async_create_flow"
    ):
        for number in range(MAX_REMEMBERED_HOSTS + 10):
            host = str(ipaddress.IPv4Address("10.0.0.1") + number)
            await inject(hass, slp, shure_announcement(ip=host))
    assert slp.counters.flows_started == MAX_REMEMBERED_HOSTS + 10
    assert len(slp._seen) <= MAX_REMEMBERED_HOSTS


# -- real sockets ---------------------------------------------------------


async def test_real_udp_datagram_reaches_the_listener(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    address = slp.address
    assert address is not None
    assert address[0] == LOOPBACK
    assert address[1] != 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(shure_announcement("ULXD4Q_RX", ip=None), address)
    await wait_for(hass, lambda: probe.await_count == 1)
    assert probe.await_args is not None
    assert probe.await_args.args[:2] == (LOOPBACK, 2202)
    assert slp.counters.datagrams == 1


async def test_real_multicast_datagram_reaches_the_listener(
    hass: HomeAssistant, socket_enabled: None, probe: AsyncMock
) -> None:
    """Joined to the SLP group on the loopback interface; TTL 0 stays on this host."""
    discovery = await async_start_discovery(
        hass,
        DiscoverySettings(bind_host=SLP_MULTICAST_GROUP, port=0, interface=LOOPBACK),
    )
    try:
        assert discovery.running
        address = discovery.address
        assert address is not None
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.setsockopt(
                socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(LOOPBACK)
            )
            sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 0)
            sender.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            sender.sendto(
                shure_announcement("AD4Q_RX", ip="192.0.2.70"),
                (SLP_MULTICAST_GROUP, address[1]),
            )
        await wait_for(hass, lambda: probe.await_count == 1)
        assert probe.await_args is not None
        assert probe.await_args.args[:2] == ("192.0.2.70", 2202)
    finally:
        discovery.async_stop()


async def test_announcement_to_entry_end_to_end(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """UDP announcement -> flow -> real probe of the simulator -> confirm -> entry."""
    discovery = await async_start_discovery(
        hass,
        DiscoverySettings(bind_host=LOOPBACK, port=0, command_port=receiver_sim.port),
    )
    address = discovery.address
    assert address is not None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(shure_announcement(f"{receiver_sim.model}_RX", ip=None), address)

    def confirm_shown() -> bool:
        return any(f["step_id"] == "discovery_confirm" for f in discovery_flows(hass))

    await wait_for(hass, confirm_shown)
    (flow,) = discovery_flows(hass)
    context = flow["context"]
    assert isinstance(context, dict)
    assert context["unique_id"] == (
        f"{receiver_sim.model}_{receiver_sim.device_id}".casefold()
    )

    result = await hass.config_entries.flow.async_configure(str(flow["flow_id"]), {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_ENTRY_KIND: EntryKind.RECEIVER,
        CONF_HOST: LOOPBACK,
        CONF_PORT: receiver_sim.port,
    }
    assert result["title"] == f"{receiver_sim.device_id} ({receiver_sim.model})"
    entry = result["result"]
    await hass.async_block_till_done()
    try:
        assert entry.state is ConfigEntryState.LOADED
        # async_setup ran and kept the listener started above, not a second one.
        assert hass.data[DATA_DISCOVERY] is discovery
        assert discovery.running
        # The receiver announces again: its host is configured now, no new flow.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(
                shure_announcement(f"{receiver_sim.model}_RX", ip=None), address
            )
        await wait_for(hass, lambda: discovery.counters.datagrams == 2)
        assert discovery.counters.known_host == 1
        assert discovery_flows(hass) == []
    finally:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        discovery.async_stop()


async def test_receiver_discovered_at_a_new_address_updates_its_entry(
    hass: HomeAssistant, receiver_sim: ReceiverSimulator
) -> None:
    """Added by hand at an old address, announced at a new one: same entry."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"{receiver_sim.device_id} ({receiver_sim.model})",
        data={
            CONF_ENTRY_KIND: EntryKind.RECEIVER,
            CONF_HOST: "192.0.2.77",
            CONF_PORT: 2202,
        },
        options=default_receiver_options(),
        unique_id=f"{receiver_sim.model}_{receiver_sim.device_id}".casefold(),
    )
    entry.add_to_hass(hass)
    discovery = await async_start_discovery(
        hass,
        DiscoverySettings(bind_host=LOOPBACK, port=0, command_port=receiver_sim.port),
    )
    try:
        await inject(
            hass, discovery, shure_announcement("ULXD4Q_RX", ip=None), LOOPBACK
        )
        await wait_for(hass, lambda: entry.data[CONF_HOST] == LOOPBACK)
        assert entry.data[CONF_PORT] == receiver_sim.port
        assert len(hass.config_entries.async_entries(DOMAIN)) == 1
        assert discovery_flows(hass) == []
        assert discovery.counters.flows_started == 1
    finally:
        discovery.async_stop()


# -- failure to listen never breaks Home Assistant ------------------------


async def test_busy_port_leaves_home_assistant_running(
    hass: HomeAssistant,
    socket_enabled: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the integration's async_setup: a warning once, no traceback."""
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as blocker:
        blocker.bind((LOOPBACK, 0))
        port = int(blocker.getsockname()[1])
        monkeypatch.setattr(
            discovery_module,
            "DEFAULT_SETTINGS",
            DiscoverySettings(bind_host=LOOPBACK, port=port),
        )
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        discovery = hass.data[DATA_DISCOVERY]
        assert not discovery.running
        assert discovery.settings.port == port
        await async_start_discovery(hass)  # a second call does not retry or log
    assert hass.state is CoreState.running
    assert DOMAIN in hass.config.components
    records = off_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert str(port) in records[0].getMessage()
    assert "in use" in records[0].getMessage()
    assert "Traceback" not in caplog.text


async def test_multicast_unavailable_is_logged_once_and_releases_the_port(
    hass: HomeAssistant, socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Joining fails (not a multicast group): info, no traceback, socket closed."""
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    port = free_udp_port()
    discovery = await async_start_discovery(
        hass, DiscoverySettings(bind_host=LOOPBACK, port=port, group="192.0.2.1")
    )
    assert not discovery.running
    assert discovery.address is None
    assert port_is_free(port)
    records = off_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert records[0].exc_info is None


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENODEV, "No such device"),  # no multicast route
        OSError(errno.EAFNOSUPPORT, "Address family not supported by protocol"),
        OSError(errno.EACCES, "Permission denied"),
        RuntimeError("sockets are not allowed here"),  # sandboxes, pytest-socket
    ],
)
async def test_socket_failure_still_sets_up(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, error: Exception
) -> None:
    """The real default (0.0.0.0:8427) when the socket cannot be had."""
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    with patch(
        "custom_components.micboard.shure.slp.listener.open_multicast_socket",
        side_effect=error,
    ) as open_socket:
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
    settings = DiscoverySettings()
    open_socket.assert_called_once_with(
        bind_host=settings.bind_host,
        port=settings.port,
        group=settings.group,
        interface=settings.interface,
    )
    discovery = hass.data[DATA_DISCOVERY]
    assert discovery.settings.bind_host == "0.0.0.0"  # noqa: S104 - the real default
    assert discovery.settings.port == 8427
    assert discovery.settings.group == "239.255.254.253"
    assert not discovery.running
    assert hass.state is CoreState.running
    records = off_records(caplog)
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert records[0].exc_info is None
    assert str(error) in records[0].getMessage()


async def test_listener_starts_from_async_setup_and_stops_with_home_assistant(
    hass: HomeAssistant, socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_udp_port()
    monkeypatch.setattr(
        discovery_module,
        "DEFAULT_SETTINGS",
        DiscoverySettings(bind_host=LOOPBACK, port=port),
    )
    assert await async_setup_component(hass, DOMAIN, {})
    discovery = hass.data[DATA_DISCOVERY]
    assert discovery.running
    assert discovery.address == (LOOPBACK, port)
    assert not port_is_free(port)
    assert await discovery.async_start()  # already listening: no second socket

    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert not discovery.running
    assert port_is_free(port)
    discovery.async_stop()  # harmless after the stop event
    assert not discovery.running


async def test_transport_failure_closes_the_socket(
    hass: HomeAssistant, socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    port = free_udp_port()
    with patch.object(
        hass.loop,
        "create_datagram_endpoint",
        side_effect=OSError(errno.ENOBUFS, "No buffer space available"),
    ):
        discovery = await async_start_discovery(
            hass, DiscoverySettings(bind_host=LOOPBACK, port=port)
        )
    assert not discovery.running
    assert port_is_free(port)
    records = off_records(caplog)
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "No buffer space" in records[0].getMessage()


async def test_socket_errors_reported_later_are_harmless(
    hass: HomeAssistant, slp: SlpDiscovery, probe: AsyncMock
) -> None:
    slp.protocol.error_received(ConnectionRefusedError("ICMP port unreachable"))
    assert slp.running
    await inject(hass, slp, shure_announcement(ip="192.0.2.50"))
    probe.assert_awaited_once()
