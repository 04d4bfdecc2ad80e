"""A paper's page: what Google Scholar and shared links land on, rendered from its entry.

The page shows the title once; the authors, venue and year once; the links once,
as chips; the award and presentation; the figure and the abstract when the entry
has them; the BibTeX with its copy button; the pages of the site that mention the
paper; a way back to the paper in the list, and the previous and next paper.

Pages are built as doctrees from the entries and written with the theme's
``page.html`` while the site is written (``html-collect-pages``), as
``sphinx.ext.viewcode`` writes its pages: a Sphinx document per paper would cost
reading, transforms, pickling and resolving for a page that has one source. The
doctree goes to ``html-page-context``, so every handler that inspects a page
(assets, OpenGraph, metadata) treats a paper's page like any other; the site
search learns of it from :mod:`.paper_search`.

When a page is rendered again is decided by :mod:`.page_writer`.
"""

from __future__ import annotations

import copy
import html
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole, new_document
from sphinx.util.nodes import clean_astext
from sphinx.util.osutil import relative_uri

from .bib.export import export_entry, one_file
from .bib.records import Publication
from .entry_nodes import Targets, badges, chips, notes_nodes, people_node, venue_node
from .navigation import shared_navigation
from .nodes import plain_text_block
from .papers import (
    EXPORT_NAME,
    bib_entries,
    bibtex_file,
    entry_id,
    pages_to_write,
    paper_docname,
    paper_label,
    paper_slug,
    publication,
    publications,
    summary,
)
from .publication_list import home_of, listed, ordered
from .roles import paper_references
from .support import application, refnode, support
from .thumbnails_nodes import PAGE_WIDTH, thumbnail_node
from .translations import _

logger = logging.getLogger(__name__)

#: (docname, anchor or "", page title) of each page that lists or references a paper.
Citers = tuple[tuple[str, str, str], ...]
#: The papers before and after one in reading order: (key, title) or None.
Neighbours = tuple[tuple[str, str] | None, tuple[str, str] | None]


# -- What a page shows -------------------------------------------------------------------


def paper_section(
    app: Sphinx,
    pagename: str,
    entry: Entry,
    citers: Citers,
    bibtex: str,
    neighbours: Neighbours,
    home: tuple[str, str] | None,
) -> nodes.section:
    """The page's content: the paper's title as heading, then its parts."""
    config = app.config
    builder = app.builder
    pub = publication(config, entry)
    label = paper_label(entry.key)
    title = pub.title or entry.key
    section = nodes.section("", nodes.title(title, title), ids=[label], names=[label])
    section += _byline(app, pagename, pub)
    figure = thumbnail_node(app, pagename, pub, eager=True, width=PAGE_WIDTH)
    if figure is not None:
        section += nodes.container("", figure, classes=["paper-figure"])
    if pub.abstract:
        paragraphs = [nodes.paragraph(p, p) for p in pub.abstract.split("\n\n") if p.strip()]
        section += _subsection(_("Abstract"), "abstract", *paragraphs, classes=["paper-abstract"])
    section += _bibtex(builder, config, pagename, entry.key, bibtex)
    section += _mentioned_on(builder, pagename, citers)
    section += _page_navigation(builder, pagename, config, pub, neighbours, home)
    return section


def _byline(app: Sphinx, pagename: str, pub: Publication) -> nodes.container:
    """Authors; venue and year with the award and presentation; the links as chips."""
    byline = nodes.container(classes=["paper-citation"])
    people = people_node(pub)
    if people is not None:
        byline += nodes.paragraph("", "", people)
    venue = nodes.paragraph()
    if (line := venue_node(pub)) is not None:
        venue += line
    for badge in badges(pub):
        venue += [nodes.Text(" "), badge]
    if venue.children:
        byline += venue
    for note in notes_nodes(pub):
        byline += nodes.paragraph("", "", note)
    from .listing import EntryRenderer

    targets = EntryRenderer(app, pagename).targets(pub)
    page_targets = Targets(targets.support, None, "", targets.files, targets.refnode)
    row = chips(pub, page_targets, abstract=False, paper=True)
    if row.children:
        byline += row
    return byline


def _subsection(
    title: str, name: str, *children: nodes.Node, classes: list[str] | None = None
) -> nodes.section:
    return nodes.section(
        "", nodes.title(title, title), *children, ids=[name], classes=classes or []
    )


