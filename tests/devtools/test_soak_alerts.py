"""Lost and doubled alerts on synthetic sequences."""

from __future__ import annotations

from soak.alerts import AlertLedger, FaultWindow


def _ledger(*alerts: tuple[str, str, float]) -> AlertLedger:
    ledger = AlertLedger()
    for entity, kind, at in alerts:
        ledger.record(entity, kind, at)
    return ledger


def test_expected_alert_once_is_fine_missing_is_lost_twice_is_doubled() -> None:
    """A cut receiver's two channels: one fires once, one never, one twice."""
    ledger = _ledger(
        ("event.ch1_alert", "receiver_offline", 12.0),
        ("event.ch3_alert", "receiver_offline", 12.5),
        ("event.ch3_alert", "receiver_offline", 14.0),
        ("event.ch2_alert", "receiver_offline", 40.0),  # after the window
    )
    window = FaultWindow(
        "cut",
        10.0,
        30.0,
        expected={
            ("event.ch1_alert", "receiver_offline"),
            ("event.ch2_alert", "receiver_offline"),
            ("event.ch3_alert", "receiver_offline"),
        },
    )
    verdict = ledger.judge(window)
    assert verdict.lost == ["cut: receiver_offline on event.ch2_alert never fired"]
    assert verdict.doubled == ["cut: receiver_offline on event.ch3_alert fired 2 times"]


def test_refire_after_reconnect_is_doubled_a_new_transition_is_not() -> None:
    """Watched entities: the same alert as the entity's previous one is a
    re-fire; a different type, or a first alert, is a real transition."""
    ledger = _ledger(
        ("event.dev1_alert", "battery_low", 5.0),
        ("event.dev2_alert", "battery_low", 6.0),
        ("event.dev1_alert", "battery_low", 55.0),
        ("event.dev2_alert", "battery_critical", 56.0),
        ("event.dev3_alert", "battery_low", 57.0),
    )
    watched = frozenset({"event.dev1_alert", "event.dev2_alert", "event.dev3_alert"})
    verdict = ledger.judge(FaultWindow("api", 50.0, 70.0, refire_watch=watched))
    assert verdict.lost == []
    assert len(verdict.doubled) == 1
    assert verdict.doubled[0].startswith(
        "api: battery_low on event.dev1_alert fired again"
    )


def test_periodic_status_alert_is_a_refire_only_soon_after() -> None:
    """The scripted MQTT warning comes back every 120 s: not a re-fire then."""
    watched = frozenset({"event.foyer_alert"})
    late = _ledger(
        ("event.foyer_alert", "status_warning", 0.0),
        ("event.foyer_alert", "status_warning", 121.0),
    )
    assert (
        late.judge(FaultWindow("mqtt", 115.0, 130.0, refire_watch=watched)).doubled
        == []
    )
    soon = _ledger(
        ("event.foyer_alert", "status_warning", 100.0),
        ("event.foyer_alert", "status_warning", 121.0),
    )
    assert (
        len(soon.judge(FaultWindow("mqtt", 115.0, 130.0, refire_watch=watched)).doubled)
        == 1
    )
