"""Turn sphinxcontrib-bibtex's list items into first-class publication entries.

sphinxcontrib-bibtex gives bullet-list entries no ids of their own (or positional
ones), so this post-transform, which runs right after the bibliography is
filled in, gives each entry:

* a permanent id derived from its BibTeX key (``pub-<key>``), so links such as
  ``publications.html#pub-huang2017densely`` survive any edit to other entries;
* ``data-*`` facets (year, venue, kind, recognition) for the page's filters;
* its rendering through :mod:`.backend`, which keeps the style's CSS classes;
* a ``[details]`` link to the paper's own page (:mod:`.papers`);
* a ``[BibTeX]`` link to the paper's exported ``.bib`` file, which
  ``static/publication-bibtex.js`` turns into a button that shows the BibTeX
  in place: the list carries no BibTeX of its own, only a link per entry.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .backend import BACKEND
from .nodes import publication_entry
from .papers import add_page_link, bibtex_uri, page_link
from .records import Publication, publication_of

logger = logging.getLogger(__name__)


def entry_id(config: Any, key: str) -> str:
    """The permanent HTML id of a paper's entry in a publication list."""
    return nodes.make_id(config.publications_entry_id.format(key=key))


class PublicationListTransform(SphinxPostTransform):
    # sphinxcontrib-bibtex fills bibliographies at priority 5; references resolve at 10.
    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        items = [
            item
            for item in self.document.findall(nodes.list_item)
            if "docname" in item and not isinstance(item, publication_entry)
        ]
        if not items:
            return
        domain = self.env.get_domain("cite")
        docnames = {item["docname"] for item in items}
        citation_by_node = {}
        for citation in domain.citations:  # type: ignore[attr-defined]
            if citation.bibliography_key.docname in docnames:
                bibliography = domain.bibliographies[citation.bibliography_key]  # type: ignore[attr-defined]
                citation_by_node[id(bibliography.citation_nodes[citation.key])] = citation
        config = self.config
        for item in items:
            citation = citation_by_node.get(id(item))
            if citation is not None:
                entry = self.entry_node(item, citation, config)
                item["ids"] = []  # replace_self() would carry over the positional auto-id
                item.replace_self(entry)

    def entry_node(self, item: nodes.list_item, citation: Any, config: Any) -> publication_entry:
        pub = publication_of(
            citation.entry, config.publications_owner, config.publications_link_fields
        )
        node_id = entry_id(config, pub.key)
        if node_id in self.document.ids:
            logger.warning(
                "paper %r is listed twice on this page; its second entry gets no id",
                pub.key,
                location=item,
                type="publications",
                subtype="duplicate_entry",
            )
            ids = []
        else:
            ids = [node_id]
        entry = publication_entry(
            "",
            ids=ids,
            classes=["publication"],  # the kind is data-kind, which the filters read
            data=facets(pub, config),
        )
        paragraph = BACKEND.paragraph(citation.formatted_entry)
        builder, docname = self.app.builder, self.env.docname
        page = page_link(builder, docname, config, pub)
        add_page_link(paragraph, page)
        bibtex = bibtex_link(bibtex_uri(builder, docname, config, pub.key))
        paragraph.insert(paragraph.index(page) + 1, [nodes.Text(" "), bibtex])
        entry += paragraph
        for node_id in ids:
            self.document.ids[node_id] = entry
        return entry


def bibtex_link(uri: str) -> nodes.inline:
    """``[BibTeX]``: the entry's exported BibTeX, a plain link until the script enhances it.

    Like ``[details]``, the link names no paper: the script, which makes it a button,
    adds the title for screen readers; without the script it is a link in the
    entry's own line (WCAG 2.4.4: its purpose follows from the list item).
    """
    reference = nodes.reference("", "BibTeX", refuri=uri, internal=True)
    return nodes.inline("", "", nodes.Text("["), reference, nodes.Text("]"), classes=["pub-bibtex"])


def facets(pub: Publication, config: Any) -> dict[str, str]:
    """The ``data-*`` attributes that the publication filters read."""
    venue = config.publications_venue_aliases.get(pub.venue_label, pub.venue_label)
    return {
        "year": pub.year,
        "venue": venue,
        "kind": pub.kind,
        "recognition": " ".join(pub.recognition),
    }