def _bibtex(
    builder: StandaloneHTMLBuilder, config: Config, pagename: str, key: str, bibtex: str
) -> nodes.section:
    name = f"{paper_slug(key)}.bib"
    uri = relative_uri(builder.get_target_uri(pagename), bibtex_file(config, key))
    download = nodes.reference(
        "", "", nodes.literal(name, name), refuri=uri, internal=True, classes=["download"]
    )
    return _subsection(
        "BibTeX",
        "bibtex",
        # Plain text: no pygments.css needed, still copyable.
        plain_text_block(bibtex, classes=["paper-bibtex"]),
        # The colon belongs to the language (Chinese writes a full-width one).
        nodes.paragraph("", _("Download:") + " ", download, classes=["paper-download"]),
    )


def _mentioned_on(builder: StandaloneHTMLBuilder, pagename: str, citers: Citers) -> nodes.section:
    if not citers:
        text = _("No page of this site mentions it yet.")
        return _subsection(_("Mentioned on"), "mentioned-on", nodes.paragraph(text, text))
    items = nodes.bullet_list(classes=["paper-mentioned-on"])
    for docname, anchor, title in citers:
        text = nodes.Text(title or docname)
        reference = refnode(builder, pagename, docname, anchor or None, text)
        items += nodes.list_item("", nodes.paragraph("", "", reference))
    return _subsection(_("Mentioned on"), "mentioned-on", items)


def _page_navigation(
    builder: StandaloneHTMLBuilder,
    pagename: str,
    config: Config,
    pub: Publication,
    neighbours: Neighbours,
    home: tuple[str, str] | None,
) -> nodes.container:
    """Back to the paper in the list; the previous and next paper."""
    nav = nodes.container(classes=["paper-navigation"])
    if home is not None:
        docname, title = home
        text = _("Back to %s") % title
        back = refnode(builder, pagename, docname, entry_id(config, pub.key), nodes.Text(text))
        back["classes"].append("paper-back")
        nav += nodes.paragraph("", "", back)
    pager = nodes.paragraph(classes=["paper-pager"])
    for neighbour, word, cls in (
        (neighbours[0], _("Previous paper"), "paper-previous"),
        (neighbours[1], _("Next paper"), "paper-next"),
    ):
        if neighbour is None:
            continue
        key, title = neighbour
        inner = nodes.inline(
            "",
            "",
            nodes.inline(word, word, classes=["paper-pager-label"]),
            nodes.inline(title, title, classes=["paper-pager-title"]),
        )
        link = refnode(builder, pagename, paper_docname(config, key), None, inner)
        link["classes"].append(cls)
        pager += link
    if pager.children:
        nav += pager
    return nav


# -- Which page mentions which paper; reading order --------------------------------------


def cited_on_index(env: BuildEnvironment, config: Config) -> dict[str, Citers]:
    """For each paper key, the pages that list it or reference it with ``{paper}``."""
    entries = bib_entries(env)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for docname, keys in paper_references(env).items():
        for key in keys:
            entry = entries.get(key)
            if entry is not None:
                found[entry.key].setdefault(docname, "")
    for docname, keys in listed(env).items():
        for key in keys:
            found[key][docname] = entry_id(config, key)
    cite = env.get_domain("cite")
    for citation in cite.citations:  # type: ignore[attr-defined]
        bibliography = cite.bibliographies[citation.bibliography_key]  # type: ignore[attr-defined]
        anchor = (
            citation.citation_id
            if bibliography.list_ == "citation"
            else entry_id(config, citation.entry.key)
        )
        found[citation.entry.key][citation.bibliography_key.docname] = anchor
    index = {}
    titles: dict[str, str] = {}  # a few pages cite thousands of papers: each title once
    for key, docs in found.items():
        for docname in docs:
            if docname not in titles:
                titles[docname] = page_title(env, config, docname)
        citers = [(docname, anchor, titles[docname]) for docname, anchor in docs.items()]
        index[key] = tuple(sorted(citers, key=lambda c: (c[2].casefold(), c[0])))
    return index


def page_title(env: BuildEnvironment, config: Config, docname: str) -> str:
    """A page's title for links to it; the home page is "Home" (its title is the owner's name)."""
    if docname == config.root_doc:
        return _("Home")
    return clean_astext(env.titles[docname]) if docname in env.titles else docname


