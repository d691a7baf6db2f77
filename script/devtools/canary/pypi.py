"""Asking PyPI for Home Assistant's releases (standard library only)."""

from __future__ import annotations

import json
import os
import ssl
from typing import Any
import urllib.request

from .versions import newest_release

PYPI_JSON = "https://pypi.org/pypi/homeassistant/json"


def _ssl_context() -> ssl.SSLContext:
    # pip on these machines is pointed at a CA bundle by PIP_CERT; honour it.
    for variable in ("SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE"):
        bundle = os.environ.get(variable)
        if bundle and os.path.isfile(bundle):
            return ssl.create_default_context(cafile=bundle)
    return ssl.create_default_context()


def fetch_releases(timeout: float = 30) -> dict[str, list[dict[str, Any]]]:
    """PyPI's `releases` of homeassistant: version -> list of files."""
    request = urllib.request.Request(PYPI_JSON, headers={"Accept": "application/json"})
    with urllib.request.urlopen(  # noqa: S310  (a fixed https URL)
        request, timeout=timeout, context=_ssl_context()
    ) as response:
        document = json.load(response)
    return dict(document["releases"])


def newest_on_pypi() -> str | None:
    """The newest final release of homeassistant on PyPI."""
    return newest_release(fetch_releases())
