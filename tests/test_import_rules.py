"""The package's rooms, enforced: who may import whom inside custom_components/micboard.

Every module is parsed with `ast` (nothing is imported) and each import is
resolved to an absolute module name: `from ..receiver import entry` in
`system_api/sensor.py` is `custom_components.micboard.receiver.entry`;
`from . import sensor` imports the submodule `sensor`. An import of `a.b.c`
counts as an import of `a.b.c` only, not of its parent packages. Imports
inside functions and under `if TYPE_CHECKING:` count like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
import re

import pytest

from .helpers import PLATFORM_MODULES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = ROOT / "custom_components" / "micboard"
PKG = "custom_components.micboard"

KINDS = ("receiver", "system_api", "mqtt_status", "charger")
SETUP_MODULES = ("entry", "kind", "flow", "options_flow", "diagnostics")
ENTITY_MODULES = ("entity", *PLATFORM_MODULES)
SHARED_HELPERS = (
    "const",
    "compat",
    "device_code",
    "reload",
    "entry_kind",
    "push_coordinator",
    "sub_device",
)
TOP_LEVEL_ENTRY_POINTS = (
    PKG,  # __init__.py
    f"{PKG}.kinds",
    f"{PKG}.config_flow",
    f"{PKG}.diagnostics",
    f"{PKG}.services",
    f"{PKG}.repairs",
    *(f"{PKG}.{platform}" for platform in PLATFORM_MODULES),
)
"""Home Assistant's ways in, and the table of kinds they dispatch through."""

type ImportGraph = Mapping[str, frozenset[str]]


# --- the checker -------------------------------------------------------------


