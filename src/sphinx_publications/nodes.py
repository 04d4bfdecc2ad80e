"""Doctree nodes for publication entries.

All subclass standard nodes, so builders without a visitor of their own
(text, LaTeX, …) render them as the list item / code block they are; Sphinx's
translators fall back along the class hierarchy.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from .entry_cache import entry_text, note_written


class publication_entry(nodes.list_item):
    """One paper in a list; ``node["data"]`` becomes ``data-*`` attributes for filtering."""


def elements_around_entries(doctree: nodes.Node) -> Iterator[nodes.Element]:
    """The doctree's elements, each list entry among them but nothing inside one.

    What is inside an entry is made by this extension from a .bib entry (text, links,
    buttons): nothing a look over the whole page searches for (code, a profile, a
    list's filters, a paper page's parts) is ever there, and a 5,000-entry list holds
    150,000 nodes there.
    """
    stack = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.Element):
            yield node
            if not isinstance(node, publication_entry):
                stack.extend(reversed(node.children))


class plain_text_block(nodes.literal_block):
    """Text shown as is (BibTeX): the HTML of a ``none``-language code block, without Pygments.

    Sphinx runs every code block through Pygments, and builds a new formatter,
    stylesheet included, for each: most of the cost of writing a paper's page, for a
    block that has no token to colour.
    """

    def __init__(self, text: str, **attributes: object) -> None:
        super().__init__(text, text, language="none", **attributes)


def visit_plain_text_block(self: HTML5Translator, node: plain_text_block) -> None:
    text = node.astext()
    text = text if text.endswith("\n") else text + "\n"
    self.body.append(self.starttag(node, "div", suffix="", CLASS="highlight-none notranslate"))
    self.body.append(
        f'<div class="highlight"><pre><span></span>{html.escape(text, quote=False)}</pre></div>\n'
    )
    self.body.append("</div>\n")
    raise nodes.SkipNode


def visit_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    attributes = {f"data-{name}": value for name, value in node.get("data", {}).items()}
    # What the start tag is written from (one string: 5,000 entries' tuples weigh on
    # the build's peak memory); an earlier build's tag for the same is reused.
    written_for = repr((node["ids"], node["classes"], attributes))
    kept_start = node.get("kept_start")
    if kept_start is not None and kept_start[0] == written_for:
        start = kept_start
    else:
        start = (written_for, self.starttag(node, "li", "", **attributes))
    self.body.append(start[1])
    kept = node.get("kept_html")
    if kept is not None:  # the entry's HTML from an earlier build (:mod:`.entry_cache`)
        self.body += [kept, "</li>\n"]
        text = node.get("kept_text")  # as kept: unescaping 5,000 texts again took 25 ms
        note_written(
            self.document, node["cache_key"], kept, node.astext() if text is None else text, start
        )
        raise nodes.SkipNode
    if "cache_key" in node:
        node.html_start = (self.body, len(self.body), start)  # type: ignore[attr-defined]


def depart_publication_entry(self: HTML5Translator, node: publication_entry) -> None:
    began = getattr(node, "html_start", None)
    if began is not None and began[0] is self.body:
        text = entry_text(node, self.builder)
        if text is not None:
            html = "".join(self.body[began[1] :])
            note_written(self.document, node["cache_key"], html, text, began[2])
    self.body.append("</li>\n")


class publication_abstract(nodes.General, nodes.Element):
    """An entry's abstract behind a disclosure (``<details>``); ``node["label"]`` names it.

    Keyboard-operable without a script. Only HTML shows it: a printed list stays short.
    """


def visit_publication_abstract(self: HTML5Translator, node: publication_abstract) -> None:
    self.body.append(self.starttag(node, "details", "", CLASS="pub-abstract"))
    self.body.append(f"<summary>{html.escape(node['label'])}</summary>\n")
    self.body.append('<div class="pub-abstract-text">\n')


def depart_publication_abstract(self: HTML5Translator, node: publication_abstract) -> None:
    self.body.append("</div></details>\n")


class publication_thumbnail(nodes.General, nodes.Element):
    """A paper's thumbnail: ``src``, ``srcset``, ``width``, ``height``, ``alt``, ``loading``.

    The image files are made at build time (:mod:`.thumbnails`); only HTML shows them.
    """


def visit_publication_thumbnail(self: HTML5Translator, node: publication_thumbnail) -> None:
    attributes = {
        "src": node["src"],
        "alt": node["alt"],
        "width": str(node["width"]),
        "height": str(node["height"]),
        "decoding": "async",
    }
    if node.get("srcset"):
        attributes["srcset"] = node["srcset"]
    if node.get("loading"):
        attributes["loading"] = node["loading"]
    self.body.append(self.emptytag(node, "img", "", **attributes))
    raise nodes.SkipNode


class publication_year(nodes.rubric):
    """A year heading in a list grouped by year; ``node["level"]`` is its heading level."""


def visit_publication_year(self: HTML5Translator, node: publication_year) -> None:
    level = str(node.get("level", 3))
    self.body.append(self.starttag(node, "p", "", role="heading", **{"aria-level": level}))


def depart_publication_year(self: HTML5Translator, node: publication_year) -> None:
    self.body.append("</p>\n")


class isolated_text(nodes.inline):
    """Right-to-left text (Arabic, Hebrew) set apart from what is around it: ``<bdi>``.

    Without it a browser's bidirectional algorithm runs an Arabic journal's name into the
    volume and pages after it (pages 11 to 29 read "29-5:11"), and an Arabic name into
    the next author's.
    """


def visit_isolated_text(self: HTML5Translator, node: isolated_text) -> None:
    self.body.append("<bdi>")


def depart_isolated_text(self: HTML5Translator, node: isolated_text) -> None:
    self.body.append("</bdi>")


def skip_node(self: nodes.NodeVisitor, node: nodes.Node) -> None:
    raise nodes.SkipNode


def other_builders(visit: Callable[..., None] = skip_node) -> dict[str, tuple]:
    """One visitor for a node in the non-HTML writers Sphinx ships (default: left out)."""
    return {name: (visit, None) for name in ("latex", "text", "man", "texinfo")}


def setup(app: Sphinx) -> None:
    others = other_builders()
    app.add_node(publication_entry, html=(visit_publication_entry, depart_publication_entry))
    app.add_node(plain_text_block, html=(visit_plain_text_block, None))
    app.add_node(
        publication_abstract,
        html=(visit_publication_abstract, depart_publication_abstract),
        **others,
    )
    app.add_node(publication_thumbnail, html=(visit_publication_thumbnail, None), **others)
    app.add_node(publication_year, html=(visit_publication_year, depart_publication_year))
    app.add_node(isolated_text, html=(visit_isolated_text, depart_isolated_text))
