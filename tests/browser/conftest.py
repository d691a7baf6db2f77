"""Fixtures of the browser tests (run by script/test in their own virtualenv)."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import Browser, Page, sync_playwright
import pytest

from .browser import launch_chromium, static_server


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
