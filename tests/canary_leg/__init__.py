"""Tests of the canary leg's pure parts (script/devtools/canary)."""
