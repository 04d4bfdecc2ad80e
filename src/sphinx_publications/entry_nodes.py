"""A paper as doctree nodes: its title, people, venue, recognition and links.

The lists and the paper pages show the same parts, built here from a
:class:`~.bib.records.Publication` for the builder at hand (:mod:`.support`):

* on the web, the title leads to the paper's page (or, without pages, to the
  paper), the links are chips in one fixed order, with the BibTeX and, when the
  entry has one, the abstract behind a keyboard-operable disclosure;
* elsewhere (LaTeX, text, man, Texinfo), each link is written as its label and
  address, so a printed list keeps them.

Nodes are standard docutils nodes with ``pub-*`` classes (so every builder and
theme renders them), plus two of this extension's (:mod:`.nodes`) for the
abstract disclosure and the thumbnail, which only HTML shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from docutils import nodes

from .bib.records import Author, Link, Publication
from .bib.rich_notes import Segment, plain
from .nodes import isolated_text, publication_abstract, publication_thumbnail
from .support import Support
from .translations import _, venue_line

#: Builds a link to a document's anchor with the builder's URIs (``make_refnode``).
RefMaker = Callable[[str, str | None, nodes.Node, str], nodes.Node]


@dataclass(frozen=True)
class Targets:
    """Where an entry's links go, for the page being written."""

    support: Support
    #: The paper's page as (docname, anchor), or None without paper pages.
    page: tuple[str, str | None] | None
    #: URI of the paper's BibTeX file relative to the page, or "".
    bibtex: str
    #: URIs of the site's own files (``pdf = {paper.pdf}``), by link value.
    files: dict[str, str]
    refnode: RefMaker


#: Right-to-left letters (Hebrew, Arabic and its supplements, Syriac, Thaana, N'Ko,
#: presentation forms), and a run of them with the spaces and marks between.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(rf"[{_RTL}](?:[{_RTL}\s\u200c\u200d\u060c\u061b\u061f'\u2019().-]*[{_RTL}])?")


def bidi_parts(text: str) -> list[nodes.Node]:
    """``text`` as nodes, each right-to-left run in an :class:`isolated_text`."""
    if not _RTL_RUN.search(text):
        return [nodes.Text(text)]
    parts: list[nodes.Node] = []
    end = 0
    for run in _RTL_RUN.finditer(text):
        if run.start() > end:
            parts.append(nodes.Text(text[end : run.start()]))
        parts.append(isolated_text(run.group(), run.group()))
        end = run.end()
    if end < len(text):
        parts.append(nodes.Text(text[end:]))
    return parts


def title_node(pub: Publication, targets: Targets, *, link: bool = True) -> nodes.Node:
    text = pub.title or pub.key
    inner = nodes.inline(text, "", *bidi_parts(text))
    if link and targets.page is not None:
        docname, anchor = targets.page
        node = targets.refnode(docname, anchor, inner, "")
    elif link and pub.url:
        node = nodes.reference("", "", inner, refuri=pub.url)
    else:
        node = inner
    title = nodes.inline("", "", node, classes=["pub-title"])
    if not targets.support.web and not text.endswith((".", "?", "!")):
        title += nodes.Text(".")
    return title


def people_node(pub: Publication) -> nodes.inline | None:
    people = pub.authors or pub.editors
    group = _collaboration(pub.collaboration)
    if not people and not group:
        return None
    node = nodes.inline("", "", classes=["pub-authors"])
    for index, person in enumerate(people):
        if index:
            node += nodes.Text(", ")
        node += _person(person)
    if pub.et_al:
        node += nodes.Text(", " + _("et al."))
    if people and not pub.authors:
        node += nodes.Text(" (" + (_("ed.") if len(pub.editors) == 1 else _("eds.")) + ")")
    if group:  # as REVTeX's styles print INSPIRE's entries: "G. Aad et al. (ATLAS Collaboration)"
        node += nodes.Text(f" ({group})" if people else group)
    if not node.astext().endswith("."):  # "et al." or "Jr." ends the sentence already
        node += nodes.Text(".")
    return node


def _collaboration(name: str) -> str:
    """ "ATLAS" as "ATLAS Collaboration"; a name that says so already as it is."""
    if not name or "collaboration" in name.casefold():
        return name
    return f"{name} {_('Collaboration')}"


def _person(person: Author) -> nodes.Node:
    parts = bidi_parts(person.name)
    name: nodes.Node
    if person.is_owner:
        name = nodes.strong(person.name, "", *parts)
    elif len(parts) == 1:
        name = parts[0]
    else:
        name = nodes.inline(person.name, "", *parts)
    if not person.equal:
        return name
    return nodes.inline("", "", name, nodes.Text("*"), classes=["pub-person"])


def venue_node(pub: Publication) -> nodes.inline | None:
    line = venue_line(pub)
    if not line:
        return None
    text = line + ("" if line.endswith(".") else ".")
    return nodes.inline(line, "", *bidi_parts(text), classes=["pub-venue"])


def badges(pub: Publication) -> list[nodes.Node]:
    """Award (filled) and presentation (outline) chips."""
    found: list[nodes.Node] = []
    if pub.award:
        found.append(nodes.inline(pub.award, pub.award, classes=["pub-badge", "pub-badge-award"]))
    if pub.presentation:
        text = pub.presentation
        found.append(nodes.inline(text, text, classes=["pub-badge", "pub-badge-presentation"]))
    return found


def venue_chip(pub: Publication) -> nodes.inline | None:
    label = pub.venue_abbr
    if not label:
        return None
    return nodes.inline(label, label, classes=["pub-venue-chip"])


