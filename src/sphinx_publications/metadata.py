"""Machine-readable metadata in ``<head>``: Highwire tags, JSON-LD.

Google Scholar indexes a paper from the ``citation_*`` (Highwire Press) meta tags
of a page about that one paper; search engines read schema.org JSON-LD. Both are
appended to the theme's ``metatags`` in ``html-page-context``, so they land in
``<head>`` with any theme. OpenGraph comes from sphinxext-opengraph; the paper
pages' front matter sets their ``og:type`` and ``og:description``.

Values are decoded from LaTeX (:func:`~.records.latex_to_text`) and HTML-escaped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.config import Config

from .bib.markup import to_text
from .bib.records import Publication
from .papers import bib_entries, pages_to_write, publication

_ARXIV_URL = re.compile(r"^/(?:abs|pdf)/(.+?)(?:v\d+)?(?:\.pdf)?/?$")
_CONFERENCE_KINDS = {"conference"}


def is_pdf_url(url: str) -> bool:
    """A direct link to a PDF: ``….pdf``, arXiv's ``/pdf/…`` or OpenReview's ``/pdf?id=…``."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    return (
        parts.path.lower().endswith(".pdf")
        or (host.endswith("arxiv.org") and parts.path.startswith("/pdf/"))
        or (host.endswith("openreview.net") and parts.path == "/pdf")
    )


def arxiv_id(pub: Publication) -> str:
    """The arXiv identifier, from ``eprint`` or else from an arXiv URL."""
    if pub.arxiv:
        return pub.arxiv
    parts = urlsplit(pub.url)
    match = _ARXIV_URL.match(parts.path) if parts.netloc.lower().endswith("arxiv.org") else None
    return match.group(1) if match else ""


def pdf_url(pub: Publication, entry: Entry) -> str:
    explicit = [link.url for link in pub.links if link.field == "pdf" and not link.local]
    if explicit:
        return explicit[0]
    return pub.url if pub.url and is_pdf_url(pub.url) else ""


def abstract_url(pub: Publication) -> str:
    """A landing page (not a PDF): the paper URL, else the arXiv abstract page."""
    if pub.url and not is_pdf_url(pub.url):
        return pub.url
    identifier = arxiv_id(pub)
    return f"https://arxiv.org/abs/{identifier}" if identifier else ""


def _field(entry: Entry, name: str) -> str:
    return to_text(entry.fields.get(name, ""))


def _date(pub: Publication) -> str:
    """The year as a date: the first of a range ("2020-2021"), without a label's letter
    ("2020a"); none for "in press" (Google Scholar cannot read it as a date)."""
    return str(pub.sort_year) if pub.sort_year else ""


def highwire_tags(pub: Publication, entry: Entry) -> list[tuple[str, str]]:
    """Google Scholar's ``citation_*`` tags, in the order its guidelines list them."""
    tags = [("citation_title", pub.title)]
    # "First Last" as written, never "King, Jr.": Scholar reads a comma as "Last, First".
    tags += [("citation_author", author.name.replace(", ", " ")) for author in pub.authors]
    tags.append(("citation_publication_date", _date(pub)))
    if pub.kind == "journal":
        tags.append(("citation_journal_title", pub.venue))
    elif pub.kind in _CONFERENCE_KINDS:
        tags.append(("citation_conference_title", pub.venue))
    elif pub.kind == "chapter":
        tags.append(("citation_inbook_title", pub.venue))
    elif pub.kind == "report":
        tags.append(("citation_technical_report_institution", pub.institution))
        tags.append(("citation_technical_report_number", _field(entry, "number")))
    elif pub.kind == "thesis":
        tags.append(("citation_dissertation_institution", pub.school or pub.institution))
    elif pub.kind == "preprint" and pub.venue:
        tags.append(("citation_journal_title", pub.venue))
    if pub.kind in ("book", "chapter") and pub.publisher:
        tags.append(("citation_publisher", pub.publisher))
    if pub.kind in ("journal", "conference"):
        tags.append(("citation_volume", _field(entry, "volume")))
        tags.append(("citation_issue", _field(entry, "number")))
        pages = _field(entry, "pages").replace("\u2013", "-").split("-")  # en dash from "--"
        tags.append(("citation_firstpage", pages[0].strip()))
        tags.append(("citation_lastpage", pages[-1].strip() if len(pages) > 1 else ""))
    tags.append(("citation_doi", pub.doi))
    tags.append(("citation_arxiv_id", arxiv_id(pub)))
    tags.append(("citation_pdf_url", pdf_url(pub, entry)))
    tags.append(("citation_abstract_html_url", abstract_url(pub)))
    tags.append(("citation_abstract", pub.abstract.replace("\n\n", " ")))
    return [(name, value) for name, value in tags if value]


