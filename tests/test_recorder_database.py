"""The recorder on a real PostgreSQL server and on SQLite, fed by real simulators.

Each test runs once per database: SQLite (a file in the test's temporary
directory) and PostgreSQL (a throwaway cluster for the session,
tests/postgres_server.py, a new database per test). A simulated receiver
meters at 10 Hz over real sockets; telemetry arrives through a real
mosquitto. Rows are read back with the recorder's own schema.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
import itertools
import logging
import os
from pathlib import Path
import time
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.db_schema import (
    StateAttributes,
    States,
    StatesMeta,
    StatisticsMeta,
    StatisticsShortTerm,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance, session_scope
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_purge_done,
    async_wait_recording_done,
    do_adhoc_statistics,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from custom_components.micboard.const import CONF_METER_STATE_INTERVAL, DOMAIN
from custom_components.micboard.mqtt_status.data import mqtt_data
from custom_components.micboard.receiver.meters import RF_LEVEL_BANDS_DBM
from simulator.receivers import ReceiverSimulator

from .broker import publish, publish_until
from .conftest import receiver_entry
from .helpers import entity_id, wait_for
from .postgres_server import PostgresMissingError, PostgresServer, postgres_server

_LOGGER = logging.getLogger(__name__)

METER_STATE_INTERVAL = 1.0  # seconds; samples arrive every 0.1 s
WINDOW = 6.0  # seconds of metering counted
CLOCK_SLACK = 0.05  # seconds: loop timer vs. wall-clock timestamps
CHANNELS = 4  # the ULXD4Q simulator
MEAN_SLACK = 1e-9


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The session's throwaway PostgreSQL server.

    Without server binaries the PostgreSQL runs are skipped, except in CI
    (CI=true), where script/setup has installed them: there it is a failure.
    """
    try:
        with postgres_server() as server:
            yield server
    except PostgresMissingError as err:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the PostgreSQL recorder tests: {err}")
        pytest.skip(f"PostgreSQL server not installed: {err}")


@pytest.fixture(params=["sqlite", "postgresql"])
def recorder_db_url(
    request: pytest.FixtureRequest,
    socket_enabled: None,
    hass_fixture_setup: list[bool],
    tmp_path: Path,
) -> Iterator[str]:
    """The database of this run (overrides the test package's sqlite:// one)."""
    assert not hass_fixture_setup, "the recorder must be prepared before hass"
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'recorder.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    with server.database() as url:
        yield url


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: Any) -> None:
    """Prepare the test recorder (and its database) before hass starts."""


