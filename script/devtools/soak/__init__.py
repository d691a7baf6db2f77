"""The fault soak of the whole dev stack (script/soak; docs/reliability.md).

Pure parts (schedule, stats, view, alerts) import nothing but the standard
library so the unit tests run them on both legs; the rest drives a running
stack started by script/soak.
"""
