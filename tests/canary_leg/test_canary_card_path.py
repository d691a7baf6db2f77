"""How the canary finds the card's URL on the frontend page."""

from __future__ import annotations

from canary.checks import CARD_PATH


def test_finds_the_versioned_entry_module() -> None:
    page = (
        '<script type="module" crossorigin="use-credentials">'
        'import("/micboard_static/3f9a0c1b2d4e/micboard-card.js");</script>'
    )
    found = CARD_PATH.search(page)
    assert found is not None
    assert found.group(0) == "/micboard_static/3f9a0c1b2d4e/micboard-card.js"


def test_ignores_other_modules_and_unversioned_urls() -> None:
    assert CARD_PATH.search("/micboard_static/3f9a0c1b2d4e/card.js") is None
    assert CARD_PATH.search("/micboard_static/micboard-card.js?v=3f9a0c1b2d4e") is None
    assert CARD_PATH.search("/micboard_static/NOTHEX/micboard-card.js") is None
