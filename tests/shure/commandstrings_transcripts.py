"""Receiver transcripts per family, built from the command-string documents.

Each is what a receiver sends after `< GET 0 ALL >` plus a few samples, the
way it arrives on the wire: no line breaks, space-padded braced strings.
"""

from __future__ import annotations


def wire(*messages: str) -> bytes:
    """Join messages the way a receiver sends them (no separators)."""
    return "".join(messages).encode("latin-1")


ULXD4D_IDENTITY = (
    "< REP MODEL {ULXD4D                          } >",
    "< REP DEVICE_ID {ULXD-RX1} >",
    "< REP FW_VER {2.4.6                  } >",
    "< REP RF_BAND {G50     } >",
)

ULXD4D_ALL = wire(
    *ULXD4D_IDENTITY,
    "< REP 1 CHAN_NAME {Lead Vox} >",
    "< REP 1 FREQUENCY 0578350 >",
    "< REP 1 GROUP_CHAN 01,02 >",
    "< REP 1 TX_TYPE ULXD2 >",
    "< REP 1 BATT_BARS 004 >",
    "< REP 1 BATT_CHARGE 085 >",
    "< REP 1 BATT_RUN_TIME 00312 >",
    "< REP 1 BATT_HEALTH 098 >",
    "< REP 1 BATT_CYCLE 00012 >",
    "< REP 1 BATT_TYPE LION >",
    "< REP 1 BATT_TEMP_C 032 >",
    "< REP 1 AUDIO_GAIN 030 >",
    "< REP 1 AUDIO_MUTE OFF >",
    "< REP 1 TX_MUTE_STATUS OFF >",
    "< REP 1 RF_INT_DET NONE >",
    "< REP 1 TX_OFFSET 015 >",
    "< REP 1 TX_RF_PWR HIGH >",
    "< REP 1 METER_RATE 00000 >",
    "< REP 2 CHAN_NAME {A>B     } >",
    "< REP 2 FREQUENCY 0590125 >",
    "< REP 2 GROUP_CHAN --,-- >",
    "< REP 2 TX_TYPE UNKNOWN >",
    "< REP 2 BATT_BARS 255 >",
    "< REP 2 BATT_CHARGE 255 >",
    "< REP 2 BATT_RUN_TIME 65535 >",
    "< REP 2 BATT_TYPE UNKN >",
    "< REP 2 AUDIO_GAIN 018 >",
    "< REP 2 AUDIO_MUTE ON >",
    "< REP 2 RF_INT_DET CRITICAL >",
    "< REP 2 TX_OFFSET 255 >",
    "< REP 2 METER_RATE 00000 >",
)

ULXD4D_SAMPLES = wire(
    "< SAMPLE 1 ALL AX 098 032 >",
    "< SAMPLE 2 ALL XX 000 000 >",
)

QLXD4_ALL = wire(
    "< REP MODEL {QLXD4                           } >",
    "< REP DEVICE_ID {QLXD4   } >",
    "< REP FW_VER {2.2.11                 } >",
    "< REP RF_BAND {H50     } >",
    "< REP 1 CHAN_NAME {Pulpit  } >",
    "< REP 1 FREQUENCY 0534000 >",
    "< REP 1 TX_TYPE QLXD2 >",
    "< REP 1 BATT_BARS 002 >",
    "< REP 1 BATT_RUN_TIME 65534 >",
    "< REP 1 AUDIO_GAIN 024 >",
    "< REP 1 RF_INT_DET NONE >",
)

AD4Q_IDENTITY = (
    "< REP MODEL {AD4Q-A                          } >",
    "< REP DEVICE_ID {RF 5-8  } >",
    "< REP FW_VER {2.4.11.0               } >",
    "< REP RF_BAND {G56     } >",
)

