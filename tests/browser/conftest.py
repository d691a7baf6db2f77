"""Fixtures of the browser tests (run by script/test in their own virtualenv)."""

from __future__ import annotations

from collections.abc import Iterator
import os
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
import pytest

from .browser import launch_chromium, static_server
from .stack import DevStack, attach_stack, start_stack, stop_stack

LEG = os.environ.get("MICBOARD_BROWSER_LEG", "min")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh browser context and page per test."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def repo_url() -> Iterator[str]:
    """The repository served over HTTP (the card harness lives in benchmarks/card/)."""
    with static_server() as url:
        yield url


@pytest.fixture(scope="session")
def stack() -> Iterator[DevStack]:
    """script/develop on free ports, in a temporary state directory.

    MICBOARD_BROWSER_STACK=DIR uses a stack that already runs with --dir DIR
    (quicker while working on the tests; its state is left alone).
    """
    running = os.environ.get("MICBOARD_BROWSER_STACK")
    if running:
        yield attach_stack(Path(running))
        return
    dev_stack = start_stack(LEG)
    try:
        yield dev_stack
    finally:
        stop_stack(dev_stack)
