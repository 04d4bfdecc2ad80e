"""Math in titles, typeset by pdflatex: the symbols made from a .bib file's LaTeX, back as LaTeX.

Titles such as ``$\\ell_1$`` or ``AC$^0[\\oplus]$`` are shown as readable text (ℓ₁,
AC⁰[⊕]) by :mod:`.bib.markup`. pdflatex, Sphinx's default LaTeX engine, has no glyph for
most of those characters and stops the PDF ("Unicode character ⊕ not set up for use
with LaTeX"). On LaTeX builders with an engine that is not Unicode-based, each such
character in the extension's own output (list entries and ``{paper}`` links) becomes
the math pylatexenc writes for it (``\\ensuremath{\\oplus}``), and a letter with a
combining accent (``P̄``) LaTeX's accent on it (``\\={P}``). Characters Sphinx already
escapes, or that pylatexenc has no math for (accents are typeset by pdflatex itself;
Chinese needs ``latex_engine = "xelatex"``), are left as they are. Other text of the
pages is not the extension's to change.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from .bib.markup import ACCENTS
from .nodes import publication_entry
from .support import application, support

#: The math pylatexenc writes for a character starts so.
_MATH = "\\ensuremath{"
#: Combining accents (``P̄``: no letter has them built in) and LaTeX's commands for them:
#: the accents the .bib file's LaTeX was read with (:data:`.bib.markup.ACCENTS`), back.
_ACCENTS = {combining: "\\" + command for command, combining in ACCENTS.items()}


@cache
def latex_math(character: str) -> str | None:
    """The LaTeX math for ``character``, where pdflatex needs it; else None."""
    if character.isascii() or escape(character) != character:
        return None  # plain, or Sphinx's own escape handles it
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False)
    latex = encoder.unicode_to_latex(character)
    return latex if latex.startswith(_MATH) else None


def _ours(node: nodes.Node) -> bool:
    return isinstance(node, publication_entry) or (
        isinstance(node, nodes.inline) and "paper-reference" in node["classes"]
    )


class MathSymbolsForPdflatex(SphinxPostTransform):
    """Math symbols in the extension's text as LaTeX math, for engines without Unicode."""

    default_priority = 702  # after the lists' entries are made (700) and year anchors (701)
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if support(application(self.env).builder).unicode_text:
            return
        for container in list(self.document.findall(_ours)):
            for text in list(container.findall(nodes.Text)):
                parts = _split(str(text))
                if len(parts) > 1 or isinstance(parts[0], nodes.raw):
                    text.parent.replace(text, parts)


def _split(text: str) -> list[nodes.Node]:
    """``text`` as Text nodes and raw LaTeX for the characters pdflatex cannot set."""
    parts: list[nodes.Node] = []
    plain: list[str] = []
    index = 0
    while index < len(text):
        character = text[index]
        accent = _ACCENTS.get(text[index + 1 : index + 2])
        if accent and not unicodedata.combining(character):
            latex: str | None = f"{accent}{{{escape(character)}}}"
            source = text[index : index + 2]
        else:
            latex, source = latex_math(character), character
        index += len(source)
        if latex is None:
            plain.append(character)
            continue
        if plain:
            parts.append(nodes.Text("".join(plain)))
            plain = []
        parts.append(nodes.raw(source, latex, format="latex"))
    if plain or not parts:
        parts.append(nodes.Text("".join(plain)))
    return parts


def setup(app: Sphinx) -> None:
    app.add_post_transform(MathSymbolsForPdflatex)