def reading_order(env: BuildEnvironment, config: Config) -> list[str]:
    """Every paper once: as the page listing the most papers shows them, then the rest."""
    entries = bib_entries(env)
    home = home_of(env)
    pages = sorted(listed(env).items(), key=lambda item: (-len(item[1]), item[0]))
    order: list[str] = []
    seen: set[str] = set()
    for _docname, keys in pages[:1]:
        for key in keys:
            if key.casefold() not in seen and key in entries:
                seen.add(key.casefold())
                order.append(entries[key].key)
    rest = [publication(config, e) for k, e in entries.items() if k.casefold() not in seen]
    order += [pub.key for pub in ordered(rest)]
    del home
    return order


def neighbours_of(
    env: BuildEnvironment, config: Config, pages: dict[str, str]
) -> dict[str, Neighbours]:
    """Previous and next paper (with a page) of every paper with a page."""
    entries = bib_entries(env)
    with_pages = set(pages.values())
    order = [key for key in reading_order(env, config) if key in with_pages]
    pubs = publications(config, [entries[key] for key in order])
    titles = {key: pub.title or key for key, pub in zip(order, pubs, strict=True)}
    result: dict[str, Neighbours] = {}
    for index, key in enumerate(order):
        before = order[index - 1] if index > 0 else None
        after = order[index + 1] if index + 1 < len(order) else None
        result[key] = (
            (before, titles[before]) if before else None,
            (after, titles[after]) if after else None,
        )
    return result


