"""Simulated field telemetry: MQTT status messages for micboard (docs/mqtt-status.md).

``load_plan`` reads which devices report what (the built-in plan matches
``simulator/scenarios/mixed.toml``), ``TelemetryGenerator`` makes the values
(bounded random walks, scripted warnings) and ``TelemetryPublisher`` sends
them to a broker with paho-mqtt.
"""

from __future__ import annotations

from .generator import TelemetryGenerator
from .plan import DEFAULT_PLAN, DevicePlan, Plan, PlanError, load_plan, parse_plan
from .publisher import BrokerOptions, TelemetryPublisher

__all__ = [
    "DEFAULT_PLAN",
    "BrokerOptions",
    "DevicePlan",
    "Plan",
    "PlanError",
    "TelemetryGenerator",
    "TelemetryPublisher",
    "load_plan",
    "parse_plan",
]
