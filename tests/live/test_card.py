"""The dashboard card: served over HTTP and added to the frontend's modules.

The card itself is tested in a real browser (tests/browser/); its pure
helpers with node's test runner (tests/card/, run by test_card_modules.py).
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.micboard.const import DOMAIN
from custom_components.micboard.live.card import card_version

FOLDER = Path(__file__).parents[2] / "custom_components/micboard/frontend"
CARD = FOLDER / "micboard-card.js"
# import ... from "./x.js" and import "./x.js", over one or more lines.
RELATIVE_IMPORT = re.compile(
    r"""^\s*import\s+(?:[\w*{}\s,]+?\s+from\s+)?["'](\./[^"']+)["']""", re.MULTILINE
)


def card_url() -> str:
    return f"/micboard_static/{card_version(FOLDER)}/micboard-card.js"


def imported_modules(entry: Path) -> list[str]:
    """Names of the modules `entry` imports, transitively, in the order found."""
    found: list[str] = []
    pending = [entry.name]
    while pending:
        text = (FOLDER / pending.pop()).read_text(encoding="utf-8")
        for path in RELATIVE_IMPORT.findall(text):
            name = path.removeprefix("./")
            if name not in found and name != entry.name:
                found.append(name)
                pending.append(name)
    return found


async def test_card_is_served(hass: HomeAssistant, hass_client) -> None:
    """GET /micboard_static/<version>/micboard-card.js returns the card's file."""
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_client()
    response = await client.get(card_url())
    assert response.status == 200
    assert await response.read() == CARD.read_bytes()
    assert "javascript" in response.headers["Content-Type"]
    assert "max-age" in response.headers["Cache-Control"]


async def test_every_imported_module_is_served(
    hass: HomeAssistant, hass_client
) -> None:
    """The modules the entry imports come from the same versioned folder."""
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_client()
    modules = imported_modules(CARD)
    assert {"card.js", "format.js", "state.js", "tile.js"} <= set(modules)
    assert set(modules) | {CARD.name} == {p.name for p in FOLDER.glob("*.js")}
    folder_url = card_url().rsplit("/", 1)[0]
    for name in modules:
        response = await client.get(f"{folder_url}/{name}")
        assert response.status == 200, name
        assert await response.read() == (FOLDER / name).read_bytes(), name
        assert "javascript" in response.headers["Content-Type"], name


def test_import_parser_finds_every_form() -> None:
    """One-line, multi-line and side-effect imports; never other strings."""
    text = (
        'import { a } from "./one.js";\n'
        "import {\n  b,\n  c,\n} from './two.js';\n"
        'import "./three.js";\n'
        'const url = "./four.js";\n'
    )
    assert RELATIVE_IMPORT.findall(text) == ["./one.js", "./two.js", "./three.js"]


async def test_card_added_to_every_dashboard(hass: HomeAssistant) -> None:
    """With the frontend loaded, the card is an extra module, versioned by content."""
    changes: list[object] = []
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(
        lambda *args: changes.append(args), []
    )
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, DOMAIN, {})
    version = card_version(FOLDER)
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset(
        {f"/micboard_static/{version}/micboard-card.js"}
    )
    assert changes


@pytest.fixture
def folder_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "frontend"
    shutil.copytree(FOLDER, copy)
    return copy


def test_version_depends_on_content_not_location(folder_copy: Path) -> None:
    assert card_version(folder_copy) == card_version(FOLDER)


@pytest.mark.parametrize("name", sorted(p.name for p in FOLDER.glob("*.js")))
def test_version_changes_with_any_module(folder_copy: Path, name: str) -> None:
    """One byte changed in any one module gives the folder a new version."""
    module = folder_copy / name
    content = bytearray(module.read_bytes())
    content[len(content) // 2] ^= 0x01
    module.write_bytes(bytes(content))
    assert card_version(folder_copy) != card_version(FOLDER)


def test_version_changes_when_a_module_is_renamed_or_added(folder_copy: Path) -> None:
    original = card_version(FOLDER)
    (folder_copy / "format.js").rename(folder_copy / "formatting.js")
    renamed = card_version(folder_copy)
    assert renamed != original
    (folder_copy / "extra.js").write_text("export const x = 1;\n")
    assert card_version(folder_copy) not in {original, renamed}


async def test_headless_home_assistant_sets_up(hass: HomeAssistant) -> None:
    """Without the frontend, micboard still sets up and adds no module."""
    assert await async_setup_component(hass, DOMAIN, {})
    assert "frontend" not in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data
