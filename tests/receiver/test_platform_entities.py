"""Every entity a receiver entry creates, platform by platform (a snapshot).

The tables are written out by hand from what Home Assistant registers, checked
against docs/receivers.md: a restructure that loses, renames or re-categorises
an entity fails here. Columns: entity id | unique id | name | entity category
| disabled by (`-` is none). Four families: ULXD4Q (4 channels), SLXD4 (no
battery %, no mute or interference reports), AD4D (signal quality, channel
identify) and QLXD4 (no mute switch, no identify).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..registry_snapshot import current_states, registry_rows, table

pytestmark = pytest.mark.parametrize(
    "receiver_model", ["ULXD4Q", "SLXD4", "AD4D", "QLXD4"]
)


@pytest.fixture
def receiver_static() -> bool:
    """A receiver at rest (seed 7), so the states below are the same every run."""
    return True


SENSORS = {
    "ULXD4Q": """
        sensor.bp02_ann_audio_level     | ULXD4Q-2_audio_level     | Audio level     | - | integration
        sensor.bp02_ann_battery         | ULXD4Q-2_battery         | Battery         | - | -
        sensor.bp02_ann_battery_bars    | ULXD4Q-2_battery_bars    | Battery bars    | - | -
        sensor.bp02_ann_battery_runtime | ULXD4Q-2_battery_runtime | Battery runtime | - | -
        sensor.bp02_ann_frequency       | ULXD4Q-2_frequency       | Frequency       | - | -
        sensor.bp02_ann_rf_level        | ULXD4Q-2_rf_level        | RF level        | - | -
        sensor.bp04_kim_audio_level     | ULXD4Q-4_audio_level     | Audio level     | - | integration
        sensor.bp04_kim_battery         | ULXD4Q-4_battery         | Battery         | - | -
        sensor.bp04_kim_battery_bars    | ULXD4Q-4_battery_bars    | Battery bars    | - | -
        sensor.bp04_kim_battery_runtime | ULXD4Q-4_battery_runtime | Battery runtime | - | -
        sensor.bp04_kim_frequency       | ULXD4Q-4_frequency       | Frequency       | - | -
        sensor.bp04_kim_rf_level        | ULXD4Q-4_rf_level        | RF level        | - | -
        sensor.h01_dave_audio_level     | ULXD4Q-1_audio_level     | Audio level     | - | integration
        sensor.h01_dave_battery         | ULXD4Q-1_battery         | Battery         | - | -
        sensor.h01_dave_battery_bars    | ULXD4Q-1_battery_bars    | Battery bars    | - | -
        sensor.h01_dave_battery_runtime | ULXD4Q-1_battery_runtime | Battery runtime | - | -
        sensor.h01_dave_frequency       | ULXD4Q-1_frequency       | Frequency       | - | -
        sensor.h01_dave_rf_level        | ULXD4Q-1_rf_level        | RF level        | - | -
        sensor.h03_sam_audio_level      | ULXD4Q-3_audio_level     | Audio level     | - | integration
        sensor.h03_sam_battery          | ULXD4Q-3_battery         | Battery         | - | -
        sensor.h03_sam_battery_bars     | ULXD4Q-3_battery_bars    | Battery bars    | - | -
        sensor.h03_sam_battery_runtime  | ULXD4Q-3_battery_runtime | Battery runtime | - | -
        sensor.h03_sam_frequency        | ULXD4Q-3_frequency       | Frequency       | - | -
        sensor.h03_sam_rf_level         | ULXD4Q-3_rf_level        | RF level        | - | -
    """,
    "SLXD4": """
        sensor.h01_dave_audio_level     | SLXD4-1_audio_level     | Audio level     | - | integration
        sensor.h01_dave_battery_bars    | SLXD4-1_battery_bars    | Battery bars    | - | -
        sensor.h01_dave_battery_runtime | SLXD4-1_battery_runtime | Battery runtime | - | -
        sensor.h01_dave_frequency       | SLXD4-1_frequency       | Frequency       | - | -
        sensor.h01_dave_rf_level        | SLXD4-1_rf_level        | RF level        | - | -
    """,
    "AD4D": """
        sensor.bp02_anna_audio_level     | AD4D-2_audio_level     | Audio level     | - | integration
        sensor.bp02_anna_battery         | AD4D-2_battery         | Battery         | - | -
        sensor.bp02_anna_battery_bars    | AD4D-2_battery_bars    | Battery bars    | - | -
        sensor.bp02_anna_battery_runtime | AD4D-2_battery_runtime | Battery runtime | - | -
        sensor.bp02_anna_frequency       | AD4D-2_frequency       | Frequency       | - | -
        sensor.bp02_anna_rf_level        | AD4D-2_rf_level        | RF level        | - | -
        sensor.bp02_anna_signal_quality  | AD4D-2_signal_quality  | Signal quality  | - | -
        sensor.h01_dave_audio_level      | AD4D-1_audio_level     | Audio level     | - | integration
        sensor.h01_dave_battery          | AD4D-1_battery         | Battery         | - | -
        sensor.h01_dave_battery_bars     | AD4D-1_battery_bars    | Battery bars    | - | -
        sensor.h01_dave_battery_runtime  | AD4D-1_battery_runtime | Battery runtime | - | -
        sensor.h01_dave_frequency        | AD4D-1_frequency       | Frequency       | - | -
        sensor.h01_dave_rf_level         | AD4D-1_rf_level        | RF level        | - | -
        sensor.h01_dave_signal_quality   | AD4D-1_signal_quality  | Signal quality  | - | -
    """,
    "QLXD4": """
        sensor.h01_dave_audio_level     | QLXD4-1_audio_level     | Audio level     | - | integration
        sensor.h01_dave_battery         | QLXD4-1_battery         | Battery         | - | -
        sensor.h01_dave_battery_bars    | QLXD4-1_battery_bars    | Battery bars    | - | -
        sensor.h01_dave_battery_runtime | QLXD4-1_battery_runtime | Battery runtime | - | -
        sensor.h01_dave_frequency       | QLXD4-1_frequency       | Frequency       | - | -
        sensor.h01_dave_rf_level        | QLXD4-1_rf_level        | RF level        | - | -
    """,
}
# RF level is left out: whether the first meter reading is in yet is a race.
# A disabled entity (Audio level) has no state.
SENSOR_STATES = {
    "ULXD4Q": {
        "sensor.h01_dave_audio_level": None,
        "sensor.h01_dave_battery": "69",
        "sensor.h01_dave_battery_bars": "4",
        "sensor.h01_dave_battery_runtime": "331",
        "sensor.h01_dave_frequency": "472.625",
        "sensor.bp02_ann_battery": "94",
        "sensor.bp02_ann_battery_bars": "5",
        "sensor.bp02_ann_frequency": "474.275",
        "sensor.bp04_kim_frequency": "477.575",
    },
    "SLXD4": {
        "sensor.h01_dave_audio_level": None,
        "sensor.h01_dave_battery_bars": "4",
        "sensor.h01_dave_battery_runtime": "331",
        "sensor.h01_dave_frequency": "472.5",
    },
    "AD4D": {
        "sensor.h01_dave_audio_level": None,
        "sensor.h01_dave_battery": "69",
        "sensor.h01_dave_signal_quality": "5",
        "sensor.bp02_anna_battery_runtime": "451",
        "sensor.bp02_anna_frequency": "474.15",
    },
    "QLXD4": {
        "sensor.h01_dave_audio_level": None,
        "sensor.h01_dave_battery": "69",
        "sensor.h01_dave_frequency": "472.625",
    },
}


async def test_sensor_entities(
    hass: HomeAssistant, receiver_model: str, receiver_setup: MockConfigEntry
) -> None:
    """Per channel: battery (not SLX-D), bars, runtime, RF, audio, frequency, quality (AD)."""
    assert registry_rows(hass, receiver_setup, "sensor") == table(
        SENSORS[receiver_model]
    )
    expected = SENSOR_STATES[receiver_model]
    assert current_states(hass, expected) == expected


BINARY_SENSORS = {
    "ULXD4Q": """
        binary_sensor.bp02_ann_battery_low  | ULXD4Q-2_battery_low  | Battery low  | - | -
        binary_sensor.bp02_ann_interference | ULXD4Q-2_interference | Interference | - | -
        binary_sensor.bp02_ann_muted        | ULXD4Q-2_muted        | Muted        | - | -
        binary_sensor.bp02_ann_transmitter  | ULXD4Q-2_transmitter  | Transmitter  | - | -
        binary_sensor.bp04_kim_battery_low  | ULXD4Q-4_battery_low  | Battery low  | - | -
        binary_sensor.bp04_kim_interference | ULXD4Q-4_interference | Interference | - | -
        binary_sensor.bp04_kim_muted        | ULXD4Q-4_muted        | Muted        | - | -
        binary_sensor.bp04_kim_transmitter  | ULXD4Q-4_transmitter  | Transmitter  | - | -
        binary_sensor.h01_dave_battery_low  | ULXD4Q-1_battery_low  | Battery low  | - | -
        binary_sensor.h01_dave_interference | ULXD4Q-1_interference | Interference | - | -
        binary_sensor.h01_dave_muted        | ULXD4Q-1_muted        | Muted        | - | -
        binary_sensor.h01_dave_transmitter  | ULXD4Q-1_transmitter  | Transmitter  | - | -
        binary_sensor.h03_sam_battery_low   | ULXD4Q-3_battery_low  | Battery low  | - | -
        binary_sensor.h03_sam_interference  | ULXD4Q-3_interference | Interference | - | -
        binary_sensor.h03_sam_muted         | ULXD4Q-3_muted        | Muted        | - | -
        binary_sensor.h03_sam_transmitter   | ULXD4Q-3_transmitter  | Transmitter  | - | -
        binary_sensor.ulxd4q_online         | ULXD4Q_online         | Online       | - | -
    """,
    "SLXD4": """
        binary_sensor.h01_dave_battery_low | SLXD4-1_battery_low | Battery low | - | -
        binary_sensor.h01_dave_transmitter | SLXD4-1_transmitter | Transmitter | - | -
        binary_sensor.slxd4_online         | SLXD4_online        | Online      | - | -
    """,
    "AD4D": """
        binary_sensor.ad4d_online            | AD4D_online         | Online       | - | -
        binary_sensor.bp02_anna_battery_low  | AD4D-2_battery_low  | Battery low  | - | -
        binary_sensor.bp02_anna_interference | AD4D-2_interference | Interference | - | -
        binary_sensor.bp02_anna_muted        | AD4D-2_muted        | Muted        | - | -
        binary_sensor.bp02_anna_transmitter  | AD4D-2_transmitter  | Transmitter  | - | -
        binary_sensor.h01_dave_battery_low   | AD4D-1_battery_low  | Battery low  | - | -
        binary_sensor.h01_dave_interference  | AD4D-1_interference | Interference | - | -
        binary_sensor.h01_dave_muted         | AD4D-1_muted        | Muted        | - | -
        binary_sensor.h01_dave_transmitter   | AD4D-1_transmitter  | Transmitter  | - | -
    """,
    "QLXD4": """
        binary_sensor.h01_dave_battery_low  | QLXD4-1_battery_low  | Battery low  | - | -
        binary_sensor.h01_dave_interference | QLXD4-1_interference | Interference | - | -
        binary_sensor.h01_dave_muted        | QLXD4-1_muted        | Muted        | - | -
        binary_sensor.h01_dave_transmitter  | QLXD4-1_transmitter  | Transmitter  | - | -
        binary_sensor.qlxd4_online          | QLXD4_online         | Online       | - | -
    """,
}
BINARY_SENSOR_STATES = {
    "ULXD4Q": {
        "binary_sensor.ulxd4q_online": "on",
        "binary_sensor.h01_dave_battery_low": "off",
        "binary_sensor.h01_dave_interference": "off",
        "binary_sensor.h01_dave_muted": "off",
        "binary_sensor.h01_dave_transmitter": "on",
        "binary_sensor.bp04_kim_transmitter": "on",
    },
    "SLXD4": {
        "binary_sensor.slxd4_online": "on",
        "binary_sensor.h01_dave_battery_low": "off",
        "binary_sensor.h01_dave_transmitter": "on",
    },
    "AD4D": {
        "binary_sensor.ad4d_online": "on",
        "binary_sensor.bp02_anna_muted": "off",
        "binary_sensor.bp02_anna_transmitter": "on",
    },
    "QLXD4": {
        "binary_sensor.qlxd4_online": "on",
        "binary_sensor.h01_dave_muted": "off",
    },
}


async def test_binary_sensor_entities(
    hass: HomeAssistant, receiver_model: str, receiver_setup: MockConfigEntry
) -> None:
    """Online on the receiver; battery low, transmitter, muted, interference per channel."""
    assert registry_rows(hass, receiver_setup, "binary_sensor") == table(
        BINARY_SENSORS[receiver_model]
    )
    expected = BINARY_SENSOR_STATES[receiver_model]
    assert current_states(hass, expected) == expected


EVENTS = {
    "ULXD4Q": """
        event.bp02_ann_alert | ULXD4Q-2_alert | Alert | - | -
        event.bp04_kim_alert | ULXD4Q-4_alert | Alert | - | -
        event.h01_dave_alert | ULXD4Q-1_alert | Alert | - | -
        event.h03_sam_alert  | ULXD4Q-3_alert | Alert | - | -
    """,
    "SLXD4": """
        event.h01_dave_alert | SLXD4-1_alert | Alert | - | -
    """,
    "AD4D": """
        event.bp02_anna_alert | AD4D-2_alert | Alert | - | -
        event.h01_dave_alert  | AD4D-1_alert | Alert | - | -
    """,
    "QLXD4": """
        event.h01_dave_alert | QLXD4-1_alert | Alert | - | -
    """,
}


async def test_event_entities(
    hass: HomeAssistant, receiver_model: str, receiver_setup: MockConfigEntry
) -> None:
    """One Alert per channel; a healthy receiver fires none when it is added."""
    assert registry_rows(hass, receiver_setup, "event") == table(EVENTS[receiver_model])
    alerts = [row[0] for row in table(EVENTS[receiver_model])]
    assert current_states(hass, alerts) == dict.fromkeys(alerts, "unknown")
    state = hass.states.get("event.h01_dave_alert")
    assert state is not None
    assert state.attributes["event_types"] == [
        "battery_low",
        "battery_critical",
        "rf_lost",
        "transmitter_off",
        "interference",
        "receiver_offline",
        "status_warning",
        "status_error",
    ]


SWITCHES = {
    "ULXD4Q": """
        switch.bp02_ann_audio_mute | ULXD4Q-2_audio_mute | Audio mute | - | -
        switch.bp04_kim_audio_mute | ULXD4Q-4_audio_mute | Audio mute | - | -
        switch.h01_dave_audio_mute | ULXD4Q-1_audio_mute | Audio mute | - | -
        switch.h03_sam_audio_mute  | ULXD4Q-3_audio_mute | Audio mute | - | -
    """,
    # SLX-D and QLX-D cannot mute their outputs.
    "SLXD4": "",
    "AD4D": """
        switch.bp02_anna_audio_mute | AD4D-2_audio_mute | Audio mute | - | -
        switch.h01_dave_audio_mute  | AD4D-1_audio_mute | Audio mute | - | -
    """,
    "QLXD4": "",
}
SWITCH_STATES = {
    "ULXD4Q": {
        "switch.h01_dave_audio_mute": "off",
        "switch.bp04_kim_audio_mute": "off",
    },
    "SLXD4": {},
    "AD4D": {"switch.bp02_anna_audio_mute": "off"},
    "QLXD4": {},
}


async def test_switch_entities(
    hass: HomeAssistant, receiver_model: str, control_setup: MockConfigEntry
) -> None:
    """With control allowed: an Audio mute switch per channel where the family mutes."""
    assert registry_rows(hass, control_setup, "switch") == table(
        SWITCHES[receiver_model]
    )
    expected = SWITCH_STATES[receiver_model]
    assert current_states(hass, expected) == expected


NUMBERS = {
    "ULXD4Q": """
        number.bp02_ann_audio_gain | ULXD4Q-2_audio_gain | Audio gain | config | -
        number.bp04_kim_audio_gain | ULXD4Q-4_audio_gain | Audio gain | config | -
        number.h01_dave_audio_gain | ULXD4Q-1_audio_gain | Audio gain | config | -
        number.h03_sam_audio_gain  | ULXD4Q-3_audio_gain | Audio gain | config | -
    """,
    "SLXD4": """
        number.h01_dave_audio_gain | SLXD4-1_audio_gain | Audio gain | config | -
    """,
    "AD4D": """
        number.bp02_anna_audio_gain | AD4D-2_audio_gain | Audio gain | config | -
        number.h01_dave_audio_gain  | AD4D-1_audio_gain | Audio gain | config | -
    """,
    "QLXD4": """
        number.h01_dave_audio_gain | QLXD4-1_audio_gain | Audio gain | config | -
    """,
}


async def test_number_entities(
    hass: HomeAssistant, receiver_model: str, control_setup: MockConfigEntry
) -> None:
    """With control allowed: an Audio gain per channel, -18 to 42 dB in 1 dB steps."""
    assert registry_rows(hass, control_setup, "number") == table(
        NUMBERS[receiver_model]
    )
    state = hass.states.get("number.h01_dave_audio_gain")
    assert state is not None
    assert state.state == "0"
    assert {
        key: state.attributes[key]
        for key in ("min", "max", "step", "mode", "unit_of_measurement")
    } == {
        "min": -18,
        "max": 42,
        "step": 1,
        "mode": "slider",
        "unit_of_measurement": "dB",
    }


BUTTONS = {
    # ULX-D flashes the whole receiver only.
    "ULXD4Q": """
        button.ulxd4q_identify | ULXD4Q_identify | Identify | config | -
    """,
    "SLXD4": """
        button.h01_dave_identify | SLXD4-1_identify | Identify | config | -
        button.slxd4_identify    | SLXD4_identify   | Identify | config | -
    """,
    "AD4D": """
        button.ad4d_identify      | AD4D_identify   | Identify | config | -
        button.bp02_anna_identify | AD4D-2_identify | Identify | config | -
        button.h01_dave_identify  | AD4D-1_identify | Identify | config | -
    """,
    # QLX-D cannot flash at all.
    "QLXD4": "",
}


async def test_button_entities(
    hass: HomeAssistant, receiver_model: str, control_setup: MockConfigEntry
) -> None:
    """With control allowed: Identify on the receiver and channels that can flash."""
    expected = table(BUTTONS[receiver_model])
    assert registry_rows(hass, control_setup, "button") == expected
    buttons = [row[0] for row in expected]
    assert current_states(hass, buttons) == dict.fromkeys(buttons, "unknown")
