"""The package another lab installs: its dependencies are what src/ imports, and it ships whole."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "sphinx_publications"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def imported_distributions(files: list[Path]) -> set[str]:
    """The distributions the modules import (standard library and the package itself left out)."""
    modules = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module)
    distributions = packages_distributions()
    found = set()
    for module in modules:
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top == "sphinx_publications":
            continue
        names = distributions.get(top, [])
        if top == "sphinxcontrib":  # a namespace shared by many distributions
            names = ["sphinxcontrib-bibtex"] if module.startswith("sphinxcontrib.bibtex") else []
        assert names, f"{module}: not installed from any distribution"
        found |= {name.lower().replace("_", "-") for name in names}
    return found


def declared(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower().replace("_", "-") for r in requirements}


def test_required_dependencies_are_what_the_extension_imports():
    core = [p for p in PACKAGE.rglob("*.py") if "homepage" not in p.parts]
    core_imports = imported_distributions(core)
    required = declared(PYPROJECT["project"]["dependencies"])
    assert core_imports == required


def test_the_homepage_kit_needs_only_its_extra():
    kit = imported_distributions(list((PACKAGE / "homepage").rglob("*.py")))
    required = declared(PYPROJECT["project"]["dependencies"])
    extra = declared(PYPROJECT["project"]["optional-dependencies"]["homepage"])
    assert kit <= required | extra
    assert extra <= kit


def test_the_site_is_not_the_package():
    project = PYPROJECT["project"]
    required = declared(project["dependencies"])
    for site_only in ("furo", "myst-parser", "sphinxext-opengraph", "sphinx-notfound-page"):
        assert site_only not in required
        assert site_only in declared(project["optional-dependencies"]["site"])
    assert "Gao Huang" not in (REPO / project["readme"]).read_text("utf-8")
    assert (REPO / "LICENSE").is_file() and (PACKAGE / "py.typed").is_file()


def test_package_data_covers_every_file_the_package_reads():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["sphinx_publications"]
    data = {p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")}
    data = {p for p in data if "__pycache__" not in p.parts}
    covered = {p for pattern in patterns for p in PACKAGE.glob(pattern) if p.is_file()}
    assert data == covered, sorted(str(p.relative_to(PACKAGE)) for p in data - covered)
