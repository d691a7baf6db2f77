"""Shure wireless simulator: command-string receivers and a System API server."""
