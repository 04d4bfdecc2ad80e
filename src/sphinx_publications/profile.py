"""The ``homepage-profile`` directive: who the site is about, at the top of the home page.

Made from ``publications_person`` (the same values give the page its schema.org
``Person``): an optional portrait, the role and affiliation, and a row of links,
the e-mail address among them. The address is not in the page as a ``mailto:``
link (harvesters read those): the page holds its two halves, shown as
"name AT domain", and the list's script makes it a link when it runs.

``publications_person`` keys used here: ``jobTitle``, ``affiliation`` (text or a
schema.org ``Organization``), ``image`` (a file next to ``conf.py``), ``email``,
``department``, ``sameAs`` (URLs: Google Scholar, GitHub, ORCID and others get their names),
``cv`` (a URL), ``links`` (``{"Label": "URL"}``), and ``description``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .nodes import elements_around_entries, other_builders
from .translations import _

logger = logging.getLogger(__name__)

#: Known hosts, named as visitors know them, with the icon to show.
_HOSTS = {
    "scholar.google.": ("Google Scholar", "scholar"),
    "github.com": ("GitHub", "code"),
    "gitlab.com": ("GitLab", "code"),
    "orcid.org": ("ORCID", "orcid"),
    "dblp.org": ("DBLP", "list"),
    "semanticscholar.org": ("Semantic Scholar", "scholar"),
    "researchgate.net": ("ResearchGate", "scholar"),
    "linkedin.com": ("LinkedIn", "person"),
    "twitter.com": ("X", "chat"),
    "x.com": ("X", "chat"),
    "bsky.app": ("Bluesky", "chat"),
    "mastodon": ("Mastodon", "chat"),
}
#: 24x24 line icons (stroke), drawn for this extension.
ICONS = {
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    "scholar": '<path d="M2 9l10-5 10 5-10 5z"/><path d="M6 11v5c3 2 9 2 12 0v-5"/>',
    "code": '<path d="m8 8-4 4 4 4M16 8l4 4-4 4M14 5l-4 14"/>',
    "orcid": '<circle cx="12" cy="12" r="9"/>'
    '<path d="M9 10v6M9 7.5v.1M12 10h2a3 3 0 0 1 0 6h-2z"/>',
    "cv": '<path d="M6 3h9l3 3v15H6z"/><path d="M9 11h6M9 15h6M9 7h3"/>',
    "list": '<path d="M8 6h12M8 12h12M8 18h12M4 6h.1M4 12h.1M4 18h.1"/>',
    "person": '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
    "chat": '<path d="M4 5h16v11H9l-5 4z"/>',
    "link": '<path d="M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1"/>'
    '<path d="M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1"/>',
}


class homepage_profile(nodes.General, nodes.Element):
    """The profile header; ``node["links"]`` are (label, url, icon) and ``node["email"]``."""


def link_name(url: str) -> tuple[str, str]:
    """A profile link's label and icon, from its host."""
    host = urlsplit(url).netloc.lower()
    for pattern, named in _HOSTS.items():
        if pattern in host:
            return named
    return host.removeprefix("www.") or url, "link"


def _affiliation(person: dict[str, Any]) -> str:
    value = person.get("affiliation", "")
    if isinstance(value, dict):
        return str(value.get("name", ""))
    if isinstance(value, list):
        return ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


class HomepageProfile(SphinxDirective):
    """``homepage-profile``: the owner's role, affiliation, portrait and links."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        person = dict(self.config.publications_person)
        if not person:
            logger.warning(
                "homepage-profile: publications_person is empty in conf.py",
                location=self.get_location(),
                type="publications",
                subtype="profile",
            )
            return []
        links: list[tuple[str, str, str]] = []
        for url in person.get("sameAs", ()):
            label, icon = link_name(url)
            links.append((label, url, icon))
        for label, url in dict(person.get("links", {})).items():
            links.append((label, url, "link"))
        if person.get("cv"):
            links.append((_("CV"), person["cv"], "cv"))
        email = str(person.get("email", ""))
        user, _at, domain = email.partition("@")
        image = str(person.get("image", ""))
        if image:
            self.env.note_dependency(str(Path(self.env.srcdir, image)))
        role = ", ".join(str(person[k]) for k in ("jobTitle", "department") if person.get(k))
        node = homepage_profile(
            "",
            role=role,
            affiliation=_affiliation(person),
            links=links,
            email=[user, domain] if domain else [],
            email_label=_("Email"),
            image=image,
            alt=str(person.get("name", "")),
            classes=["homepage-profile"],
        )
        self.set_source_info(node)
        return [node]


def _icon(name: str) -> str:
    return (
        '<svg class="profile-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
        'fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round">{ICONS[name]}</svg>'
    )


def visit_profile(self: HTML5Translator, node: homepage_profile) -> None:
    esc = html.escape
    out = [self.starttag(node, "div", "")]
    if node.get("portrait"):
        out.append(node["portrait"])
    out.append('<div class="profile-text">')
    for cls in ("role", "affiliation"):
        if node[cls]:
            out.append(f'<p class="profile-{cls}">{esc(node[cls])}</p>')
    out.append(f'<ul class="profile-links" aria-label="{esc(_("Contact and profiles"))}">')
    if node["email"]:
        user, domain = node["email"]
        out.append(
            f'<li><a class="profile-link profile-email" data-user="{esc(user)}" '
            f'data-domain="{esc(domain)}">{_icon("mail")}<span>{esc(user)} AT {esc(domain)}'
            "</span></a></li>"
        )
    for label, url, icon in node["links"]:
        out.append(
            f'<li><a class="profile-link" href="{esc(url)}">{_icon(icon)}<span>{esc(label)}'
            "</span></a></li>"
        )
    out.append("</ul></div></div>\n")
    self.body.append("".join(out))
    raise nodes.SkipNode


def text_profile(self: nodes.NodeVisitor, node: homepage_profile) -> None:
    raise nodes.SkipNode


def add_portrait(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the portrait as a small WebP, made like the papers' thumbnails."""
    # Not into a list's entries: none holds a profile.
    nodes_found = [n for n in elements_around_entries(doctree) if isinstance(n, homepage_profile)]
    if not nodes_found or app.builder.format != "html":
        return
    from sphinx.util.osutil import relative_uri

    from .thumbnails import ThumbnailError, make_thumbnail

    for node in nodes_found:
        if not node["image"]:
            continue
        source = Path(app.confdir, node["image"])
        try:
            thumb = make_thumbnail(source, Path(app.outdir), "portrait-200", 200, 40 * 1024)
        except ThumbnailError as error:
            logger.warning("homepage-profile: image: %s", error, location=node)
            continue
        base = app.builder.get_target_uri(docname)
        src = relative_uri(base, thumb.path_1x)
        srcset = (
            f' srcset="{src} 1x, {relative_uri(base, thumb.path_2x)} 2x"' if thumb.path_2x else ""
        )
        node["portrait"] = (
            f'<img class="profile-portrait" src="{html.escape(src)}"{srcset} '
            f'width="{thumb.width}" height="{thumb.height}" alt="{html.escape(node["alt"])}">'
        )


def setup(app: Sphinx) -> None:
    app.add_node(homepage_profile, html=(visit_profile, None), **other_builders(text_profile))
    app.add_directive("homepage-profile", HomepageProfile)
    app.connect("doctree-resolved", add_portrait)