def link_list(
    pub: Publication, targets: Targets, *, paper: bool = True
) -> list[tuple[str, str, str]]:
    """(label, url, kind) of every link of the entry, in order, without repeats.

    ``paper``: whether the paper's own URL is one of them (not when the title links it).
    """
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(label: str, url: str, kind: str) -> None:
        if url and (address := _address(url)) not in seen:
            seen.add(address)
            found.append((label, url, kind))

    if pub.url and paper:
        add(_("Paper"), pub.url, "paper")
    for link in pub.links:
        add(_(link.label), _link_url(link, targets), link.field)
    if pub.doi:
        from .bib.links import doi_url

        add("DOI", doi_url(pub.doi), "doi")
    return found


def _address(url: str) -> str:
    """What makes two links one: a DOI however its resolver's address is written
    (``http://dx.doi.org/``, ``%2F``, any case), else the address itself."""
    from .bib.links import doi

    identifier = doi(url) if "doi" in url.casefold() else ""
    return "doi:" + unquote(identifier).casefold() if identifier else url


def _link_url(link: Link, targets: Targets) -> str:
    if not link.local:
        return link.url
    return targets.files.get(link.url, "")


def chips(
    pub: Publication, targets: Targets, *, abstract: bool = True, paper: bool | None = None
) -> nodes.container:
    """The action row: links, BibTeX and the abstract disclosure (web only).

    The paper's own URL is a chip unless the title links to it (no paper pages).
    """
    row = nodes.container(classes=["pub-links"])
    paper = targets.page is not None if paper is None else paper
    # Each link in a span: docutils keeps references inside text elements.
    for label, url, kind in link_list(pub, targets, paper=paper):
        reference = nodes.reference(label, label, refuri=url, classes=["pub-chip", f"pub-{kind}"])
        row += nodes.inline("", "", reference, classes=["pub-link"])
    if targets.bibtex:
        reference = nodes.reference(
            "BibTeX", "BibTeX", refuri=targets.bibtex, internal=True, classes=["pub-chip"]
        )
        row += nodes.inline("", "", reference, classes=["pub-bibtex"])
    if abstract and pub.abstract:
        row += publication_abstract("", *_paragraphs(pub.abstract), label=_("Abstract"))
    return row


def printed_links(pub: Publication, targets: Targets) -> nodes.paragraph | None:
    """``Paper: https://…; Code: https://…`` for builders that cannot show chips."""
    found = link_list(pub, targets)
    if not found:
        return None
    paragraph = nodes.paragraph(classes=["pub-links"])
    for index, (label, url, _kind) in enumerate(found):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += nodes.Text(f"{label}: ")
        paragraph += nodes.reference(url, url, refuri=url)
    paragraph += nodes.Text(".")
    return paragraph


def _paragraphs(text: str) -> list[nodes.paragraph]:
    return [nodes.paragraph(part, part) for part in text.split("\n\n") if part.strip()]


def notes_nodes(pub: Publication) -> list[nodes.Node]:
    """Each note in parentheses ("(in German)" written so is not wrapped twice), with its
    links and emphasis; then biblatex's publication state ("(in press)")."""
    found: list[nodes.Node] = []
    for note in pub.notes:
        text = plain(note)
        node = nodes.inline(text, "", classes=["pub-addendum"])
        wrap = not _parenthesized(text)
        if wrap:
            node += nodes.Text("(")
        node += [_segment(segment) for segment in note]
        if wrap:
            node += nodes.Text(")")
        found.append(node)
    if pub.pubstate:
        state = _(pub.pubstate)
        found.append(nodes.inline(state, f"({state})", classes=["pub-addendum"]))
    return found


#: A note's styles as docutils' inline nodes.
_STYLES: dict[str, type[nodes.TextElement]] = {
    "em": nodes.emphasis,
    "strong": nodes.strong,
    "code": nodes.literal,
}


def _segment(segment: Segment) -> nodes.Node:
    text, styles, url = segment
    node: nodes.Node = nodes.Text(text)
    for style in reversed(styles.split()):
        node = _STYLES[style](text, "", node)
    if url:
        node = nodes.reference(text, "", node, refuri=url)
    return node


def _parenthesized(text: str) -> bool:
    """Whether the whole of ``text`` is one parenthesis: "(in German)", not "(a) and (b)"."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def entry_body(
    pub: Publication, targets: Targets, thumbnail: publication_thumbnail | None = None
) -> list[nodes.Node]:
    """The content of one list entry."""
    head = nodes.paragraph(classes=["pub-head"])
    chip = venue_chip(pub) if targets.support.web else None
    if chip is not None:
        head += [chip, nodes.Text(" ")]
    head += title_node(pub, targets)
    parts: list[nodes.Node] = [head]
    people = people_node(pub)
    venue = venue_node(pub)
    recognition = badges(pub)
    pieces: list[nodes.Node] = [part for part in (people, venue) if part is not None]
    if recognition and targets.support.web:
        pieces += recognition
    elif recognition:
        pieces.append(nodes.Text("(" + ", ".join(b.astext() for b in recognition) + ")"))
    if pieces:
        details = nodes.paragraph(classes=["pub-details"])
        for index, piece in enumerate(pieces):
            if index:
                details += nodes.Text(" ")
            details += piece
        parts.append(details)
    for note in notes_nodes(pub):
        parts.append(nodes.paragraph("", "", note, classes=["pub-note"]))
    if targets.support.web:
        row = chips(pub, targets)
        if row.children:
            parts.append(row)
    else:
        printed = printed_links(pub, targets)
        if printed is not None:
            parts.append(printed)
    if not targets.support.web:
        return parts
    body = nodes.container("", *parts, classes=["pub-body"])
    if thumbnail is None:
        return [body]
    return [nodes.container("", thumbnail, classes=["pub-thumb"]), body]
