"""The output's scripts and stylesheets are minified; the sources in the repository are not."""

from __future__ import annotations

import gzip
from pathlib import Path

import furo
import pytest

from sphinx_publications.assets import BUNDLES, bundle
from sphinx_publications.homepage.minify import MIN_SAVING, minified

REPO = Path(__file__).resolve().parents[2]
#: The site's and the extension's own files, as written before minifying.
SOURCES = {
    "homepage.css": (REPO / "_static" / "homepage.css").read_bytes(),
    "drawer-toggles.js": (REPO / "_static" / "drawer-toggles.js").read_bytes(),
    **{name: bundle(name).encode("utf-8") for name in BUNDLES},
}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_own_files_ship_minified(site, tmp_path, name):
    source = tmp_path / name
    source.write_bytes(SOURCES[name])
    shipped = (site / "_static" / name).read_bytes()
    assert shipped == minified(source)
    assert gzip_size(shipped) <= (1 - MIN_SAVING) * gzip_size(SOURCES[name])
    assert b"\n/*" not in shipped and b"\n  " not in shipped  # no comments, no indentation


@pytest.mark.parametrize("name", ["searchtools.js", "doctools.js"])
def test_sphinx_search_scripts_ship_minified(site, name):
    shipped = (site / "_static" / name).read_bytes()
    assert shipped.count(b"\n") < 60 and b"    " not in shipped


def test_minified_files_are_left_alone(site):
    """furo's files are minified already: they stay byte for byte (furo.css is trimmed
    instead: test_theme_css.py)."""
    theme_static = Path(furo.__file__).parent / "theme" / "furo" / "static"
    for name in ("styles/furo-extensions.css", "scripts/furo.js"):
        assert (site / "_static" / name).read_bytes() == (theme_static / name).read_bytes()


def test_minifying_is_off_unless_the_site_turns_it_on(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""},
        conf="extensions.append('sphinx_publications.homepage')\n",
    )
    assert result.returncode == 0, result.stderr
    for name in BUNDLES:
        shipped = tmp_path / "html" / "_static" / name
        assert shipped.read_text("utf-8") == bundle(name), name


def test_other_extensions_files_are_never_minified(project, tmp_path):
    sphinx_copybutton = pytest.importorskip("sphinx_copybutton")
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""},
        conf="extensions += ['sphinx_publications.homepage', 'sphinx_copybutton']\n"
        "homepage_minify_assets = True\n",
    )
    assert result.returncode == 0, result.stderr
    source = Path(sphinx_copybutton.__file__).parent / "_static" / "copybutton.css"
    assert (tmp_path / "html" / "_static" / "copybutton.css").read_bytes() == source.read_bytes()
