"""Receiver families and models: channel counts, identity strings, quirks.

PSM1000 P10T in-ear monitor transmitters are simulated too (IEM_MODELS); they
speak their own dialect of command strings (psm1000.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    """Product families; each has its own property vocabulary and SAMPLE."""

    ULXD = "ULX-D"
    QLXD = "QLX-D"
    AD = "Axient Digital"
    SLXD = "SLX-D"
    UHFR = "UHF-R"  # UDP `* ... *` messages: served by uhfr.py, not command strings
    PSM1000 = "PSM1000"


COMMAND_STRING_FAMILIES = frozenset(
    {Family.ULXD, Family.QLXD, Family.AD, Family.SLXD, Family.PSM1000}
)
"""Families served over TCP (PSM1000 in its own dialect: psm1000.py)."""


class SampleLayout(StrEnum):
    """Axient Digital antenna modes that change the SAMPLE length."""

    STANDARD = "standard"
    QUADVERSITY = "quadversity"
    FDC = "fdc"  # frequency diversity: a second RF section is appended


@dataclass(frozen=True, kw_only=True)
class ModelSpec:
    """What a model reports and how it deviates from its family."""

    model: str
    family: Family
    channel_count: int
    model_string: str  # what `< GET MODEL >` returns (before padding)
    fw_version: str
    rf_band: str
    band_low_khz: int
    band_high_khz: int
    transmitter_models: tuple[str, ...]  # first is the default
    default_device_id: str
    max_name_length: int
    rejects_get_all: bool = False  # `< GET x ALL >` -> `< REP ERR >`
    rejected_properties: frozenset[str] = frozenset()

    @property
    def default_transmitter(self) -> str:
        """The transmitter model a new channel starts with."""
        return self.transmitter_models[0]


_ULXD_TX = ("ULXD2", "ULXD1", "ULXD6", "ULXD8")
_QLXD_TX = ("QLXD2", "QLXD1")
_AD_TX = ("AD2", "AD1", "ADX1", "ADX2", "ADX1M", "ADX2FD")
_SLXD_TX = ("SLXD2", "SLXD1")

_MODEL_LIST = (
    ModelSpec(
        model="ULXD4",
        family=Family.ULXD,
        channel_count=1,
        model_string="ULXD4",
        fw_version="2.7.6.0",
        rf_band="G50",
        band_low_khz=470_125,
        band_high_khz=533_900,
        transmitter_models=_ULXD_TX,
        default_device_id="ULXD4",
        max_name_length=8,
    ),
    ModelSpec(
        model="ULXD4D",
        family=Family.ULXD,
        channel_count=2,
        model_string="ULXD4D",
        fw_version="2.7.6.0",
        rf_band="G50",
        band_low_khz=470_125,
        band_high_khz=533_900,
        transmitter_models=_ULXD_TX,
        default_device_id="ULXD4D",
        max_name_length=8,
    ),
    ModelSpec(
        model="ULXD4Q",
        family=Family.ULXD,
        channel_count=4,
        model_string="ULXD4Q",
        fw_version="2.7.6.0",
        rf_band="G50",
        band_low_khz=470_125,
        band_high_khz=533_900,
        transmitter_models=_ULXD_TX,
        default_device_id="ULXD4Q",
        max_name_length=8,
    ),
    ModelSpec(
        model="QLXD4",
        family=Family.QLXD,
        channel_count=1,
        model_string="QLXD4",
        fw_version="2.4.8.0",
        rf_band="G50",
        band_low_khz=470_125,
        band_high_khz=533_900,
        transmitter_models=_QLXD_TX,
        default_device_id="QLXD4",
        max_name_length=8,
    ),
    ModelSpec(
        model="AD4D",
        family=Family.AD,
        channel_count=2,
        model_string="AD4D-A",
        fw_version="1.6.13.0",
        rf_band="G57",
        band_low_khz=470_000,
        band_high_khz=616_000,
        transmitter_models=_AD_TX,
        default_device_id="AD4D",
        max_name_length=31,
    ),
    ModelSpec(
        model="AD4Q",
        family=Family.AD,
        channel_count=4,
        model_string="AD4Q-A",
        fw_version="1.6.13.0",
        rf_band="G57",
        band_low_khz=470_000,
        band_high_khz=616_000,
        transmitter_models=_AD_TX,
        default_device_id="AD4Q",
        max_name_length=31,
    ),
    ModelSpec(
        model="SLXD4",
        family=Family.SLXD,
        channel_count=1,
        model_string="SLXD4",
        fw_version="1.1.2.0",
        rf_band="G58",
        band_low_khz=470_000,
        band_high_khz=514_000,
        transmitter_models=_SLXD_TX,
        default_device_id="SLXD4",
        max_name_length=31,
    ),
    ModelSpec(
        model="SLXD4D",
        family=Family.SLXD,
        channel_count=2,
        model_string="SLXD4D",
        fw_version="1.1.2.0",
        rf_band="G58",
        band_low_khz=470_000,
        band_high_khz=514_000,
        transmitter_models=_SLXD_TX,
        default_device_id="SLXD4D",
        max_name_length=31,
    ),
    ModelSpec(
        model="SLXD4Q+",
        family=Family.SLXD,
        channel_count=4,
        model_string="SLXD4Q+",
        fw_version="1.2.4.0",
        rf_band="H55",
        band_low_khz=514_000,
        band_high_khz=558_000,
        transmitter_models=_SLXD_TX,
        default_device_id="SLXD4Q",
        max_name_length=31,
        rejects_get_all=True,
        rejected_properties=frozenset({"LINK_TX_MODEL"}),
    ),
)

MODELS: dict[str, ModelSpec] = {spec.model: spec for spec in _MODEL_LIST}
"""The command-string models (TCP)."""

_UHFR_TX = ("UR2", "UR1", "UR1M")
_UHFR_LIST = tuple(
    ModelSpec(
        model=model,
        family=Family.UHFR,
        channel_count=count,
        model_string=model,  # not on the wire: UHF-R reports no model
        fw_version="",
        rf_band="J5",
        band_low_khz=578_000,
        band_high_khz=638_000,
        transmitter_models=_UHFR_TX,
        default_device_id=model,  # a key for scenarios; UHF-R has no device id
        max_name_length=12,
    )
    for model, count in (("UR4S", 1), ("UR4D", 2))
)
UHFR_MODELS: dict[str, ModelSpec] = {spec.model: spec for spec in _UHFR_LIST}
"""The UHF-R models (UDP)."""

IEM_MODELS: dict[str, ModelSpec] = {
    "P10T": ModelSpec(
        model="P10T",
        family=Family.PSM1000,
        channel_count=2,
        model_string="P10T",  # never reported: a P10T has no MODEL property
        fw_version="",
        rf_band="G10",
        band_low_khz=470_000,
        band_high_khz=542_000,
        transmitter_models=("P10T",),
        default_device_id="P10T",
        max_name_length=8,
        rejects_get_all=True,
    ),
}
"""In-ear monitor transmitters (PSM1000: `REPORT`, CRLF, no braces; psm1000.py)."""

ALL_MODELS: dict[str, ModelSpec] = {**MODELS, **IEM_MODELS, **UHFR_MODELS}


class UnknownModelError(ValueError):
    """Raised for a model name the simulator does not know."""


def model_spec(model: str) -> ModelSpec:
    """Look a model up by name (case-insensitive)."""
    for name, spec in ALL_MODELS.items():
        if name.upper() == model.strip().upper():
            return spec
    known = ", ".join(ALL_MODELS)
    raise UnknownModelError(f"unknown model {model!r} (known: {known})")
