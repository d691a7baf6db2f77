"""UHF-R transcripts: what micboard sends and what a UR4D answers, datagram by datagram.

Shure's own UHF-R command-string document is not available here. The words
and examples below are the published ones, as used by Micboard: Shure UHF-R
network string commands as used by Micboard (karlcswanson/micboard
py/device_config.py and py/networkdevice.py): `* GET 1 CHAN_NAME *`,
`* GET 1 TX_BAT *`, `* GET 1 GROUP_CHAN *`, `* METER 1 ALL 003 *` (sss in
30 ms steps) and `* METER 1 ALL STOP *`, replies `* REPORT ... *` and
`* SAMPLE x ALL nn aaa bbb d eee *`.

Reply values follow the same sources' reading of them (TX_BAT 1..5 or U,
FREQUENCY six digits of kHz, GROUP_CHAN `gg cc` or `-- --`, names with `_`
for spaces, padded to 12). Replies marked "constructed" are not quoted from
any source: no capture of them has been published; they are built from the
documented field layout.
"""

from __future__ import annotations

# Requests, verbatim from Micboard's UHF-R table.
GET_NAME_1 = b"* GET 1 CHAN_NAME *"
GET_BATTERY_1 = b"* GET 1 TX_BAT *"
GET_GROUP_1 = b"* GET 1 GROUP_CHAN *"
METER_1_90_MS = b"* METER 1 ALL 003 *"
METER_1_STOP = b"* METER 1 ALL STOP *"

# Replies of a UR4D (one datagram each).
UR4D_REPORTS: tuple[bytes, ...] = (
    b"* REPORT 1 CHAN_NAME Lead_Vox     *",  # constructed: 12-wide name
    b"* REPORT 1 TX_TYPE UR2 *",  # constructed
    b"* REPORT 1 TX_BAT 4 *",  # constructed
    b"* REPORT 1 TX_BAT_MINS UNKNOWN *",  # constructed: the documented sentinel
    b"* REPORT 1 FREQUENCY 578350 *",  # constructed: kHz, six digits
    b"* REPORT 1 GROUP_CHAN 01 05 *",  # constructed
    b"* REPORT 1 MUTE OFF *",  # constructed
    b"* REPORT 1 AUDIO_GAIN 10 *",  # constructed: 10 dB below unity
    b"* REPORT 2 CHAN_NAME Spare        *",  # constructed
    b"* REPORT 2 TX_TYPE UNKNOWN *",  # constructed: no transmitter
    b"* REPORT 2 TX_BAT U *",  # constructed: `U` = unknown
    b"* REPORT 2 TX_BAT_MINS UNKNOWN *",  # constructed
    b"* REPORT 2 FREQUENCY 590125 *",  # constructed
    b"* REPORT 2 GROUP_CHAN -- -- *",  # constructed: in no group
    b"* REPORT 2 MUTE ON *",  # constructed
    b"* REPORT 2 AUDIO_GAIN 00 *",  # constructed
)

# Meter samples (constructed: the documented layout nn aaa bbb d eee).
SAMPLE_1 = b"* SAMPLE 1 ALL AX 070 100 4 032 *"
"""Antenna A lit; RF A 070, B 100 (the weakest); 4 bars; audio 032."""
SAMPLE_2_NO_SIGNAL = b"* SAMPLE 2 ALL XX 100 100 U 000 *"
SAMPLE_1_TOP = b"* SAMPLE 1 ALL AB 020 015 5 255 *"
"""Both antennas; RF A at the top of the scale, B past it; audio full."""
