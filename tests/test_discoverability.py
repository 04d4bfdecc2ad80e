"""Search engines and other sites find the pages: sitemap, robots.txt, canonical links,
OpenGraph, a 404 page, and intersphinx references from another Sphinx project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
NOT_DOCUMENTS = {"genindex.html", "search.html", "404.html"}


def base_url(page) -> str:
    canonical = page("index").head.find("link", rel="canonical")["href"]
    assert canonical.endswith("/index.html") and canonical.startswith(("http://", "https://"))
    return canonical.removesuffix("index.html")


def document_pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site).with_suffix("")).replace("\\", "/")
        for p in site.rglob("*.html")
        if p.name not in NOT_DOCUMENTS and not p.relative_to(site).parts[0].startswith("_")
    )


def test_sitemap_lists_every_page_with_absolute_urls(site, page):
    base = base_url(page)
    tree = ElementTree.parse(site / "sitemap.xml")
    urls = [loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)]
    expected = {f"{base}{name}.html" for name in document_pages(site)}
    assert len(urls) == len(set(urls))
    assert set(urls) == expected
    assert f"{base}papers/huang2017densely.html" in urls
    assert len(expected) > 50  # the five pages and every paper


def test_robots_txt_points_to_the_sitemap(site, page):
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {base_url(page)}sitemap.xml" in lines


def test_every_page_has_a_canonical_link_and_opengraph(site, page):
    base = base_url(page)
    for name in document_pages(site):
        head = page(name).head
        canonical = head.find("link", rel="canonical")["href"]
        assert canonical == f"{base}{name}.html", name
        og = {tag["property"]: tag["content"] for tag in head.find_all("meta", property=True)}
        assert og["og:url"] == canonical, name
        assert og["og:title"] and og["og:site_name"] == "Gao Huang", name
        assert "og:image" not in og  # no generated social cards
        if name.startswith("papers/"):
            assert og["og:type"] == "article", name
            description = head.find("meta", attrs={"name": "description"})["content"]
            assert og["og:description"] == description, name
            assert "Gao Huang" in description, name
        else:
            assert og["og:type"] == "website", name


def test_the_publication_list_previews_with_its_description(page):
    """Not with the first text of the page, the chart's table flattened to commas."""
    head = page("publications").head
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert head.find("meta", property="og:description")["content"] == description


def test_not_found_page_works_at_any_depth(site):
    soup = BeautifulSoup((site / "404.html").read_text("utf-8"), "html.parser")
    assert "Page not found" in soup.get_text()
    stylesheets = [link["href"] for link in soup.head.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith("/_static/") for href in stylesheets)


def test_html_baseurl_without_trailing_slash_is_reported(project):
    page = "# Home\n"
    conf = "extensions.append('sphinx_publications.homepage')\n"
    result = project(
        {"index.md": page, "refs.bib": ""},
        conf=conf + "html_baseurl = 'https://example.org/home'\n",
    )
    assert result.returncode != 0
    assert "html_baseurl 'https://example.org/home' should end with '/'" in result.stderr


def test_another_project_references_papers_through_intersphinx(site, tmp_path):
    srcdir = tmp_path / "other"
    srcdir.mkdir()
    inventory = str(site / "objects.inv")  # a local file: no network
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'huang': ('https://huang.example/', {inventory!r})}}\n",
        "utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Related work\n\n"
        "DenseNet is {ref}`huang:paper-huang2017densely`; see also\n"
        "[deformable attention](inv:huang#paper-xia2022vision).\n",
        "utf-8",
    )
    outdir = tmp_path / "other-html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-N",
            "-b",
            "html",
            "-W",
            "-n",
            "-q",
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    soup = BeautifulSoup((outdir / "index.html").read_text("utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("a.reference.external")}
    assert links["Densely Connected Convolutional Networks"] == (
        "https://huang.example/papers/huang2017densely.html#paper-huang2017densely"
    )
    assert links["deformable attention"] == (
        "https://huang.example/papers/xia2022vision.html#paper-xia2022vision"
    )
