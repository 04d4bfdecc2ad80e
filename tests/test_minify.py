"""The output's scripts and stylesheets are minified; the sources in the repository are not."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import furo
import pytest
from support import sphinx_build

from sphinx_publications.assets import BUNDLES, bundle
from sphinx_publications.minify import MIN_SAVING, minified, minify_page

REPO = Path(__file__).resolve().parents[1]
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
    """furo's files are minified already: they stay byte for byte."""
    theme_static = Path(furo.__file__).parent / "theme" / "furo" / "static"
    for name in ("styles/furo.css", "scripts/furo.js"):
        assert (site / "_static" / name).read_bytes() == (theme_static / name).read_bytes()


def test_minifying_can_be_turned_off(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""}, conf="publications_minify_assets = False\n"
    )
    assert result.returncode == 0, result.stderr
    for name in BUNDLES:
        shipped = tmp_path / "html" / "_static" / name
        assert shipped.read_text("utf-8") == bundle(name), name


def test_pages_lose_their_indentation_but_not_their_text(site, page):
    raw = (site / "publications.html").read_text("utf-8")
    outside_pre = re.sub(r"<(pre|script|style)\b.*?</\1>", "", raw, flags=re.S)
    assert not re.search(r"\n[ \t]", outside_pre)
    # The paper page's BibTeX keeps its two-space indentation.
    bibtex = page("papers/huang2017densely").select_one(".paper-bibtex pre").get_text()
    assert "\n  author = {" in bibtex


def test_minify_page_keeps_whitespace_where_it_is_content():
    html = (
        "<p>a\n    b</p>\n  <pre>x\n    y</pre>\n<script>\n  f()\n</script>\n"
        "  <textarea> t\n  </textarea>"
    )
    assert minify_page(html) == (
        "<p>a\nb</p>\n<pre>x\n    y</pre>\n<script>\n  f()\n</script>\n<textarea> t\n  </textarea>"
    )


def test_pages_keep_only_the_icons_they_use(site, page):
    for name in ("index", "publications", "search", "papers/huang2017densely"):
        soup = page(name)
        used = {use["href"] for use in soup.select("use[href]")}
        symbols = {f"#{symbol['id']}" for symbol in soup.select("symbol[id]")}
        assert symbols == used, name  # furo's theme toggle, menu and contents icons stay
        assert "#svg-pencil" not in symbols  # furo's "edit this page" icon: no such button here


def test_minify_page_drops_only_symbols_nothing_names():
    html = (
        '<svg><symbol id="a"><path/></symbol>\n<symbol id="b"><path/></symbol>\n'
        '<symbol id="c"><path/></symbol></svg><svg><use href="#a"></use></svg>'
        '<script>icon("#c")</script>'
    )
    assert minify_page(html) == (
        '<svg><symbol id="a"><path/></symbol>\n<symbol id="c"><path/></symbol></svg>'
        '<svg><use href="#a"></use></svg><script>icon("#c")</script>'
    )


def test_pages_written_in_parallel_are_minified_too(project, tmp_path):
    """With -j, pages are written in other processes: the output is searched for them."""
    assert project({"index.md": "# Home\n", "refs.bib": ""}).returncode == 0
    srcdir, outdir = tmp_path / "src", tmp_path / "parallel"
    (srcdir / "other.md").write_text("---\norphan: true\n---\n# Other\n", "utf-8")
    result = sphinx_build(srcdir, outdir, "-j", "2")
    assert result.returncode == 0, result.stderr
    for name in ("index.html", "other.html", "search.html"):
        assert not re.search(r"\n[ \t]+<", (outdir / name).read_text("utf-8")), name


def test_minifying_pages_can_be_turned_off(project, tmp_path):
    result = project(
        {"index.md": "# Home\n", "refs.bib": ""}, conf="publications_minify_html = False\n"
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\n[ \t]+<", (tmp_path / "html" / "index.html").read_text("utf-8"))
