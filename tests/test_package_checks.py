"""Offline equivalents of the hassfest and HACS validation actions."""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
import struct
from typing import Any

from awesomeversion import AwesomeVersion
from homeassistant.const import Platform
import pytest

from .helpers import PLATFORM_MODULES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custom_components" / "micboard"
MANIFEST = json.loads((PACKAGE / "manifest.json").read_text())
TRANSLATIONS = json.loads((PACKAGE / "translations" / "en.json").read_text())
ICONS = json.loads((PACKAGE / "icons.json").read_text())
HACS = json.loads((ROOT / "hacs.json").read_text())

REQUIRED_MANIFEST_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "iot_class",
    "issue_tracker",
    "version",
}
HACS_ALLOWED_KEYS = {
    "name",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "homeassistant",
    "render_readme",
    "hacs",
    "persistent_directory",
}


def _python_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _string_calls(function_names: set[str], keyword: str) -> set[str]:
    """Every string literal passed as `keyword=` to calls of the named functions."""
    found: set[str] = set()
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in function_names:
                continue
            for kw in node.keywords:
                if kw.arg == keyword and isinstance(kw.value, ast.Constant):
                    found.add(kw.value.value)
    return found


def _error_codes() -> set[str]:
    """String values stored in a dict called `errors` (errors["base"] = "x")."""
    found: set[str] = set()
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Subscript)
                and getattr(node.targets[0].value, "id", None) == "errors"
                and isinstance(node.value, ast.Constant)
            ):
                found.add(node.value.value)
    return found


def test_manifest_has_required_keys_in_hassfest_order() -> None:
    """Domain, name, then the other keys sorted; every required key present."""
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert set(keys) >= REQUIRED_MANIFEST_KEYS
    assert MANIFEST["domain"] == PACKAGE.name
    assert MANIFEST["iot_class"] == "local_push"
    assert MANIFEST["config_flow"] is True
    assert "mqtt" in MANIFEST["after_dependencies"]
    assert "mqtt" not in MANIFEST.get("dependencies", [])


def test_manifest_version_is_a_valid_version() -> None:
    """Custom integrations must carry a version AwesomeVersion understands."""
    version = AwesomeVersion(MANIFEST["version"])
    assert version.valid
    assert version.strategy != "unknown"


def test_hacs_json_uses_allowed_keys_only() -> None:
    """HACS rejects unknown keys; the HA floor is 2025.4.0."""
    assert set(HACS) <= HACS_ALLOWED_KEYS
    assert HACS["name"]
    assert HACS["homeassistant"] == "2025.4.0"
    assert HACS["render_readme"] is True


def test_every_imported_component_is_a_declared_dependency() -> None:
    """hassfest: homeassistant.components.X imports need a (after_)dependency."""
    declared = set(MANIFEST.get("dependencies", [])) | set(
        MANIFEST.get("after_dependencies", [])
    )
    imported: set[str] = set()
    pattern = re.compile(r"homeassistant\.components\.([a-z_0-9]+)")
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if match := pattern.match(name):
                    imported.add(match.group(1))
    # Like hassfest: entity platforms and a few core helpers need no entry.
    allowed = {platform.value for platform in Platform} | {"diagnostics", "repairs"}
    undeclared = imported - declared - allowed
    assert not undeclared, f"undeclared: {sorted(undeclared)}"


def test_translations_have_no_key_references() -> None:
    """[%key:...%] references are a core build feature; custom needs full text."""
    assert "[%key:" not in json.dumps(TRANSLATIONS)


def _fix_flows() -> list[dict[str, Any]]:
    """The repair flows' texts (issues.<key>.fix_flow)."""
    return [
        issue["fix_flow"]
        for issue in TRANSLATIONS.get("issues", {}).values()
        if "fix_flow" in issue
    ]


def test_every_menu_and_form_step_is_translated() -> None:
    """Steps shown in code have a title or description in the translations."""
    steps = _string_calls({"async_show_form", "async_show_menu"}, "step_id")
    assert "user" in steps
    translated = (
        set(TRANSLATIONS["config"]["step"])
        | set(TRANSLATIONS.get("options", {}).get("step", {}))
        | {step for flow in _fix_flows() for step in flow.get("step", {})}
    )
    assert steps <= translated, f"untranslated steps: {sorted(steps - translated)}"


def test_every_menu_option_is_translated() -> None:
    """The user step's menu lists exactly the entry kinds, translated."""
    options = TRANSLATIONS["config"]["step"]["user"]["menu_options"]
    assert set(options) == {"receiver", "system_api", "mqtt_status", "charger"}
    assert all(text.strip() for text in options.values())


def test_every_abort_and_error_is_translated() -> None:
    """Every abort reason and error code used in code has text."""
    aborts = _string_calls({"async_abort", "AbortFlow"}, "reason")
    errors = _error_codes()
    flows = [TRANSLATIONS["config"], TRANSLATIONS.get("options", {}), *_fix_flows()]
    known_aborts = {k for f in flows for k in f.get("abort", {})}
    known_errors = {k for f in flows for k in f.get("error", {})}
    assert aborts <= known_aborts, (
        f"untranslated aborts: {sorted(aborts - known_aborts)}"
    )
    assert errors <= known_errors, (
        f"untranslated errors: {sorted(errors - known_errors)}"
    )


def _all_translation_keys() -> set[str]:
    """Every string literal passed as translation_key= anywhere in the package."""
    found: set[str] = set()
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "translation_key"
                and isinstance(node.value, ast.Constant)
            ):
                found.add(node.value.value)
    return found


def test_every_translation_key_used_in_code_is_translated() -> None:
    """translation_key="x" needs entity.<platform>.x, exceptions.x (or
    issues.x, selector.x with its options) text."""
    translated = (
        {
            key
            for platform in TRANSLATIONS.get("entity", {}).values()
            for key in platform
        }
        | set(TRANSLATIONS.get("exceptions", {}))
        | set(TRANSLATIONS.get("issues", {}))
        | {
            key
            for key, selector in TRANSLATIONS.get("selector", {}).items()
            if selector.get("options")
        }
    )
    used = _all_translation_keys()
    assert used <= translated, f"untranslated keys: {sorted(used - translated)}"


def test_icons_match_translation_keys() -> None:
    """icons.json names only entities and services that the translations know."""
    for platform, keys in ICONS.get("entity", {}).items():
        assert platform in PLATFORM_MODULES
        assert set(keys) <= set(TRANSLATIONS.get("entity", {}).get(platform, {}))
    assert set(ICONS.get("services", {})) == set(TRANSLATIONS.get("services", {}))


@pytest.mark.parametrize("path", ["brand/icon.png"])
def test_brand_icon_is_a_256_square_png(path: str) -> None:
    """HA 2026.3+ and HACS read brand/icon.png: a 256x256 PNG."""
    data = (PACKAGE / path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (256, 256)