def meta_tag(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(content)}" />'


def json_ld(data: Mapping[str, Any]) -> str:
    """A JSON-LD ``<script>``; ``<``, ``>`` and ``&`` escaped so no value can end the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def scholarly_article(pub: Publication, entry: Entry, url: str) -> dict[str, Any]:
    """schema.org ``ScholarlyArticle`` for a paper's page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": pub.title,
        "headline": pub.title,
        "author": [{"@type": "Person", "name": author.name} for author in pub.authors],
    }
    if _date(pub):
        data["datePublished"] = _date(pub)
    if pub.venue:
        kind = {"journal": "Periodical", "conference": "Book"}.get(pub.kind, "CreativeWork")
        data["isPartOf"] = {"@type": kind, "name": pub.venue}
        if pub.venue_abbr:
            data["isPartOf"]["alternateName"] = pub.venue_abbr
    if url:
        data["url"] = url
    same_as = [pub.url, abstract_url(pub), pdf_url(pub, entry)]
    if pub.doi:
        same_as.append(f"https://doi.org/{pub.doi}")
    same_as = list(dict.fromkeys(u for u in same_as if u))
    if same_as:
        data["sameAs"] = same_as
    if pub.doi:
        data["identifier"] = f"doi:{pub.doi}"
    if pub.award:
        data["award"] = pub.award
    if pub.abstract:
        data["abstract"] = pub.abstract
    return data


#: ``publications_person`` keys that are schema.org ``Person`` properties; the others
#: (``email``, ``cv``, ``links``, ``department``) serve the profile header only: an
#: e-mail address in JSON-LD would hand it to every harvester.
PERSON_PROPERTIES = [
    "name",
    "givenName",
    "familyName",
    "jobTitle",
    "affiliation",
    "worksFor",
    "alumniOf",
    "sameAs",
    "url",
    "description",
    "honorificPrefix",
    "honorificSuffix",
    "knowsAbout",
]


def person(config: Config, url: str | None) -> dict[str, Any]:
    """schema.org ``Person`` from ``publications_person`` (a plain affiliation: Organization)."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person"}
    data.update((k, v) for k, v in config.publications_person.items() if k in PERSON_PROPERTIES)
    affiliation = data.get("affiliation")
    if isinstance(affiliation, str):
        data["affiliation"] = {"@type": "Organization", "name": affiliation}
    if url:
        data.setdefault("url", url)
    return data


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute URL, or "" without ``html_baseurl``."""
    base = app.config.html_baseurl
    return urljoin(base, app.builder.get_target_uri(pagename)) if base else ""


def add_metadata(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: Highwire and ScholarlyArticle on paper pages, Person on the root."""
    if app.builder.format != "html" or getattr(app.builder, "embedded", False):
        return
    tags: list[str] = []
    key = pages_to_write(app.env).get(pagename)
    entry = bib_entries(app.env).get(key) if key is not None else None
    if entry is not None:
        pub = publication(app.config, entry)
        tags += [meta_tag(name, value) for name, value in highwire_tags(pub, entry)]
        tags.append(json_ld(scholarly_article(pub, entry, page_url(app, pagename))))
    if pagename == app.config.root_doc and app.config.publications_person:
        tags.append(json_ld(person(app.config, app.config.html_baseurl)))
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_metadata)
