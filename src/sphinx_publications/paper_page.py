"""A paper's page: citation, facts, links, BibTeX and "Cited on", rendered from its entry.

Pages are built as doctrees from the entries and written with the theme's
``page.html`` while the site is written (``html-collect-pages``), as
``sphinx.ext.viewcode`` writes its pages: a Sphinx document per paper would cost
reading, transforms, pickling and resolving for a page that has one source, the
entry (:mod:`.papers` explains what documents would otherwise provide). The
doctree goes to ``html-page-context``, so every handler that inspects a page
(assets, OpenGraph, metadata, sitemap) treats a paper's page like any other.

A page is rendered again only when something it shows changed: its entry, the
pages citing it and their titles, the HTML settings or templates, or this module
(:data:`RENDER_VERSION`). Pages and ``.bib`` files of removed papers are deleted.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole, new_document
from sphinx.util.nodes import clean_astext, make_refnode
from sphinx.util.osutil import relative_uri

from .backend import BACKEND
from .bibtex_export import export_entries, export_entry
from .listing import entry_id
from .nodes import plain_text_block
from .papers import (
    EXPORT_NAME,
    bib_entries,
    bibtex_file,
    bibtex_uri,
    entry_hash,
    paper_label,
    paper_pages,
    paper_slug,
    publication,
    summary,
)
from .records import Publication
from .roles import paper_references
from .style import rendered

logger = logging.getLogger(__name__)

#: Bump when the markup of a paper's page changes, so every page is rendered again.
RENDER_VERSION = "2"
#: Builders whose pages are files named after the page (``html``, ``dirhtml``).
BUILDERS = {"html", "dirhtml"}

#: (docname, anchor or "", page title) of each page that lists or references a paper.
Citers = tuple[tuple[str, str, str], ...]


# -- What a page shows -------------------------------------------------------------------


def paper_section(
    builder: StandaloneHTMLBuilder,
    config: Config,
    pagename: str,
    entry: Entry,
    citers: Citers,
    bibtex: str,
) -> nodes.section:
    """The page's content: the paper's title as heading, then its parts.

    ``bibtex`` is the entry as exported (:func:`.bibtex_export.export_entry`).
    """
    pub = publication(config, entry)
    label = paper_label(entry.key)
    title = pub.title or entry.key
    section = nodes.section("", nodes.title(title, title), ids=[label], names=[label])
    citation = nodes.container(classes=["paper-citation"])
    citation += nodes.paragraph("", "", *rendered(pub).render(BACKEND))
    section += citation
    facts = _facts(pub)
    if facts.children:
        section += facts
    section += _bibtex(builder, config, pagename, entry.key, bibtex)
    section += _cited_on(builder, pagename, citers)
    return section


def _subsection(title: str, *children: nodes.Node) -> nodes.section:
    name = nodes.fully_normalize_name(title)
    return nodes.section("", nodes.title(title, title), *children, ids=[nodes.make_id(name)])


def _facts(pub: Publication) -> nodes.field_list:
    """Venue, year, award, presentation, note and links, as a field list (``<dl>``)."""
    facts = nodes.field_list(classes=["paper-facts"])

    def add(name: str, *body: nodes.Node) -> None:
        facts.append(nodes.field("", nodes.field_name(name, name), nodes.field_body("", *body)))

    venue = pub.venue
    if pub.venue_abbr and pub.venue_abbr not in venue:
        venue = f"{venue} ({pub.venue_abbr})" if venue else pub.venue_abbr
    for name, value in (
        ("Venue", venue),
        ("Year", pub.year),
        ("Award", pub.award),
        ("Presentation", pub.presentation),
        ("Note", pub.addendum),
    ):
        if value:
            add(name, nodes.paragraph(value, value))
    links = nodes.bullet_list(classes=["paper-links"])
    for label, url in paper_links(pub):
        reference = nodes.reference(label, label, refuri=url)
        links += nodes.list_item("", nodes.paragraph("", "", reference))
    if links.children:
        add("Links", links)
    return facts


def paper_links(pub: Publication) -> list[tuple[str, str]]:
    """Every link of a paper, labelled, without repeats: paper, arXiv, DOI, code, slides, ..."""
    candidates = [("Paper", pub.url)]
    if pub.arxiv:
        candidates.append((f"arXiv:{pub.arxiv}", f"https://arxiv.org/abs/{pub.arxiv}"))
    if pub.doi:
        candidates.append((f"DOI:{pub.doi}", f"https://doi.org/{pub.doi}"))
    candidates += [(link.label[:1].upper() + link.label[1:], link.url) for link in pub.links]
    seen: set[str] = set()
    links = []
    for label, url in candidates:
        if url and url not in seen:
            seen.add(url)
            links.append((label, url))
    return links


def _bibtex(
    builder: StandaloneHTMLBuilder, config: Config, pagename: str, key: str, bibtex: str
) -> nodes.section:
    name = f"{paper_slug(key)}.bib"
    uri = bibtex_uri(builder, pagename, config, key)
    download = nodes.reference(
        "", "", nodes.literal(name, name), refuri=uri, internal=True, classes=["download"]
    )
    return _subsection(
        "BibTeX",
        # Plain text: no pygments.css needed (first_visit.py), still copyable.
        plain_text_block(bibtex, classes=["paper-bibtex"]),
        nodes.paragraph("", "Download: ", download),
    )


def _cited_on(builder: StandaloneHTMLBuilder, pagename: str, citers: Citers) -> nodes.section:
    if not citers:
        return _subsection(
            "Cited on", nodes.paragraph("", "No page of this site refers to it yet.")
        )
    items = nodes.bullet_list(classes=["paper-cited-on"])
    for docname, anchor, title in citers:
        text = nodes.Text(title or docname)
        reference = make_refnode(builder, pagename, docname, anchor or None, text)
        items += nodes.list_item("", nodes.paragraph("", "", reference))
    return _subsection("Cited on", items)


# -- Which page cites which paper --------------------------------------------------------


def cited_on_index(env: BuildEnvironment, config: Config) -> dict[str, Citers]:
    """For each paper key, the pages that list it or reference it with ``{paper}``."""
    entries = bib_entries(env)
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for docname, keys in paper_references(env).items():
        for key in keys:
            entry = entries.get(key)
            if entry is not None:
                found[entry.key].setdefault(docname, "")
    cite = env.get_domain("cite")
    for citation in cite.citations:  # type: ignore[attr-defined]
        bibliography = cite.bibliographies[citation.bibliography_key]  # type: ignore[attr-defined]
        if bibliography.list_ == "citation":
            anchor = citation.citation_id
        else:
            anchor = entry_id(config, citation.entry.key)
        found[citation.entry.key][citation.bibliography_key.docname] = anchor
    index = {}
    for key, docs in found.items():
        citers = [
            (docname, anchor, clean_astext(env.titles[docname]) if docname in env.titles else "")
            for docname, anchor in docs.items()
        ]
        index[key] = tuple(sorted(citers, key=lambda c: (c[2].casefold(), c[0])))
    return index


# -- When to render ----------------------------------------------------------------------


def _digest(*parts: Any) -> str:
    text = json.dumps(parts, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: which paper pages this build must render (after the citations are known).

    Runs while the environment still knows whether the configuration changed, and
    before it is saved, so the digests are saved with the pages they describe. When
    no page was read and no .bib file or setting changed, nothing is recomputed.
    """
    config = app.config
    builder = app.builder
    build_info = getattr(builder, "build_info", None)
    settings = (
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        builder.name,
    )
    previous: dict[str, str] = getattr(env, "publications_page_digests", {})
    unchanged = (
        getattr(env.get_domain("cite"), "unchanged", False)
        and env.config_status == CONFIG_OK
        and getattr(env, "publications_page_settings", None) == settings
        and previous
    )
    if unchanged:
        env.publications_pages_to_render = set()  # type: ignore[attr-defined]
        env.publications_pages_removed = set()  # type: ignore[attr-defined]
        return []
    index = cited_on_index(env, config)
    entries = bib_entries(env)
    digests = {
        pagename: _digest(
            RENDER_VERSION, settings, entry_hash(entries[key], config), index.get(key, ())
        )
        for pagename, key in paper_pages(env).items()
    }
    everything = env.config_status != CONFIG_OK
    env.publications_cited_on = index  # type: ignore[attr-defined]
    env.publications_page_digests = digests  # type: ignore[attr-defined]
    env.publications_page_settings = settings  # type: ignore[attr-defined]
    env.publications_pages_to_render = {  # type: ignore[attr-defined]
        page for page, digest in digests.items() if everything or previous.get(page) != digest
    }
    env.publications_pages_removed = set(previous) - set(digests)  # type: ignore[attr-defined]
    if digests != previous and not getattr(env.get_domain("cite"), "pages_read", True):
        # Sphinx saves the environment only when a page is updated: without one,
        # these digests would be lost and every later build would render again.
        return [config.root_doc]
    return []


