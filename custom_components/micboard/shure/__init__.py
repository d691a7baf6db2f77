"""Shure protocol library: command strings (TCP 2202) and the System API.

Nothing in this package imports Home Assistant.
"""
