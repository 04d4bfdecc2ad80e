"""The homepage kit's sitemap: every page by its public, percent-encoded address."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_page_names_outside_ascii_are_percent_encoded(project, tmp_path: Path) -> None:
    result = project(
        {
            "index.md": "# Marie Curie\n\n```{toctree}\n研究\n```\n",
            "研究.md": "# 研究\n\nRadioactivity.\n",
            "refs.bib": "",
        },
        conf=(
            "extensions = ['myst_parser', 'sphinx_publications.homepage']\n"
            "html_baseurl = 'https://curie.example.org/'\n"
        ),
        owner=("Marie Curie",),
    )
    assert result.returncode == 0, result.stderr
    tree = ElementTree.parse(tmp_path / "html" / "sitemap.xml")
    urls = {loc.text for loc in tree.getroot().findall("s:url/s:loc", NS)}
    assert urls == {
        "https://curie.example.org/index.html",
        "https://curie.example.org/%E7%A0%94%E7%A9%B6.html",
    }
