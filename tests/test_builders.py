"""Every builder builds the site without a warning, and nothing points at a file not written.

Paper pages exist for ``html`` and ``dirhtml``; elsewhere (``singlehtml``, EPUB, LaTeX, text,
man, Texinfo) a paper's title links to the paper itself and its links are printed with their
addresses (:mod:`sphinx_publications.support`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from support import copy_site, require, sphinx_build

BUILDERS = ("dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site built once by every builder (in parallel processes)."""
    root = tmp_path_factory.mktemp("builders")
    srcdir = copy_site(root / "src")
    processes = {}
    for builder in BUILDERS:
        out = root / builder
        command = ["-D", "version=1"]  # EPUB wants a version; the site has none
        processes[builder] = (out, command)
    results = {}
    for builder, (out, command) in processes.items():
        result = sphinx_build(srcdir, out, *command, builder=builder)
        results[builder] = result
    for builder, result in results.items():
        assert result.returncode == 0, f"{builder}: {result.stderr}"
        assert "Traceback" not in result.stderr
    return {builder: out for builder, (out, _) in processes.items()}


def local_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a[href]")]
    return [href for href in links if not urlsplit(href).scheme and not href.startswith("#")]


def test_dirhtml_links_paper_pages_that_exist(built):
    out = built["dirhtml"]
    links = local_links(out / "publications" / "index.html")
    papers = [href for href in links if "papers/" in href]
    assert len([h for h in papers if h.endswith("/")]) == 51
    for href in links:
        target = (out / "publications" / unquote(href.split("#")[0])).resolve()
        assert target.exists() or (target / "index.html").exists(), href


def test_singlehtml_has_no_paper_pages_and_no_link_to_one(built):
    out = built["singlehtml"]
    assert not list((out / "papers").glob("*.html"))
    links = local_links(out / "index.html")
    assert not [href for href in links if href.endswith(".html") and "papers/" in href]
    bibtex = [href for href in links if href.endswith(".bib")]
    assert len(bibtex) == 52  # each paper's BibTeX and all of them: written
    for href in links:
        assert (out / unquote(href.split("#")[0])).exists(), href
    # a {paper} reference goes to the paper's entry on the (single) page
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    references = soup.select("a:has(> .paper-reference)")
    assert len(references) == 5
    for reference in references:
        assert re.fullmatch(r"#pub-[a-z0-9]+", reference["href"]), reference["href"]
        assert soup.find(id=reference["href"][1:]), reference["href"]


def test_epub_points_at_no_missing_file(built):
    out = built["epub"]
    for page in out.glob("*.xhtml"):
        for href in local_links(page):
            assert "papers/" not in href, (page.name, href)
            assert (out / unquote(href.split("#")[0])).exists(), (page.name, href)


def test_text_is_a_readable_publication_list(built):
    text = (built["text"] / "publications.txt").read_text("utf-8")
    assert "[details]" not in text and "BibTeX]" not in text
    assert "Densely Connected Convolutional Networks." in text
    assert "Code: https://github.com/liuzhuang13/DenseNet" in " ".join(text.split())
    assert "(Best Paper Award)" in text
    assert re.search(r"2025 \(3\) · 2024 \(13\)", text)  # the year navigation as one line


def test_man_and_texinfo_build(built):
    assert list(built["man"].glob("*.1"))
    texinfo = next(built["texinfo"].glob("*.texi")).read_text("utf-8")
    assert "Densely Connected Convolutional Networks" in texinfo


def latexmk_pdf(tex: Path) -> subprocess.CompletedProcess[str]:
    """``tex`` made into a PDF by latexmk with pdflatex, as a user would (skipped without it)."""
    latexmk = shutil.which("latexmk")
    require(
        latexmk,
        "the LaTeX check needs latexmk and TeX Live (apt-get install latexmk "
        "texlive-latex-extra texlive-fonts-recommended tex-gyre)",
    )
    return subprocess.run(
        [latexmk, "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tex.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_latex_output_is_a_publication_list_that_latexmk_turns_into_a_pdf(built):
    out = built["latex"]
    tex = next(out.glob("*.tex"))
    source = tex.read_text("utf-8")
    assert r"\sphinxstylestrong{Gao Huang}" in source  # the owner emphasised
    assert r"\sphinxurl{https://github.com/liuzhuang13/DenseNet}" in source  # links as URLs
    result = latexmk_pdf(tex)
    assert result.returncode == 0, result.stdout[-3000:]
    pdftotext = shutil.which("pdftotext")
    require(pdftotext, "reading the PDF needs pdftotext (apt-get install poppler-utils)")
    shown = subprocess.run(
        [pdftotext, "-layout", tex.with_suffix(".pdf").name, "-"],
        cwd=out,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown = " ".join(shown.split())
    assert "Densely Connected Convolutional Networks" in shown
    assert "Gao Huang*, Zhuang Liu*, Laurens van der Maaten" in shown  # equal contribution
    assert "Code: https://github.com/liuzhuang13/DenseNet" in shown


MATH_BIB = r"""
@inproceedings{ell2020,
  title = {Sparse {$\ell_1$} Recovery of {$\theta$}},
  author = {Ada Lovelace and Paul {\={P}}ot},
  booktitle = {Symposium on {AC$^0[\oplus]$} Circuits},
  year = {2020},
}
"""
MATH_PAGE = "# Papers\n\n```{publication-list}\n```\n\nSee {paper}`ell2020`.\n"
MATH_CONF = """\
extensions = ['myst_parser', 'sphinx_publications']
bibtex_bibfiles = ['refs.bib']
publications_owner = ['Ada Lovelace']
"""


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_math_symbols_of_titles_reach_pdflatex_as_latex_math(tmp_path, engine):
    """ℓ, θ, ⊕ (made from the .bib file's LaTeX) stop pdflatex; xelatex sets them as text."""
    src = tmp_path / "src"
    src.mkdir()
    conf = MATH_CONF + f"latex_engine = {engine!r}\n"
    for name, text in {"conf.py": conf, "refs.bib": MATH_BIB, "index.md": MATH_PAGE}.items():
        (src / name).write_text(text, "utf-8")
    out = tmp_path / "latex"
    result = sphinx_build(src, out, builder="latex")
    assert result.returncode == 0, result.stderr
    tex = next(out.glob("*.tex"))
    source = tex.read_text("utf-8")
    latex_math = [r"\ensuremath{\ell}", r"\ensuremath{\theta}", r"\ensuremath{\oplus}", r"\={P}"]
    if engine == "xelatex":
        assert not any(math in source for math in latex_math)
        assert "ℓ" in source and "P\u0304ot" in source
        return
    assert all(math in source for math in latex_math), source
    assert source.count(r"\ensuremath{\theta}") == 2  # in the list and in the {paper} link
    compiled = latexmk_pdf(tex)
    assert compiled.returncode == 0, compiled.stdout[-3000:]
