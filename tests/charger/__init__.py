"""Tests of the charger entry kind."""
