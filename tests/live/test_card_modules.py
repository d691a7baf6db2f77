"""The dashboard card's pure modules, unit-tested with node's own test runner.

tests/card/*.test.mjs import the card's modules (formatting, state merging,
group ordering, health, subscriptions) and run without a browser:
    node --test tests/card/*.test.mjs
"""

from __future__ import annotations

from pathlib import Path
import re
import shutil
import subprocess

import pytest

ROOT = Path(__file__).parents[2]
FRONTEND = Path("custom_components/micboard/frontend")
TESTS = Path("tests/card")
# Every test file has a few tests; fewer than this means tests went missing.
MIN_TESTS = 70

NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not installed (script/setup installs Debian's nodejs)"
)


def copy_with_module_type(destination: Path) -> list[Path]:
    """The card's modules and their tests under `destination`, beside a
    package.json that makes `.js` files ES modules.

    Node before 20.19 loads a `.js` file as CommonJS unless a package.json
    says otherwise; the integration ships none, so the tests run on a copy.
    Returns the copied test files.
    """
    shutil.copytree(ROOT / FRONTEND, destination / FRONTEND)
    shutil.copytree(ROOT / TESTS, destination / TESTS)
    (destination / "package.json").write_text('{"type": "module"}\n')
    return sorted((destination / TESTS).glob("*.test.mjs"))


def tap_count(output: str, name: str) -> int:
    found = re.search(rf"^# {name} (\d+)$", output, re.MULTILINE)
    assert found, f"no '# {name}' line in node's output:\n{output}"
    return int(found.group(1))


def test_card_modules_pass_their_node_tests(tmp_path: Path) -> None:
    files = copy_with_module_type(tmp_path)
    assert files
    run = subprocess.run(  # noqa: S603 - node on fixed arguments, our own test files
        [NODE, "--test", "--test-reporter=tap", *map(str, files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert tap_count(output, "fail") == 0, output
    assert tap_count(output, "pass") > MIN_TESTS, output
