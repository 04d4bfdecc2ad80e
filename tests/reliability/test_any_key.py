"""Any key BibTeX accepts gets a working page name and anchor, distinct from every other key's.

``papers.paper_slug`` keeps a key's letters, digits, ``_``, ``.`` and ``-`` and turns
the rest into ``-``; a long key (in characters or in UTF-8 bytes) is cut and given a
hash of the whole key. Two keys whose names would still be the same, ignoring case
(file systems may), are an error naming both.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup
from harness import build
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_publications.papers import MAX_SLUG, MAX_SLUG_BYTES, paper_slug

SAFE = re.compile(r"[\w.-]+")


@settings(derandomize=True, database=None, max_examples=150)
@given(key=st.text(min_size=1, max_size=300))
def test_every_key_gets_a_safe_name_that_fits_a_file_name(key):
    slug = paper_slug(key)
    assert SAFE.fullmatch(slug), slug
    assert ".." not in slug and slug[0] not in ".-" and slug[-1] not in ".-"
    assert len(slug) <= MAX_SLUG and len(slug.encode()) <= MAX_SLUG_BYTES
    assert len(f"{slug}.html".encode()) <= 255
    assert paper_slug(key) == slug  # stable from build to build
    plain = SAFE.fullmatch(key) and ".." not in key and key[0] not in ".-" and key[-1] not in ".-"
    if plain and len(key) <= MAX_SLUG and len(key.encode()) <= MAX_SLUG_BYTES:
        assert slug == key  # a plain key is its own name


@settings(derandomize=True, database=None, max_examples=50)
@given(
    common=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=90, max_size=120),
    tails=st.lists(st.text(min_size=1, max_size=5), min_size=2, max_size=2, unique=True),
)
def test_long_keys_that_differ_anywhere_get_different_names(common, tails):
    first, second = (paper_slug(common + tail) for tail in tails)
    assert first != second


#: Keys of every kind BibTeX accepts, each of which must get its own working page.
TRICKY_KEYS = [
    "a<b>",
    'quote"d',
    "hash#tag",
    "what?now",
    "amp&er",
    "percent%20",
    "x.bib",
    "..dots..",
    "foo_bar2020",
    "foo.bar2020",
    "foo-bar2020x",
    unicodedata.normalize("NFC", "é2020"),
    unicodedata.normalize("NFD", "é2020"),
    "黄2020",
    "李2020",
    "Ünïcödé",
    "\U0001d518" * 70,  # 𝔘: 4 bytes each, 280 bytes in all
    "k" * 300,
    "k" * 299 + "j",
]


def entry(key: str, year: int) -> str:
    return (
        f"@article{{{key},\n  title = {{Paper {year}}},\n  author = {{Ada Lovelace}},\n"
        f"  journal = {{Scientific Memoirs}},\n  year = {{{year}}},\n}}\n\n"
    )


def project(folder: Path, keys: list[str]) -> Path:
    src = folder / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\npublications_owner = ['Ada Lovelace']\n"
        "html_theme = 'alabaster'\n",
        "utf-8",
    )
    (src / "refs.bib").write_text(
        "".join(entry(key, 1800 + i) for i, key in enumerate(keys)), "utf-8"
    )
    (src / "index.md").write_text("# Papers\n\n```{publication-list}\n```\n", "utf-8")
    return src


def test_keys_of_any_characters_and_length_get_distinct_working_pages(tmp_path):
    src = project(tmp_path, TRICKY_KEYS)
    out = tmp_path / "html"
    result = build(src, out, tmp_path / "doctrees")
    assert result.returncode == 0, result.output
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    items = soup.select("li.publication")
    ids = [li["id"] for li in items]
    hrefs = [li.select_one(".pub-title a")["href"] for li in items]
    assert len(items) == len(set(ids)) == len(set(hrefs)) == len(TRICKY_KEYS)
    for li, href in zip(items, hrefs, strict=True):
        page = out / unquote(href)
        assert page.is_file(), href
        assert page.with_suffix(".bib").is_file(), href
        paper = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        back = paper.select_one(".paper-back")["href"]
        assert back == f"../index.html#{li['id']}"  # the way back finds the entry


def test_keys_whose_names_differ_only_in_case_are_an_error_naming_both(tmp_path):
    src = project(tmp_path, ["Foo:Bar2020", "foo/bar2020"])
    message = (
        "refs.bib:8: foo/bar2020: its page and anchor would be those of Foo:Bar2020 (refs.bib:1)"
    )
    for _ in ("first build", "the same again"):  # the error repeats until it is fixed
        result = build(src, tmp_path / "html", tmp_path / "doctrees")
        assert result.returncode != 0
        assert message in result.output
        assert "Traceback" not in result.output


def test_keys_equal_but_for_case_are_one_key_reported_twice(tmp_path):
    """BibTeX compares keys without case: the second entry is reported, not given a page."""
    src = project(tmp_path, ["Smith2020", "smith2020"])
    result = build(src, tmp_path / "html", tmp_path / "doctrees")
    assert result.returncode != 0
    assert "refs.bib:8: smith2020: the key is already used on line 1 (Smith2020)" in result.output
