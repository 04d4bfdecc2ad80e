"""What a paper's page shows: the ``paper-details`` directive and the "Cited on" list.

The directive renders one entry while its page is read, with the site's style.
It deliberately is not a ``bibliography`` directive per page: sphinxcontrib-bibtex
filters every bibliography against every entry, which is quadratic in the number
of papers.

"Cited on" depends on other pages, so it is filled in when the page is written,
and a paper's page is rewritten (not re-read) whenever the set of pages citing
it, or their titles, change.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.database import Entry
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import clean_astext, make_refnode
from sphinx.util.typing import OptionSpec

from .backend import BACKEND
from .bibtex_export import export_entry
from .listing import entry_id
from .papers import (
    BIBTEX_DIR,
    EXPORT_NAME,
    bib_entries,
    bib_files,
    find_entry,
    paper_pages,
    paper_slug,
    publication,
)
from .records import Publication
from .roles import paper_references
from .style import render

logger = logging.getLogger(__name__)

#: (docname, anchor or "", page title) of each page that lists or references a paper.
Citers = tuple[tuple[str, str, str], ...]


class paper_cited_on(nodes.General, nodes.Element):
    """Placeholder for the list of pages citing ``node["key"]``; filled when written."""


class PaperDetails(SphinxDirective):
    """``paper-details`` *key*: citation, facts, links, BibTeX and "Cited on" of one paper.

    ``:entry-hash:`` is not read: it is in the generated source only so that the
    source changes, and Sphinx re-reads the page, exactly when the entry changes.
    """

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = {"entry-hash": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        entry = find_entry(self.env, key)
        if entry is None:
            logger.error(
                "paper-details: %s has no entry with the key %r",
                bib_files(self.config),
                key,
                location=self.get_location(),
                type="publications",
                subtype="unknown_key",
            )
            return []
        pub = publication(self.config, entry)
        citation = nodes.container(classes=["paper-citation"])
        citation += nodes.paragraph("", "", *render(pub).render(BACKEND))
        result: list[nodes.Node] = [citation]
        facts = _facts(pub)
        if facts.children:
            result.append(facts)
        result.append(self._bibtex(entry))
        result.append(self._section("Cited on", paper_cited_on(key=pub.key)))
        return result

    def _bibtex(self, entry: Entry) -> nodes.section:
        bibtex = export_entry(entry, self.config.publications_export_fields)
        download = addnodes.download_reference(
            "",
            "",
            nodes.literal("", f"{paper_slug(entry.key)}.bib"),
            reftarget=f"/{self.config.publications_paper_dir}/{BIBTEX_DIR}/"
            f"{paper_slug(entry.key)}.bib",
            refexplicit=True,
        )
        return self._section(
            "BibTeX",
            # "none": plain text, no pygments.css needed (first_visit.py), still copyable.
            nodes.literal_block(bibtex, bibtex, language="none", classes=["paper-bibtex"]),
            nodes.paragraph("", "Download: ", download),
        )

    def _section(self, title: str, *children: nodes.Node) -> nodes.section:
        section = nodes.section("", nodes.title(title, title), *children)
        section["names"].append(nodes.fully_normalize_name(title))
        self.state.document.note_implicit_target(section, section)
        self.set_source_info(section)
        return section


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
    pages = paper_pages(env)
    index = {}
    for key, docs in found.items():
        citers = [
            (docname, anchor, clean_astext(env.titles[docname]) if docname in env.titles else "")
            for docname, anchor in docs.items()
            if docname not in pages
        ]
        index[key] = tuple(sorted(citers, key=lambda c: (c[2].casefold(), c[0])))
    return index


def cited_on(env: BuildEnvironment) -> dict[str, Citers]:
    return getattr(env, "publications_cited_on", {})


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: paper pages whose "Cited on" list changed since the last build."""
    index = cited_on_index(env, app.config)
    previous = cited_on(env)
    env.publications_cited_on = index  # type: ignore[attr-defined]
    return sorted(
        docname
        for docname, key in paper_pages(env).items()
        if index.get(key, ()) != previous.get(key, ()) and docname in env.found_docs
    )


class CitedOnTransform(SphinxPostTransform):
    """Fill each "Cited on" placeholder with links to the citing pages."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(paper_cited_on)):
            citers = cited_on(self.env).get(node["key"], ())
            if not citers:
                node.replace_self(nodes.paragraph("", "No page of this site refers to it yet."))
                continue
            items = nodes.bullet_list(classes=["paper-cited-on"])
            for docname, anchor, title in citers:
                reference = make_refnode(
                    self.app.builder,
                    self.env.docname,
                    docname,
                    anchor or None,
                    nodes.Text(title or docname),
                )
                items += nodes.list_item("", nodes.paragraph("", "", reference))
            node.replace_self(items)


class BibtexDownloadRole(SphinxRole):
    """``{bibtex-download}`text```: a download link to the BibTeX of every paper."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = addnodes.download_reference(
            self.rawtext,
            "",
            nodes.inline(self.text, self.text),
            reftarget=f"/{self.config.publications_paper_dir}/{EXPORT_NAME}",
            refexplicit=True,
            classes=["bibtex-download"],
        )
        self.set_source_info(node)
        return [node], []


def setup(app: Sphinx) -> None:
    app.add_node(paper_cited_on)
    app.add_directive("paper-details", PaperDetails)
    app.add_role("bibtex-download", BibtexDownloadRole())
    app.add_post_transform(CitedOnTransform)
    # After sphinxcontrib-bibtex's env-updated has matched citations to bibliographies.
    app.connect("env-get-updated", pages_to_rewrite)