@pytest.fixture
async def metering_receiver(
    hass: HomeAssistant, recorder_mock: Recorder, receiver_sim: ReceiverSimulator
) -> AsyncIterator[MockConfigEntry]:
    """A loaded receiver entry metering at 10 Hz, states at most once a second."""
    entry = receiver_entry(
        receiver_sim, **{CONF_METER_STATE_INTERVAL: METER_STATE_INTERVAL}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@dataclass(frozen=True)
class StateRow:
    """One row of `states`, with its entity and attributes."""

    entity_id: str
    state: str | None
    last_updated_ts: float
    attributes_id: int | None
    shared_attrs: str | None


def _state_rows(session: Session) -> list[StateRow]:
    query = (
        select(
            StatesMeta.entity_id,
            States.state,
            States.last_updated_ts,
            States.attributes_id,
            StateAttributes.shared_attrs,
        )
        .join(StatesMeta, States.metadata_id == StatesMeta.metadata_id)
        .outerjoin(
            StateAttributes, States.attributes_id == StateAttributes.attributes_id
        )
        .order_by(States.last_updated_ts)
    )
    return [StateRow(*row) for row in session.execute(query)]


async def state_rows(hass: HomeAssistant) -> list[StateRow]:
    """Every recorded state row, oldest first (after the recorder caught up)."""
    await async_wait_recording_done(hass)

    def read() -> list[StateRow]:
        with session_scope(hass=hass, read_only=True) as session:
            return _state_rows(session)

    return await get_instance(hass).async_add_executor_job(read)


@dataclass(frozen=True)
class ShortTermRow:
    """One row of `statistics_short_term`."""

    statistic_id: str
    mean: float | None
    min: float | None
    max: float | None


async def short_term_statistics(hass: HomeAssistant) -> list[ShortTermRow]:
    """Every short-term statistics row."""
    await async_wait_recording_done(hass)

    def read() -> list[ShortTermRow]:
        query = select(
            StatisticsMeta.statistic_id,
            StatisticsShortTerm.mean,
            StatisticsShortTerm.min,
            StatisticsShortTerm.max,
        ).join(StatisticsMeta, StatisticsShortTerm.metadata_id == StatisticsMeta.id)
        with session_scope(hass=hass, read_only=True) as session:
            return [ShortTermRow(*row) for row in session.execute(query)]

    return await get_instance(hass).async_add_executor_job(read)


async def send_telemetry(
    hass: HomeAssistant, port: int, user: MockUser, channel: str
) -> None:
    """Temperature and humidity of a channel over MQTT, until its sensors exist."""
    registry = er.async_get(hass)
    await publish_until(
        hass,
        port,
        f"micboard/{user.id}/{channel}/status",
        {"status": "online", "temperature": 21.5, "humidity": 40},
        condition=lambda: (
            registry.async_get_entity_id("sensor", DOMAIN, f"{channel}_humidity")
            is not None
        ),
    )


def _rf_band(state: str | None) -> int | None:
    if state is None or not state.lstrip("-").isdigit():
        return None
    return sum(1 for edge in RF_LEVEL_BANDS_DBM if int(state) >= edge)


def _channel_entities(hass: HomeAssistant, code: str, key: str) -> list[str]:
    return [
        entity_id(hass, "sensor", f"{code}-{number}_{key}")
        for number in range(1, CHANNELS + 1)
    ]


async def test_states_land_and_meters_respect_the_state_interval(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    metering_receiver: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    recorder_db_url: str,
) -> None:
    """Battery, RF and telemetry sensors are recorded; RF at most once a second.

    Two RF rows in the same band are at least the meter state interval apart
    (a band crossing writes at once), and a meter entity's attributes do not
    change with its value, so all its rows share one attributes row.
    """
    code = receiver_sim.device_id
    rf_entities = _channel_entities(hass, code, "rf_level")
    window_start = time.time()
    await asyncio.sleep(WINDOW)  # the loop runs: samples arrive at 10 Hz
    window_end = time.time()
    await send_telemetry(hass, mosquitto, hass_admin_user, f"{code}-1")
    rows = await state_rows(hass)
    recorded = {row.entity_id for row in rows}

    battery = _channel_entities(hass, code, "battery")
    telemetry = [
        entity_id(hass, "sensor", f"{code}-1_temperature"),
        entity_id(hass, "sensor", f"{code}-1_humidity"),
    ]
    assert set(battery + rf_entities + telemetry) <= recorded

    in_window: dict[str, list[StateRow]] = {}
    for row in rows:
        if row.entity_id in rf_entities and (
            window_start <= row.last_updated_ts <= window_end
        ):
            in_window.setdefault(row.entity_id, []).append(row)
    counts = []
    for entity in rf_entities:
        entity_rows = in_window.get(entity, [])
        crossings = 0
        for before, after in itertools.pairwise(entity_rows):
            if _rf_band(before.state) != _rf_band(after.state):
                crossings += 1
                continue
            gap = after.last_updated_ts - before.last_updated_ts
            assert gap >= METER_STATE_INTERVAL - CLOCK_SLACK, (entity, gap)
        assert len(entity_rows) <= WINDOW / METER_STATE_INTERVAL + 2 + crossings
        counts.append(len(entity_rows))
        all_rows = [row for row in rows if row.entity_id == entity]
        assert len({row.attributes_id for row in all_rows}) == 1, entity
    measured = window_end - window_start
    _LOGGER.info(
        "%s: RF level rows per entity in %.1f s at 10 Hz samples, interval %.1f s: "
        "%s (%.0f per hour)",
        recorder_db_url.split(":", 1)[0],
        measured,
        METER_STATE_INTERVAL,
        counts,
        max(counts) * 3600 / measured,
    )
    assert max(counts) >= 2  # the window did see metering


def _period_starts(first: datetime, last: datetime) -> list[datetime]:
    """The 5-minute statistics periods from the one holding `first` to `last`'s."""
    start = first.replace(
        minute=first.minute - first.minute % 5, second=0, microsecond=0
    )
    starts = []
    while start <= last:
        starts.append(start)
        start += timedelta(minutes=5)
    return starts


async def test_short_term_statistics_for_measurements_only(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    metering_receiver: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
    recorder_db_url: str,
) -> None:
    """A compile writes mean/min/max for measurement sensors, none for frequency."""
    code = receiver_sim.device_id
    began = dt_util.utcnow()
    await send_telemetry(hass, mosquitto, hass_admin_user, f"{code}-1")
    await asyncio.sleep(3)
    await async_wait_recording_done(hass)
    for start in _period_starts(began, dt_util.utcnow()):
        do_adhoc_statistics(hass, start=start)
    rows = await short_term_statistics(hass)
    compiled = {row.statistic_id for row in rows}

    measured = [
        *_channel_entities(hass, code, "rf_level"),
        *_channel_entities(hass, code, "battery"),
        *_channel_entities(hass, code, "battery_runtime"),
        entity_id(hass, "sensor", f"{code}-1_temperature"),
        entity_id(hass, "sensor", f"{code}-1_humidity"),
    ]
    assert set(measured) <= compiled
    for row in rows:
        if row.statistic_id in measured:
            assert row.min is not None
            assert row.mean is not None
            assert row.max is not None
            # the mean is time-weighted: PostgreSQL's float sum may be 1e-14 off
            assert row.min - MEAN_SLACK <= row.mean <= row.max + MEAN_SLACK, row
    frequencies = set(_channel_entities(hass, code, "frequency"))
    assert not frequencies & compiled
    per_compile = len([row for row in rows if row.statistic_id.startswith("sensor.")])
    _LOGGER.info(
        "%s: short-term statistics rows for one receiver and one MQTT channel: %d "
        "over %d compile(s)",
        recorder_db_url.split(":", 1)[0],
        per_compile,
        len(_period_starts(began, dt_util.utcnow())),
    )


async def test_rejection_counts_are_not_recorded_and_purge_works(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    *,
    receiver_sim: ReceiverSimulator,
    metering_receiver: MockConfigEntry,
    mqtt_status_setup: MockConfigEntry,
    mosquitto: int,
    hass_admin_user: MockUser,
) -> None:
    """Per-reason rejection counts stay out of the database; purge by keep_days.

    keep_days 1 keeps everything written in the last minutes; keep_days 0
    removes every row older than the purge, and recording goes on after it.
    """
    code = receiver_sim.device_id
    processor = mqtt_data(mqtt_status_setup).processor
    await send_telemetry(hass, mosquitto, hass_admin_user, f"{code}-1")
    topic = f"micboard/{hass_admin_user.id}/{code}-1/status"
    await publish(hass, mosquitto, topic, b"not json")
    await wait_for(hass, lambda: processor.rejected.total() >= 1)
    rejected = entity_id(
        hass, "sensor", f"mqtt_status_{mqtt_status_setup.entry_id}_rejected_messages"
    )
    await wait_for(hass, lambda: _state_value(hass, rejected) == "1", timeout=10)
    assert hass.states.get(rejected).attributes["invalid_json"] == 1  # type: ignore[union-attr]
    rows = await state_rows(hass)
    rejected_rows = [row for row in rows if row.entity_id == rejected]
    assert rejected_rows
    for row in rejected_rows:
        assert "invalid_json" not in (row.shared_attrs or "")

    before = len(rows)
    await _purge(hass, keep_days=1)
    assert len(await state_rows(hass)) >= before

    purge_time = time.time()
    await asyncio.sleep(0.1)
    await _purge(hass, keep_days=0)
    remaining = await state_rows(hass)
    assert all(row.last_updated_ts >= purge_time for row in remaining), remaining[:3]
    await asyncio.sleep(2 * METER_STATE_INTERVAL + 0.5)
    after = await state_rows(hass)
    assert any(row.last_updated_ts > purge_time for row in after)


def _state_value(hass: HomeAssistant, entity: str) -> str | None:
    state = hass.states.get(entity)
    return None if state is None else state.state


async def _purge(hass: HomeAssistant, *, keep_days: int) -> None:
    await hass.services.async_call(
        "recorder", "purge", {"keep_days": keep_days, "repack": False}, blocking=True
    )
    await async_wait_purge_done(hass)