def cited_on(env: BuildEnvironment) -> dict[str, Citers]:
    return getattr(env, "publications_cited_on", {})


# -- Writing -----------------------------------------------------------------------------


def _write_if_changed(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def _is_stale(path: Path, template_mtime: float) -> bool:
    try:
        return path.stat().st_mtime < template_mtime
    except FileNotFoundError:
        return True


def shared_navigation(builder: StandaloneHTMLBuilder, pagename: str) -> Callable[..., str]:
    """The template's ``toctree()`` for paper pages, computed once per build.

    A paper page is in no toctree and every paper page is in the same folder, so the
    site navigation that furo renders into each page's sidebar is the same for all
    of them: rendering it once saves resolving the toctree for every paper.
    """
    rendered: dict[str, str] = {}

    def toctree(collapse: bool = True, **kwargs: Any) -> str:
        kwargs.setdefault("includehidden", False)
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        key = json.dumps([collapse, kwargs], sort_keys=True, default=str)
        if key not in rendered:
            tree = global_toctree_for_doc(
                builder.env, pagename, builder, tags=builder.tags, collapse=collapse, **kwargs
            )
            rendered[key] = builder.render_partial(tree)["fragment"] if tree else ""
        return rendered[key]

    return toctree


def render_page(
    app: Sphinx,
    pagename: str,
    entry: Entry,
    citers: Citers,
    bibtex: str,
    navigation: Callable[..., str],
) -> None:
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    config = app.config
    doctree = new_document(pagename)
    doctree.settings = builder.docsettings
    doctree += paper_section(builder, config, pagename, entry, citers, bibtex)
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


def write_paper_pages(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: render the paper pages that changed, write their BibTeX.

    Pages are written here directly rather than returned, so that ``html-page-context``
    receives each page's doctree.
    """
    builder = app.builder
    if builder.name not in BUILDERS or not isinstance(builder, StandaloneHTMLBuilder):
        return []
    env, config = app.env, app.config
    entries = bib_entries(env)
    outdir = Path(builder.outdir)
    to_render: set[str] = getattr(env, "publications_pages_to_render", set())
    template_mtime = builder.templates.newest_template_mtime() if builder.templates else 0
    index = cited_on(env)
    fields = config.publications_export_fields
    rendered = 0
    navigation = None
    for pagename, key in sorted(paper_pages(env).items()):
        entry = entries[key]
        page = Path(builder.get_outfilename(pagename))
        bib = outdir / bibtex_file(config, key)
        if pagename in to_render or _is_stale(page, template_mtime) or not bib.exists():
            bibtex = export_entry(entry, fields)
            _write_if_changed(bib, bibtex + "\n")
            navigation = navigation or shared_navigation(builder, pagename)
            render_page(app, pagename, entry, index.get(key, ()), bibtex, navigation)
            rendered += 1
    export = outdir / config.publications_paper_dir / EXPORT_NAME
    if rendered or not export.exists():
        _write_if_changed(export, export_entries(entries.values(), fields))
    removed = getattr(env, "publications_pages_removed", set())
    for pagename in removed:
        Path(builder.get_outfilename(pagename)).unlink(missing_ok=True)
        (outdir / f"{pagename}.bib").unlink(missing_ok=True)
    if rendered or removed:
        logger.info("paper pages: %d written, %d removed", rendered, len(removed))
    env.publications_pages_to_render = set()  # type: ignore[attr-defined]
    env.publications_pages_removed = set()  # type: ignore[attr-defined]
    return []


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
    """Link ``bibtex_download`` nodes with the builder's URI of the export."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        target = f"{self.config.publications_paper_dir}/{EXPORT_NAME}"
        for node in list(self.document.findall(bibtex_download)):
            uri = relative_uri(self.app.builder.get_target_uri(self.env.docname), target)
            text = node.astext()
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
    # After sphinxcontrib-bibtex's env-updated (priority 500) has matched citations.
    app.connect("env-updated", plan_pages, priority=700)
    app.connect("html-collect-pages", write_paper_pages)
