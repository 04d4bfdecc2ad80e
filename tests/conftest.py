"""Shared fixtures: real ``sphinx-build`` runs of the site and of small projects."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from support import (
    CHROMIUM_ARGS,
    DATA,
    SITE_URL,
    chromium_executable,
    copy_site,
    require,
    serve,
    sphinx_build,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session; returns the HTML output folder."""
    root = tmp_path_factory.mktemp("site")
    srcdir = copy_site(root / "src")
    outdir = root / "html"
    result = sphinx_build(srcdir, outdir, site_url=SITE_URL)
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

    The project uses the extension with MyST; ``conf`` adds lines to conf.py and
    ``owner`` names the owner (``publications_owner``; none with ``owner=()``).
    """

    def build(
        files: dict[str, str],
        conf: str = "",
        owner: tuple[str, ...] = ("Gao Huang",),
        options: tuple[str, ...] = (),
        quiet: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        srcdir = tmp_path / "src"
        srcdir.mkdir(exist_ok=True)
        base_conf = (
            "extensions = ['myst_parser', 'sphinx_publications']\n"
            "bibtex_bibfiles = ['refs.bib']\n"
            f"publications_owner = {list(owner)!r}\n"
        )
        (srcdir / "conf.py").write_text(base_conf + conf, "utf-8")
        for name, text in files.items():
            (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                (srcdir / name).write_bytes(text)
            else:
                (srcdir / name).write_text(text, "utf-8")
        return sphinx_build(srcdir, tmp_path / "html", *options, quiet=quiet)

    return build


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, as a visitor gets it."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) for the whole session, driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright, "browser tests need the playwright package (pip install -e '.[test]')")
    executable = chromium_executable()
    require(executable, "browser tests need Chromium: apt-get install chromium (or set $CHROMIUM)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
