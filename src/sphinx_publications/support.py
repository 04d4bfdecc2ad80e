"""What each builder supports, decided in one place (as ``sphinx.ext.viewcode`` does).

* **Paper pages**: ``html`` and ``dirhtml`` (and builders derived from them) write
  a page per paper. ``singlehtml`` and EPUB put the site into one document, where a
  page per paper has no place; LaTeX, text, man and Texinfo have no pages at all.
* **Files**: the BibTeX of each paper and of all papers are written next to the
  pages by every HTML builder but EPUB (whose files must be in its manifest).
* **Web**: chips, scripts and images are for HTML output; other builders show each
  link as its label and address, so a printed list keeps them.
* **Unicode text**: every builder but LaTeX with pdflatex (Sphinx's default engine),
  platex or uplatex; there, math symbols become LaTeX math (:mod:`.latex_text`).

Where a builder has no paper pages, a reference to a paper goes to its entry in a
list (``publications.html#pub-key``, or the same place in a PDF), else to the
paper's own URL, so nothing points at a file that is not written.
"""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode


class Support(NamedTuple):
    pages: bool  # a page per paper
    files: bool  # .bib files (and the site's own files: PDFs, thumbnails) in the output
    web: bool  # HTML: chips, scripts, images
    unicode_text: bool  # any character as it is (not LaTeX with pdflatex, platex, uplatex)


def support(builder: Builder) -> Support:
    """What ``builder`` supports; every rendering decision that depends on it asks here."""
    web = builder.format == "html"
    embedded = bool(getattr(builder, "embedded", False))
    epub = builder.name.startswith("epub") or embedded
    pages = (
        web
        and isinstance(builder, StandaloneHTMLBuilder)
        and builder.name != "singlehtml"
        and not epub
    )
    unicode_text = builder.format != "latex" or builder.config.latex_engine in (
        "xelatex",
        "lualatex",
    )
    return Support(pages=pages, files=web and not epub, web=web, unicode_text=unicode_text)


def refnode(
    builder: Builder,
    fromdocname: str,
    todocname: str,
    targetid: str | None,
    child: nodes.Node,
    title: str | None = None,
) -> nodes.reference:
    """``make_refnode``, right on every builder.

    On ``singlehtml`` every document is a part of one page, whose URI is an anchor
    itself (``#document-publications``); a link to an anchor in it is that anchor
    alone, not ``#document-publications#pub-key``.
    """
    node = make_refnode(builder, fromdocname, todocname, targetid, child, title)
    uri = node.get("refuri", "")
    if targetid and uri.startswith("#") and uri.count("#") > 1:
        node["refuri"] = "#" + targetid
    return node


def application(env: BuildEnvironment) -> Sphinx:
    """The application of a build, for transforms (``SphinxTransform.app`` is deprecated).

    Sphinx 9 keeps it as ``env._app`` (what its own post-transforms use); 8.2 as ``env.app``.
    """
    app = getattr(env, "_app", None)
    return app if app is not None else env.app  # type: ignore[attr-defined]
