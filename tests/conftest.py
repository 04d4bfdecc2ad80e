"""Shared fixtures: real ``sphinx-build`` runs of the site and of small projects."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

#: What a copy of the site needs: content and configuration, not machinery or outputs.
_NOT_SITE = {".git", ".venv", "_build", "papers", "tests", "benchmarks", "src", "node_modules"}


def copy_site(dest: Path) -> Path:
    """Copy the site's sources (pages, refs.bib, conf.py, _static) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for item in REPO.iterdir():
        if item.name in _NOT_SITE or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name)
        else:
            shutil.copy2(item, dest / item.name)
    return dest


def sphinx_build(
    srcdir: Path, outdir: Path, *options: str, builder: str = "html"
) -> subprocess.CompletedProcess[str]:
    """Run the real sphinx-build with warnings as errors, as ``make html`` does."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-W",
            "-n",
            "--keep-going",
            "-q",
            "-d",
            str(outdir.parent / f"{outdir.name}.doctrees"),
            *options,
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session; returns the HTML output folder."""
    root = tmp_path_factory.mktemp("site")
    srcdir = copy_site(root / "src")
    outdir = root / "html"
    result = sphinx_build(srcdir, outdir)
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="session")
def page(site: Path) -> Callable[[str], BeautifulSoup]:
    """Parse a built page, e.g. ``page("publications")``."""
    cache: dict[str, BeautifulSoup] = {}

    def load(name: str) -> BeautifulSoup:
        if name not in cache:
            cache[name] = BeautifulSoup((site / f"{name}.html").read_text("utf-8"), "html.parser")
        return cache[name]

    return load


@pytest.fixture(scope="session")
def facts() -> dict:
    """The homepage facts: every paper with its seed title, authors, venue and URLs."""
    return yaml.safe_load((DATA / "homepage-facts.yaml").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DATA / "seed.txt").read_text("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Build a small throwaway project: ``project({"index.md": ..., "refs.bib": ...})``.

    The project uses the site's extension and style; ``conf`` adds lines to conf.py.
    """

    def build(files: dict[str, str], conf: str = "") -> subprocess.CompletedProcess[str]:
        srcdir = tmp_path / "src"
        srcdir.mkdir(exist_ok=True)
        base_conf = (
            "extensions = ['myst_parser', 'sphinx_publications']\n"
            "bibtex_bibfiles = ['refs.bib']\n"
            "bibtex_default_style = 'publications'\n"
            "publications_owner = ['Gao Huang']\n"
        )
        (srcdir / "conf.py").write_text(base_conf + conf, "utf-8")
        for name, text in files.items():
            (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
            (srcdir / name).write_text(text, "utf-8")
        return sphinx_build(srcdir, tmp_path / "html")

    return build