def home_titles(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    """For each key, the page listing it and that page's title."""
    titles: dict[str, str] = {}
    result = {}
    for key, docname in home_of(env).items():
        if docname not in titles:
            titles[docname] = (
                clean_astext(env.titles[docname]) if docname in env.titles else docname
            )
        result[key] = (docname, titles[docname])
    return result


# -- Writing -----------------------------------------------------------------------------


def render_page(
    app: Sphinx,
    pagename: str,
    entry: Entry,
    parts: dict[str, Any],
    navigation: Callable[..., str],
) -> nodes.document:
    """Write one paper page with the theme's ``page.html``; returns its doctree."""
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    doctree = new_document(pagename)
    doctree.settings = _page_settings(builder)
    with _as_document(builder, pagename):
        _render(app, builder, pagename, doctree, entry, parts, navigation)
    return doctree


_SETTINGS = "publications_page_settings"


def _page_settings(builder: StandaloneHTMLBuilder) -> Any:
    """The builder's docutils settings, without the stylesheets of docutils' HTML writer.

    The writer looks each of them up on disk for every translator (a fifth of a
    millisecond a page), for a list that only a whole docutils document would show:
    the theme's templates link the site's stylesheets. One copy per build.
    """
    kept = builder.__dict__.get(_SETTINGS)
    if kept is None or kept[0] is not builder.docsettings:
        settings = copy.copy(builder.docsettings)
        settings.stylesheet_path, settings.stylesheet = [], []
        kept = builder.__dict__[_SETTINGS] = (builder.docsettings, settings)
    return kept[1]


@contextmanager
def _as_document(builder: StandaloneHTMLBuilder, pagename: str) -> Iterator[None]:
    """What Sphinx's ``write_doc()`` sets on the builder for each document, for this page.

    The translator reads them: without them, a build that wrote no document has no
    ``fignumbers`` (an AttributeError), and one that did would render the page with
    the last document's numbers and image paths, so a page would depend on which
    documents the build happened to write. The previous values are restored for the
    pages Sphinx writes next (search, genindex).
    """
    names = ("secnumbers", "fignumbers", "imgpath", "dlpath", "current_docname")
    saved = {name: getattr(builder, name) for name in names if hasattr(builder, name)}
    uri = builder.get_target_uri(pagename)
    builder.secnumbers = {}
    builder.fignumbers = {}
    builder.imgpath = relative_uri(uri, builder.imagedir)
    builder.dlpath = relative_uri(uri, "_downloads")
    builder.current_docname = pagename
    try:
        yield
    finally:
        for name in names:
            if name in saved:
                setattr(builder, name, saved[name])
            elif hasattr(builder, name):
                delattr(builder, name)


def _render(
    app: Sphinx,
    builder: StandaloneHTMLBuilder,
    pagename: str,
    doctree: nodes.document,
    entry: Entry,
    parts: dict[str, Any],
    navigation: Callable[..., str],
) -> None:
    config = app.config
    doctree += paper_section(
        app,
        pagename,
        entry,
        parts["citers"],
        parts["bibtex"],
        parts["neighbours"],
        parts["home"],
    )
    # Translated as Sphinx writes a document (render_partial() would also run
    # docutils' reader and writer transforms, which a built doctree does not need).
    translator = builder.create_translator(doctree, builder)
    doctree.walkabout(translator)
    body = "".join(translator.fragment)  # type: ignore[attr-defined]
    pub = publication(config, entry)
    description = summary(pub) or pub.title
    context = {
        "title": html.escape(pub.title or entry.key),
        "body": body,
        "meta": {"og:type": "article", "og:description": description},
        "metatags": f'<meta name="description" content="{html.escape(description)}" />\n',
        "toc": "",
        "display_toc": False,
        "parents": [],
        "prev": None,
        "next": None,
        "sourcename": "",
        "page_source_suffix": "",
        "toctree": navigation,
    }
    builder.handle_page(pagename, context, "page.html", event_arg=doctree)


def page_parts(app: Sphinx) -> dict[str, dict[str, Any]]:
    """What each paper page shows besides its entry: by key."""
    env, config = app.env, app.config
    pages = pages_to_write(env)
    index = cited_on_index(env, config)
    neighbours = neighbours_of(env, config, pages)
    homes = home_titles(env)
    fields = config.publications_export_fields
    entries = bib_entries(env)
    return {
        key: {
            "citers": index.get(key, ()),
            "bibtex": export_entry(entries[key], fields),
            "neighbours": neighbours.get(key, (None, None)),
            "home": homes.get(key.casefold()),
        }
        for key in pages.values()
    }


def write_bib_files(app: Sphinx, keys: list[str], made: Mapping[str, str] | None = None) -> None:
    """These papers' BibTeX files, and all papers' in one file (in the .bib files' order).

    A paper's file that exists and is meant to be unchanged is not read again: the
    caller names the papers whose BibTeX may have changed (their page digests changed).
    The file of all papers is made each time, and written if it changed: entries
    moved within a .bib file change no paper's page, but its order.
    ``made``: the BibTeX of some papers, already exported for their pages (by key).
    """
    env, config = app.env, app.config
    entries = bib_entries(env)
    outdir = Path(app.outdir)
    fields = tuple(config.publications_export_fields)
    made = made or {}

    def bibtex(key: str) -> str:
        text = made.get(key)
        return export_entry(entries[key], fields) if text is None else text

    for key in keys:
        _write_if_changed(outdir / bibtex_file(config, key), bibtex(key) + "\n")
    export = outdir / config.publications_paper_dir / EXPORT_NAME
    _write_if_changed(export, one_file(bibtex(key) for key in entries))


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file has it; a failure is a warning, as Sphinx's own writes.

    The build goes on (and fails at the end); :mod:`.build_state` then makes the
    next build write everything again.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        logger.warning("error writing file %s: %s", path, error)
        return False
    return True


# -- The whole bibliography --------------------------------------------------------------


class bibtex_download(nodes.Inline, nodes.TextElement):
    """``{bibtex-download}``: becomes a link to the exported BibTeX when the page is written."""


class BibtexDownloadRole(SphinxRole):
    """``{bibtex-download}`text```: a link to the BibTeX of every paper."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = bibtex_download(self.rawtext, self.text)
        self.set_source_info(node)
        return [node], []


class BibtexDownloadTransform(SphinxPostTransform):
    """Link ``bibtex_download`` nodes to the export where the builder writes it."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        target = f"{self.config.publications_paper_dir}/{EXPORT_NAME}"
        files = support(application(self.env).builder).files
        for node in list(self.document.findall(bibtex_download)):
            text = node.astext()
            if not files:
                node.replace_self(nodes.inline(text, text))
                continue
            builder = application(self.env).builder
            uri = relative_uri(builder.get_target_uri(self.env.docname), target)
            link = nodes.reference(
                "",
                "",
                nodes.inline(text, text),
                refuri=uri,
                internal=True,
                classes=["download", "bibtex-download"],
            )
            node.replace_self(link)


def setup(app: Sphinx) -> None:
    app.add_node(bibtex_download)
    app.add_role("bibtex-download", BibtexDownloadRole())
    app.add_post_transform(BibtexDownloadTransform)


__all__ = ["shared_navigation"]