AD4Q_ALL = wire(
    *AD4Q_IDENTITY,
    "< REP 1 CHAN_NAME {H01 Dave                       } >",
    "< REP 1 FREQUENCY 0502125 >",
    "< REP 1 GROUP_CHANNEL {1,23} >",
    "< REP 1 TX_MODEL AD2 >",
    "< REP 1 TX_BATT_BARS 005 >",
    "< REP 1 TX_BATT_CHARGE_PERCENT 097 >",
    "< REP 1 TX_BATT_MINS 00480 >",
    "< REP 1 TX_BATT_HEALTH_PERCENT 100 >",
    "< REP 1 TX_BATT_CYCLE_COUNT 00003 >",
    "< REP 1 TX_BATT_TYPE LION >",
    "< REP 1 TX_BATT_TEMP_C 028 >",
    "< REP 1 AUDIO_GAIN 036 >",
    "< REP 1 AUDIO_MUTE OFF >",
    "< REP 1 TX_MUTE_MODE_STATUS ON >",
    "< REP 1 CHAN_QUALITY 005 >",
    "< REP 1 ANTENNA_STATUS BB >",
    "< REP 1 RSSI 1 086 >",
    "< REP 1 RSSI 2 080 >",
    "< REP 1 AUDIO_LEVEL_RMS 090 >",
    "< REP 1 AUDIO_LEVEL_PEAK 102 >",
    "< REP 1 INTERFERENCE_STATUS NONE >",
    "< REP 1 TX_OFFSET 018 >",
    "< REP 1 SLOT_TX_MODEL 1 AD2 >",
    "< REP 2 CHAN_NAME {Spare <=>                      } >",
    "< REP 2 TX_MODEL UNKNOWN >",
    "< REP 2 TX_BATT_BARS 255 >",
    "< REP 2 TX_BATT_MINS 65535 >",
    "< REP 2 CHAN_QUALITY 255 >",
    "< REP 2 TX_OFFSET 255 >",
    "< REP 3 CHAN_NAME {Quad} >",
    "< REP 3 TX_MODEL AD1 >",
    "< REP 3 TX_BATT_BARS 003 >",
    "< REP 3 TX_BATT_MINS 65533 >",
    "< REP 4 CHAN_NAME {FD-C} >",
    "< REP 4 TX_MODEL ADX2FD >",
    "< REP 4 TX_BATT_BARS 001 >",
    "< REP 4 TX_BATT_MINS 00025 >",
)

AD4Q_SAMPLES = wire(
    "< SAMPLE 1 ALL 005 031 102 102 BB 31 086 31 065 >",
    "< SAMPLE 2 ALL 255 000 000 000 XX 00 000 00 000 >",
    # Quadversity: four antennas, four (bitmap, RSSI) pairs.
    "< SAMPLE 3 ALL 004 015 095 090 BRBX 31 086 15 060 31 090 00 000 >",
    # FD-C: a second RF section follows the first.
    "< SAMPLE 4 ALL 003 031 100 097 BB 31 070 31 075 AB 31 081 31 079 >",
)

SLXD4D_IDENTITY = (
    "< REP MODEL {SLXD4D                          } >",
    "< REP DEVICE_ID {SLXD4D  } >",
    "< REP FW_VER {2.0.15.2               } >",
    "< REP RF_BAND {G58     } >",
)

SLXD4D_CHANNELS = (
    "< REP 1 CHAN_NAME {Guitar                         } >",
    "< REP 1 FREQUENCY 0562800 >",
    "< REP 1 GROUP_CHANNEL {2,5} >",
    "< REP 1 TX_MODEL SLXD2 >",
    "< REP 1 TX_BATT_BARS 003 >",
    "< REP 1 TX_BATT_MINS 00190 >",
    "< REP 1 AUDIO_GAIN 020 >",
    "< REP 1 RSSI 1 083 >",
    "< REP 1 RSSI 2 079 >",
    "< REP 1 AUDIO_LEVEL_RMS 070 >",
    "< REP 1 AUDIO_LEVEL_PEAK 085 >",
    "< REP 2 CHAN_NAME {Bass                           } >",
    "< REP 2 TX_MODEL UNKNOWN >",
    "< REP 2 TX_BATT_BARS 255 >",
    "< REP 2 TX_BATT_MINS 65535 >",
)

SLXD4D_ALL = wire(*SLXD4D_IDENTITY, *SLXD4D_CHANNELS)

SLXD_SAMPLES = wire(
    "< SAMPLE 1 ALL 102 095 086 >",
    "< SAMPLE 2 ALL 005 020 015 >",
)

SLXD4QPLUS_ALL = wire(
    "< REP MODEL {SLXD4QDAN+                      } >",
    "< REP DEVICE_ID {STAGE L } >",
    "< REP FW_VER {2.1.4.0                } >",
    "< REP 4 CHAN_NAME {Choir 4} >",
    "< REP 4 TX_MODEL SLXD1 >",
    "< REP 4 TX_BATT_BARS 005 >",
)

GARBAGE_STREAM = (
    b"\r\nnoise before the first frame"
    b"< REP 1 TX_BATT_BARS 00"  # truncated: the next `<` starts over
    b"< REP 1 TX_BATT_BARS 003 >"
    b" REP 2 CHAN_NAME {lost} >"  # a frame with no `<`
    b"< HELLO WORLD >"
    b"< REP 1 CHAN_NAME {never closed >" + b"x" * 300 + b"< REP 1 TX_BATT_MINS 00123 >"
    b"<" + b"y" * 5000 + b"< REP 1 AUDIO_GAIN 030 >"
)
"""Garbage that must not cost sync (decoded against an AD receiver)."""
