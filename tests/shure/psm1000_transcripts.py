"""PSM1000 (P10T) transcripts, built from Shure's PSM1000 command-string page.

Shure's published examples (pubs.shure.com/command-strings/PSM1000), each
message followed by CRLF (0x0D 0x0A) in both directions:

    < GET 1 FREQUENCY >        ->  < REPORT 1 FREQUENCY 578000 >
    < SET DEVICE_NAME Shure >  ->  < REPORT DEVICE_NAME Shure >

The rest follows the same page's property table (REPORT replies, unbraced
values: RF_MUTE 1/0, RF_TX_LVL 10/50/100 mW, AUDIO_TX_MODE 1/2/3,
GROUP_CHAN gg,cc, `--,--` after a manual frequency). The meter readings
(`REPORT x AUDIO_IN_LVL_L v`) are constructed: Shure publishes neither an
example nor a scale for them.
"""

from __future__ import annotations

CRLF = "\r\n"


def wire(*messages: str) -> bytes:
    """Messages as a P10T sends them: each followed by CRLF."""
    return "".join(message + CRLF for message in messages).encode("latin-1")


# Shure's examples, verbatim.
SHURE_GET_FREQUENCY = "< GET 1 FREQUENCY >"
SHURE_REPORT_FREQUENCY = "< REPORT 1 FREQUENCY 578000 >"
SHURE_SET_DEVICE_NAME = "< SET DEVICE_NAME Shure >"
SHURE_REPORT_DEVICE_NAME = "< REPORT DEVICE_NAME Shure >"

P10T_CHANNEL_1 = (
    "< REPORT 1 CHAN_NAME Mix 1 >",
    SHURE_REPORT_FREQUENCY,
    "< REPORT 1 GROUP_CHAN 01,05 >",
    "< REPORT 1 RF_TX_LVL 50 >",
    "< REPORT 1 RF_MUTE 0 >",
    "< REPORT 1 AUDIO_TX_MODE 3 >",
    "< REPORT 1 AUDIO_IN_LINE_LVL 1 >",
)
P10T_CHANNEL_2 = (
    "< REPORT 2 CHAN_NAME Drums >",
    "< REPORT 2 FREQUENCY 580125 >",
    "< REPORT 2 GROUP_CHAN --,-- >",
    "< REPORT 2 RF_TX_LVL 10 >",
    "< REPORT 2 RF_MUTE 1 >",
    "< REPORT 2 AUDIO_TX_MODE 1 >",
    "< REPORT 2 AUDIO_IN_LINE_LVL 0 >",
)
P10T_ALL = wire(SHURE_REPORT_DEVICE_NAME, *P10T_CHANNEL_1, *P10T_CHANNEL_2)

# Constructed meter readings: full scale is 2^23 (see psm1000.py), so
# 8388608 is 0 dBFS, 838861 is -20 dBFS, 300 is an idle input (-89 dBFS).
P10T_METERS = wire(
    "< REPORT 1 AUDIO_IN_LVL_L 838861 >",
    "< REPORT 1 AUDIO_IN_LVL_R 300 >",
    "< REPORT 2 AUDIO_IN_LVL_L 8388608 >",
    "< REPORT 2 AUDIO_IN_LVL_R 0 >",
)