def module_name(path: Path) -> str:
    """`.../micboard/receiver/entry.py` -> `custom_components.micboard.receiver.entry`."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imported_modules(
    module: str, source: str, *, is_package: bool, known_modules: Iterable[str]
) -> frozenset[str]:
    """The absolute names of the modules `source` (the text of `module`) imports.

    `from P import name` imports the module `P.name` when that is one of
    `known_modules`, else the module `P` (name is then an attribute of P).
    """
    known = set(known_modules)
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                if node.level - 1 >= len(parts):
                    raise ValueError(f"{module}: relative import beyond the top")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                if node.module:
                    base = f"{base}.{node.module}"
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    found.discard(module)
    return frozenset(found)


def import_graph() -> dict[str, frozenset[str]]:
    """Every module of the package, with the modules it imports."""
    paths = sorted(PACKAGE_DIR.rglob("*.py"))
    names = {module_name(path) for path in paths}
    return {
        module_name(path): imported_modules(
            module_name(path),
            path.read_text(),
            is_package=_is_package(path),
            known_modules=names,
        )
        for path in paths
    }


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _kind_of(module: str) -> str | None:
    for kind in KINDS:
        if _within(module, f"{PKG}.{kind}"):
            return kind
    return None


def _leaf(module: str) -> str:
    return module.rpartition(".")[2]


@dataclass(frozen=True)
class Rule:
    """Modules the rule is about, and which of their imports break it."""

    description: str
    applies_to: Callable[[str], bool]
    forbids: Callable[[str, str], bool]
    """(importer, imported) -> True when that import breaks the rule."""

    def subjects(self, graph: ImportGraph) -> set[str]:
        return {module for module in graph if self.applies_to(module)}

    def violations(self, graph: ImportGraph) -> list[str]:
        return sorted(
            f"{module} -> {imported}"
            for module in self.subjects(graph)
            for imported in graph[module]
            if self.forbids(module, imported)
        )


# --- the rules ---------------------------------------------------------------


def _shure_forbids(module: str, imported: str) -> bool:
    if _within(imported, "homeassistant"):
        return True
    return _within(imported, "custom_components") and not _within(
        imported, f"{PKG}.shure"
    )


SHURE_IS_STANDALONE = Rule(
    "shure/ imports nothing from homeassistant or from the integration outside shure/",
    applies_to=lambda module: _within(module, f"{PKG}.shure"),
    forbids=_shure_forbids,
)


def _other_kind(module: str, imported: str) -> bool:
    kind = _kind_of(imported)
    return kind is not None and kind != _kind_of(module)


KINDS_ARE_INDEPENDENT = Rule(
    "no entry kind imports another entry kind",
    applies_to=lambda module: _kind_of(module) is not None,
    forbids=_other_kind,
)


def _is_kind_entity_module(module: str) -> bool:
    kind = _kind_of(module)
    return kind is not None and module in {
        f"{PKG}.{kind}.{name}" for name in ENTITY_MODULES
    }


def _is_setup_module(module: str) -> bool:
    kind = _kind_of(module)
    if kind is not None:
        return module in {f"{PKG}.{kind}.{name}" for name in SETUP_MODULES}
    return module in {PKG, f"{PKG}.kinds", f"{PKG}.config_flow", f"{PKG}.diagnostics"}


ENTITIES_DO_NOT_IMPORT_SETUP = Rule(
    "a kind's entity modules import no setup module (entry, kind, flow,"
    " options_flow, diagnostics of any kind; top-level __init__, kinds,"
    " config_flow, diagnostics)",
    applies_to=_is_kind_entity_module,
    forbids=lambda module, imported: _is_setup_module(imported),
)


LIVE_IS_BELOW_KINDS = Rule(
    "live/ imports no entry kind and no top-level entry point",
    applies_to=lambda module: _within(module, f"{PKG}.live"),
    forbids=lambda module, imported: (
        _kind_of(imported) is not None or imported in TOP_LEVEL_ENTRY_POINTS
    ),
)


SHARED_HELPERS_ARE_AT_THE_BOTTOM = Rule(
    "shared helpers import no entry kind, nothing from live/, no top-level entry point",
    applies_to=lambda module: module in {f"{PKG}.{name}" for name in SHARED_HELPERS},
    forbids=lambda module, imported: (
        _kind_of(imported) is not None
        or _within(imported, f"{PKG}.live")
        or imported in TOP_LEVEL_ENTRY_POINTS
    ),
)


ONLY_KINDS_IMPORTS_KIND_MODULES = Rule(
    "only kinds.py imports the kinds' `kind` modules",
    applies_to=lambda module: _within(module, PKG) and module != f"{PKG}.kinds",
    forbids=lambda module, imported: (
        imported in {f"{PKG}.{kind}.kind" for kind in KINDS}
    ),
)


RULES_AND_A_MODULE_EACH_SEES = [
    (SHURE_IS_STANDALONE, f"{PKG}.shure.commandstrings.client"),
    (KINDS_ARE_INDEPENDENT, f"{PKG}.system_api.entry"),
    (ENTITIES_DO_NOT_IMPORT_SETUP, f"{PKG}.receiver.sensor"),
    (LIVE_IS_BELOW_KINDS, f"{PKG}.live.hub"),
    (SHARED_HELPERS_ARE_AT_THE_BOTTOM, f"{PKG}.entry_kind"),
    (ONLY_KINDS_IMPORTS_KIND_MODULES, f"{PKG}.config_flow"),
]


@pytest.fixture(scope="module")
def graph() -> dict[str, frozenset[str]]:
    return import_graph()


def _assert_holds(rule: Rule, graph: ImportGraph) -> None:
    violations = rule.violations(graph)
    assert not violations, f"{rule.description}; broken by:\n" + "\n".join(violations)


# --- one test per rule -------------------------------------------------------


def test_shure_is_standalone(graph: ImportGraph) -> None:
    _assert_holds(SHURE_IS_STANDALONE, graph)


def test_kinds_are_independent(graph: ImportGraph) -> None:
    _assert_holds(KINDS_ARE_INDEPENDENT, graph)


def test_entity_modules_do_not_import_setup_modules(graph: ImportGraph) -> None:
    _assert_holds(ENTITIES_DO_NOT_IMPORT_SETUP, graph)


def test_live_imports_no_kind_and_no_entry_point(graph: ImportGraph) -> None:
    _assert_holds(LIVE_IS_BELOW_KINDS, graph)


def test_shared_helpers_import_no_kind_and_no_live(graph: ImportGraph) -> None:
    _assert_holds(SHARED_HELPERS_ARE_AT_THE_BOTTOM, graph)


def test_only_kinds_imports_the_kind_modules(graph: ImportGraph) -> None:
    _assert_holds(ONLY_KINDS_IMPORTS_KIND_MODULES, graph)


# --- the checker is not vacuous ----------------------------------------------


@pytest.mark.parametrize(
    ("rule", "example"),
    RULES_AND_A_MODULE_EACH_SEES,
    ids=["shure", "kinds", "entities", "live", "helpers", "kind-modules"],
)
def test_each_rule_sees_modules(rule: Rule, example: str, graph: ImportGraph) -> None:
    assert example in rule.subjects(graph)


def test_the_scan_sees_every_room(graph: ImportGraph) -> None:
    for room in ("shure", "shure.commandstrings", "live", *KINDS):
        assert f"{PKG}.{room}" in graph
    assert f"{PKG}.shure.commandstrings.client" in SHURE_IS_STANDALONE.subjects(graph)
    # Every kind has entity modules for rule 3 to look at.
    for kind in KINDS:
        assert f"{PKG}.{kind}.entity" in ENTITIES_DO_NOT_IMPORT_SETUP.subjects(graph)
    # The real package's imports are resolved: kinds.py imports each kind module.
    assert graph[f"{PKG}.kinds"] >= {f"{PKG}.{kind}.kind" for kind in KINDS}
    # `from . import binary_sensor, ...` in receiver/kind.py imports submodules.
    assert f"{PKG}.receiver.sensor" in graph[f"{PKG}.receiver.kind"]


def _with_module(graph: ImportGraph, module: str, source: str) -> ImportGraph:
    imports = imported_modules(
        module, source, is_package=False, known_modules=[*graph, module]
    )
    return {**graph, module: imports}


def test_the_checker_reports_a_planted_violation(graph: ImportGraph) -> None:
    planted = _with_module(
        graph,
        f"{PKG}.system_api.sensor",
        "from ..receiver import entry\nfrom . import kind\n",
    )
    assert planted[f"{PKG}.system_api.sensor"] == {
        f"{PKG}.receiver.entry",
        f"{PKG}.system_api.kind",
    }
    assert KINDS_ARE_INDEPENDENT.violations(planted) == [
        f"{PKG}.system_api.sensor -> {PKG}.receiver.entry"
    ]
    assert ENTITIES_DO_NOT_IMPORT_SETUP.violations(planted) == [
        f"{PKG}.system_api.sensor -> {PKG}.receiver.entry",
        f"{PKG}.system_api.sensor -> {PKG}.system_api.kind",
    ]
    assert ONLY_KINDS_IMPORTS_KIND_MODULES.violations(planted) == [
        f"{PKG}.system_api.sensor -> {PKG}.system_api.kind"
    ]
    pair = f"{PKG}.system_api.sensor -> {PKG}.receiver.entry"
    with pytest.raises(AssertionError, match=re.escape(pair)):
        _assert_holds(KINDS_ARE_INDEPENDENT, planted)


def test_the_checker_reports_planted_violations_in_shure_live_and_helpers(
    graph: ImportGraph,
) -> None:
    planted = _with_module(
        graph,
        f"{PKG}.shure.commandstrings.framing",
        "import homeassistant.core\n"
        "from ...const import DOMAIN\n"
        "from ..errors import ShureError\n",
    )
    assert SHURE_IS_STANDALONE.violations(planted) == [
        f"{PKG}.shure.commandstrings.framing -> {PKG}.const",
        f"{PKG}.shure.commandstrings.framing -> homeassistant.core",
    ]
    planted = _with_module(
        graph,
        f"{PKG}.live.hub",
        "from ..kinds import entry_kind\nfrom ..mqtt_status.data import x\n",
    )
    assert LIVE_IS_BELOW_KINDS.violations(planted) == [
        f"{PKG}.live.hub -> {PKG}.kinds",
        f"{PKG}.live.hub -> {PKG}.mqtt_status.data",
    ]
    planted = _with_module(
        graph,
        f"{PKG}.const",
        "def f():\n    from custom_components.micboard.live import status\n",
    )
    assert SHARED_HELPERS_ARE_AT_THE_BOTTOM.violations(planted) == [
        f"{PKG}.const -> {PKG}.live.status"
    ]
