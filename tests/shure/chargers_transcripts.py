"""Charger transcripts, built from Shure's published command-string examples.

Sources, as cited in docs/chargers.md:

- Shure, "SBC220/SBC240 command strings" (pubs.shure.com/command-strings/SBC220-240):
  TCP 2202, `< GET x ALL >` with x = 0 for everything or a bay number,
  device-level `MODEL`, `DEVICE_ID` (braced, space padded), `FW_VER`, and
  the charger pushing `< REP 1 BATT_TIME_TO_FULL 00107 >` then `00106`,
  `00105` as the minutes count down, with no GET in between. `SAMPLE` is
  "not applicable".
- Frames of a real SBC220 (firmware 1.4.53) as a public charger driver's
  tests record them, in the order the charger sends a bay: a healthy bay
  (`FULL`, 100 %, 362 cycles, health 084), a faulted one (`ERROR`, 254 in
  every byte value, 65534 in the time to full and cycles, `BATT_ERROR 007`),
  removal (`BATT_DETECTED NO`), `< REP STORAGE_MODE ON >` and `< REP ERR >`
  as the answer to `METER_RATE`.

The device-level frames are padded to the widths the SBC command-string
pages give (model 32, device id 31, firmware 24 characters); the bays of
the second linked unit (3, 4) follow the same per-bay order.
"""

from __future__ import annotations

from .commandstrings_transcripts import wire

SBC220_IDENTITY = (
    "< REP MODEL {SBC220                          } >",
    "< REP DEVICE_ID {MA: 5-8                        } >",
    "< REP FW_VER {1.4.53                  } >",
)

HEALTHY_BAY_1 = (
    "< REP 1 BATT_DETECTED YES >",
    "< REP 1 BATT_TIME_TO_FULL 65529 >",
    "< REP 1 BATT_STATE FULL >",
    "< REP 1 BATT_CHARGE 100 >",
    "< REP 1 BATT_CYCLE 00362 >",
    "< REP 1 BATT_TEMP_F 115 >",
    "< REP 1 BATT_HEALTH 084 >",
    "< REP 1 BATT_BARS 005 >",
    "< REP 1 BATT_ERROR 000 >",
)

CHARGING_BAY_2 = (
    "< REP 2 BATT_DETECTED YES >",
    "< REP 2 BATT_TIME_TO_FULL 00108 >",
    "< REP 2 BATT_STATE NORMAL >",
    "< REP 2 BATT_CHARGE 041 >",
    "< REP 2 BATT_CYCLE 00012 >",
    "< REP 2 BATT_TEMP_F 095 >",
    "< REP 2 BATT_HEALTH 098 >",
    "< REP 2 BATT_BARS 003 >",
    "< REP 2 BATT_ERROR 000 >",
)

EMPTY_BAY_3 = (
    "< REP 3 BATT_DETECTED NO >",
    "< REP 3 BATT_TIME_TO_FULL 65535 >",
    "< REP 3 BATT_STATE NO_BATT >",
    "< REP 3 BATT_CHARGE 255 >",
    "< REP 3 BATT_CYCLE 65535 >",
    "< REP 3 BATT_TEMP_F 255 >",
    "< REP 3 BATT_HEALTH 255 >",
    "< REP 3 BATT_BARS 255 >",
    "< REP 3 BATT_ERROR 255 >",
)

FAULTED_BAY_4 = (
    "< REP 4 BATT_DETECTED YES >",
    "< REP 4 BATT_TIME_TO_FULL 65534 >",
    "< REP 4 BATT_STATE ERROR >",
    "< REP 4 BATT_CHARGE 254 >",
    "< REP 4 BATT_CYCLE 65534 >",
    "< REP 4 BATT_TEMP_F 254 >",
    "< REP 4 BATT_HEALTH 254 >",
    "< REP 4 BATT_BARS 254 >",
    "< REP 4 BATT_ERROR 007 >",
)

SBC220_PAIR_ALL = wire(
    *SBC220_IDENTITY,
    "< REP STORAGE_MODE OFF >",
    *HEALTHY_BAY_1,
    *CHARGING_BAY_2,
    *EMPTY_BAY_3,
    *FAULTED_BAY_4,
)
"""`GET 0 ALL` of two linked SBC220 units (bays 1..4)."""

COUNTDOWN = wire(
    "< REP 2 BATT_TIME_TO_FULL 00107 >",
    "< REP 2 BATT_TIME_TO_FULL 00106 >",
    "< REP 2 BATT_TIME_TO_FULL 00105 >",
)
"""Pushed by the charger as the minutes count down (Shure's own example)."""

REMOVAL = wire("< REP 4 BATT_DETECTED NO >")
STORAGE_ON = wire("< REP STORAGE_MODE ON >")
METER_RATE_REFUSED = wire("< REP ERR >")
