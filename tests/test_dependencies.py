"""Every package the code imports is declared in pyproject.toml, in the extra of the code that needs it.

A package that only arrives as a dependency of a dependency (sqlalchemy through sqlmodel) can vanish
when that one changes; `make run` installs the runtime dependencies only, so test tools stay out.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
OWN = {"bot", "commands", "store", "tests", "benchmarks", "fuzz"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imports(folder: str) -> set[str]:
    found = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    local = {p.stem for p in (ROOT / folder).rglob("*.py")}
    return {name for name in found - OWN - local if name not in sys.stdlib_module_names}


def _undeclared(folder: str, *extras: str) -> dict[str, list[str]]:
    declared = _names(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        declared |= _names(PYPROJECT["project"]["optional-dependencies"][extra])
    distributions = packages_distributions()
    missing = {}
    for module in sorted(_imports(folder)):
        dists = [d.lower().replace("_", "-") for d in distributions.get(module, [module])]
        if not set(dists) & declared:
            missing[module] = dists
    return missing


def test_the_product_imports_only_runtime_dependencies() -> None:
    assert {folder: _undeclared(folder) for folder in ("bot", "commands", "store")} == {
        "bot": {}, "commands": {}, "store": {}}


def test_tests_benchmarks_and_fuzzers_import_only_their_extras() -> None:
    assert _undeclared("tests", "test") == {}
    assert _undeclared("benchmarks", "bench") == {}
    assert _undeclared("fuzz", "fuzz") == {}


def test_runtime_dependencies_hold_no_test_or_benchmark_tool() -> None:
    tools = {"pytest", "pytest-asyncio", "dpytest", "hypothesis", "ruff", "quantulum3", "psutil", "atheris"}
    assert _names(PYPROJECT["project"]["dependencies"]) & tools == set()


def test_ruff_is_pinned_exactly() -> None:
    (ruff,) = [r for r in PYPROJECT["project"]["optional-dependencies"]["test"] if r.startswith("ruff")]
    assert re.fullmatch(r"ruff==[\d.]+", ruff.split("#")[0].strip())
